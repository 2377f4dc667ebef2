"""The ratings' background entry points (STYLE.md convention 6): one service call each."""

from __future__ import annotations

from django_tasks import task


@task()
def rectification_escalate_task() -> dict:
    """督办 overdue rectifications; returns the ids per escalation level reached."""
    from zwfw.ratings.services import rectification_escalate_scan

    return rectification_escalate_scan()
