"""The classifier: reading training files, the CLI (train / classify), versions and hot reload,
corrections feeding the next training, auto-dispatch above the threshold."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zwfw.hotline import services
from zwfw.hotline.classify import data
from zwfw.hotline.classify import model as clf
from zwfw.hotline.demo_texts import demo_training_rows
from zwfw.hotline.models import CategoryCorrection, ClassifierModel, Status, WorkOrder


@pytest.fixture(scope="module")
def rows():
    return demo_training_rows(per_template=4)


@pytest.fixture
def train_csv(tmp_path, rows):
    path = tmp_path / "train.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.fixture
def train_xlsx(tmp_path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级分类"])
    for i, (label, text) in enumerate(rows[:60]):
        ws.append([i, "u", text[:10], "2020-01-01", f"\n\t{text[10:]}\t\n", label])
    path = tmp_path / "train.xlsx"
    wb.save(path)
    return path


def test_read_csv_and_xlsx(train_csv, train_xlsx, rows):
    assert data.read_training_file(train_csv) == rows
    x = data.read_training_file(train_xlsx)
    assert x[0] == (rows[0][0], rows[0][1])  # 留言主题 + 留言详情, stripped
    assert len(data.dedupe(rows + rows)) == len({t for _, t in rows})


def test_near_duplicates_are_grouped_and_collapsed():
    base = "A3区嘉和城润芳园小区物业瘫痪没有管理，生活垃圾到处堆放，污水横流，小区到处私挖乱建，请尽快整改。"
    repost = "小区已经不适合居住！" + base.replace("尽快", "马上") + "联系电话*****************"
    quoted = "再次反映：" + base[:40]  # a shorter message quoted inside the longer one
    other = "L市学林雅园打车怀疑是套牌出租车，计价器跳得太快，司机不给发票，请交通部门查处。"
    texts = [base, other, repost, quoted]
    groups = data.near_duplicate_groups(texts)
    assert groups[0] == groups[2] == groups[3] != groups[1]
    rows = [("城乡建设", t) for t in texts[:1]] + [("交通运输", other), ("城乡建设", repost), ("城乡建设", quoted)]
    assert data.near_dedupe(rows) == [("城乡建设", base), ("交通运输", other)]  # the first of each group
    assert data.near_duplicate_groups([]) == []


def test_bad_training_files(tmp_path):
    bad = tmp_path / "bad.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["标题", "内容"])
    wb.save(bad)
    with pytest.raises(data.TrainingDataError, match="缺少列"):
        data.read_training_file(bad)
    with pytest.raises(data.TrainingDataError):
        data.read_training_file(tmp_path / "missing.csv")
    one = tmp_path / "one.csv"
    one.write_text("onlyone\n", encoding="utf-8")
    with pytest.raises(data.TrainingDataError):
        data.read_training_file(one)


@pytest.mark.django_db
def test_cli_train_and_classify(tmp_path, train_csv, train_xlsx):
    model_path = tmp_path / "m.joblib"
    call_command("hotline_train", str(train_csv), str(train_xlsx), "--model", str(model_path))
    assert model_path.is_file()
    bundle = clf.load(model_path)
    assert bundle["format"] == clf.FORMAT and len(bundle["labels"]) == 7
    assert ClassifierModel.objects.get(is_active=True).path == str(model_path.resolve())
    inp = tmp_path / "in.csv"
    inp.write_text(
        "id,text,extra\n1,武侯区工厂夜间偷排废水，河水发黑发臭,x\n2,某公司拖欠工资三个月，工人讨薪,y\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("hotline_classify", str(inp), "--model", str(model_path), stdout=out)
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    assert lines[0] == ["id", "category", "confidence"]
    assert [r[1] for r in lines[1:]] == ["环境保护", "劳动和社会保障"]
    assert all(0 < float(r[2]) <= 1 for r in lines[1:])
    with pytest.raises(CommandError):
        call_command("hotline_classify", str(inp), "--model", str(tmp_path / "none.joblib"))
    bad_input = tmp_path / "bad.csv"
    bad_input.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="id 和 text"):
        call_command("hotline_classify", str(bad_input), "--model", str(model_path))


def test_probabilities_keep_the_models_ranking(rows):
    import numpy as np

    bundle = clf.train([r[0] for r in rows], [r[1] for r in rows])
    assert bundle["format_version"] == 2 and bundle["pipeline"].temperature_ > 0
    texts = ["某公司拖欠工资三个月，工人讨薪", "武侯区工厂夜间偷排废水，河水发黑发臭", "公交车司机拒载老人"]
    proba = bundle["pipeline"].predict_proba(texts)
    assert np.allclose(proba.sum(axis=1), 1.0) and ((proba >= 0) & (proba <= 1)).all()
    top = clf.predict_top(bundle, texts, k=3)
    assert [t[0][0] for t in top] == clf.predict(bundle, texts)  # calibration never reorders
    assert [t[0][0] for t in top[:2]] == ["劳动和社会保障", "环境保护"]


def test_two_categories_train_and_classify(rows):
    two = [r for r in rows if r[0] in {"环境保护", "劳动和社会保障"}]
    bundle = clf.train([r[0] for r in two], [r[1] for r in two])
    top = clf.predict_top(bundle, ["工厂偷排废水，河水发臭"], k=3)[0]
    assert top[0][0] == "环境保护" and len(top) == 2
    assert abs(sum(p for _, p in top) - 1.0) < 1e-6
    with pytest.raises(ValueError, match="at least 5"):
        clf.train(["a"] * 5 + ["b"] * 4, ["x"] * 9)


def test_files_of_the_sigmoid_calibrated_model_still_classify(tmp_path, rows):
    """A version-1 file: sigmoid calibration around a BlendedSVC pickled before the LR option."""
    from sklearn.calibration import CalibratedClassifierCV

    from zwfw.hotline.classify.blend import BlendedSVC

    old = CalibratedClassifierCV(BlendedSVC(word_weight=0, min_df=1), cv=3, method="sigmoid", ensemble=False)
    old.fit([clf.prepare(t) for _, t in rows], [lab for lab, _ in rows])
    for inner in old.calibrated_classifiers_:
        del inner.estimator.lr_, inner.estimator.scales_  # attributes the old class did not have
    bundle = {"format": clf.FORMAT, "format_version": 1, "version": 1, "labels": sorted({r[0] for r in rows})}
    path = clf.save({**bundle, "pipeline": old}, tmp_path / "v1.joblib")
    top = clf.predict_top(clf.load(path), ["某公司拖欠工资三个月，工人讨薪"], k=3)[0]
    assert top[0][0] == "劳动和社会保障" and 0 < top[0][1] <= 1


@pytest.mark.django_db
def test_new_version_is_used_without_restart_and_corrections_are_learned(hl, tmp_path, rows, make_order):
    v1 = services.classifier_train(actor=None, rows=rows, model_path=tmp_path / "v1.joblib")
    suggestions, version = services.classifier_suggest(text="工地夜间施工噪音扰民，晚上十二点还在作业")
    assert version == v1.version and len(suggestions) == 3
    assert suggestions[0]["label"] == "环境保护" and suggestions[0]["category_code"] == hl.top["环境保护"]
    assert suggestions[0]["confidence"] >= suggestions[1]["confidence"] >= suggestions[2]["confidence"]
    order = make_order("养犬扰民，邻居家的狗整夜叫", category=None)
    services.work_order_dispatch(actor=hl.operator, order_id=order.pk, category_code=hl.top["城乡建设"])
    corrections = CategoryCorrection.objects.count()
    v2 = services.classifier_train(actor=None, rows=rows, model_path=tmp_path / "v2.joblib")
    assert v2.version == v1.version + 1 and v2.corrections == corrections
    assert not ClassifierModel.objects.get(pk=v1.pk).is_active
    _, version = services.classifier_suggest(text="噪音")
    assert version == v2.version  # picked up by the running process, no restart
    services.classifier_activate(actor=hl.supervisor, version=v1.version)
    assert services.classifier_suggest(text="噪音")[1] == v1.version


@pytest.mark.django_db
def test_confident_suggestion_dispatches_automatically(hl, tmp_path, rows, make_order, monkeypatch):
    services.classifier_train(actor=None, rows=rows, model_path=tmp_path / "m.joblib")
    from zwfw.hotline.services import orders

    monkeypatch.setattr(orders, "AUTO_DISPATCH_THRESHOLD", 0.0)
    order = make_order("某公司拖欠工资三个月，十几个工人没拿到钱", category=None)
    assert order.status == Status.DISPATCHED and order.auto_dispatched
    assert order.department.code == "510100-rst"
    monkeypatch.setattr(orders, "AUTO_DISPATCH_THRESHOLD", 1.01)
    other = make_order("超市销售过期食品，价格标签不一致", category=None, caller_phone="13000000009")
    assert other.status == Status.TO_DISPATCH and other.suggestions
    assert WorkOrder.objects.filter(auto_dispatched=True).count() == 1


@pytest.mark.django_db
def test_training_needs_two_categories(hl):
    from zwfw.hotline.errors import HotlineError

    with pytest.raises(HotlineError):
        services.classifier_train(actor=None, rows=[("a", "x")] * 10)
