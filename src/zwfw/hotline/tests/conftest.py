"""Fixtures of the hotline tests: a small category tree, a published 权责清单, the users of the
flow (operator, supervisor, department reviewers of 成都市 and the province, a caller)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from zwfw.core.models import Role
from zwfw.core.tests.factories import make_department, make_user

TREE = [
    ["商贸旅游", "市场监管", "价格欺诈"],
    ["商贸旅游", "消费维权", "预付卡"],
    ["劳动和社会保障", "劳动关系", "拖欠工资"],
    ["城乡建设", "物业管理", "电梯维修"],
    ["环境保护", "噪声污染", "施工噪声"],
]


@pytest.fixture
def hl(db):
    from zwfw.hotline import services
    from zwfw.hotline.models import Category

    for region, line in [
        ("510000", "scjg"),
        ("510100", "scjg"),
        ("510100", "rst"),
        ("510100", "zj"),
        ("510100", "zwfw"),
        ("510107", "scjg"),
        ("510700", "zwfw"),
        ("510100", "sthj"),
    ]:
        make_department(region, line)
    services.category_tree_import(actor=None, rows=TREE, source="test")
    top = {c.name: c.code for c in Category.objects.filter(level=1)}
    version = services.responsibility_version_create(
        actor=None,
        rules=[
            (top["商贸旅游"], "510100", "510100-scjg"),
            (top["劳动和社会保障"], "510100", "510100-rst"),
            (top["城乡建设"], "510100", "510100-zj"),
        ],
    )
    services.responsibility_version_publish(actor=None, version_id=version.pk)
    ns = SimpleNamespace(
        top=top,
        operator=make_user(role=Role.HOTLINE_OPERATOR, department="510100-zwfw", username="op1", display_name="刘热线"),
        operator2=make_user(role=Role.HOTLINE_OPERATOR, department="510100-zwfw", username="op2"),
        supervisor=make_user(role=Role.HOTLINE_SUPERVISOR, department="510100-zwfw", username="sup1"),
        scjg=make_user(role=Role.REVIEWER, department="510100-scjg", username="scjg1"),
        scjg_admin=make_user(role=Role.DEPT_ADMIN, department="510100-scjg", username="scjgadmin"),
        rst=make_user(role=Role.REVIEWER, department="510100-rst", username="rst1"),
        province=make_user(role=Role.REVIEWER, department="510000-scjg", username="prov1"),
        mianyang=make_user(role=Role.HOTLINE_OPERATOR, department="510700-zwfw", username="opmy"),
        caller=make_user(role=Role.PERSON, username="caller1", display_name="张三丰", phone="13912345678"),
        other_person=make_user(role=Role.PERSON, username="person2"),
    )
    return ns


@pytest.fixture
def make_order(hl):
    from zwfw.hotline import services

    def make(text="武侯区某超市销售过期牛奶，价格标签与结算不一致", *, category="商贸旅游", actor=None, **kw):
        kw.setdefault("region_code", "510107")
        kw.setdefault("channel", "phone")
        kw.setdefault("appeal_type", "complaint")
        kw.setdefault("caller_name", "王小明")
        kw.setdefault("caller_phone", "13800001111")
        return services.work_order_create(
            actor=actor or hl.operator,
            text=text,
            category_code=hl.top[category] if category else None,
            **kw,
        )

    return make


@pytest.fixture
def at(monkeypatch):
    """``at(datetime)`` makes the hotline services believe it is that moment (Beijing time)."""
    from zwfw.hotline.services import _base

    def set_now(value: dt.datetime):
        aware = timezone.make_aware(value, timezone.get_current_timezone()) if timezone.is_naive(value) else value
        monkeypatch.setattr(_base, "now", lambda: aware)
        return aware

    return set_now
