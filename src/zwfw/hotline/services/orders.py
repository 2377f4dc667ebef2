"""Work orders (工单): intake (受理), duplicate linking (并单), dispatch (派单) and the flow
签收 → 办理 → 答复 → 回访 → 办结, with 退单/仲裁, 延期, 督办, 提级办理 and 重办.

Every function here takes ``actor`` keyword-only, runs in one transaction, locks the order
(``select_for_update``; on SQLite the IMMEDIATE transaction) and checks its state after the lock,
so of two concurrent actions on one order exactly one wins and the other gets 409 naming the state.
Each step writes a timeline event and an audit row (``zwfw.hotline.work_order.<verb>``) in the same
transaction; notices are outbox rows in that transaction too.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction

from zwfw.core.models import APPLICANT_ROLES, Department, Region
from zwfw.core.permissions import effective_role, require
from zwfw.hotline import permissions as perms
from zwfw.hotline.errors import HotlineError, HotlineErrorCode
from zwfw.hotline.models import (
    AppealType,
    Category,
    CategoryCorrection,
    Channel,
    EventKind,
    ExtensionRequest,
    ExtensionStatus,
    KnowledgeEntry,
    NumberSequence,
    Status,
    Urgency,
    WorkOrder,
)
from zwfw.hotline.services import _base as b
from zwfw.hotline.services import sla
from zwfw.hotline.text import normalise_address, similarity

# Above this confidence the classifier's first suggestion is dispatched without an operator.
AUTO_DISPATCH_THRESHOLD = 0.8
# 重复诉求并单 (国办函〔2025〕66号): an appeal like an open or recent one is linked to the first.
DUPLICATE_WINDOW_DAYS = 30
SAME_CALLER_SIMILARITY = 0.35
SAME_PLACE_SIMILARITY = 0.5
DUPLICATE_CANDIDATES = 200
MAX_TEXT = 10_000
_PHONE = re.compile(r"^[0-9+\-() ]{3,20}$")
PLATFORM_SOURCES = {"case_complaint": "办件投诉", "cannot_get_done": "办不成事反映"}


def _link(order: WorkOrder) -> str:
    return f"/hotline/orders/{order.pk}/"


def _next_number(now: dt.datetime) -> str:
    from django.utils import timezone

    prefix = "RX" + timezone.localdate(now).strftime("%Y%m%d")
    seq, _ = NumberSequence.objects.select_for_update().get_or_create(prefix=prefix)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{prefix}{seq.last:05d}"


def _bad(what: str, reason: str) -> HotlineError:
    return HotlineError(HotlineErrorCode.BAD_VALUE, detail={"field": what}, what=what, reason=reason)


def _category(code: str | None) -> Category | None:
    if not code:
        return None
    category = Category.objects.filter(code=code).select_related("parent__parent").first()
    if category is None:
        raise HotlineError(HotlineErrorCode.UNKNOWN_CATEGORY, detail={"field": "category"}, value=code[:50])
    return category


def _department(code: str | None) -> Department | None:
    if not code:
        return None
    dept = Department.objects.filter(code=code, is_active=True).first()
    if dept is None:
        raise HotlineError(HotlineErrorCode.UNKNOWN_DEPARTMENT, detail={"field": "department"}, value=code[:50])
    return dept


def _duplicate_root(*, text: str, region: Region, caller_phone: str, address: str, now) -> WorkOrder | None:
    """The first order this appeal repeats: same caller, or same place, on the same topic, inside
    the window; the root of a chain (an order merged into another points at that other's root)."""
    since = now - dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    place = normalise_address(address)
    candidates = WorkOrder.objects.filter(created_at__gte=since, region=region).exclude(status=Status.MERGED)
    by_caller = (
        list(candidates.filter(caller_phone=caller_phone).order_by("created_at")[:DUPLICATE_CANDIDATES])
        if caller_phone
        else []
    )
    for order in by_caller:
        if similarity(order.text, text) >= SAME_CALLER_SIMILARITY:
            return order
    if len(place) >= 4:
        for order in candidates.exclude(address="").order_by("created_at")[:DUPLICATE_CANDIDATES]:
            if normalise_address(order.address) == place and similarity(order.text, text) >= SAME_PLACE_SIMILARITY:
                return order
    return None


def _suggest(text: str) -> tuple[list[dict], int | None]:
    from zwfw.hotline.services.classify import classifier_suggest

    return classifier_suggest(text=text)


def route_department(category: Category | None, region: Region) -> Department | None:
    """The department of the published 权责清单 for the category in the region: the nearest region
    first (属地), walking up the region tree, and at each region the most specific category."""
    from zwfw.hotline.models import ResponsibilityRule, ResponsibilityVersionStatus

    if category is None:
        return None
    cats = []
    node = category
    while node is not None:
        cats.append(node.pk)
        node = node.parent
    rules = {
        (r.region_id, r.category_id): r.department
        for r in ResponsibilityRule.objects.filter(
            version__status=ResponsibilityVersionStatus.PUBLISHED, category_id__in=cats
        ).select_related("department")
    }
    regions = [c for c in region.path.strip("/").split("/") if c][::-1]
    for region_code in regions:
        for cat in cats:
            dept = rules.get((region_code, cat))
            if dept is not None:
                return dept
    return None


def _dispatch(order: WorkOrder, department: Department, *, actor, now, note: str, auto: bool = False) -> None:
    order.department = department
    order.status = Status.DISPATCHED
    order.dispatched_at = now
    order.sign_due_at = sla.sign_due(dispatched_at=now, urgency=order.urgency)
    order.signed_at = None
    order.signed_on_time = None
    order.due_at = None
    order.auto_dispatched = auto
    b.event(order, EventKind.DISPATCHED, actor, note=note, department=department)
    b.notify_department(
        department,
        subject=f"新派工单 {order.number}：{order.title}",
        body=f"请于{order.sign_due_at:%Y-%m-%d %H:%M}前签收。{order.title}",
        event_code="zwfw.hotline.work_order.dispatched",
        link=_link(order),
    )


#: What :func:`_dispatch` writes; a dispatch that also sets the category saves _DISPATCH_FIELDS.
_DISPATCHED_FIELDS = [
    "department",
    "status",
    "dispatched_at",
    "sign_due_at",
    "signed_at",
    "signed_on_time",
    "due_at",
    "auto_dispatched",
]
_DISPATCH_FIELDS = ["category", *_DISPATCHED_FIELDS]


def _record_correction(order: WorkOrder, category: Category, actor) -> None:
    """Store the operator's choice when it differs from the model's first suggestion."""
    top = order.suggestions[0]["label"] if order.suggestions else ""
    chosen = category.top.name
    if top and top != chosen:
        CategoryCorrection.objects.create(order=order, suggested=top, chosen=chosen, text=order.text, operator=actor)


def work_order_create(
    *,
    actor,
    channel: str,
    text: str,
    title: str = "",
    appeal_type: str = AppealType.CONSULT,
    urgency: str = Urgency.NORMAL,
    region_code: str,
    caller_name: str = "",
    caller_phone: str = "",
    caller_user=None,
    address: str = "",
    latitude: Decimal | float | str | None = None,
    longitude: Decimal | float | str | None = None,
    category_code: str | None = None,
    department_code: str | None = None,
    knowledge_entry_id: int | None = None,
    source_kind: str = "",
    source_ref: str = "",
    auto_dispatch: bool = True,
) -> WorkOrder:
    """受理: register an appeal and decide what happens to it at once.

    Outcomes, in this order:
    1. it repeats an earlier appeal (:func:`_duplicate_root`) → ``merged`` into that one (并单);
    2. a consultation answered from the knowledge base (``knowledge_entry_id``) → ``closed`` at
       intake (一次办结);
    3. the operator chose a category (``category_code``), or the classifier's first suggestion is at
       least :data:`AUTO_DISPATCH_THRESHOLD` → the 权责清单 (or ``department_code``) gives the
       department and the order is ``dispatched``; a choice other than the model's suggestion is
       stored as a correction for the next training;
    4. otherwise ``to_dispatch``: an operator confirms category and department.
    Applicants (web, mobile, Open311) file for themselves; phone intake is the operator's.
    """
    role = effective_role(actor) if actor is not None else None
    is_applicant = role in {r.value for r in APPLICANT_ROLES}
    if actor is not None:
        require(actor, perms.ORDER_INTAKE if not is_applicant else perms.OPEN311_SUBMIT)
    if channel not in Channel.values:
        raise _bad("channel", "不支持的受理渠道")
    if is_applicant and channel in {Channel.PHONE, Channel.PLATFORM}:
        raise _bad("channel", "电话受理须由话务员登记")
    if appeal_type not in AppealType.values:
        raise _bad("appeal_type", "诉求类型应为咨询、求助、意见建议、投诉或举报")
    if urgency not in Urgency.values:
        raise _bad("urgency", "紧急程度有误")
    text = (text or "").strip()
    if not text:
        raise HotlineError(HotlineErrorCode.TEXT_REQUIRED, detail={"field": "text"})
    if len(text) > MAX_TEXT:
        raise _bad("text", f"诉求内容不能超过{MAX_TEXT}字")
    region = Region.objects.filter(code=(region_code or "")[:12]).first()
    if region is None:
        raise HotlineError(HotlineErrorCode.UNKNOWN_REGION, detail={"field": "region"}, value=(region_code or "")[:20])
    if is_applicant:
        caller_user = actor
        caller_name = caller_name or actor.display_name
        caller_phone = caller_phone or actor.phone
    caller_phone = (caller_phone or "").strip()
    if caller_phone and not _PHONE.match(caller_phone):
        raise _bad("caller_phone", "联系电话格式不正确")
    caller_name = (caller_name or "").strip()[:64]
    title = (title or "").strip()[:200] or text[:30]
    lat = _coordinate(latitude, "latitude", 90)
    lon = _coordinate(longitude, "longitude", 180)
    category = _category(category_code)
    department = _department(department_code)
    entry = None
    if knowledge_entry_id is not None:
        entry = KnowledgeEntry.objects.filter(pk=knowledge_entry_id, is_active=True).first()
        if entry is None:
            raise _bad("knowledge_entry", "知识库条目不存在")
        if appeal_type != AppealType.CONSULT:
            raise HotlineError(HotlineErrorCode.NOT_CONSULTATION, detail={"field": "knowledge_entry"})
    suggestions, model_version = _suggest(text)

    with transaction.atomic():
        now = b.now()
        order = WorkOrder(
            number=_next_number(now),
            channel=channel,
            appeal_type=appeal_type,
            urgency=urgency,
            title=title,
            text=text,
            caller_name=caller_name,
            caller_phone=caller_phone,
            caller_user=caller_user,
            intake_operator=actor if (actor is not None and not is_applicant) else None,
            region=region,
            address=(address or "").strip()[:200],
            latitude=lat,
            longitude=lon,
            source_kind=source_kind[:32],
            source_ref=source_ref[:64],
            suggestions=suggestions,
            model_version=model_version,
        )
        root = _duplicate_root(text=text, region=region, caller_phone=caller_phone, address=order.address, now=now)
        if root is not None:
            order.status = Status.MERGED
            order.duplicate_of = root.duplicate_of or root
            order.category = root.category
            order.department = root.department
            order.save()
            b.event(order, EventKind.CREATED, actor, note=f"受理（{order.get_channel_display()}）")
            b.event(order, EventKind.MERGED, actor, note=f"重复诉求，并入 {order.duplicate_of.number}")
            b.event(order.duplicate_of, EventKind.MERGED, actor, note=f"重复诉求 {order.number} 并入本工单")
            b.audit(actor, "merged", order, None, {"duplicate_of": order.duplicate_of.number})
            return order
        if entry is not None:
            order.status = Status.CLOSED
            order.knowledge_entry = entry
            order.category = entry.category
            order.closed_at_intake = True
            order.answer = entry.answer
            order.answered_at = order.closed_at = now
            order.answered_on_time = True
            order.save()
            b.event(order, EventKind.CREATED, actor, note=f"受理（{order.get_channel_display()}）")
            b.event(order, EventKind.CLOSED, actor, note=f"依据知识库“{entry.question}”当场答复，一次办结")
            b.audit(actor, "closed_at_intake", order, None, {"knowledge_entry": entry.pk})
            return order
        auto = False
        if category is None and auto_dispatch and suggestions:
            top = suggestions[0]
            if top["confidence"] >= AUTO_DISPATCH_THRESHOLD and top.get("category_code"):
                category = Category.objects.filter(code=top["category_code"]).first()
                auto = category is not None
        order.category = category
        order.save()
        b.event(order, EventKind.CREATED, actor, note=f"受理（{order.get_channel_display()}）")
        if category is not None and not auto and actor is not None and not is_applicant:
            _record_correction(order, category, actor)
        target = department or route_department(category, region)
        if category is not None and target is not None:
            _dispatch(
                order,
                target,
                actor=actor,
                now=now,
                note=("系统按模型分类自动派单" if auto else "受理时派单") + f"：{category.name} → {target.name}",
                auto=auto,
            )
            b.save(order, _DISPATCHED_FIELDS)
        b.audit(actor, "created", order, None, {"channel": channel, "suggestions": suggestions, "auto": auto})
        if order.status == Status.DISPATCHED:
            b.audit(actor, "dispatched", order, None, {"auto": auto})
    return order


def _coordinate(value, name: str, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value)).quantize(Decimal("0.000001"))
    except Exception:
        raise _bad(name, "应为数字") from None
    if not d.is_finite() or abs(d) > limit:
        raise _bad(name, f"应在 -{limit} 到 {limit} 之间")
    return d


def work_order_create_from_platform(
    *,
    actor,
    source_kind: str,
    source_ref: str,
    applicant,
    text: str,
    title: str = "",
    region_code: str | None = None,
    appeal_type: str = AppealType.COMPLAINT,
    department_code: str | None = None,
) -> WorkOrder:
    """转办: a case's complaint (``source_kind="case_complaint"``) or a 办不成事 report
    (``"cannot_get_done"``) from the service platform becomes a work order.

    ``applicant`` is the citizen's user (or None); ``actor`` the staff member or ``None`` for the
    system. ``department_code`` dispatches it straight to the department concerned (the case's
    department); without it the order waits for the hub's dispatch. The region defaults to the
    applicant's, then the actor's. Audited like any intake.
    """
    if source_kind not in PLATFORM_SOURCES:
        raise _bad("source_kind", "应为 case_complaint 或 cannot_get_done")
    region_code = region_code or getattr(applicant, "region_id", None) or getattr(actor, "region_id", None)
    department = _department(department_code)
    order = work_order_create(
        actor=None,
        channel=Channel.PLATFORM,
        text=text,
        title=title or f"{PLATFORM_SOURCES[source_kind]}：{(text or '').strip()[:24]}",
        appeal_type=appeal_type,
        region_code=region_code or "",
        caller_name=getattr(applicant, "display_name", "") or "",
        caller_phone=getattr(applicant, "phone", "") or "",
        caller_user=applicant,
        source_kind=source_kind,
        source_ref=source_ref,
        auto_dispatch=department is None,
    )
    if department is not None and order.status == Status.TO_DISPATCH:
        with transaction.atomic():
            order = b.lock_order(order.pk)
            before = b.snapshot(order)
            _dispatch(order, department, actor=actor, now=b.now(), note="平台转办，直派承办部门")
            b.save(order, _DISPATCH_FIELDS)
            b.audit(actor, "dispatched", order, before, {"source": source_kind})
    return order


def work_order_dispatch(
    *, actor, order_id: int, category_code: str, department_code: str | None = None, row_version: int | None = None
) -> WorkOrder:
    """派单: the operator confirms the category (a correction is stored when it differs from the
    model's first suggestion) and the department (given, or from the 权责清单; none → 422)."""
    require(actor, perms.ORDER_DISPATCH)
    category = _category(category_code)
    if category is None:  # the page's form sends "" when no category is picked
        raise HotlineError(HotlineErrorCode.REASON_REQUIRED, detail={"field": "category"}, what="诉求分类")
    department = _department(department_code)
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_status(order, [Status.TO_DISPATCH], "派单")
        before = b.snapshot(order)
        target = department or route_department(category, order.region)
        if target is None:
            raise HotlineError(
                HotlineErrorCode.NO_ROUTE,
                detail={"field": "department"},
                category=category.name,
                region=order.region.name,
            )
        _record_correction(order, category, actor)
        order.category = category
        _dispatch(order, target, actor=actor, now=b.now(), note=f"派单：{category.name} → {target.name}")
        b.save(order, _DISPATCH_FIELDS)
        b.audit(actor, "dispatched", order, before)
    return order


def work_order_sign(*, actor, order_id: int, row_version: int | None = None) -> WorkOrder:
    """签收: the department takes the order; the handling clock starts now (:mod:`.sla`)."""
    require(actor, perms.ORDER_HANDLE)
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_department_staff(actor, order)
        b.require_status(order, [Status.DISPATCHED], "签收")
        before = b.snapshot(order)
        now = b.now()
        order.status = Status.SIGNED
        order.signed_at = now
        order.signed_on_time = order.sign_due_at is None or now <= order.sign_due_at
        order.due_at = sla.handling_due(
            signed_at=now, appeal_type=order.appeal_type, urgency=order.urgency, extra_days=order.extended_days
        )
        b.save(order, ["status", "signed_at", "signed_on_time", "due_at"])
        b.event(order, EventKind.SIGNED, actor, note=f"办理时限 {order.due_at:%Y-%m-%d %H:%M}")
        b.audit(actor, "signed", order, before)
    return order


def work_order_process(*, actor, order_id: int, note: str = "", row_version: int | None = None) -> WorkOrder:
    """办理: the department records that it is working on the order (with a progress note)."""
    require(actor, perms.ORDER_HANDLE)
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_department_staff(actor, order)
        b.require_status(order, [Status.SIGNED, Status.PROCESSING], "登记办理进展")
        before = b.snapshot(order)
        order.status = Status.PROCESSING
        b.save(order, ["status"])
        b.event(order, EventKind.PROCESSING, actor, note=(note or "开始办理").strip()[:2000])
        b.audit(actor, "processing", order, before)
    return order


def work_order_answer(*, actor, order_id: int, answer: str, row_version: int | None = None) -> WorkOrder:
    """答复: the department's answer to the caller; on time when given by the deadline."""
    require(actor, perms.ORDER_HANDLE)
    answer = (answer or "").strip()
    if not answer:
        raise HotlineError(HotlineErrorCode.REASON_REQUIRED, detail={"field": "answer"}, what="答复内容")
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_department_staff(actor, order)
        b.require_status(order, [Status.SIGNED, Status.PROCESSING], "答复")
        before = b.snapshot(order)
        now = b.now()
        order.status = Status.ANSWERED
        order.answer = answer[:MAX_TEXT]
        order.answered_at = now
        order.answered_on_time = order.due_at is None or now <= order.due_at
        b.save(order, ["status", "answer", "answered_at", "answered_on_time"])
        WorkOrder.objects.filter(duplicate_of=order).update(answer=order.answer, answered_at=now)
        b.event(order, EventKind.ANSWERED, actor, note=order.answer)
        b.audit(actor, "answered", order, before)
        b.notify_user(
            order.caller_user,
            subject=f"您的诉求 {order.number} 已答复",
            body=order.answer[:500],
            event_code="zwfw.hotline.work_order.answered",
            link=_link(order),
        )
    return order


def work_order_visit(
    *, actor, order_id: int, satisfaction: int, resolved: bool, note: str = "", row_version: int | None = None
) -> WorkOrder:
    """回访: the caller's verdict (满意度 1–5, GB/T 39046 levels; 解决 yes/no), recorded by the
    hub's operator on the call back, or by the caller on their own order."""
    require(actor, perms.ORDER_VISIT)
    if not isinstance(satisfaction, int) or isinstance(satisfaction, bool) or not 1 <= satisfaction <= 5:
        raise _bad("satisfaction", "满意度应为1（非常不满意）到5（非常满意）")
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        if effective_role(actor) in {r.value for r in APPLICANT_ROLES} and order.caller_user_id != actor.pk:
            from django.http import Http404

            raise Http404("工单不存在")
        b.require_status(order, [Status.ANSWERED], "回访")
        before = b.snapshot(order)
        order.status = Status.VISITED
        order.visited_at = b.now()
        order.satisfaction = satisfaction
        order.resolved = bool(resolved)
        order.visit_note = (note or "").strip()[:500]
        b.save(order, ["status", "visited_at", "satisfaction", "resolved", "visit_note"])
        b.event(
            order,
            EventKind.VISITED,
            actor,
            note=f"满意度{satisfaction}，{'已解决' if resolved else '未解决'}。{order.visit_note}",
        )
        b.audit(actor, "visited", order, before, {"satisfaction": satisfaction, "resolved": bool(resolved)})
    return order


def work_order_close(*, actor, order_id: int, row_version: int | None = None) -> WorkOrder:
    """办结: the hub closes a visited order (an unresolved one may be 重办 instead)."""
    require(actor, perms.ORDER_CLOSE)
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_status(order, [Status.VISITED], "办结")
        before = b.snapshot(order)
        order.status = Status.CLOSED
        order.closed_at = b.now()
        b.save(order, ["status", "closed_at"])
        WorkOrder.objects.filter(duplicate_of=order).update(closed_at=order.closed_at)
        b.event(order, EventKind.CLOSED, actor)
        b.audit(actor, "closed", order, before)
    return order


def work_order_reopen(*, actor, order_id: int, reason: str, row_version: int | None = None) -> WorkOrder:
    """重办: an answered or visited order that did not solve the problem goes back to the same
    department (signing again restarts the clock)."""
    require(actor, perms.ORDER_CLOSE)
    reason = _reason(reason, "重办理由")
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_status(order, [Status.ANSWERED, Status.VISITED], "重办")
        before = b.snapshot(order)
        _dispatch(order, order.department, actor=actor, now=b.now(), note=f"重办：{reason}")
        order.answered_at = order.visited_at = None
        order.answered_on_time = order.resolved = order.satisfaction = None
        b.save(order, [*_DISPATCH_FIELDS, "answered_at", "visited_at", "answered_on_time", "resolved", "satisfaction"])
        b.event(order, EventKind.REOPENED, actor, note=reason)
        b.audit(actor, "reopened", order, before, {"reason": reason})
    return order


def _reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise HotlineError(HotlineErrorCode.REASON_REQUIRED, detail={"field": "reason"}, what=what)
    return text[:1000]


def work_order_return(*, actor, order_id: int, reason: str, row_version: int | None = None) -> WorkOrder:
    """退单: the department says the order is not theirs (职能不符/属地不符), with a reason.

    The first return sends the order back to dispatch; a second dispute goes to the hub's
    arbitration (``arbitration``); after arbitration the decided department cannot return it.
    """
    require(actor, perms.ORDER_HANDLE)
    reason = _reason(reason, "退单理由")
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_department_staff(actor, order)
        b.require_status(order, [Status.DISPATCHED, Status.SIGNED], "退单")
        if order.events.filter(kind=EventKind.ARBITRATED).exists():
            raise HotlineError(
                HotlineErrorCode.ILLEGAL_TRANSITION,
                detail={"status": order.status, "action": "return"},
                status="已经仲裁确定承办部门",
                action="再次退单",
            )
        before = b.snapshot(order)
        returning = order.department
        order.return_count += 1
        b.event(order, EventKind.RETURNED, actor, note=reason, department=returning)
        if order.return_count >= 2:
            order.status = Status.ARBITRATION
        else:
            order.status = Status.TO_DISPATCH
            order.department = None
        order.dispatched_at = order.sign_due_at = order.signed_at = order.due_at = None
        order.signed_on_time = None
        b.save(
            order,
            [
                "status",
                "department",
                "return_count",
                "dispatched_at",
                "sign_due_at",
                "signed_at",
                "signed_on_time",
                "due_at",
            ],
        )
        b.audit(actor, "returned", order, before, {"reason": reason, "returned_by": returning.code})
    return order


def work_order_arbitrate(
    *, actor, order_id: int, department_code: str, note: str = "", row_version: int | None = None
) -> WorkOrder:
    """仲裁: the hub decides the department of a twice-disputed order; that department must handle it."""
    require(actor, perms.ORDER_SUPERVISE)
    department = _department(department_code)
    if department is None:
        raise HotlineError(HotlineErrorCode.REASON_REQUIRED, detail={"field": "department"}, what="承办部门")
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_status(order, [Status.ARBITRATION], "仲裁")
        before = b.snapshot(order)
        b.event(
            order,
            EventKind.ARBITRATED,
            actor,
            note=(note or "").strip()[:1000] or f"仲裁确定由{department.name}承办",
            department=department,
        )
        _dispatch(order, department, actor=actor, now=b.now(), note="仲裁后派单")
        b.save(order, _DISPATCH_FIELDS)
        b.audit(actor, "arbitrated", order, before, {"department": department.code})
    return order


def work_order_extension_request(
    *, actor, order_id: int, days: int, reason: str, row_version: int | None = None
) -> ExtensionRequest:
    """延期申请: before the deadline, for at most :data:`sla.MAX_EXTENSION_DAYS` working days."""
    require(actor, perms.ORDER_HANDLE)
    reason = _reason(reason, "延期原因")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= sla.MAX_EXTENSION_DAYS:
        raise _bad("days", f"延期天数应为1到{sla.MAX_EXTENSION_DAYS}个工作日")
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_department_staff(actor, order)
        b.require_status(order, [Status.SIGNED, Status.PROCESSING], "申请延期")
        if order.due_at is not None and b.now() > order.due_at:
            raise HotlineError(HotlineErrorCode.EXTENSION_TOO_LATE)
        if order.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise HotlineError(HotlineErrorCode.EXTENSION_PENDING)
        ext = ExtensionRequest.objects.create(order=order, days=days, reason=reason, requested_by=actor)
        b.save(order, [])
        b.event(order, EventKind.EXTENSION_REQUESTED, actor, note=f"申请延期{days}个工作日：{reason}")
        b.audit(actor, "extension_requested", order, None, {"days": days, "reason": reason})
    return ext


def work_order_extension_decide(*, actor, extension_id: int, approve: bool, note: str = "") -> ExtensionRequest:
    """延期审批 by the hub: approved → the deadline moves by the working days asked."""
    require(actor, perms.ORDER_SUPERVISE)
    with transaction.atomic():
        ext = ExtensionRequest.objects.select_for_update().filter(pk=extension_id).first()
        if ext is None:
            from django.http import Http404

            raise Http404("延期申请不存在")
        order = b.lock_order(ext.order_id)
        if ext.status != ExtensionStatus.PENDING:
            raise HotlineError(
                HotlineErrorCode.ILLEGAL_TRANSITION,
                detail={"status": ext.status},
                status=ext.get_status_display(),
                action="审批延期",
            )
        before = b.snapshot(order)
        ext.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
        ext.decided_by = actor
        ext.decided_at = b.now()
        ext.decision_note = (note or "").strip()[:500]
        ext.save()
        fields = []
        if approve:
            order.extended_days += ext.days
            fields.append("extended_days")
            if order.due_at is not None:
                order.due_at = sla.extend(due_at=order.due_at, days=ext.days)
                fields.append("due_at")
        b.save(order, fields)
        b.event(
            order,
            EventKind.EXTENSION_DECIDED,
            actor,
            note=("批准延期" if approve else "不予延期") + (f"：{ext.decision_note}" if ext.decision_note else ""),
        )
        b.audit(actor, "extension_decided", order, before, {"approved": bool(approve), "days": ext.days})
        b.notify_department(
            order.department,
            subject=f"工单 {order.number} 延期申请{'已批准' if approve else '未获批准'}",
            body=ext.decision_note or "",
            event_code="zwfw.hotline.work_order.extension_decided",
            link=_link(order),
        )
    return ext


def is_overdue(order: WorkOrder, now=None) -> bool:
    now = now or b.now()
    if order.status == Status.DISPATCHED:
        return order.sign_due_at is not None and now > order.sign_due_at
    if order.status in {Status.SIGNED, Status.PROCESSING}:
        return order.due_at is not None and now > order.due_at
    return False


def work_order_supervise(*, actor, order_id: int, note: str = "", row_version: int | None = None) -> WorkOrder:
    """督办: the hub presses the department on an overdue order (not signed or not answered in time)."""
    require(actor, perms.ORDER_SUPERVISE)
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        if not is_overdue(order):
            raise HotlineError(HotlineErrorCode.NOT_OVERDUE, detail={"status": order.status})
        before = b.snapshot(order)
        order.supervision_count += 1
        b.save(order, ["supervision_count"])
        text = (note or "").strip()[:1000] or "工单已超期，请立即办理并答复"
        b.event(order, EventKind.SUPERVISED, actor, note=text)
        b.audit(actor, "supervised", order, before, {"note": text, "count": order.supervision_count})
        b.notify_department(
            order.department,
            subject=f"督办：工单 {order.number} 已超期",
            body=text,
            event_code="zwfw.hotline.work_order.supervised",
            link=_link(order),
        )
    return order


def work_order_escalate(*, actor, order_id: int, reason: str, row_version: int | None = None) -> WorkOrder:
    """提级办理: the order goes to the same line's department one level up (成都市市场监管局 →
    四川省市场监督管理局), which signs it again with a fresh clock."""
    require(actor, perms.ORDER_SUPERVISE)
    reason = _reason(reason, "提级理由")
    with transaction.atomic():
        order = b.lock_order(order_id, row_version=row_version)
        b.require_status(order, [Status.DISPATCHED, Status.SIGNED, Status.PROCESSING], "提级办理")
        current = order.department
        above = current.parent if current is not None and current.parent_id else None
        if above is None and current is not None and current.line and current.region.parent_id:
            above = Department.objects.filter(region_id=current.region.parent_id, line=current.line).first()
        if above is None:
            raise HotlineError(HotlineErrorCode.NO_LEVEL_ABOVE, department=current.name if current else "—")
        before = b.snapshot(order)
        order.escalation_count += 1
        b.event(
            order, EventKind.ESCALATED, actor, note=f"由{current.name}提级至{above.name}：{reason}", department=above
        )
        _dispatch(order, above, actor=actor, now=b.now(), note="提级办理")
        b.save(order, [*_DISPATCH_FIELDS, "escalation_count"])
        b.audit(actor, "escalated", order, before, {"from": current.code, "to": above.code, "reason": reason})
    return order
