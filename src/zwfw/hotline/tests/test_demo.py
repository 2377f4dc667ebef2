"""The demo loader: categories, a published 权责清单, knowledge, a trained model, orders; twice is
the same as once."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_demo_loads_once(tmp_path, monkeypatch):
    from zwfw.core.services.seed import demo_accounts_ensure, seed_reference_data
    from zwfw.hotline.demo import load_demo
    from zwfw.hotline.models import ClassifierModel, Status, WorkOrder
    from zwfw.hotline.services import classify

    monkeypatch.setattr(classify, "model_dir", lambda: tmp_path)
    classify.classifier_reset_cache()
    seed_reference_data(actor=None)
    demo_accounts_ensure(actor=None)
    first = load_demo(actor=None)
    assert first["categories"] >= 7 and first["rules_version"] == 1 and first["knowledge"] >= 5
    assert first["model_version"] == 1 and first["orders"] >= 8
    assert WorkOrder.objects.filter(status=Status.CLOSED, closed_at_intake=True).count() == 1
    assert WorkOrder.objects.filter(status=Status.CLOSED, closed_at_intake=False).count() == 1
    first.pop("tree", None)  # only the first run imports the shared tree (when present)
    assert load_demo(actor=None) == first
    assert ClassifierModel.objects.count() == 1
    suggestions, _ = classify.classifier_suggest(text="工厂夜间偷排废水，河水发黑")
    assert suggestions[0]["label"] == "环境保护" and suggestions[0]["category_code"]
    classify.classifier_reset_cache()
