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
