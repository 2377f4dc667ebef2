"""Core pages: home per role, login/logout, the 适老化 preference, error pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import reverse

from zwfw.core.models import AuditLog, Role, User
from zwfw.core.tests.factories import TEST_PASSWORD

HOME_HEADINGS = {
    Role.PERSON: "我的办件",
    Role.ENTERPRISE: "我的证照",
    Role.WINDOW_CLERK: "综合窗口工作台",
    Role.REVIEWER: "审批工作台",
    Role.DEPT_ADMIN: "部门管理",
    Role.HOTLINE_OPERATOR: "12345热线工作台",
    Role.POLICY_OFFICER: "惠企政策工作台",
    Role.TRADING_SUPERVISOR: "公共资源交易监管",
    Role.PLATFORM_ADMIN: "平台管理",
    Role.HOTLINE_SUPERVISOR: "12345热线督办台",
    Role.SUPERVISION_OFFICER: "监管工作台",
    Role.BID_EXPERT: "评标专家工作台",
}


def test_anonymous_home_is_the_portal_with_search_and_login(client, db):
    html = client.get("/").content.decode()
    assert "一网通办" in html
    assert 'role="search"' in html
    assert reverse("login") in html
    assert 'data-role="anonymous"' in html


def test_portal_search_keeps_the_query(client, db):
    html = client.get("/", {"q": "营业执照"}).content.decode()
    assert 'value="营业执照"' in html


def test_portal_search_escapes_the_query(client, db):
    html = client.get("/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_own_home_with_department_and_region(role, make_user, client_for):
    department = None if role in (Role.PERSON, Role.ENTERPRISE) else "510100-scjg"
    user = make_user(role=role, department=department, display_name="测试用户")
    html = client_for(user).get("/").content.decode()
    assert HOME_HEADINGS[role] in html
    assert f'data-role="{role.value}"' in html
    assert user.get_role_display() in html
    assert "成都市" in html or "武侯区" in html
    if department:
        assert "成都市市场监督管理局" in html or user.department.name in html


def test_clerk_home_lists_the_four_window_queues_with_empty_states(make_user, client_for):
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    html = client_for(clerk).get("/").content.decode()
    for label in ("待受理", "补正退回", "容缺到期", "待出件"):
        assert label in html
    assert html.count("当前没有待办事项") == 4
    assert clerk.department.name in html


def test_clerk_home_does_not_show_the_admin_links(make_user, client_for):
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    html = client_for(clerk).get("/").content.decode()
    assert reverse("admin:index") not in html
    assert reverse("api:openapi-view") not in html


def test_platform_admin_home_links_admin_and_api_docs(make_user, client_for):
    admin = make_user(role=Role.PLATFORM_ADMIN, department="510000-zwfw")
    html = client_for(admin).get("/").content.decode()
    assert reverse("admin:index") in html
    assert "/api/v1/docs" in html


def test_home_query_count_is_small(make_user, client_for, django_assert_max_num_queries, monkeypatch):
    """Core's own share: session, user (auth), user with department/region, region trail.

    Queue counts are the providing apps' queries (measured in their own tests), so the queues are
    reset to core's placeholders here.
    """
    import dataclasses

    from zwfw.core import navigation

    placeholders = {k: dataclasses.replace(q, count=None) for k, q in navigation._QUEUES.items()}
    monkeypatch.setattr(navigation, "_QUEUES", placeholders)
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    client = client_for(clerk)
    client.get("/")
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200


def test_login_page_is_chinese(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "用户登录" in html
    assert "用户名" in html
    assert "密码" in html


def test_login_with_good_credentials_goes_home(client, make_user):
    make_user(role=Role.WINDOW_CLERK, username="clerk1", department="510100-zwfw")
    response = client.post(reverse("login"), {"username": "clerk1", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "综合窗口工作台" in client.get("/").content.decode()


def test_login_with_bad_password_shows_chinese_error(client, make_user):
    make_user(role=Role.WINDOW_CLERK, username="clerk1", department="510100-zwfw")
    response = client.post(reverse("login"), {"username": "clerk1", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_with_empty_fields_names_them(client, db):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "这个字段是必填项" in html or "必填" in html


def test_logout_is_a_post_and_returns_home(make_user, client_for):
    client = client_for(make_user(role=Role.PERSON))
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert 'data-role="anonymous"' in client.get("/").content.decode()


def test_large_font_for_visitor_sets_cookie_and_theme(client, db):
    response = client.post(reverse("preferences"), {"large_font": "1", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["zwfw_large_font"].value == "1"
    assert 'class="large-font"' in client.get("/").content.decode()
    client.post(reverse("preferences"), {"large_font": "0", "next": "/"})
    assert 'class="large-font"' not in client.get("/").content.decode()


def test_large_font_for_user_is_saved_on_the_account_and_audited(make_user, client_for):
    user = make_user(role=Role.PERSON)
    client = client_for(user)
    client.post(reverse("preferences"), {"large_font": "1"})
    user.refresh_from_db()
    assert user.large_font is True
    row = AuditLog.objects.filter(action="zwfw.core.user.preferences_updated", object_id=str(user.pk)).get()
    assert row.before == {"large_font": False}
    assert row.after == {"large_font": True}


def test_saved_preference_applies_on_a_new_device(make_user, client_for):
    user = make_user(role=Role.PERSON)
    User.objects.filter(pk=user.pk).update(large_font=True)
    assert 'class="large-font"' in client_for(user).get("/").content.decode()


def test_preference_cookie_wins_over_saved_preference(make_user, client_for):
    user = make_user(role=Role.PERSON)
    User.objects.filter(pk=user.pk).update(large_font=True)
    client = client_for(user)
    client.cookies["zwfw_large_font"] = "0"
    assert 'class="large-font"' not in client.get("/").content.decode()


def test_preference_via_htmx_answers_with_an_event(client, db):
    response = client.post(reverse("preferences"), {"large_font": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Trigger"] == '{"zwfw:largeFont": {"on": true}}'
    assert response.cookies["zwfw_large_font"].value == "1"


def test_preference_redirect_refuses_other_hosts(client, db):
    response = client.post(reverse("preferences"), {"large_font": "1", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_preference_needs_post(client, db):
    assert client.get(reverse("preferences")).status_code == 405


def test_preference_needs_csrf(db):
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(reverse("preferences"), {"large_font": "1"}).status_code == 403


@override_settings(DEBUG=False)
def test_404_page_is_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_403_page_is_chinese(rf, db):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, exception=PermissionDenied())
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


@override_settings(DEBUG=False)
def test_csrf_failure_page_is_chinese(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("preferences"), {"large_font": "1"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_500_page_renders_without_a_request_context(db):
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "系统繁忙" in html
    assert "12345" in html


def test_400_page_is_chinese(rf, db):
    from django.views.defaults import bad_request

    response = bad_request(rf.get("/"), exception=Exception("bad"))
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
