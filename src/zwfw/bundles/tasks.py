"""The bundles' background entry points (STYLE.md convention 6): one service call each."""

from __future__ import annotations

from django_tasks import task


@task()
def bundles_recompose_stale_task() -> list[str]:
    """Recompose every bundle whose items' versions in force changed; returns their codes."""
    from zwfw.bundles.services import bundles_recompose_stale

    return bundles_recompose_stale(actor=None)


@task()
def bundle_applications_advance_task() -> int:
    """Create later-stage child cases whose prerequisites are completed; returns how many."""
    from zwfw.bundles.services import bundle_applications_advance

    return bundle_applications_advance(actor=None)
