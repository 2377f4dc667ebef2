"""Demo data for 好差评 (idempotent): two window services at the 成都市 hall rated on the pad —
one 非常满意, one 不满意 (which opens a rectification for 成都市市场监管局) — and one 办不成事
report by the demo applicant. Needs the demo accounts (core) and the demo catalog."""

from __future__ import annotations

from zwfw.core.models import User


def demo_ratings_ensure(*, actor=None) -> str | None:
    from zwfw.ratings.models import BlockedMatter, WindowVisit
    from zwfw.ratings.services import blocked_report, rating_by_token, window_visit_record

    clerk = User.objects.filter(username="clerk").first()
    person = User.objects.filter(username="person").first()
    if clerk is None or person is None:
        return "跳过：缺少演示账号 clerk/person"
    if WindowVisit.objects.filter(clerk=clerk).exists():
        return "已存在"
    _, _, token = window_visit_record(actor=clerk, window_no="A03", item_name="营业执照咨询与受理", applicant=person)
    rating_by_token(token=token, level=1, reasons=["fast", "attitude_good"], comment="一次就办好了")
    _, _, token = window_visit_record(actor=clerk, window_no="A05", item_name="食品经营许可（新办）")
    rating_by_token(token=token, level=4, reasons=["many_trips", "not_told_once"], comment="材料没有一次说清楚")
    if not BlockedMatter.objects.filter(reporter=person).exists():
        blocked_report(
            actor=person,
            blocker="no_item",
            description="想为家里的老人办理高龄津贴，在平台上找不到可以申请的事项。",
            item_name="高龄津贴申领",
            department_code="510100-zwfw",
        )
    return "2条窗口评价（含1条差评整改），1条办不成事反映"
