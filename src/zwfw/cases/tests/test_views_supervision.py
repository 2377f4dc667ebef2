"""监管收件箱 and 办件查询 pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zwfw.cases.models import PledgeVerification, SupervisionNotice
from zwfw.cases.tests.conftest import approve_on_pledge

pytestmark = pytest.mark.django_db


def test_the_old_inbox_redirects_and_its_forms_still_work(
    people, apply_case, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = apply_case()
        approve_on_pledge(people, case, pledge_text="本人承诺")
    client = client_for(people["supervisor"])
    response = client.get(reverse("cases:supervision"))
    assert response.status_code == 302 and response["Location"] == reverse("supervision:inbox")
    html = client.get(reverse("supervision:inbox")).content.decode()
    assert case.number in html and "待核查1件" in html and "待签收1件" in html
    notice = SupervisionNotice.objects.get(case=case)
    assert client.post(reverse("cases:notice_read", args=[notice.pk])).status_code == 302
    assert SupervisionNotice.objects.get(pk=notice.pk).read_at is not None
    task = PledgeVerification.objects.get(case=case)
    url = reverse("cases:verification_complete", args=[task.pk])
    empty = client.post(url, {f"v{task.pk}-passed": "1", f"v{task.pk}-result": ""})
    assert empty.status_code == 422 and "核查结果" in empty.content.decode()
    assert client.post(url, {f"v{task.pk}-passed": "0", f"v{task.pk}-result": "承诺不实"}).status_code == 302
    assert PledgeVerification.objects.get(pk=task.pk).status == "failed"
    assert "承诺不实" in client.get(reverse("supervision:inbox")).content.decode()  # one record: supervision's
    twice = client.post(url, {f"v{task.pk}-passed": "1", f"v{task.pk}-result": "再核"})
    assert twice.status_code == 409 and "该核查任务已完成" in twice.content.decode()


def test_other_departments_and_applicants_do_not_see_the_inbox(
    people, apply_case, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = apply_case()
        approve_on_pledge(people, case, pledge_text="本人承诺")
    other = client_for(people["reviewer_wjw"])
    assert case.number not in other.get(reverse("supervision:inbox")).content.decode()
    task = PledgeVerification.objects.get(case=case)
    response = other.post(
        reverse("cases:verification_complete", args=[task.pk]), {f"v{task.pk}-passed": "1", f"v{task.pk}-result": "x"}
    )
    assert response.status_code == 404
    assert client_for(people["person"]).get(reverse("cases:supervision")).status_code == 403
    assert client_for(people["person"]).get(reverse("supervision:inbox")).status_code == 403


def test_public_lookup_shows_progress_without_personal_data(people, apply_case, client_for):
    case = apply_case()
    client = client_for(None)
    response = client.get(reverse("cases:lookup"), {"number": case.number, "code": case.verify_code.lower()})
    html = response.content.decode()
    assert response.status_code == 200 and "待受理" in html and "办理进度" in html
    assert people["person"].id_number not in html and "13800138000" not in html and "张三丰" not in html
    assert "张**" in html
    wrong = client.get(reverse("cases:lookup"), {"number": case.number, "code": "ZZZZZZ"})
    assert wrong.status_code == 404 and "办件编号或查询码不正确" in wrong.content.decode()
    assert client.get(reverse("cases:lookup"), {"number": case.number}).status_code == 422
    assert client.get(reverse("cases:lookup")).status_code == 200
