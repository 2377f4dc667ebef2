"""Licence test data, built through the real services (so it obeys the same rules)."""

from __future__ import annotations

import datetime as dt

from zwfw.core.services.seed import demo_id_number, demo_uscc
from zwfw.core.tests import factories as core_factories
from zwfw.licences.models import LicenceHolding, LicenceType
from zwfw.licences.services import licence_issue, licence_type_ensure

PERSON_ID = demo_id_number("510107", "19900307", "123")
OTHER_PERSON_ID = demo_id_number("510107", "19850101", "456")
ENTERPRISE_USCC = demo_uscc("510107", "MA6CDEM1")


def make_type(code: str = "marriage_cert", name: str = "结婚证", issuer_line: str = "mz", **kw) -> LicenceType:
    return licence_type_ensure(actor=None, code=code, name=name, issuer_line=issuer_line, **kw)


def issue(
    *,
    licence_type: str = "marriage_cert",
    holder_name: str = "张伟",
    holder_id_number: str = PERSON_ID,
    holder_uscc: str = "",
    department: str = "510107-mz",
    actor=None,
    data: dict | None = None,
    valid_until: dt.date | None = None,
    valid_from: dt.date | None = None,
    case_number: str = "CASE-1",
) -> LicenceHolding:
    """Issue a licence; the type and department are created on demand."""
    if not LicenceType.objects.filter(code=licence_type).exists():
        make_type(code=licence_type, name=licence_type)
    region, line = department.split("-", 1)
    core_factories.make_department(region, line)
    return licence_issue(
        actor=actor,
        licence_type=licence_type,
        holder_name=holder_name,
        holder_id_number=holder_id_number,
        holder_uscc=holder_uscc,
        issuer_department_code=department,
        source_case_number=case_number,
        data=data if data is not None else {"持证人": holder_name},
        valid_until=valid_until,
        valid_from=valid_from,
    )
