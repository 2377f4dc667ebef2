"""Replaced uploads are deleted when the replacing upload commits (issue 18 item 8; the retention
rule is in docs/operations.md §7), and kept when it rolls back."""

from __future__ import annotations

import pytest
from django.db import transaction

from zwfw.cases.services import case_material_upload
from zwfw.cases.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def test_a_replaced_material_file_is_deleted_on_commit(people, apply_case, django_capture_on_commit_callbacks):
    case = apply_case()
    material = case.materials.get(key="application_form")
    old = material.file.name
    storage = material.file.storage
    assert old and storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        new = case_material_upload(
            actor=people["person"], case=case, key="application_form", upload=pdf("new.pdf", b"%PDF-1.7\nnew\n")
        )
    assert new.file.name != old and storage.exists(new.file.name)
    assert not storage.exists(old)
    from zwfw.core.models import AuditLog

    shas = list(
        AuditLog.objects.filter(action="zwfw.cases.material.uploaded", object_id=str(material.pk)).values_list(
            "after__sha256", flat=True
        )
    )
    assert new.sha256 in shas  # what was handed in stays on record in the audit chain


def test_a_rolled_back_replacement_keeps_the_old_file(people, apply_case, django_capture_on_commit_callbacks):
    case = apply_case()
    old = case.materials.get(key="application_form").file
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        case_material_upload(actor=people["person"], case=case, key="application_form", upload=pdf("n.pdf"))
        raise RuntimeError("rolled back")
    assert callbacks == [] and old.storage.exists(old.name)


def _files(storage, folder: str) -> set[str]:
    return {f"{folder}{name}" for name in storage.listdir(folder)[1]}


def test_the_file_of_a_rolled_back_upload_is_swept_after_the_grace_period(people, apply_case, settings, tmp_path):
    """The rolled-back upload's file is named by no row: the daily sweep leaves it while it may
    still be in flight (grace period), reports it in a dry run, then deletes it; every file a
    material names is kept."""
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command

    from zwfw.core.services.uploads import upload_orphans_sweep

    # The sweep walks the whole cases/ folder of the default storage: give this test its own, on
    # disk (the test settings' in-memory storage is shared by every test of the process, and files
    # of tests that ran under a frozen clock look older than the grace period).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    case = apply_case()
    material = case.materials.get(key="application_form")
    storage, kept = material.file.storage, material.file.name
    assert storage.path(kept).startswith(str(tmp_path))  # this test's own storage
    folder = f"cases/{case.pk}/"
    before = _files(storage, folder)
    with pytest.raises(RuntimeError), transaction.atomic():
        case_material_upload(
            actor=people["person"], case=case, key="application_form", upload=pdf("n.pdf", b"%PDF-1.7\nlost\n")
        )
        raise RuntimeError("rolled back")
    (orphan,) = _files(storage, folder) - before
    named = set(case.materials.exclude(file="").values_list("file", flat=True))
    assert kept in named and orphan not in named

    out = StringIO()
    call_command("uploads_sweep", "--dry-run", stdout=out)  # 24 h grace: a fresh file may be in flight
    assert storage.exists(orphan) and "将删除 0" in out.getvalue() and orphan not in out.getvalue()

    later = dt.timedelta(0)  # as if the grace period had passed for every file written so far
    dry = upload_orphans_sweep(grace=later, dry_run=True)
    assert orphan in dry.deleted and storage.exists(orphan)
    done = upload_orphans_sweep(grace=later)
    assert orphan in done.deleted and not storage.exists(orphan)
    assert all(storage.exists(name) for name in named) and kept not in done.deleted
    assert upload_orphans_sweep(grace=later).deleted == []  # again: nothing left to delete


def test_the_sweep_command_refuses_a_grace_shorter_than_an_hour():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="至少为1"):
        call_command("uploads_sweep", "--grace-hours", "0")
