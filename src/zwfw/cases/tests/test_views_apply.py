"""在线申请 page: the form and checklist from the pinned version, 免提交, uploads, channels, 代办."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zwfw.cases.models import Case, CaseChannel, MaterialStatus
from zwfw.cases.tests.conftest import IMPL, pdf

pytestmark = pytest.mark.django_db

URL = reverse("cases:apply", args=[IMPL])
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def _post(client, data=None, files=None, **extra):
    payload = {"f-applicant_name": "张三丰", "f-phone": "13800138000", **(data or {})}
    payload.update(files if files is not None else {"material_layout_plan": pdf()})
    return client.post(URL, payload, **extra)


def test_the_page_shows_the_form_and_exempts_what_the_applicant_holds(people, client_for):
    response = client_for(people["person"]).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="f-applicant_name"' in html and 'name="f-phone"' in html
    assert "免提交：已关联您的电子证照《营业执照》" in html
    assert 'name="material_business_licence"' not in html  # no upload for what the platform verifies
    assert "免提交：已通过共享数据" in html  # 户籍信息 from shared data
    assert 'name="material_layout_plan"' in html
    # the guide says the 申请书 is filled online: the page does not ask for an upload of it
    assert 'name="material_application_form"' not in html and "在线填写申请表" in html
    assert "可容缺" in html and "PDF、JPG、PNG、OFD" in html
    assert 'data-testid="channel">网上办理' in html


def test_an_applicant_without_the_licence_must_upload_it(people, client_for):
    html = client_for(people["person2"]).get(URL).content.decode()
    assert 'name="material_business_licence"' in html
    assert "已关联您的电子证照" not in html


def test_submitting_creates_the_case_with_uploads_and_exemptions(people, client_for):
    response = _post(client_for(people["person"]))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:mine_case", args=[case.pk])
    assert case.channel == CaseChannel.ONLINE and case.applicant == people["person"]
    statuses = dict(case.materials.values_list("key", "status"))
    assert statuses["business_licence"] == MaterialStatus.EXEMPT_LICENCE
    assert statuses["application_form"] == MaterialStatus.FILLED_ONLINE
    assert statuses["layout_plan"] == MaterialStatus.UPLOADED


@pytest.mark.parametrize(("extra", "query"), [({"HTTP_USER_AGENT": IPHONE}, ""), ({}, "?channel=mobile")])
def test_a_phone_applies_on_the_mobile_channel(people, client_for, extra, query):
    client = client_for(people["person"])
    page = client.get(URL + query, **extra).content.decode()
    assert 'data-testid="channel">移动端' in page
    data = {"channel": "mobile"} if query else {}
    _post(client, data, **extra)
    assert Case.objects.get().channel == CaseChannel.MOBILE


def test_a_bad_field_value_is_shown_on_the_field_with_422(people, client_for):
    response = _post(client_for(people["person"]), {"f-phone": "123"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "申请表填写有误" in html and "联系电话" in html and "手机号码" in html
    assert not Case.objects.exists()


def test_a_wrong_file_type_is_refused_in_chinese(people, client_for):
    files = {"material_layout_plan": SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/pdf")}
    response = _post(client_for(people["person"]), files=files)
    assert response.status_code == 422
    assert "只接受PDF、JPG、PNG、OFD格式的文件" in response.content.decode()
    assert not Case.objects.exists()


def test_a_clerk_applies_on_behalf_of_an_applicant_on_the_window_channel(people, client_for):
    client = client_for(people["clerk"])
    page = client.get(URL).content.decode()
    assert "窗口代办/帮办" in page and "已关联您的电子证照" not in page
    page = client.get(URL, {"applicant": people["person"].username}).content.decode()
    assert "免提交：已关联您的电子证照《营业执照》" in page  # the applicant's licences, not the clerk's
    response = _post(client, {"applicant": people["person"].id_number})
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:window_case", args=[case.pk])
    assert case.channel == CaseChannel.WINDOW and case.agent == people["clerk"] and case.applicant == people["person"]


def test_a_clerk_must_name_a_known_applicant(people, client_for):
    response = _post(client_for(people["clerk"]), {"applicant": "nobody"})
    assert response.status_code == 422 and "未找到" in response.content.decode()
    assert not Case.objects.exists()


def test_who_may_open_the_page(people, client_for):
    assert client_for(None).get(URL).status_code == 302  # to the login page
    assert client_for(people["reviewer"]).get(URL).status_code == 403
    assert client_for(people["person"]).get(reverse("cases:apply", args=["NO-SUCH-ITEM"])).status_code == 404


def test_a_missing_required_material_is_refused_and_the_form_kept(people, client_for):
    response = _post(client_for(people["person2"]), {"f-phone": "13800138000"}, files={})  # no 营业执照
    assert response.status_code == 422
    html = response.content.decode()
    assert "请提交必要材料：营业执照" in html and 'value="13800138000"' in html
    assert not Case.objects.exists()


def test_a_569_character_file_name_is_a_field_error_that_keeps_the_form_and_the_login(people, client_for):
    client = client_for(people["person"])
    name = "材" * 565 + ".pdf"
    assert len(name) == 569
    response = _post(client, {"f-phone": "13800138000"}, files={"material_layout_plan": pdf(name)})
    html = response.content.decode()
    assert response.status_code in {200, 302, 422}, response.status_code
    if response.status_code == 422:
        assert "文件名" in html and 'value="13800138000"' in html and "退出" in html
    else:
        assert len(Case.objects.get().materials.get(key="layout_plan").original_name) <= 255
