"""The trading app's background entry points (STYLE.md convention 6): one service call each."""

from __future__ import annotations

from django_tasks import task

from .services.deposits import deposit_overdue_alert
from .services.screening import sections_screen


@task()
def deposit_overdue_alert_task() -> int:
    """Alert overdue deposit refunds (periodic, daily); returns how many."""
    return deposit_overdue_alert()


@task()
def sections_rescreen_task() -> int:
    """Re-run the statistical and network screens over every opened section (periodic, nightly):
    the network signals of old sections change as new sections open."""
    return sections_screen(actor=None)
