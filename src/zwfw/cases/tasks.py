"""Background entry points (thin: ids in, one service call). Periodic jobs are registered in
:mod:`zwfw.cases.apps` through :func:`zwfw.periodic.periodic_register`; ``CasesConfig.ready``
hands :data:`supervision_send_task` to the supervision service that enqueues it."""

from __future__ import annotations

from django_tasks import task

from zwfw.cases import services


@task()
def case_deadline_scan_task() -> dict:
    return services.case_deadline_scan()


@task()
def supervision_send_task(notice_id: int) -> str:
    return services.supervision_notice_send(notice_id=notice_id)


@task()
def supervision_retry_task() -> list[str]:
    return services.supervision_retry_due()
