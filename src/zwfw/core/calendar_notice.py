"""The platform admin's warning while this year or next year runs on a provisional calendar.

From October on, next year's deadlines start to be computed; until the State Council's notice is
loaded (``zwfw calendar load FILE``) they are counted on the statutory holidays alone and flagged
provisional (:mod:`zwfw.core.selectors.calendar`). The admin's home shows a queue
"节假日安排待载入" counting those years, so the warning stays until someone loads them.
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.navigation import workbench_queue_register
from zwfw.core.selectors.calendar import provisional_years_in_use


def register_calendar_notice() -> None:
    workbench_queue_register(
        role=Role.PLATFORM_ADMIN,
        key="calendar_provisional",
        label="节假日安排待载入",
        description="这些年度尚未载入国务院办公厅公布的放假安排，期限按法定节假日临时计算（zwfw calendar load）",
        count=lambda user: len(provisional_years_in_use()),
        url_name=None,
        order=5,
    )
