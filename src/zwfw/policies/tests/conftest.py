"""Policies fixtures: officers, an enterprise account, profiles imported per source, a policy."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.core.models import Region, Role
from zwfw.core.tests import factories
from zwfw.policies import services

RULE_RD = """
reference: 测试文件 第三条
conditions:
  all:
    - {attr: region_code, op: within, value: "510100"}
    - {attr: rd_expense, op: ge, value: 200万元}
    - {attr: no_major_accident, op: eq, value: true}
amount: {percent: 10, of: rd_expense, cap: 100万元}
"""
RULE_AUTO = """
conditions:
  all:
    - {attr: region_code, op: within, value: "510100"}
    - {attr: employees, op: ge, value: 10}
amount: {each: 1500元, per: graduate_hires}
"""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def officer(db):
    return factories.make_user(role=Role.POLICY_OFFICER, department="510100-fg", username="po1")


@pytest.fixture
def officer2(db):
    return factories.make_user(role=Role.POLICY_OFFICER, department="510100-fg", username="po2")


@pytest.fixture
def clerk(db):
    return factories.make_user(role=Role.WINDOW_CLERK, department="510100-zwfw", username="wc1")


@pytest.fixture
def officer_my(db):
    return factories.make_user(role=Role.POLICY_OFFICER, department="510700-zwfw", username="po_my")


@pytest.fixture
def enterprise(db):
    return factories.make_user(role=Role.ENTERPRISE, username="ent1")


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    lines = [",".join(header)] + [",".join(str(v) for v in r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def other_uscc(n: int) -> str:
    from zwfw.core.services.seed import demo_uscc

    return demo_uscc(region="510104", org8=f"MA6T{n:04d}")


@pytest.fixture
def profiles(db, officer, enterprise):
    """The enterprise (武侯区, 研发 500万元, 50 staff) and two others (青羊区 small, 绵阳)."""
    a, b, c = enterprise.uscc, other_uscc(1), other_uscc(2)
    market = csv_bytes(
        ["uscc", "name", "region_code", "industry_code", "established_on", "in_abnormal_list"],
        [[a, "测试科技", "510107", "6511", "2018-01-01", "否"], [b, "小店", "510105", "5211", "2024-03-01", "否"],
         [c, "绵阳厂", "510703", "3424", "2015-01-01", "否"]],
    )  # fmt: skip
    tax = csv_bytes(
        ["uscc", "revenue", "total_assets", "rd_expense", "taxable_income"],
        [[a, "30000000", "20000000", "5000000", "900000"], [b, "800000", "300000", "0", "10000"],
         [c, "50000000", "40000000", "3000000", "2000000"]],
    )  # fmt: skip
    hr = csv_bytes(["uscc", "employees", "graduate_hires"], [[a, "50", "4"], [b, "3", "0"], [c, "120", "2"]])
    credit = csv_bytes(["uscc", "credit_grade"], [[a, "A"], [b, "C"], [c, "A"]])
    for source, content in (("市场监管", market), ("税务", tax), ("人社", hr), ("信用", credit)):
        services.profile_import(actor=officer, source=source, filename=f"{source}.csv", content=content)
    return a, b, c


@pytest.fixture
def policy(db, officer):
    """An in-force 成都 policy with an application item (RD) and a 免申即享 item (AUTO)."""
    from zwfw.core.tests.factories import make_department

    dept = make_department("510100", "fg")
    p = services.policy_create(
        actor=officer,
        key="cd-test",
        title="成都测试政策",
        issuer="成都市人民政府",
        doc_number="成府发〔2025〕1号",
        effective_from=dt.date(2025, 1, 1),
        region=Region.objects.get(code="510100"),
        department=dept,
        tags=["研发投入"],
    )
    services.support_item_create(
        actor=officer, policy=p, key="rd", title="研发补助", benefit="subsidy", rule_text=RULE_RD,
        department=dept, materials=["审计报告"],
    )  # fmt: skip
    services.support_item_create(
        actor=officer, policy=p, key="auto", title="扩岗补助", benefit="subsidy", rule_text=RULE_AUTO,
        department=dept, auto_grant=True,
    )  # fmt: skip
    return services.policy_transition(actor=officer, policy=p, to="published")
