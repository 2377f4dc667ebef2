"""Issue 8 (pages): one highlighted navigation item, no dead portal cards, no English switch that
changes nothing, home queues only where an app provides live data, and the Django admin usable
by the 平台管理员 role."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zwfw.core import navigation
from zwfw.core.models import Role
from zwfw.core.navigation import ALL_ROLES, ANONYMOUS, navigation_for, workbench_queue_register
from zwfw.core.tests.factories import login_client, make_user


@pytest.fixture
def restore_registries():
    nav, queues = dict(navigation._NAV), dict(navigation._QUEUES)
    yield
    navigation._NAV.clear()
    navigation._NAV.update(nav)
    navigation._QUEUES.clear()
    navigation._QUEUES.update(queues)


class _Visitor:
    is_authenticated = False


class _RoleUser:
    is_authenticated = True

    def __init__(self, role: str):
        self.role = role


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_at_most_one_navigation_item_is_current_on_every_page_of_the_role(role):
    """/bundles/compose/ lit both 一件事 (/bundles/) and 自由组合; now only the longest match."""
    user = _Visitor() if role == ANONYMOUS else _RoleUser(role)
    links = navigation_for(user)
    for link in links:
        for path in (link.href, link.href + "123/"):
            current = [x.label for x in navigation_for(user, current_path=path) if x.current]
            assert len(current) <= 1, (role, path, current)
        assert [x.key for x in navigation_for(user, current_path=link.href) if x.current] == [link.key]


def test_rendered_page_marks_one_nav_item(client, db):
    html = client.get("/bundles/compose/").content.decode()
    assert html.count('aria-current="page"') == 1


def test_no_language_switch_and_pages_stay_chinese(client, db):
    """The English switch changed no text; it is removed and <html lang> stays zh-Hans."""
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="language"' not in html
    assert "English" not in html
    assert '<html lang="zh-Hans"' in html


def test_portal_cards_lead_somewhere(client, db):
    html = client.get("/").content.decode()
    for audience, label in (("person", "个人办事"), ("enterprise", "企业办事")):
        href = f"{reverse('catalog:item_list')}?audience={audience}"
        assert f'<a href="{href}">{label}</a>' in html
        assert client.get(href).status_code == 200


def _cards(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-queue="([^"]+)" data-count="(\d+)"', html))


def test_queue_without_count_provider_is_not_shown(db, restore_registries):
    """A registered queue with no data (count None) must not look like an empty queue."""
    workbench_queue_register(role=Role.HOTLINE_OPERATOR, key="t_dispatch", label="待派单工单", count=None)
    workbench_queue_register(role=Role.HOTLINE_OPERATOR, key="t_live", label="待回访", count=lambda user: 3)
    operator = make_user(role=Role.HOTLINE_OPERATOR, department="510100-zwfw")
    html = login_client(operator).get("/").content.decode()
    cards = {k: v for k, v in _cards(html).items() if k.startswith("t_")}  # the hotline app's own queues aside
    assert cards == {"t_live": "3"}
    assert "待派单工单" not in html


def test_queue_rows_come_from_the_provider(db, restore_registries):
    rows = [navigation.QueueRow(label=f"工单{i}", href=f"/x/{i}/", note="note") for i in range(8)]
    workbench_queue_register(
        role=Role.POLICY_OFFICER, key="t_rows", label="待审核申报", count=lambda user: 8, rows=lambda user, limit: rows
    )
    officer = make_user(role=Role.POLICY_OFFICER, department="510100-fg")
    html = login_client(officer).get("/").content.decode()
    assert _cards(html)["t_rows"] == "8"
    assert "工单4" in html and "工单5" not in html  # five rows, then 查看全部
    assert "查看全部 8 项" not in html  # no href registered: no link to nowhere


@pytest.mark.parametrize(
    ("role", "department", "static_texts"),
    [
        (Role.HOTLINE_OPERATOR, "510100-zwfw", ["暂无待派单的工单", "暂无待回访的工单", "即将超时"]),
        (Role.POLICY_OFFICER, "510100-fg", ["暂无已发布的政策", "暂无待审核的申报", "匹配任务"]),
        (Role.TRADING_SUPERVISOR, "510100-ggzy", ["暂无在场交易项目", "暂无预警", "暂无抽取记录"]),
        (Role.DEPT_ADMIN, "510100-scjg", ["人员管理页面建设中", "暂无待审核的事项草稿", "暂无跨区划授权"]),
        # the reviewer's 待办环节 list is real (test_home_review_queue)
        (Role.REVIEWER, "510100-scjg", ["暂无即将超过承诺时限的办件"]),
        (Role.HOTLINE_SUPERVISOR, "510100-zwfw", []),
        (Role.SUPERVISION_OFFICER, "510100-scjg", []),
        (Role.BID_EXPERT, "510100-ggzy", []),
    ],
)
def test_staff_homes_show_no_static_cards(db, role, department, static_texts):
    user = make_user(role=role, department=department)
    html = login_client(user).get("/").content.decode()
    for text in static_texts:
        assert text not in html, text
    registered = {q.key for q in navigation.workbench_queues_for(str(role)) if q.count is not None}
    assert set(_cards(html)) == registered
    # the role's real pages are linked instead
    for link in navigation_for(user):
        if link.key != "core.home":
            assert f'href="{link.href}"' in html


def test_applicant_home_has_no_hard_coded_empty_lists(db):
    person = make_user(role=Role.PERSON)
    html = login_client(person).get("/").content.decode()
    cards = _cards(html)
    assert {"cases_mine", "licences_wallet", "bundles_mine"} <= set(cards)
    assert cards["cases_mine"] == "0"


def test_platform_admin_can_use_the_django_admin(db):
    admin_user = make_user(role=Role.PLATFORM_ADMIN, username="pa_admin")
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    client = login_client(admin_user)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "你没有查看或编辑的权限" not in index.content.decode()
    assert client.get("/admin/core/user/").status_code == 200
    assert client.get("/admin/core/department/").status_code == 200


def test_other_roles_get_no_admin_permissions(db):
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    assert not clerk.has_perm("core.view_user")
    admin_user = make_user(role=Role.PLATFORM_ADMIN, username="pa_inactive")
    admin_user.is_active = False
    admin_user.save(update_fields=["is_active"])
    assert not admin_user.has_perm("core.view_user")
