"""Background entry points (thin: ids in, one service call)."""

from __future__ import annotations

from django_tasks import task

from zwfw.policies.services import policy_expire_due
from zwfw.policies.services.matching import match_run_task

__all__ = ["match_run_task", "policy_expire_task"]


@task()
def policy_expire_task() -> dict:
    return policy_expire_due()
