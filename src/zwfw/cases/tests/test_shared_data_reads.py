"""免提交 by shared data: a case's shared-data material names the dataset and records the read."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zwfw.cases.models import CaseMaterial
from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.tests import factories as f
from zwfw.core.models import Role
from zwfw.sharing.connectors import FakeConnector, connector_override
from zwfw.sharing.models import DataRead
from zwfw.sharing.services import dataset_register, sharing_request_create, sharing_request_decide

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test\n"


@pytest.fixture
def depts(db):
    from zwfw.core.tests.factories import make_department

    return [make_department(region, line) for region, line in (("510000", "scjg"), ("510100", "scjg"))]


def _catalog():
    materials = [
        f.material("application_form", "申请书"),
        f.material("tax", "纳税证明", source="shared", shared_data="企业纳税信息", forms=["electronic"], originals=0),
    ]
    el = f.elements(
        materials=materials, form=[{"element": "applicant_name", "label": "姓名", "type": "text", "required": True}]
    )
    base = f.base_item(elements=el)
    impl = f.implementation(elements=el)
    catalog_import(actor=None, data=f.payload(bases=[base], impls=[impl]), publish=True)


def _apply(user, *keys):
    from zwfw.cases.services import case_apply

    return case_apply(
        actor=user,
        implementation_code=f.IMPL_CODE,
        channel="online",
        form_data={"applicant_name": user.display_name},
        uploads={k: SimpleUploadedFile(f"{k}.pdf", PDF, content_type="application/pdf") for k in keys},
    )


def test_shared_material_is_read_and_logged(depts, make_user):
    _catalog()
    person = make_user(role=Role.PERSON, username="csd_person")
    ds = dataset_register(actor=None, code="tax-record", name="企业纳税信息", department_code="510000-scjg")
    clerk = make_user(role=Role.WINDOW_CLERK, username="csd_admin", department="510100-scjg")
    # no approved request of the handling department (成都市市场监管局): refused, logged, not
    # exempt: the applicant hands the material in
    case = _apply(person, "application_form", "tax")
    row = CaseMaterial.objects.get(case=case, key="tax")
    assert row.status != "exempt_shared" and "尚未获批" in row.exemption_note
    read = DataRead.objects.get()
    assert (read.outcome, read.case_number, read.department.code) == ("refused", case.number, "510100-scjg")
    # approved, and the source has the record: exempt, the note names the dataset and the read
    req = sharing_request_create(actor=clerk, dataset=ds, purpose="办件免提交纳税证明")
    sharing_request_decide(actor=make_user(role=Role.PLATFORM_ADMIN), request=req, approved=True)
    with connector_override("tax-record", FakeConnector({person.id_number: {"paid": True}})):
        case2 = _apply(person, "application_form")
    row = CaseMaterial.objects.get(case=case2, key="tax")
    last = DataRead.objects.order_by("-id").first()
    assert row.status == "exempt_shared" and "tax-record" in row.exemption_note and str(last.pk) in row.exemption_note
    assert (last.outcome, last.case_number) == ("ok", case2.number)
