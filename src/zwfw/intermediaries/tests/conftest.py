"""Intermediaries fixtures: three agencies (one with an expired qualification) with listings for
环境影响评价, an owner enterprise, a department owner and a supervisor."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.core.models import Role
from zwfw.core.tests import factories
from zwfw.intermediaries.models import Qualification
from zwfw.intermediaries.services import agency_register, listing_publish, qualification_add

ITEM = "环境影响评价"


@pytest.fixture
def market(db):
    mk = factories.make_user
    users = {
        "owner": mk(role=Role.ENTERPRISE, username="im_owner", display_name="成都业主建设有限公司"),
        "owner2": mk(role=Role.ENTERPRISE, username="im_owner2", display_name="另一业主"),
        "dept": mk(role=Role.DEPT_ADMIN, username="im_dept", department="510100-scjg"),
        "officer": mk(role=Role.SUPERVISION_OFFICER, username="im_officer", department="510100-scjg"),
        "person": mk(role=Role.PERSON, username="im_person"),
    }
    agencies, listings = [], []
    until = dt.date.today() + dt.timedelta(days=200)
    for n in range(3):
        account = mk(role=Role.ENTERPRISE, username=f"im_agency{n}", display_name=f"示例环评{n}有限公司")
        users[f"agency{n}"] = account
        agency = agency_register(actor=account, name=f"示例环评{n}有限公司")
        qualification_add(actor=account, agency=agency, name="环评资质", number=f"Q{n}", valid_until=until)
        listings.append(
            listing_publish(
                actor=account,
                agency=agency,
                service_item=ITEM,
                conditions="资料齐全",
                process="委托→编制→交付",
                time_limit_days=10,
                fee_standard_fen=2_000_000 + n * 100_000,
            )
        )
        agencies.append(agency)
    # agency 2's only qualification has expired since it was added
    Qualification.objects.filter(agency=agencies[2]).update(valid_until=dt.date.today() - dt.timedelta(days=1))
    return {"users": users, "agencies": agencies, "listings": listings}
