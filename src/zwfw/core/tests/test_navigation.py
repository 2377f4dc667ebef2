"""The shell's registries: navigation per role and home-page work queues."""

from __future__ import annotations

import pytest

from zwfw.core import navigation
from zwfw.core.models import Role
from zwfw.core.navigation import ANONYMOUS, nav_register, nav_unregister, navigation_for, workbench_queue_register


@pytest.fixture
def restore_registries():
    nav, queues, search = dict(navigation._NAV), dict(navigation._QUEUES), dict(navigation._PORTAL_SEARCH)
    yield
    navigation._PORTAL_SEARCH.clear()
    navigation._PORTAL_SEARCH.update(search)
    navigation._NAV.clear()
    navigation._NAV.update(nav)
    navigation._QUEUES.clear()
    navigation._QUEUES.update(queues)


def _keys(user) -> list[str]:
    return [link.key for link in navigation_for(user)]


def test_anonymous_sees_home_first_and_no_staff_entries(db):
    keys = _keys(None)
    assert keys[0] == "core.home"
    assert "core.admin" not in keys
    assert "core.api_docs" not in keys


def test_platform_admin_sees_admin_and_api_docs_last(make_user):
    keys = _keys(make_user(role=Role.PLATFORM_ADMIN))
    assert keys[0] == "core.home"
    assert keys[-2:] == ["core.admin", "core.api_docs"]


def test_clerk_does_not_see_admin_entries(make_user):
    keys = _keys(make_user(role=Role.WINDOW_CLERK))
    assert "core.admin" not in keys
    assert "core.api_docs" not in keys


def test_registered_entry_reaches_only_its_roles(make_user, restore_registries):
    nav_register(key="t.queue", label="测试页", url_name="login", roles=[Role.WINDOW_CLERK], order=50)
    clerk = make_user(role=Role.WINDOW_CLERK)
    person = make_user(role=Role.PERSON)
    assert "t.queue" in _keys(clerk)
    assert "t.queue" not in _keys(person)
    assert "t.queue" not in _keys(None)


def test_registering_a_key_again_replaces_it(restore_registries, db):
    nav_register(key="t.x", label="一", url_name="login", roles=[ANONYMOUS])
    nav_register(key="t.x", label="二", url_name="login", roles=[ANONYMOUS])
    labels = [link.label for link in navigation_for(None) if link.key == "t.x"]
    assert labels == ["二"]
    nav_unregister(key="t.x")
    assert "t.x" not in _keys(None)


def test_entries_are_ordered(restore_registries, db):
    nav_register(key="t.late", label="后", url_name="login", roles=[ANONYMOUS], order=300)
    nav_register(key="t.early", label="前", url_name="login", roles=[ANONYMOUS], order=5)
    keys = _keys(None)
    assert keys.index("core.home") < keys.index("t.early") < keys.index("t.late")


def test_current_page_is_marked(db):
    def home(path):
        return next(link for link in navigation_for(None, current_path=path) if link.key == "core.home")

    assert home("/").current is True
    assert home("/accounts/login/").current is False


def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="unknown role"):
        nav_register(key="t.bad", label="坏", url_name="home", roles=["mayor"])
    with pytest.raises(ValueError, match="unknown role"):
        workbench_queue_register(role="mayor", key="x", label="坏")


def test_queue_count_provider_replaces_placeholder(make_user, client_for, restore_registries):
    workbench_queue_register(role=Role.WINDOW_CLERK, key="to_accept", label="待受理", count=lambda user: 7, order=10)
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    html = client_for(clerk).get("/").content.decode()
    assert 'data-queue="to_accept" data-count="7"' in html
    assert html.count("当前没有待办事项") == 3


def test_portal_search_goes_where_an_app_registered_it(client, restore_registries, db):
    navigation._PORTAL_SEARCH.clear()
    html = client.get("/", {"q": "营业执照"}).content.decode()
    assert 'action="/"' in html
    assert "事项检索正在接入" in html
    navigation.portal_search_register(url_name="login")
    html = client.get("/", {"q": "营业执照"}).content.decode()
    assert 'action="/accounts/login/"' in html
    assert "事项检索正在接入" not in html
