"""Giving a rating: only the applicant, only once, only after the end, through every channel."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from zwfw.core.models import AuditLog, Channel, Notification
from zwfw.ratings.errors import RatingError
from zwfw.ratings.models import Rating, RatingInvitation, Rectification
from zwfw.ratings.services import (
    rating_by_token,
    rating_create,
    rating_enter_on_behalf,
    rating_invitation_issue,
    window_visit_record,
)

pytestmark = pytest.mark.django_db


def _code(excinfo) -> str:
    return excinfo.value.code.code


def test_the_applicant_rates_an_ended_case_once(users, done_case):
    rating = rating_create(actor=users["person"], kind="case", ref=done_case.pk, level=2, reasons=["fast"])
    assert rating.subject_number == done_case.number and rating.rater == users["person"]
    assert rating.department.code == "510100-scjg" and rating.region_id == "510100"
    assert rating.window_department.code == "510100-zwfw" and rating.staff == users["clerk"]
    assert rating.item_code == done_case.implementation.code
    assert list(rating.reasons.values_list("code", flat=True)) == ["fast"]
    assert AuditLog.objects.filter(action="zwfw.ratings.rating.created", object_id=str(rating.pk)).exists()
    assert not Rectification.objects.exists()  # 满意 opens nothing
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person"], kind="case", ref=done_case.pk, level=5, reasons=["slow"])
    assert _code(exc) == "rating_already_rated" and exc.value.status == 409
    # by number as well as by id: still the same subject
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person"], kind="case", ref=done_case.number, level=1)
    assert _code(exc) == "rating_already_rated"
    assert Rating.objects.count() == 1


def test_only_the_applicant_may_rate(users, done_case):
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person2"], kind="case", ref=done_case.pk, level=1)
    assert _code(exc) == "rating_subject_not_found" and exc.value.status == 404
    from django.core.exceptions import PermissionDenied

    for staff in ("clerk", "reviewer", "dept_admin", "admin", "hub"):
        with pytest.raises(PermissionDenied):
            rating_create(actor=users[staff], kind="case", ref=done_case.pk, level=1)
    assert not Rating.objects.exists()


def test_only_after_the_end(users, apply_case):
    case = apply_case()
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person"], kind="case", ref=case.pk, level=1)
    assert _code(exc) == "rating_not_ended" and exc.value.status == 409
    with pytest.raises(RatingError):
        rating_invitation_issue(actor=users["clerk"], kind="case", ref=case.pk)
    assert not Rating.objects.exists()


def test_bad_input_is_refused(users, done_case):
    person = users["person"]
    for kwargs, code in [
        ({"level": 0}, "rating_bad_level"),
        ({"level": "x"}, "rating_bad_level"),
        ({"level": 1, "reasons": ["nope"]}, "rating_bad_reason"),
        ({"level": 5}, "rating_reason_required"),
        ({"level": 4, "reasons": ["fast"]}, "rating_reason_required"),
        ({"level": 1, "comment": "长" * 501}, "rating_comment_too_long"),
        ({"level": 1, "channel": "phone"}, "rating_bad_channel"),
    ]:
        with pytest.raises(RatingError) as exc:
            rating_create(actor=person, kind="case", ref=done_case.pk, **kwargs)
        assert _code(exc) == code, kwargs
    with pytest.raises(RatingError) as exc:
        rating_create(actor=person, kind="spaceship", ref="1", level=1)
    assert _code(exc) == "rating_unknown_kind"
    with pytest.raises(RatingError) as exc:
        rating_create(actor=person, kind="case", ref="999999", level=1)
    assert _code(exc) == "rating_subject_not_found"
    assert not Rating.objects.exists()


def test_a_bad_rating_opens_a_rectification_for_the_responsible_department(users, done_case):
    rating = rating_create(
        actor=users["person"], kind="case", ref=done_case.pk, level=5, reasons=["slow", "many_trips"], comment="太慢"
    )
    rect = rating.rectification
    assert rect.department.code == "510100-scjg" and rect.status == "verifying" and rect.due_date is not None
    told = set(
        Notification.objects.filter(event="zwfw.ratings.rectification.opened").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"c_rev", "c_dadmin"}


def test_hotline_operator_enters_a_rating_on_the_callers_behalf(users, done_case):
    rating = rating_enter_on_behalf(
        actor=users["hotline"], kind="case", ref=done_case.number, level=4, reasons=["slow"]
    )
    assert rating.channel == "phone" and rating.rater == users["person"] and rating.entered_by == users["hotline"]
    assert rating.rectification.status == "verifying"


def test_hotline_operator_outside_the_region_cannot(users, done_case):
    with pytest.raises(RatingError) as exc:
        rating_enter_on_behalf(actor=users["hotline_my"], kind="case", ref=done_case.pk, level=1)
    assert exc.value.status == 404


def test_sms_token_is_hashed_single_use_and_expires(users, done_case):
    invitation, token = rating_invitation_issue(actor=users["clerk"], kind="case", ref=done_case.pk)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not RatingInvitation.objects.filter(token_hash=token).exists()
    sms = Notification.objects.get(event="zwfw.ratings.invitation.issued")
    assert sms.channel == Channel.SMS and sms.recipient == users["person"] and token in sms.link
    with pytest.raises(RatingError) as exc:
        rating_by_token(token=token + "x", level=1)
    assert _code(exc) == "rating_token_invalid"
    # a refused rating leaves the token unspent
    with pytest.raises(RatingError):
        rating_by_token(token=token, level=5)
    rating = rating_by_token(token=token, level=1, reasons=["fast"])
    assert rating.channel == "sms" and rating.rater == users["person"] and rating.entered_by is None
    with pytest.raises(RatingError) as exc:
        rating_by_token(token=token, level=1)
    assert _code(exc) == "rating_token_invalid"


def test_an_expired_token_is_refused(users, done_case):
    _, token = rating_invitation_issue(actor=users["clerk"], kind="case", ref=done_case.pk)
    with freeze_time(timezone.now() + timedelta(days=8)), pytest.raises(RatingError) as exc:
        rating_by_token(token=token, level=1)
    assert _code(exc) == "rating_token_invalid"


def test_window_visit_is_rated_on_the_pad_right_after(users):
    visit, invitation, token = window_visit_record(
        actor=users["clerk"], window_no="A12", item_name="社保卡补办咨询", applicant=users["person"]
    )
    assert invitation.channel == "pad" and invitation.expires_at - invitation.created_at == timedelta(minutes=30)
    rating = rating_by_token(token=token, level=3)
    assert rating.subject_kind == "window_visit" and rating.window_no == "A12" and rating.staff == users["clerk"]
    assert rating.rater == users["person"] and rating.department.code == "510100-zwfw"
    # the visitor with an account may not rate the same visit again from the page
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person"], kind="window_visit", ref=visit.pk, level=1)
    assert _code(exc) == "rating_already_rated"


def test_window_visit_of_a_catalog_item_is_attributed_to_its_department(users, item):
    _, _, token = window_visit_record(actor=users["clerk"], window_no="B2", item_code=item)
    rating = rating_by_token(token=token, level=5, reasons=["attitude_bad"])
    assert rating.department.code == "510100-scjg" and rating.window_department.code == "510100-zwfw"
    assert rating.rater is None  # an anonymous visitor at the pad
    with pytest.raises(RatingError) as exc:
        window_visit_record(actor=users["clerk"], window_no="B2", item_code="NOPE")
    assert _code(exc) == "rating_bad_item"


def test_bundle_application_adapter(users, done_case):
    from zwfw.bundles.models import BundleApplication
    from zwfw.ratings.subjects import subject_load

    app = BundleApplication.objects.create(
        number="YJS20260101ABCDEF",
        title="开办餐饮店",
        applicant=users["person"],
        channel="online",
        region_id="510100",
        plan={},
        status="in_progress",
        submitted_at=timezone.now(),
    )
    app.children.create(
        base_code="X", implementation_code=done_case.implementation.code, item_name="x", stage=1, case=done_case
    )
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person"], kind="bundle_application", ref=app.pk, level=1)
    assert _code(exc) == "rating_not_ended"
    BundleApplication.objects.filter(pk=app.pk).update(status="completed", completed_at=timezone.now())
    subject = subject_load("bundle_application", app.number)
    assert subject.ended and subject.department_id == done_case.department_id
    rating = rating_create(actor=users["person"], kind="bundle_application", ref=app.pk, level=2)
    assert rating.item_name == "开办餐饮店"
    with pytest.raises(RatingError):
        rating_create(actor=users["person2"], kind="bundle_application", ref=app.pk, level=2)


def test_a_work_order_is_rated_through_the_hotline_selector(users, monkeypatch):
    import datetime as dt

    from zwfw.hotline.selectors import RatingSubject

    subjects = {
        n: RatingSubject(
            order_id=n,
            number=f"RX202612010000{n}",
            applicant_user_id=users["person"].pk,
            ended_at=ended,
            department_code="510100-scjg",
            department_name="成都市市场监督管理局",
            region_code="510100",
            category_code="C01",
            category_name="食品安全投诉",
        )
        for n, ended in ((7, None), (8, dt.datetime(2026, 12, 1, tzinfo=dt.UTC)))
    }
    monkeypatch.setattr("zwfw.hotline.selectors.work_order_rating_subject", lambda *, order_id: subjects.get(order_id))
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person"], kind="work_order", ref="7", level=1)
    assert _code(exc) == "rating_not_ended"
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person2"], kind="work_order", ref="8", level=1)
    assert exc.value.status == 404
    rating = rating_create(actor=users["person"], kind="work_order", ref="8", level=4, reasons=["slow"])
    assert rating.item_code == "12345:C01" and rating.item_name == "食品安全投诉"
    assert rating.department.code == "510100-scjg" and rating.rectification.status == "verifying"
    with pytest.raises(RatingError) as exc:
        rating_create(actor=users["person"], kind="work_order", ref="9", level=1)
    assert exc.value.status == 404
