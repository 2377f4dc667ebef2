"""Demo data of the hotline app (``zwfw demo``): the category tree, a published 权责清单, knowledge
base entries, a classifier trained on the demo appeals of :mod:`.demo_texts`, and work orders in
every state. Idempotent: a second run adds nothing.

The starting tree is the three-level tree of the Teddy Cup 附件1 when the shared data folder is
next to the repository (``../shared/data/teddycup2020-messages-sample/attachment1.xlsx``; it is
read at run time, never copied into the repository), plus Sichuan categories of our own. Without
the file the seven first-level categories of the demo model are created instead.
"""

from __future__ import annotations

import datetime as dt

from zwfw.env import PROJECT_DIR

SHARED_TREE = PROJECT_DIR.parent / "shared" / "data" / "teddycup2020-messages-sample" / "attachment1.xlsx"
DEMO_LABELS = ["劳动和社会保障", "城乡建设", "教育文体", "卫生计生", "交通运输", "商贸旅游", "环境保护"]
SICHUAN_TREE = [
    ["营商环境", "涉企诉求", "惠企政策兑现"],
    ["营商环境", "涉企诉求", "涉企检查"],
    ["营商环境", "政务服务", "办不成事反映"],
    ["营商环境", "政务服务", "天府通办平台使用"],
    ["生态保护", "大熊猫国家公园", "保护区违规建设"],
    ["生态保护", "长江黄河上游", "非法采砂"],
    ["乡村振兴", "农村人居环境", "厕所革命"],
    ["乡村振兴", "川西林盘", "林盘保护"],
]
#: first-level category → department line, for 成都市 (510100), 绵阳市 (510700) and, for
#: :data:`DISTRICT_LINES`, 武侯区 (510107); a region without a rule falls back to the nearest
#: region above that has one.
ROUTES = {
    "劳动和社会保障": "rst",
    "城乡建设": "zj",
    "教育文体": "jy",
    "卫生计生": "wjw",
    "交通运输": "jt",
    "商贸旅游": "scjg",
    "环境保护": "sthj",
    "营商环境": "zwfw",
    "生态保护": "sthj",
    "乡村振兴": "nync",
}
#: lines that 武侯区 handles itself (属地); the rest of 武侯区's appeals go to the 成都市 departments
DISTRICT_LINES = {"jy", "wjw", "rst"}
KNOWLEDGE = [
    (
        "社保卡丢失了怎么补办？",
        "可通过“天府通办”APP或到就近社保经办窗口、合作银行网点申请补换，携带本人身份证，补卡工本费按规定收取。",
        "《社会保障卡管理办法》",
        "rst",
        "劳动和社会保障",
    ),
    (
        "灵活就业人员怎样缴纳养老保险？",
        "持身份证到户籍地或居住地社保经办机构办理灵活就业人员参保登记，按月或按年缴费，缴费基数在规定上下限之间自选。",
        "《四川省城镇企业职工基本养老保险办法》",
        "rst",
        "劳动和社会保障",
    ),
    (
        "小学一年级入学报名需要哪些材料？",
        "一般需要户口簿、房产证明或租赁备案证明、儿童预防接种证明；具体以所在区教育局当年招生公告为准。",
        "成都市义务教育阶段招生入学工作意见",
        "jy",
        "教育文体",
    ),
    (
        "新生儿出生医学证明怎么办理？",
        "在出生医院的出生医学证明办理窗口申领，需父母身份证、结婚证；医院外出生的到辖区指定机构办理。",
        "《出生医学证明管理办法》",
        "wjw",
        "卫生计生",
    ),
    (
        "驾驶证到期换证需要什么材料？",
        "身份证、有效期内的体检证明（可网上申报）；可通过“交管12123”APP或车管所、交警队窗口办理。",
        "《机动车驾驶证申领和使用规定》",
        "ga",
        "交通运输",
    ),
    (
        "预付卡商家跑路怎么办？",
        "保存好预付卡、消费凭证和聊天记录，向市场监管部门投诉举报（12315），涉嫌诈骗的向公安机关报案。",
        "《单用途商业预付卡管理办法》",
        "scjg",
        "商贸旅游",
    ),
    (
        "夜间施工噪音扰民向哪里反映？",
        "夜间（22时至次日6时）施工须取得夜间施工许可；未经许可施工扰民可向生态环境或城管部门投诉，现场可拨打12345。",
        "《中华人民共和国噪声污染防治法》",
        "sthj",
        "环境保护",
    ),
    (
        "公租房申请条件是什么？",
        "具有本市户籍或持居住证、家庭人均收入和住房面积低于规定标准；向街道（乡镇）住房保障窗口提交申请。",
        "成都市公共租赁住房管理办法",
        "zj",
        "城乡建设",
    ),
]
DEMO_ORDERS = [
    # (text, address, appeal_type, label, stage)
    ("武侯区玉林路某超市销售过期食品，牛奶已经过期三天还在卖", "武侯区玉林路12号", "complaint", "商贸旅游", "closed"),
    ("武侯区簇桥街道农贸市场电子秤作弊，买一斤少二两", "武侯区簇桥农贸市场", "complaint", "商贸旅游", "answered"),
    ("锦江区春熙路某商家预付卡消费后关门，余额三千元无法退还", "锦江区春熙路", "complaint", "商贸旅游", "signed"),
    ("武侯区某健身房办卡后关门跑路，会员卡无法使用", "武侯区玉林南路", "complaint", "商贸旅游", "dispatched"),
    ("武侯区某公司拖欠工资三个月，十几个工人没拿到钱", "武侯区簇桥街道", "complaint", "劳动和社会保障", "dispatched"),
    ("成华区建设路工地夜间施工噪音扰民，晚上一点还在打桩", "成华区建设路", "complaint", "环境保护", "dispatched"),
    ("武侯区小区物业不作为，电梯坏了一个月没人修", "武侯区玉林小区", "complaint", "城乡建设", "to_dispatch"),
]


def _user(username):
    from zwfw.core.models import User

    return User.objects.filter(username=username).first()


def load_demo(*, actor=None) -> dict:
    from zwfw.core.models import Department, Region
    from zwfw.hotline import services
    from zwfw.hotline.demo_texts import demo_training_rows
    from zwfw.hotline.models import Category, ClassifierModel, KnowledgeEntry, ResponsibilityVersion, WorkOrder

    report: dict = {}
    if not Category.objects.exists():
        if SHARED_TREE.is_file():
            rows = services.category_tree_read_xlsx(SHARED_TREE)
            report["tree"] = services.category_tree_import(actor=actor, rows=rows, source="泰迪杯附件1")["created"]
        else:
            services.category_tree_import(actor=actor, rows=[[label] for label in DEMO_LABELS], source="演示")
        services.category_tree_import(actor=actor, rows=SICHUAN_TREE, source="四川自定", prefix="SC")
        for label in DEMO_LABELS:
            services.category_ensure(name=label, source="演示")
    report["categories"] = Category.objects.count()
    if not ResponsibilityVersion.objects.exists():
        rules = []
        tops = {c.name: c.code for c in Category.objects.filter(level=1)}
        for region in ("510100", "510107", "510700"):
            for label, line in ROUTES.items():
                if region == "510107" and line not in DISTRICT_LINES:
                    continue
                dept = Department.objects.filter(code=f"{region}-{line}").first()
                if dept is not None and label in tops:
                    rules.append((tops[label], region, dept.code))
        if rules:
            version = services.responsibility_version_create(actor=actor, rules=rules, note="演示：派单目录第1版")
            services.responsibility_version_publish(actor=actor, version_id=version.pk)
    report["rules_version"] = (
        ResponsibilityVersion.objects.filter(status="published").values_list("number", flat=True).first()
    )
    if not KnowledgeEntry.objects.exists():
        review = dt.date.today() + dt.timedelta(days=180)
        for question, answer, source, line, label in KNOWLEDGE:
            dept = Department.objects.filter(code=f"510100-{line}").first()
            if dept is None:
                continue
            cat = Category.objects.filter(level=1, name=label).first()
            services.knowledge_entry_save(
                actor=actor,
                question=question,
                answer=answer,
                policy_source=source,
                department_code=dept.code,
                review_date=review,
                category_code=cat.code if cat else None,
            )
    report["knowledge"] = KnowledgeEntry.objects.count()
    if not ClassifierModel.objects.exists():
        services.classifier_train(actor=actor, rows=demo_training_rows(), use_corrections=False)
    report["model_version"] = ClassifierModel.objects.filter(is_active=True).values_list("version", flat=True).first()
    if not WorkOrder.objects.exists() and Region.objects.filter(code="510107").exists():
        _demo_orders()
    report["orders"] = WorkOrder.objects.count()
    return report


def _demo_orders() -> None:
    from zwfw.hotline import services
    from zwfw.hotline.models import Category

    operator = _user("hotline")
    reviewer = _user("reviewer")
    if operator is None:
        return
    tops = {c.name: c.code for c in Category.objects.filter(level=1)}
    for i, (text, address, appeal_type, label, stage) in enumerate(DEMO_ORDERS):
        order = services.work_order_create(
            actor=operator,
            channel="phone",
            text=text,
            appeal_type=appeal_type,
            region_code="510107",
            caller_name=["张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊", "赵敏"][i % 7],
            caller_phone=f"1390000{1000 + i:04d}",
            address=address,
            category_code=None if stage == "to_dispatch" else tops.get(label),
            auto_dispatch=stage != "to_dispatch",
        )
        if order.status != "dispatched" or reviewer is None or order.department_id != reviewer.department_id:
            continue
        if stage in {"signed", "answered", "closed"}:
            services.work_order_sign(actor=reviewer, order_id=order.pk)
        if stage in {"answered", "closed"}:
            services.work_order_answer(
                actor=reviewer, order_id=order.pk, answer="经现场核查，已责令商家整改并依法立案调查，感谢您的监督。"
            )
        if stage == "closed":
            services.work_order_visit(
                actor=operator, order_id=order.pk, satisfaction=5, resolved=True, note="诉求人表示满意"
            )
            services.work_order_close(actor=operator, order_id=order.pk)
    services.work_order_create(
        actor=operator,
        channel="phone",
        text="社保卡丢失了怎么补办",
        appeal_type="consult",
        region_code="510107",
        caller_name="周杰",
        caller_phone="13900002000",
        knowledge_entry_id=_kb_id("社保卡"),
    )


def _kb_id(word: str) -> int | None:
    from zwfw.hotline.models import KnowledgeEntry

    return KnowledgeEntry.objects.filter(question__contains=word).values_list("id", flat=True).first()
