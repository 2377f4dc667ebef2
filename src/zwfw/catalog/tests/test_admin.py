"""Admin pages render in Chinese; published versions are read-only there."""

from __future__ import annotations

import pytest
from django.test import Client

from zwfw.catalog.models import VersionStatus
from zwfw.catalog.services import item_version_create_draft
from zwfw.core.models import User


@pytest.fixture
def admin_client(published):
    user = User.objects.create_superuser("cat_admin", "a@example.com", "pw-123456-x")
    client = Client()
    client.force_login(user)
    return client


def test_changelists_render(admin_client):
    for name in ("baseitem", "itemimplementation", "itemversion", "licencetype"):
        res = admin_client.get(f"/admin/catalog/{name}/")
        assert res.status_code == 200, name


def test_published_version_is_read_only(admin_client, published):
    v1 = published.versions.get(number=1)
    res = admin_client.get(f"/admin/catalog/itemversion/{v1.pk}/change/")
    assert res.status_code == 200
    html = res.content.decode()
    assert 'name="conditions"' not in html  # shown, not editable
    assert "受理条件" in html


def test_draft_is_editable_in_admin(admin_client, published, users):
    draft = item_version_create_draft(actor=users["maintainer"], implementation=published)
    res = admin_client.get(f"/admin/catalog/itemversion/{draft.pk}/change/")
    assert res.status_code == 200
    assert 'name="conditions"' in res.content.decode()
    assert draft.status == VersionStatus.DRAFT


def test_every_catalog_audit_code_written_has_a_display_text(published, users):
    from zwfw.catalog.audit_actions import ACTIONS
    from zwfw.catalog.services import item_version_create_draft as create
    from zwfw.core.models import AuditLog

    create(actor=users["maintainer"], implementation=published)
    written = set(AuditLog.objects.filter(action__startswith="zwfw.catalog.").values_list("action", flat=True))
    assert written and written <= set(ACTIONS)


def test_search_synonym_admin_validates_audits_and_query_log_is_read_only(admin_client):
    from zwfw.catalog.audit_actions import ACTIONS
    from zwfw.catalog.models import SearchQueryStat, SearchSynonym
    from zwfw.core.models import AuditLog

    for name in ("searchsynonym", "searchquerystat"):
        assert admin_client.get(f"/admin/catalog/{name}/").status_code == 200, name
    bad = admin_client.post("/admin/catalog/searchsynonym/add/", {"term": "驾照", "official": "[]", "is_active": "on"})
    assert bad.status_code == 200 and "至少填写一个规范用语" in bad.content.decode()
    ok = admin_client.post(
        "/admin/catalog/searchsynonym/add/", {"term": " 驾照 ", "official": '["机动车驾驶证"]', "is_active": "on"}
    )
    assert ok.status_code == 302
    row = SearchSynonym.objects.get()
    assert row.term == "驾照" and row.updated_by is not None
    audit = AuditLog.objects.get(action="zwfw.catalog.search_synonym.admin_created")
    assert audit.action in ACTIONS
    assert admin_client.get("/admin/catalog/searchquerystat/add/").status_code == 403
    assert not SearchQueryStat.objects.exists()
