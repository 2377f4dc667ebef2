"""Supervision fixtures: two market-supervision departments, officers, a payload builder."""

from __future__ import annotations

import itertools

import pytest

from zwfw.core.models import Role
from zwfw.core.tests import factories
from zwfw.supervision.demo import demo_uscc

_seq = itertools.count(1)


@pytest.fixture
def depts(db):
    return {
        "cd": factories.make_department("510100", "scjg"),
        "cd_wjw": factories.make_department("510100", "wjw"),
        "my": factories.make_department("510700", "scjg"),
    }


@pytest.fixture
def officers(depts):
    mk = factories.make_user
    return {
        "cd": mk(role=Role.SUPERVISION_OFFICER, username="s_cd", department="510100-scjg", display_name="吴监管"),
        "cd2": mk(role=Role.SUPERVISION_OFFICER, username="s_cd2", department="510100-scjg", display_name="周执法"),
        "cd3": mk(role=Role.SUPERVISION_OFFICER, username="s_cd3", department="510100-scjg", display_name="郑执法"),
        "wjw": mk(role=Role.SUPERVISION_OFFICER, username="s_wjw", department="510100-wjw", display_name="王卫监"),
        "my": mk(role=Role.SUPERVISION_OFFICER, username="s_my", department="510700-scjg", display_name="李绵监"),
        "admin": mk(role=Role.PLATFORM_ADMIN, username="s_admin"),
        "enterprise": mk(role=Role.ENTERPRISE, username="s_ent", display_name="成都某某餐饮有限公司"),
        "person": mk(role=Role.PERSON, username="s_person", display_name="张三丰"),
        "clerk": mk(role=Role.WINDOW_CLERK, username="s_clerk", department="510100-zwfw"),
    }


@pytest.fixture
def payload():
    def _payload(**kw):
        n = next(_seq)
        base = {
            "kind": "approval",
            "case_number": f"510100-20260301-{n:06d}",
            "item_code": "11510100MB0000001X4000117002001",
            "item_name": "食品经营许可",
            "supervisor_department": "510100-scjg",
            "department": "510100-scjg",
            "applicant_kind": "enterprise",
            "applicant_name": f"成都示例{n}餐饮有限公司",
            "uscc": demo_uscc(100 + n),
            "decision": "approved",
        }
        base.update(kw)
        return base

    return _payload
