"""The licences' background entry points (STYLE.md convention 6): one service call each."""

from __future__ import annotations

from django_tasks import task

from zwfw.licences.services import licence_expire_due


@task()
def licence_expire_due_task() -> int:
    """Mark licences past their 有效期至 as expired; returns how many (periodic, daily)."""
    return licence_expire_due()
