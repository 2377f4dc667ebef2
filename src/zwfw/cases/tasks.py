"""Background entry points (thin: ids in, one service call). Periodic jobs are registered in
:mod:`zwfw.cases.apps` through :func:`zwfw.periodic.periodic_register`."""

from __future__ import annotations

from django_tasks import task


@task()
def case_deadline_scan_task() -> dict:
    from zwfw.cases.services import case_deadline_scan

    return case_deadline_scan()


@task()
def supervision_send_task(notice_id: int) -> str:
    from zwfw.cases.services import supervision_notice_send

    return supervision_notice_send(notice_id=notice_id)


@task()
def supervision_retry_task() -> list[str]:
    from zwfw.cases.services import supervision_retry_due

    return supervision_retry_due()
