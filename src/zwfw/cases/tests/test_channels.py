"""Issue 17.3: the item version's 办理形式 (channels) and 网上办理深度 decide how an application
may be made, and 全程网办 is counted only where the item allows it (depth Ⅳ)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case
from zwfw.cases.tests.conftest import IMPL, publish_item
from zwfw.core.tests.factories import login_client

pytestmark = pytest.mark.django_db


def test_an_item_offered_at_the_window_or_by_post_refuses_online_applications(people, apply_case):
    publish_item(channels=["window", "post"], online_depth=1)  # like 居民身份证申领
    for channel in ("online", "mobile"):
        with pytest.raises(CaseError) as exc:
            apply_case(channel=channel)
        assert exc.value.status == 422 and exc.value.code.code == "case_channel_not_offered"
        assert "窗口办理、快递" in exc.value.message
    assert not Case.objects.exists()
    case = apply_case(actor=people["clerk"], on_behalf_of=people["person"])  # at the window
    assert case.channel == "window" and not case.fully_online


def test_online_depth_one_refuses_online_even_when_listed(people, apply_case):
    publish_item(channels=["window", "online", "mobile"], online_depth=1)  # like 离婚登记
    with pytest.raises(CaseError) as exc:
        apply_case(channel="online")
    assert exc.value.code.code == "case_channel_not_offered" and "网上办理深度为Ⅰ级" in exc.value.message


def test_fully_online_only_at_depth_four(people, apply_case):
    publish_item(online_depth=3)  # 网上预审: applied online, finished at the window
    case = apply_case(channel="online")
    assert case.channel == "online" and not case.fully_online
    publish_item(online_depth=4)
    case = apply_case(channel="mobile")
    assert case.channel == "mobile" and case.fully_online


def test_a_kiosk_application_needs_the_kiosk_channel(people, apply_case):
    with pytest.raises(CaseError) as exc:  # the fixture item lists window, online, mobile
        apply_case(actor=people["clerk"], on_behalf_of=people["person"], channel="kiosk")
    assert exc.value.code.code == "case_channel_not_offered" and "自助终端" in exc.value.message


def test_the_api_and_the_apply_page_say_why(people):
    publish_item(channels=["window", "post"], online_depth=1)
    client = login_client(people["person"])
    r = client.post(
        "/api/v1/cases",
        data={"implementation_code": IMPL, "channel": "online", "form_data": {"applicant_name": "张三丰"}},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "case_channel_not_offered"
    assert "不能通过“网上办理”申请" in r.json()["message"]
    page = client.get(reverse("cases:apply", args=[IMPL])).content.decode()
    assert 'data-testid="channel-refusal"' in page and "窗口办理、快递" in page


@pytest.mark.parametrize(
    ("name", "offered"),
    [("居民身份证申领、换领、补领", {"window"}), ("内地居民离婚登记", {"window"}), ("内地居民结婚登记", {"window"})],
)
def test_the_demo_items_the_issue_names_refuse_online_applications(name, offered):
    """居民身份证申领 (window or post), 离婚登记 (depth Ⅰ) and 结婚登记 (depth Ⅱ) in the demo catalog:
    no online or mobile application, hence never 全程网办."""
    from types import SimpleNamespace

    from zwfw.cases.services.apply import channel_fully_online, channel_refusal
    from zwfw.catalog.interchange.demo import build_catalog

    base = next(b for b in build_catalog()["base_items"] if b["name"] == name)
    version = SimpleNamespace(channels=base["elements"]["channels"], online_depth=base["elements"]["online_depth"])
    assert {c for c in ("window", "online", "mobile", "kiosk") if not channel_refusal(version, c)} == offered
    assert not channel_fully_online(version, "online") or channel_refusal(version, "online")
