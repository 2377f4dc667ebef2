"""Reads of the ratings app (好差评), scoped to the caller (STYLE.md convention 3).

Scope: an applicant sees their own ratings and 办不成事 reports; staff see the rows of their
department subtree (reviewers, department admins) or region subtree (window clerks, 12345
operators), by the rating's responsible department and region; the **hub** (platform admins and
admins of a 政务服务管理 department, line ``zwfw``) sees its region subtree; platform admins see
everything. Anything else answers 404 like a missing row.

Figures (:func:`rating_figures`) are SQL aggregates (conditional ``COUNT … FILTER``) grouped by
item, department, window, region or month; the rates are computed from those counts, one division
per group. The public summary (:func:`public_summary`) carries no personal data and no free text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zwfw.core.models import Department, Region, Role
from zwfw.core.permissions import effective_role
from zwfw.core.selectors.scope import scoped_q
from zwfw.ratings import subjects
from zwfw.ratings.models import (
    BAD_LEVELS,
    GOOD_LEVELS,
    OPEN_RECTIFICATION,
    BlockedMatter,
    BlockedStatus,
    BlockerKind,
    Rating,
    RatingReason,
    Rectification,
    RectificationStatus,
    RevisitResult,
    SubjectKind,
    WindowVisit,
)
from zwfw.ratings.reasons import reason_label

HUB_LINE = "zwfw"


def is_hub(user) -> bool:
    """政务服务管理机构: platform admins, and admins of a 政务服务管理 department (line zwfw)."""
    role = effective_role(user)
    if role == Role.PLATFORM_ADMIN.value:
        return True
    if role != Role.DEPT_ADMIN.value or not user.department_id:
        return False
    return user.department.line == HUB_LINE


def _scope_q(user, *, owner: str | None) -> Q:
    q = scoped_q(user, region="region", department="department", owner=owner)
    if is_hub(user) and effective_role(user) != Role.PLATFORM_ADMIN.value:
        q |= Q(region__path__startswith=user.department.region.path)
    return q


def now_month() -> str:
    return timezone.localtime().strftime("%Y-%m")


def month_of(moment: dt.datetime) -> str:
    """The Beijing-time calendar month of an instant (``TIME_ZONE`` is Asia/Shanghai)."""
    return timezone.localtime(moment).strftime("%Y-%m")


# ---- ratings ---------------------------------------------------------------------------------


def _ratings() -> QuerySet[Rating]:
    return Rating.objects.select_related("department", "region", "window_department", "text_hide").prefetch_related(
        "reasons"
    )


def rating_list_for(
    *, user, bad: bool | None = None, month: str | None = None, kind: str | None = None
) -> QuerySet[Rating]:
    qs = _ratings().filter(_scope_q(user, owner="rater"))
    if bad is True:
        qs = qs.filter(level__in=BAD_LEVELS)
    elif bad is False:
        qs = qs.filter(level__in=GOOD_LEVELS)
    if month:
        qs = qs.filter(rated_month=month)
    if kind:
        qs = qs.filter(subject_kind=kind)
    return qs.order_by("-rated_at", "-id")


def rating_get_for(*, user, rating_id: int) -> Rating:
    rating = _ratings().filter(_scope_q(user, owner="rater"), pk=rating_id).first()
    if rating is None:
        raise Http404("对象不存在或无权查看")
    return rating


def rating_for_subject(*, kind: str, ref: str) -> Rating | None:
    return Rating.objects.filter(subject_kind=kind, subject_ref=str(ref)).first()


def rated_refs(*, kind: str, refs: list[str]) -> set[str]:
    return set(Rating.objects.filter(subject_kind=kind, subject_ref__in=refs).values_list("subject_ref", flat=True))


def rating_text_for(rating: Rating, *, user=None) -> str:
    """The free text as shown: hidden text shows as a note (the hub still sees it)."""
    try:
        hidden = rating.text_hide
    except Rating.text_hide.RelatedObjectDoesNotExist:
        hidden = None
    if hidden is None:
        return rating.comment
    if user is not None and is_hub(user):
        return f"【已屏蔽：{hidden.reason}】{rating.comment}"
    return "（该评价文字含不当内容，已屏蔽）"


def pending_to_rate_for(*, user, limit: int = 50) -> list[dict[str, Any]]:
    """The applicant's ended cases and bundle applications that have no rating yet (待评价)."""
    from zwfw.bundles.selectors import application_list_for
    from zwfw.cases.selectors import case_list_for

    if not getattr(user, "is_applicant", False):
        return []
    rows: list[dict[str, Any]] = []
    cases = list(case_list_for(user=user, mine=True).filter(status__in=["completed", "refused"])[:limit])
    done = rated_refs(kind=SubjectKind.CASE, refs=[str(c.pk) for c in cases])
    for c in cases:
        if str(c.pk) not in done:
            rows.append({"kind": SubjectKind.CASE.value, "ref": str(c.pk), "number": c.number, "name": c.item_name})
    apps = list(application_list_for(user=user).filter(status__in=["completed", "ended"])[:limit])
    done = rated_refs(kind=SubjectKind.BUNDLE_APPLICATION, refs=[str(a.pk) for a in apps])
    for a in apps:
        if str(a.pk) not in done:
            rows.append(
                {"kind": SubjectKind.BUNDLE_APPLICATION.value, "ref": str(a.pk), "number": a.number, "name": a.title}
            )
    visits = list(WindowVisit.objects.filter(applicant=user).order_by("-visited_at")[:limit])
    done = rated_refs(kind=SubjectKind.WINDOW_VISIT, refs=[str(v.pk) for v in visits])
    for v in visits:
        if str(v.pk) not in done:
            rows.append(
                {"kind": SubjectKind.WINDOW_VISIT.value, "ref": str(v.pk), "number": v.number, "name": v.item_name}
            )
    return rows


# ---- rectification ----------------------------------------------------------------------------


def _rectifications() -> QuerySet[Rectification]:
    return Rectification.objects.select_related("rating", "department", "region", "rating__text_hide")


def rectification_list_for(
    *, user, status: str | None = None, open_only: bool = False, overdue: bool | None = None
) -> QuerySet[Rectification]:
    qs = _rectifications().filter(_scope_q(user, owner=None))
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=OPEN_RECTIFICATION)
    if overdue is True:
        qs = qs.filter(
            status__in=[RectificationStatus.VERIFYING, RectificationStatus.RECTIFYING, RectificationStatus.APPEALING],
            due_date__lt=timezone.localdate(),
        )
    return qs.order_by("due_date", "id")


def rectification_get_for(*, user, rectification_id: int) -> Rectification:
    obj = _rectifications().filter(_scope_q(user, owner=None), pk=rectification_id).first()
    if obj is None:
        raise Http404("对象不存在或无权查看")
    return obj


def rectification_queue_count(*, user) -> int:
    """Open tasks waiting for the user's department (核实/整改/回访)."""
    return rectification_list_for(user=user, open_only=True).exclude(status=RectificationStatus.APPEALING).count()


def appeals_pending_for(*, user) -> QuerySet[Rectification]:
    if not is_hub(user):
        return Rectification.objects.none()
    return rectification_list_for(user=user, status=RectificationStatus.APPEALING)


# ---- 办不成事 ------------------------------------------------------------------------------------


def blocked_list_for(*, user, status: str | None = None, item_code: str | None = None) -> QuerySet[BlockedMatter]:
    owner = "reporter" if getattr(user, "is_applicant", False) else None
    q = _scope_q(user, owner=owner)
    if effective_role(user) == Role.WINDOW_CLERK.value:
        q |= Q(reporter=user)
    qs = BlockedMatter.objects.select_related("department", "region", "owner").filter(q)
    if status:
        qs = qs.filter(status=status)
    if item_code:
        qs = qs.filter(item_code=item_code)
    return qs.order_by("-reported_at", "-id")


def blocked_get_for(*, user, matter_id: int) -> BlockedMatter:
    obj = blocked_list_for(user=user).filter(pk=matter_id).first()
    if obj is None:
        raise Http404("对象不存在或无权查看")
    return obj


def blocked_open_count(*, user) -> int:
    return blocked_list_for(user=user).exclude(status=BlockedStatus.RESOLVED).count()


def blocked_figures_by_item(*, user=None, public: bool = False, limit: int = 50) -> list[dict[str, Any]]:
    """Per item: reported, resolved, overdue (open past the deadline), and the blockers named."""
    qs = BlockedMatter.objects.all() if public else blocked_list_for(user=user)
    today = timezone.localdate()
    rows: list[dict[str, Any]] = [
        dict(r)
        for r in qs.order_by()
        .values("item_code")
        .annotate(
            name=Max("item_name"),
            total=Count("id"),
            resolved=Count("id", filter=Q(status=BlockedStatus.RESOLVED)),
            overdue=Count("id", filter=~Q(status=BlockedStatus.RESOLVED) & Q(due_date__lt=today)),
            catalog=Count("id", filter=Q(needs_change="catalog")),
            process=Count("id", filter=Q(needs_change="process")),
        )
        .order_by("-total", "item_code")[:limit]
    ]
    codes = [r["item_code"] for r in rows]
    kinds: dict[str, list[tuple[str, int]]] = {}
    for k in (
        qs.order_by()
        .filter(item_code__in=codes)
        .values("item_code", "blocker")
        .annotate(n=Count("id"))
        .order_by("item_code", "-n", "blocker")
    ):
        label = str(BlockerKind(k["blocker"]).label) if k["blocker"] in BlockerKind.values else k["blocker"]
        kinds.setdefault(k["item_code"], []).append((label, k["n"]))
    for r in rows:
        r["blockers"] = kinds.get(r["item_code"], [])
        r["url"] = subjects.item_url(SubjectKind.CASE, r["item_code"]) if r["item_code"] else ""
    return rows


# ---- figures ------------------------------------------------------------------------------------

GROUPS: dict[str, tuple[str, ...]] = {
    "item": ("subject_kind", "item_code"),
    "department": ("department_id",),
    "window": ("window_department_id", "window_no"),
    "region": ("region_id",),
    "month": ("rated_month",),
}
GROUP_LABELS = {"item": "事项", "department": "部门", "window": "窗口", "region": "区划", "month": "月份"}


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with one decimal (half up), None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator * 100) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class FigureRow:
    key: tuple
    label: str
    total: int = 0
    good: int = 0
    bad: int = 0
    tasks: int = 0
    closed: int = 0
    on_time: int = 0
    revisits: int = 0
    revisit_satisfied: int = 0
    url: str = ""

    @property
    def good_rate(self) -> Decimal | None:
        """好评率: 非常满意 + 满意 + 基本满意 over all counted ratings."""
        return rate(self.good, self.total)

    @property
    def rectification_rate(self) -> Decimal | None:
        """差评整改率: rectifications 办结 over rectifications (申诉成立 excluded)."""
        return rate(self.closed, self.tasks)

    @property
    def on_time_rate(self) -> Decimal | None:
        """整改按时率: 办结 rectifications rectified by the deadline over 办结 rectifications."""
        return rate(self.on_time, self.closed)

    @property
    def revisit_rate(self) -> Decimal | None:
        """回访满意率: last 回访 satisfied over rectifications with a 回访."""
        return rate(self.revisit_satisfied, self.revisits)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": [str(k) if k is not None else "" for k in self.key],
            "label": self.label,
            "total": self.total,
            "good": self.good,
            "bad": self.bad,
            "tasks": self.tasks,
            "closed": self.closed,
            "on_time": self.on_time,
            "revisits": self.revisits,
            "revisit_satisfied": self.revisit_satisfied,
            "good_rate": self.good_rate,
            "rectification_rate": self.rectification_rate,
            "on_time_rate": self.on_time_rate,
            "revisit_rate": self.revisit_rate,
            "url": self.url,
        }


@dataclass
class Figures:
    group_by: str
    month: str | None
    rows: list[FigureRow] = field(default_factory=list)
    total: FigureRow = field(default_factory=lambda: FigureRow(key=(), label="合计"))


def _counted(qs: QuerySet[Rating]) -> QuerySet[Rating]:
    """Ratings that count: all but those a hub found wrong on appeal (申诉成立)."""
    return qs.exclude(rectification__status=RectificationStatus.VOIDED)


def _aggregates() -> dict[str, Any]:
    closed = Q(rectification__status=RectificationStatus.CLOSED)
    return {
        "total": Count("id"),
        "good": Count("id", filter=Q(level__in=GOOD_LEVELS)),
        "bad": Count("id", filter=Q(level__in=BAD_LEVELS)),
        "tasks": Count("rectification"),
        "closed": Count("rectification", filter=closed),
        "on_time": Count("rectification", filter=closed & Q(rectification__on_time=True)),
        "revisits": Count("rectification", filter=~Q(rectification__revisit_result="")),
        "revisit_satisfied": Count("rectification", filter=Q(rectification__revisit_result=RevisitResult.SATISFIED)),
    }


MEASURES = ("total", "good", "bad", "tasks", "closed", "on_time", "revisits", "revisit_satisfied")


def _labels(group_by: str, keys: list[tuple]) -> dict[tuple, tuple[str, str]]:
    if group_by == "department":
        ids = [k[0] for k in keys if k[0] is not None]
        names = dict(Department.objects.filter(pk__in=ids).values_list("pk", "name"))
        return {k: (names.get(k[0], "—"), "") for k in keys}
    if group_by == "window":
        ids = [k[0] for k in keys if k[0] is not None]
        names = dict(Department.objects.filter(pk__in=ids).values_list("pk", "name"))
        return {k: (f"{names.get(k[0], '网上/无窗口')} {k[1]}".strip(), "") for k in keys}
    if group_by == "region":
        region_names = dict(Region.objects.filter(pk__in=[k[0] for k in keys]).values_list("code", "name"))
        return {k: (region_names.get(k[0], k[0] or "—"), "") for k in keys}
    return {k: (str(k[0]), "") for k in keys}


def check_month(month: str | None) -> str | None:
    from zwfw.ratings.errors import RatingError, RatingErrorCode

    if month in (None, ""):
        return None
    try:
        parsed = dt.datetime.strptime(month, "%Y-%m")
    except (TypeError, ValueError):
        raise RatingError(RatingErrorCode.BAD_MONTH, detail=[{"field": "month"}], value=month) from None
    if not 2000 <= parsed.year <= 2100 or len(month) != 7:
        raise RatingError(RatingErrorCode.BAD_MONTH, detail=[{"field": "month"}], value=month)
    return month


def rating_figures(
    *, user=None, group_by: str = "department", month: str | None = None, public: bool = False
) -> Figures:
    """好评率, 差评整改率, 整改按时率, 回访满意率 per ``group_by`` (item, department, window,
    region, month), for ``month`` (YYYY-MM, Beijing time) or all months; scoped to ``user``
    unless ``public`` (the public summary, which shows no personal data)."""
    from zwfw.ratings.errors import RatingError, RatingErrorCode

    if group_by not in GROUPS:
        raise RatingError(
            RatingErrorCode.BAD_GROUP, detail=[{"field": "group_by"}], value=group_by, choices="/".join(GROUPS)
        )
    month = check_month(month)
    qs: QuerySet[Rating] = Rating.objects.all() if public else Rating.objects.filter(_scope_q(user, owner="rater"))
    if month:
        qs = qs.filter(rated_month=month)
    qs = _counted(qs).order_by()
    keys = GROUPS[group_by]
    extra = {"name": Max("item_name")} if group_by == "item" else {}
    rows = list(qs.values(*keys).annotate(**_aggregates(), **extra))
    figures = Figures(group_by=group_by, month=month)
    key_tuples = [tuple(r[k] for k in keys) for r in rows]
    labels = _labels(group_by, key_tuples)
    for r, key in zip(rows, key_tuples, strict=True):
        if group_by == "item":
            label = r["name"] or key[1] or "—"
            url = subjects.item_url(key[0], key[1])
        else:
            label, url = labels[key]
        row = FigureRow(key=key, label=label, url=url, **{m: r[m] for m in MEASURES})
        figures.rows.append(row)
        for m in MEASURES:
            setattr(figures.total, m, getattr(figures.total, m) + r[m])
    figures.rows.sort(key=lambda row: (-row.total, str(row.key)))
    if group_by == "month":
        figures.rows.sort(key=lambda row: row.key)
    return figures


def item_bad_ranking(*, user=None, month: str | None = None, public: bool = False, limit: int = 20) -> list[dict]:
    """Items ranked by bad ratings, with the reasons chosen and the link to the item (回头看)."""
    month = check_month(month)
    qs: QuerySet[Rating] = Rating.objects.all() if public else Rating.objects.filter(_scope_q(user, owner="rater"))
    if month:
        qs = qs.filter(rated_month=month)
    qs = _counted(qs).order_by()
    top = list(
        qs.filter(level__in=BAD_LEVELS)
        .values("subject_kind", "item_code")
        .annotate(bad=Count("id"), name=Max("item_name"))
        .order_by("-bad", "item_code")[:limit]
    )
    codes = [r["item_code"] for r in top]
    totals = {
        (r["subject_kind"], r["item_code"]): r["n"]
        for r in qs.filter(item_code__in=codes).values("subject_kind", "item_code").annotate(n=Count("id"))
    }
    reasons: dict[tuple, list[tuple[str, int]]] = {}
    for reason in (
        RatingReason.objects.filter(rating__in=qs.filter(level__in=BAD_LEVELS, item_code__in=codes))
        .values("rating__subject_kind", "rating__item_code", "code")
        .annotate(n=Count("id"))
        .order_by("-n", "code")
    ):
        key = (reason["rating__subject_kind"], reason["rating__item_code"])
        reasons.setdefault(key, []).append((reason_label(reason["code"]), reason["n"]))
    out = []
    for r in top:
        key = (r["subject_kind"], r["item_code"])
        out.append(
            {
                "kind": r["subject_kind"],
                "item_code": r["item_code"],
                "item_name": r["name"] or r["item_code"],
                "url": subjects.item_url(r["subject_kind"], r["item_code"]),
                "bad": r["bad"],
                "total": totals.get(key, 0),
                "reasons": reasons.get(key, []),
            }
        )
    return out


def public_summary(*, month: str | None = None) -> dict[str, Any]:
    """The public page: totals, per month, per department, per region, items ranked by bad
    ratings with their reasons; counts only (no names, no free text, no staff, no numbers)."""
    return {
        "month": check_month(month),
        "by_month": rating_figures(group_by="month", public=True),
        "by_department": rating_figures(group_by="department", month=month, public=True),
        "by_region": rating_figures(group_by="region", month=month, public=True),
        "ranking": item_bad_ranking(month=month, public=True, limit=20),
        "blocked": blocked_figures_by_item(public=True, limit=20),
    }
