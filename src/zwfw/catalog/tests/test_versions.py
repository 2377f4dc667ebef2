"""Version life cycle, immutability, the in-force rule, and concurrent approval."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections, transaction
from django.utils import timezone

from zwfw.catalog.errors import CatalogError, VersionImmutable
from zwfw.catalog.models import ItemVersion, Material, Step, StepEdge, VersionStatus
from zwfw.catalog.selectors import version_in_force
from zwfw.catalog.services import (
    catalog_versions_settle,
    item_version_approve,
    item_version_create_draft,
    item_version_reject,
    item_version_submit,
    item_version_update_draft,
    version_violations_for,
)
from zwfw.core.models import AuditLog


def _v1(impl):
    return impl.versions.get(number=1)


def _draft(impl, users, **content):
    draft = item_version_create_draft(actor=users["maintainer"], implementation=impl, change_note="调整")
    if content:
        draft = item_version_update_draft(actor=users["maintainer"], version=draft, content=content)
    return draft


def test_draft_copies_everything_from_the_version_in_force(published, users):
    draft = _draft(published, users)
    v1 = _v1(published)
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    assert draft.promised_limit_days == v1.promised_limit_days == 9
    assert [m.key for m in draft.materials.all()] == [m.key for m in v1.materials.all()]
    assert draft.steps.count() == v1.steps.count() == 6
    assert draft.edges.count() == 6
    # the copy's edges join the copy's steps, never the original's
    assert set(draft.edges.values_list("from_step__version", flat=True)) == {draft.pk}
    assert AuditLog.objects.filter(action="zwfw.catalog.item_version.draft_created", object_id=str(draft.pk)).exists()


def test_only_one_open_version(published, users):
    _draft(published, users)
    with pytest.raises(CatalogError) as exc:
        _draft(published, users)
    assert exc.value.code.code == "catalog_open_version_exists"
    assert exc.value.status == 409


def test_update_draft_merges_elements_and_reports_bad_input(published, users):
    draft = _draft(published, users, elements={"promised_limit_days": 8, "limit_note": "提速"})
    assert (draft.promised_limit_days, draft.limit_note, draft.legal_limit_days) == (8, "提速", 20)
    with pytest.raises(CatalogError) as exc:
        item_version_update_draft(actor=users["maintainer"], version=draft, content={"elements": {"online_depth": 9}})
    assert exc.value.status == 422
    assert exc.value.detail[0]["path"] == "elements.online_depth"


def test_full_cycle_submit_approve_supersedes_v1(published, users):
    draft = _draft(published, users, elements={"visits": 0})
    item_version_submit(actor=users["maintainer"], version=draft)
    v2 = item_version_approve(actor=users["reviewer"], version=draft)
    today = timezone.localdate()
    v1 = _v1(published)
    assert (v2.status, v2.effective_from, v2.effective_to) == (VersionStatus.PUBLISHED, today, None)
    assert v1.status == VersionStatus.SUPERSEDED
    assert v1.effective_to == today - dt.timedelta(days=1)
    assert version_in_force(published).pk == v2.pk
    assert version_in_force(published, on=today - dt.timedelta(days=1)).pk == v1.pk
    assert version_in_force(published, on=dt.date(2025, 12, 31)) is None
    actions = set(AuditLog.objects.filter(object_id=str(v2.pk)).values_list("action", flat=True))
    assert {"zwfw.catalog.item_version.submitted", "zwfw.catalog.item_version.approved"} <= actions


def test_future_dated_version_takes_over_on_its_date(published, users):
    draft = _draft(published, users, elements={"limit_note": "新规"})
    item_version_submit(actor=users["maintainer"], version=draft)
    start = timezone.localdate() + dt.timedelta(days=10)
    v2 = item_version_approve(actor=users["reviewer"], version=draft, effective_from=start)
    v1 = _v1(published)
    assert v1.status == VersionStatus.PUBLISHED  # still in force until the day before
    assert v1.effective_to == start - dt.timedelta(days=1)
    assert version_in_force(published).pk == v1.pk
    assert version_in_force(published, on=start).pk == v2.pk
    assert version_in_force(published, on=start - dt.timedelta(days=1)).pk == v1.pk
    assert catalog_versions_settle(on=start - dt.timedelta(days=1)) == 0
    assert catalog_versions_settle(on=start) == 1
    assert _v1(published).status == VersionStatus.SUPERSEDED
    assert version_in_force(published, on=start).pk == v2.pk


def test_approval_cannot_be_backdated(published, users):
    draft = _draft(published, users)
    item_version_submit(actor=users["maintainer"], version=draft)
    with pytest.raises(CatalogError) as exc:
        item_version_approve(
            actor=users["reviewer"], version=draft, effective_from=timezone.localdate() - dt.timedelta(days=1)
        )
    assert exc.value.code.code == "catalog_effective_date_past"


def test_illegal_transitions_name_the_state(published, users):
    draft = _draft(published, users)
    with pytest.raises(CatalogError) as exc:
        item_version_approve(actor=users["reviewer"], version=draft)
    assert exc.value.status == 409
    assert exc.value.detail["status"] == "draft"
    assert "草稿" in exc.value.message
    with pytest.raises(CatalogError):
        item_version_reject(actor=users["reviewer"], version=draft, reason="x")
    with pytest.raises(CatalogError) as exc:
        item_version_submit(actor=users["maintainer"], version=_v1(published))
    assert exc.value.detail["status"] == "published"


def test_reject_needs_a_reason_and_frees_the_item_for_a_new_draft(published, users):
    draft = _draft(published, users)
    item_version_submit(actor=users["maintainer"], version=draft)
    with pytest.raises(CatalogError):
        item_version_reject(actor=users["reviewer"], version=draft, reason="  ")
    rejected = item_version_reject(actor=users["reviewer"], version=draft, reason="材料清单不完整")
    assert (rejected.status, rejected.review_note) == (VersionStatus.REJECTED, "材料清单不完整")
    again = _draft(published, users)
    assert again.number == 3


def test_self_approval_is_refused(published, users):
    draft = item_version_create_draft(actor=users["platform"], implementation=published)
    item_version_submit(actor=users["platform"], version=draft)
    with pytest.raises(CatalogError) as exc:
        item_version_approve(actor=users["platform"], version=draft)
    assert exc.value.code.code == "catalog_self_approval"


def test_submit_refused_while_rules_are_broken(published, users):
    draft = _draft(published, users, elements={"promised_limit_days": 30})
    with pytest.raises(CatalogError) as exc:
        item_version_submit(actor=users["maintainer"], version=draft)
    assert exc.value.status == 422
    assert {v["kind"] for v in exc.value.detail} >= {"limit_raised", "promised_over_legal"}
    assert {v["kind"] for v in version_violations_for(draft)} >= {"limit_raised"}


def test_added_material_blocks_publication(published, users):
    draft = _draft(published, users)
    materials = [*_content_materials(draft), {"key": "extra", "name": "额外的证明", "forms": ["original"]}]
    item_version_update_draft(actor=users["maintainer"], version=draft, content={"elements": {"materials": materials}})
    with pytest.raises(CatalogError) as exc:
        item_version_submit(actor=users["maintainer"], version=draft)
    assert [v["kind"] for v in exc.value.detail] == ["added_material"]


def _content_materials(version):
    from zwfw.catalog.content import version_content

    return version_content(version)["elements"]["materials"]


def test_permissions_scope_and_roles(published, users):
    with pytest.raises(PermissionDenied):
        item_version_create_draft(actor=users["other_dept"], implementation=published)
    with pytest.raises(PermissionDenied):
        item_version_create_draft(actor=users["reviewer"], implementation=published)  # reviewers do not draft
    draft = _draft(published, users)
    item_version_submit(actor=users["maintainer"], version=draft)
    with pytest.raises(PermissionDenied):
        item_version_approve(actor=users["other_reviewer"], version=draft)
    with pytest.raises(PermissionDenied):
        item_version_approve(actor=users["maintainer2"], version=draft)  # maintainers do not approve


# --- immutability ------------------------------------------------------------------------


def test_published_version_content_cannot_change_at_model_level(published):
    v1 = _v1(published)
    v1.promised_limit_days = 1
    with pytest.raises(VersionImmutable) as exc:
        v1.save()
    assert "promised_limit_days" in exc.value.detail["fields"]
    v1 = _v1(published)
    v1.effective_from = dt.date(2020, 1, 1)
    with pytest.raises(VersionImmutable):
        v1.save()


def test_published_children_cannot_change_or_be_deleted(published):
    v1 = _v1(published)
    m = v1.materials.first()
    m.name = "改名"
    attempts = [
        m.save,
        m.delete,
        Material.objects.filter(version=v1).delete,  # queryset deletes are refused too
        Material(version=v1, key="new", name="新增").save,
        StepEdge.objects.filter(version=v1).delete,
        Step.objects.filter(version=v1).first().delete,
        v1.delete,
    ]
    for attempt in attempts:
        with pytest.raises(VersionImmutable), transaction.atomic():
            attempt()
    assert v1.materials.count() == 2 and v1.edges.count() == 6
    assert v1.materials.first().name == "食品经营许可申请书"


def test_version_in_review_is_frozen_and_service_refuses_update(published, users):
    draft = _draft(published, users)
    item_version_submit(actor=users["maintainer"], version=draft)
    draft.refresh_from_db()
    draft.conditions = "改"
    with pytest.raises(VersionImmutable):
        draft.save()
    with pytest.raises(CatalogError) as exc:
        item_version_update_draft(actor=users["maintainer"], version=draft, content={"elements": {"visits": 0}})
    assert exc.value.detail["status"] == "review"


def test_a_draft_can_be_deleted(published, users):
    draft = _draft(published, users)
    draft.delete()
    assert not ItemVersion.objects.filter(pk=draft.pk).exists()


# --- concurrency -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_exactly_one_wins(departments, users):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises whole write transactions (IMMEDIATE)")
    from zwfw.catalog.interchange.catalog_json import catalog_import
    from zwfw.catalog.models import ItemImplementation
    from zwfw.catalog.tests import factories as f

    catalog_import(actor=None, data=f.payload(), publish=True)
    impl = ItemImplementation.objects.get(code=f.IMPL_CODE)
    draft = item_version_create_draft(actor=users["maintainer"], implementation=impl)
    item_version_submit(actor=users["maintainer"], version=draft)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve(user):
        try:
            barrier.wait()
            item_version_approve(actor=user, version=ItemVersion.objects.get(pk=draft.pk))
            results.append("ok")
        except CatalogError as exc:
            results.append(f"{exc.status}:{exc.detail['status']}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(users[k],)) for k in ("reviewer", "reviewer2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["409:published", "ok"]
    assert ItemVersion.objects.filter(implementation=impl, status=VersionStatus.PUBLISHED).count() == 1


def test_the_version_in_force_behind_many_future_dated_ones(published, users):
    """version_in_force reads an implementation's newest released versions (8) through a compiled
    statement and checks their dates in Python; when all of them are still to come it asks the
    database with the date: the version in force is found either way."""
    today = timezone.localdate()
    future = []
    for i in range(8):
        draft = _draft(published, users, elements={"limit_note": f"第{i}版"})
        item_version_submit(actor=users["maintainer"], version=draft)
        future.append(
            item_version_approve(
                actor=users["reviewer"], version=draft, effective_from=today + dt.timedelta(days=10 + i)
            )
        )
    v1 = _v1(published)
    assert version_in_force(published).pk == v1.pk  # all eight newest are future-dated: the database decides
    assert version_in_force(published, on=today + dt.timedelta(days=12)).pk == future[2].pk
    assert version_in_force(published, on=today + dt.timedelta(days=30)).pk == future[-1].pk
    assert version_in_force(published, on=dt.date(2025, 12, 31)) is None
