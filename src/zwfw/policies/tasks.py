"""Background entry points (thin: ids in, one service call)."""

from __future__ import annotations

from django_tasks import task


@task()
def match_run_task(run_id: int) -> str:
    from zwfw.policies.services import match_run_execute

    return match_run_execute(run_id=run_id).status


@task()
def policy_expire_task() -> dict:
    from zwfw.policies.services import policy_expire_due

    return policy_expire_due()
