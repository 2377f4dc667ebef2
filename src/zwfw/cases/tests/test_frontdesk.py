"""Front desk: 免提交, uploads, 补正 (一次告知, resubmit, art. 32), 容缺, 告知承诺."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from freezegun import freeze_time

from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case, CaseStatus, MaterialStatus, PledgeVerification, StepStatus, SupervisionNotice
from zwfw.cases.services import (
    case_accept,
    case_accept_with_shortfall,
    case_deadline_scan,
    case_material_upload,
    case_request_correction,
    case_resubmit,
)
from zwfw.cases.tests.conftest import PDF, pdf
from zwfw.core.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


# ---- 免提交 ---------------------------------------------------------------------------------------


def test_e_licence_holding_exempts_the_material(people, apply_case):
    case = apply_case(user=people["person"])
    m = case.materials.get(key="business_licence")
    assert m.status == MaterialStatus.EXEMPT_LICENCE and m.licence_number == "BL-0001" and m.is_exempt
    with pytest.raises(CaseError) as exc:  # never upload what the platform can verify
        case_material_upload(actor=people["person"], case=case, key="business_licence", upload=pdf())
    assert exc.value.code.code == "case_material_exempt" and exc.value.status == 422


def test_without_the_holding_the_material_is_required(people, apply_case, licences):
    with pytest.raises(CaseError) as exc:  # refused at submission, nothing kept
        apply_case(user=people["person2"], uploads={"application_form": pdf()})
    assert exc.value.code.code == "case_materials_required" and "营业执照" in exc.value.message
    assert exc.value.detail == {"missing": ["business_licence"]} and not Case.objects.exists()
    case = apply_case(user=people["person2"], uploads={"business_licence": pdf("yyzz.pdf")})
    m = case.materials.get(key="business_licence")
    assert m.status == MaterialStatus.UPLOADED and not m.is_exempt
    case_accept_with_shortfall(  # 平面布局图 is 可容缺 and the version allows 容缺: deferred at submission
        actor=people["clerk"], case=case, materials=["layout_plan"], pledge_text="承诺补交", due_date=_later()
    )


def _later():
    return dt.date.today() + dt.timedelta(days=10)


def test_shared_data_checker_can_refuse(people, apply_case):
    from zwfw.cases.services.apply import _SHARED_DATA, shared_data_register

    shared_data_register("全国人口基础信息库（户籍信息）", lambda **kw: False)
    try:
        with pytest.raises(CaseError) as exc:  # no record: the material is required again
            apply_case()
        assert exc.value.detail == {"missing": ["household_data"]}
        case = apply_case(uploads={"application_form": pdf(), "household_data": pdf("hj.pdf")})
        assert case.materials.get(key="household_data").status == MaterialStatus.UPLOADED
    finally:
        _SHARED_DATA.clear()


# ---- uploads -------------------------------------------------------------------------------------


def test_upload_is_stored_with_checksum(people, apply_case):
    case = apply_case()
    m = case.materials.get(key="application_form")
    assert m.sha256 == hashlib.sha256(PDF).hexdigest() and m.size == len(PDF)
    assert m.content_type == "application/pdf" and m.original_name == "a.pdf"
    assert m.file.read() == PDF and people["person"].id_number not in m.file.name


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ....", "格式"),
        ("fake.pdf", b"\x89PNG\r\n\x1a\nxxxx", "不符"),
        ("empty.png", b"", "为空"),
    ],
)
def test_bad_uploads_are_refused(people, apply_case, name, content, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(CaseError) as exc:
        apply_case(uploads={"application_form": SimpleUploadedFile(name, content)})
    assert exc.value.code.code == "case_upload_invalid" and reason in exc.value.message
    assert not Case.objects.exists()  # all or nothing


def test_upload_size_limit(people, apply_case, settings):
    settings.ZWFW_UPLOAD_MAX_BYTES = 10
    with pytest.raises(CaseError) as exc:
        apply_case(uploads={"application_form": pdf(content=PDF + b"x" * 20)})
    assert exc.value.detail["limit"] == 10


def test_form_is_validated_against_the_pinned_version(people, apply_case):
    with pytest.raises(CaseError) as exc:
        apply_case(form_data={"applicant_name": "张三", "phone": "12", "shoe_size": "42"})
    assert exc.value.code.code == "case_form_invalid"
    assert set(exc.value.detail) == {"phone", "shoe_size"}


# ---- 补正 ----------------------------------------------------------------------------------------


def test_correction_lists_everything_at_once_then_resubmit(people, apply_case):
    person, clerk = people["person2"], people["clerk"]
    case = apply_case(user=person, uploads={"application_form": pdf(), "business_licence": pdf("yyzz.pdf")})
    notice = case_request_correction(
        actor=clerk,
        case=case,
        items=[
            {"key": "business_licence", "problem": "未提供营业执照"},
            {"key": "layout_plan", "problem": "未提供平面布局图"},
            {"key": "application_form", "problem": "申请书未签字"},
        ],
        deadline=_later(),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTION
    assert [i["name"] for i in notice.items] == ["营业执照", "经营场所平面布局图", "食品经营许可申请书"]
    message = Notification.objects.get(recipient=person, event="zwfw.cases.case.correction_requested")
    assert "共3项" in message.subject and all(x in message.body for x in ("营业执照", "平面布局图", "未签字"))
    with pytest.raises(CaseError) as exc:  # a second notice is not possible: one notice, everything
        case_request_correction(
            actor=clerk, case=case, items=[{"key": "layout_plan", "problem": "x"}], deadline=_later()
        )
    assert exc.value.status == 409 and "待补正" in exc.value.message
    for key in ("business_licence", "layout_plan", "application_form"):
        case_material_upload(actor=person, case=case, key=key, upload=pdf(f"{key}.pdf"))
    case_resubmit(actor=person, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.correction_notices.get().resolved_at
    case_accept(actor=clerk, case=case)


def test_correction_needs_items_and_known_materials(people, apply_case):
    case = apply_case()
    with pytest.raises(CaseError) as exc:
        case_request_correction(actor=people["clerk"], case=case, items=[])
    assert exc.value.code.code == "case_correction_empty"
    with pytest.raises(CaseError):
        case_request_correction(actor=people["clerk"], case=case, items=[{"key": "nope", "problem": "x"}])


def test_not_told_within_5_working_days_the_case_counts_as_accepted_from_receipt(people, apply_case):
    with freeze_time("2026-03-02 09:30:00+08:00"):  # Monday
        case = apply_case()
    # the 5th working day after receipt is Monday 3/9; on it the clerk may still tell
    assert case.number not in case_deadline_scan(today=D(2026, 3, 9))["deemed_accepted"]
    report = case_deadline_scan(today=D(2026, 3, 10))
    assert case.number in report["deemed_accepted"]
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.deemed_accepted
    assert case.accepted_at == case.submitted_at and "第三十二条" in case.deemed_reason
    assert case.due_date == D(2026, 3, 16)  # 10 working days from receipt (3/2)
    assert case.steps.get(key="review").status == StepStatus.ACTIVE
    assert case.number not in case_deadline_scan(today=D(2026, 3, 11))["deemed_accepted"]


# ---- 容缺 ----------------------------------------------------------------------------------------


def test_shortfall_accepts_non_key_materials_and_the_scan_reminds_then_flags(people, apply_case):
    person, clerk = people["person"], people["clerk"]
    with freeze_time("2026-03-02 09:00:00+08:00"):
        case = apply_case(uploads={"application_form": pdf()})
        with pytest.raises(CaseError) as exc:  # 申请书 is a key material
            case_accept_with_shortfall(
                actor=clerk, case=case, materials=["application_form"], pledge_text="承诺", due_date=D(2026, 3, 10)
            )
        assert "关键材料" in exc.value.message
        pledge = case_accept_with_shortfall(
            actor=clerk, case=case, materials=["layout_plan"], pledge_text="承诺5个工作日内补交", due_date=D(2026, 3, 9)
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.with_shortfall
    assert case.materials.get(key="layout_plan").status == MaterialStatus.SHORTFALL_PLEDGED
    assert case.number not in case_deadline_scan(today=D(2026, 3, 3))["shortfall_reminded"]  # 4 days left
    assert case.number in case_deadline_scan(today=D(2026, 3, 4))["shortfall_reminded"]  # 3 left
    assert case.number not in case_deadline_scan(today=D(2026, 3, 5))["shortfall_reminded"]  # once
    assert case.number not in case_deadline_scan(today=D(2026, 3, 9))["shortfall_overdue"]
    assert case.number in case_deadline_scan(today=D(2026, 3, 10))["shortfall_overdue"]
    pledge.refresh_from_db()
    assert pledge.reminded_at and pledge.is_overdue and not pledge.fulfilled_at
    assert Notification.objects.filter(recipient=person, event="zwfw.cases.case.shortfall_overdue").exists()
    assert Notification.objects.filter(recipient=clerk, event="zwfw.cases.case.shortfall_overdue").exists()
    case_material_upload(actor=person, case=case, key="layout_plan", upload=pdf("plan.pdf"))
    pledge.refresh_from_db()
    assert pledge.fulfilled_at and not pledge.is_overdue


def test_shortfall_refused_where_the_version_does_not_allow_it(people, apply_case):
    from zwfw.cases.tests.conftest import IMPL  # noqa: F401
    from zwfw.catalog.selectors import implementation_get, version_in_force

    case = apply_case(uploads={"application_form": pdf()})
    version = version_in_force(implementation_get(code=case.implementation.code))
    type(version).objects.filter(pk=version.pk).update(shortfall_allowed=False)  # test-only shortcut
    case = Case.objects.get(pk=case.pk)
    with pytest.raises(CaseError) as exc:
        case_accept_with_shortfall(
            actor=people["clerk"],
            case=case,
            materials=["layout_plan"],
            pledge_text="x",
            due_date=dt.date.today() + dt.timedelta(days=3),
        )
    assert exc.value.code.code == "case_shortfall_not_allowed"


# ---- 告知承诺 --------------------------------------------------------------------------------------


def test_a_pledge_is_received_at_the_window_and_decided_by_the_departments_reviewer(people, apply_case):
    """Issue 17.1 (受审分离): the window receives the pledge and accepts; the department decides;
    the verification task opens on the approval."""
    from zwfw.cases.services import case_accept_on_pledge, case_decide, case_step_complete
    from zwfw.cases.services.workflow import step_get

    with freeze_time("2026-03-02 09:00:00+08:00"):
        case = apply_case(uploads={"application_form": pdf()})
        case_accept_on_pledge(
            actor=people["clerk"], case=case, pledge_text="本人承诺场所符合要求", materials=["layout_plan"]
        )
        case.refresh_from_db()
        assert case.status == CaseStatus.ACCEPTED and case.on_pledge and not case.decision
        assert case.pledge_text == "本人承诺场所符合要求" and case.accepted_by == people["clerk"]
        assert case.materials.get(key="layout_plan").status == MaterialStatus.PLEDGED
        assert not PledgeVerification.objects.exists()  # nothing to verify before a decision
        steps = dict(case.steps.values_list("key", "status"))
        assert steps["review"] == StepStatus.ACTIVE and steps["decide"] == StepStatus.PENDING
        with pytest.raises(CaseError) as exc:  # the window never decides a pledged case
            case_decide(actor=people["clerk"], case=case, approved=True, reason="承诺")
        assert exc.value.status in {403, 409}
        for key in ("review", "inspect"):
            case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
        case_decide(actor=people["reviewer"], case=case, approved=True, reason="承诺符合条件")
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.decision == "approved" and case.decided_by == people["reviewer"]
    verification = PledgeVerification.objects.get(case=case)
    assert verification.department.code == "510000-scjg"  # 监管主体 of the element table
    assert verification.due_date == D(2026, 3, 30) and verification.status == "pending"
    assert verification.materials == ["layout_plan"] and verification.pledge_text == "本人承诺场所符合要求"
    notice = SupervisionNotice.objects.get(case=case, department__code="510000-scjg")
    assert notice.payload["kind"] == "pledge" and notice.payload["pledge"]["materials"] == ["layout_plan"]
    # the supervisor sees it, the implementing department's reviewer does not
    from zwfw.cases.selectors import pledge_verification_list
    from zwfw.cases.services import pledge_verification_complete

    assert list(pledge_verification_list(user=people["supervisor"])) == [verification]
    assert not pledge_verification_list(user=people["reviewer_wjw"]).exists()
    done = pledge_verification_complete(
        actor=people["supervisor"], verification=verification, passed=True, result="现场核查属实"
    )
    assert done.status == "passed" and PledgeVerification.objects.get().verified_by == people["supervisor"]
    with pytest.raises(CaseError):
        pledge_verification_complete(actor=people["supervisor"], verification=done, passed=False, result="再次")


def test_a_pledged_case_denied_by_the_department_opens_no_verification(people, apply_case):
    from zwfw.cases.services import case_accept_on_pledge, case_decide, case_step_complete
    from zwfw.cases.services.workflow import step_get

    case = apply_case(uploads={"application_form": pdf()})
    case_accept_on_pledge(actor=people["clerk"], case=case, pledge_text="承诺", materials=["layout_plan"])
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    case_decide(actor=people["reviewer"], case=case, approved=False, reason="场所不符合", legal_basis="《食品安全法》")
    assert not PledgeVerification.objects.exists()
    assert SupervisionNotice.objects.get(case=case).payload["kind"] == "approval"


def test_pledge_refused_where_the_version_does_not_allow_it(people, apply_case):
    from zwfw.cases.services import case_accept_on_pledge

    case = apply_case()
    type(case.version).objects.filter(pk=case.version_id).update(pledge_allowed=False)
    case = Case.objects.get(pk=case.pk)
    with pytest.raises(CaseError) as exc:
        case_accept_on_pledge(actor=people["clerk"], case=case, pledge_text="承诺")
    assert exc.value.code.code == "case_pledge_not_allowed"


# ---- issue 8: materials enforced, 补正 with a deadline and what it listed -------------------------


def test_the_application_form_is_filled_online_and_counts_as_provided(people, apply_case):
    case = apply_case(uploads={"layout_plan": pdf("plan.pdf")})
    m = case.materials.get(key="application_form")
    assert m.status == MaterialStatus.FILLED_ONLINE and m.is_provided
    case_accept(actor=people["clerk"], case=case)


def test_a_required_key_material_missing_at_submission_is_refused(people, apply_case):
    from zwfw.cases.tests.conftest import publish_item
    from zwfw.catalog.tests import factories as cf

    publish_item(  # a new version: 容缺 and 告知承诺 not allowed → 平面布局图 cannot wait
        shortfall_allowed=False,
        pledge_allowed=False,
        materials=[
            cf.material("application_form", "食品经营许可申请书"),
            cf.material("layout_plan", "经营场所平面布局图", shortfall_allowed=True),
        ],
    )
    with pytest.raises(CaseError) as exc:
        apply_case(uploads={})
    assert exc.value.code.code == "case_materials_required" and "平面布局图" in exc.value.message
    assert not Case.objects.exists()


def test_correction_needs_a_deadline(people, apply_case):
    case = apply_case()
    with pytest.raises(CaseError) as exc:
        case_request_correction(actor=people["clerk"], case=case, items=[{"key": "layout_plan", "problem": "模糊"}])
    assert exc.value.code.code == "case_correction_deadline_required" and "补正期限" in exc.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_an_empty_resubmission_is_refused(people, apply_case):
    person = people["person"]
    case = apply_case()
    case_request_correction(
        actor=people["clerk"], case=case, items=[{"key": "layout_plan", "problem": "模糊"}], deadline=_later()
    )
    case.refresh_from_db()
    with pytest.raises(CaseError) as exc:
        case_resubmit(actor=person, case=case)
    assert exc.value.code.code == "case_correction_not_supplied" and "平面布局图" in exc.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTION
    case_resubmit(actor=person, case=case, uploads={"layout_plan": pdf("plan2.pdf")})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_a_pledge_replaces_only_the_materials_marked_pledge_allowed(people, apply_case, client_for):
    """Issue 17.1: a pledge replaces only what the element table marks 可承诺替代 — never the
    application form, never a 可容缺 material that is not also marked."""
    from django.urls import reverse

    from zwfw.cases.services import case_accept_on_pledge
    from zwfw.cases.tests.conftest import publish_item
    from zwfw.catalog.tests import factories as cf

    case = apply_case(uploads={"layout_plan": pdf("plan.pdf")})
    case_request = Case.objects.get(pk=case.pk)
    with pytest.raises(CaseError) as exc:
        case_accept_on_pledge(
            actor=people["clerk"], case=case_request, pledge_text="承诺", materials=["application_form"]
        )
    assert exc.value.status == 422 and exc.value.code.code == "case_pledge_key_material"
    assert "申请书" in exc.value.message and "可以告知承诺代替" in exc.value.message
    case = apply_case(uploads={"application_form": pdf()})  # 平面布局图 (可承诺替代) left for the pledge
    html = client_for(people["clerk"]).get(reverse("cases:window_case", args=[case.pk])).content.decode()
    pledge_form = html[html.index("以承诺代替的材料") :]
    assert 'value="layout_plan"' in pledge_form and 'value="application_form"' not in pledge_form
    publish_item(  # a new version: 健康证明 may wait (可容缺) but a pledge may not replace it
        materials=[
            cf.material("application_form", "食品经营许可申请书"),
            cf.material("layout_plan", "经营场所平面布局图", shortfall_allowed=True, pledge_allowed=True),
            cf.material("health_cert", "从业人员健康证明", shortfall_allowed=True),
        ],
    )
    case = apply_case(uploads={"application_form": pdf()})
    with pytest.raises(CaseError) as exc:
        case_accept_on_pledge(
            actor=people["clerk"], case=case, pledge_text="承诺", materials=["layout_plan", "health_cert"]
        )
    assert exc.value.code.code == "case_pledge_key_material" and exc.value.detail == {"keys": ["health_cert"]}
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    html = client_for(people["clerk"]).get(reverse("cases:window_case", args=[case.pk])).content.decode()
    pledge_form = html[html.index("以承诺代替的材料") :]
    assert 'value="layout_plan"' in pledge_form and 'value="health_cert"' not in pledge_form


def test_the_guide_the_apply_page_and_the_window_agree_on_what_a_pledge_replaces(people, apply_case, client_for):
    """Issue 17.1: the same flag shows everywhere — guide (是否必要), apply page (tags), window (the
    告知承诺 form's choices), API (``pledge_allowed``)."""
    import re

    from django.urls import reverse

    from zwfw.cases.tests.conftest import IMPL
    from zwfw.core.tests.factories import login_client

    guide = client_for(people["person"]).get(reverse("catalog:item_detail", args=[IMPL])).content.decode()
    rows = dict(re.findall(r"<strong>([^<]+)</strong>.*?</td>\s*<td>.*?</td>\s*<td>([^<]+)</td>", guide, flags=re.S))
    assert rows["经营场所平面布局图"] == "必要（可容缺后补，或可以告知承诺代替）"
    assert rows["食品经营许可申请书"] == "必要"
    apply_page = client_for(people["person"]).get(reverse("cases:apply", args=[IMPL])).content.decode()
    layout = apply_page[apply_page.index('data-material="layout_plan"') :][:800]
    form = apply_page[apply_page.index('data-material="application_form"') :][:800]
    assert "可以告知承诺代替" in layout and "可容缺后补" in layout and "可以告知承诺代替" not in form
    case = apply_case(uploads={"application_form": pdf()})
    window = client_for(people["clerk"]).get(reverse("cases:window_case", args=[case.pk])).content.decode()
    pledge_form = window[window.index("以承诺代替的材料") :]
    assert 'value="layout_plan"' in pledge_form and 'value="application_form"' not in pledge_form
    body = login_client(people["clerk"]).get(f"/api/v1/cases/{case.pk}").json()
    assert {m["key"]: m["pledge_allowed"] for m in body["materials"]}["layout_plan"] is True
    assert {m["key"]: m["pledge_allowed"] for m in body["materials"]}["application_form"] is False
