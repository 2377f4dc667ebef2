"""zwfw.core.pii: one masking rule per field kind, masked unless the request was granted."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from ninja import Schema

from zwfw.core import pii

ID = "510107199001010018"


class _Out(Schema):
    id_number: pii.PiiStr("id_number")  # type: ignore[valid-type]
    phone: pii.PiiStr("phone")  # type: ignore[valid-type]
    form: pii.PiiForm


def _validate(request=None):
    data = {
        "id_number": ID,
        "phone": "13800000001",
        "form": {"mother_id_number": ID, "address": "四川省成都市武侯区人民南路5号", "remarks": f"身份证{ID}"},
    }
    return _Out.model_validate(data, context={"request": request} if request is not None else None)


def test_masked_by_default_and_without_a_grant():
    for out in (_validate(), _validate(SimpleNamespace())):
        assert out.id_number == "5101**********0018" and out.phone == "138****0001"
        assert out.form["mother_id_number"] == "5101**********0018"
        assert out.form["address"] == "四川省成都市武侯区******"
        assert ID not in out.form["remarks"]


def test_full_values_when_the_handler_granted_them():
    request = SimpleNamespace()
    pii.grant(request, True)
    out = _validate(request)
    assert out.id_number == ID and out.phone == "13800000001" and out.form["mother_id_number"] == ID


def test_entitlement_the_person_and_the_intake_roles():
    person = SimpleNamespace(pk=7, is_authenticated=True, is_superuser=False, role="person")
    assert pii.entitled(person, 7) and not pii.entitled(person, 8)
    for role, full in (
        ("window_clerk", True),
        ("platform_admin", True),
        ("reviewer", False),
        ("hotline_operator", False),
    ):
        staff = SimpleNamespace(pk=1, is_authenticated=True, is_superuser=False, role=role)
        assert pii.entitled(staff, 7) is full
    assert not pii.entitled(None, 7)


def test_element_kinds_and_unknown_kinds():
    assert pii.element_kind("spouse_id_number") == "id_number"
    assert pii.element_kind("x", "phone") == "phone" and pii.element_kind("project_address") == "address"
    assert pii.element_kind("remarks") == ""
    with pytest.raises(ValueError):
        pii.PiiStr("bank")
