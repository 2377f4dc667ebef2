"""What can be rated: one small adapter per kind of subject (办件, 一件事申请, 窗口服务, 12345工单).

The ratings services never look at another app's models: they ask the adapter registered for the
subject's kind for a :class:`Subject` — who the applicant is, whether and when it ended, the
responsible department and region, the item, the window and the staff member — and apply the
same rules to every kind (only the applicant, once, after the end).

Adding a kind is one adapter and one :func:`subject_adapter_register` call. The 12345 work-order
adapter (:class:`WorkOrderAdapter`) reads the hotline selector
``zwfw.hotline.selectors.work_order_rating_subject(*, order_id)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.urls import reverse

from zwfw.ratings.models import SubjectKind, WindowVisit


@dataclass(frozen=True)
class Subject:
    """One rateable thing, as the ratings app sees it (no personal data beyond the user id)."""

    kind: str
    ref: str
    number: str
    applicant_id: int | None
    ended: bool
    ended_at: dt.datetime | None
    department_id: int | None
    region_code: str | None
    item_code: str = ""
    item_name: str = ""
    window_department_id: int | None = None
    window_no: str = ""
    staff_id: int | None = None
    category: str = ""

    @property
    def kind_label(self) -> str:
        return str(SubjectKind(self.kind).label)


class SubjectAdapter(Protocol):
    kind: str

    def load(self, ref: str) -> Subject | None:
        """The subject for ``ref`` (an id, or the subject's number), or None when there is none."""

    def item_url(self, item_code: str) -> str:
        """The page of the catalog item (or bundle) a rating's ``item_code`` names; "" for none."""


_ADAPTERS: dict[str, SubjectAdapter] = {}


def subject_adapter_register(adapter: SubjectAdapter) -> None:
    """Register (or replace) the adapter of ``adapter.kind``."""
    _ADAPTERS[adapter.kind] = adapter


def subject_kinds() -> list[str]:
    return list(_ADAPTERS)


def adapter_for(kind: str) -> SubjectAdapter | None:
    return _ADAPTERS.get(kind)


def subject_load(kind: str, ref: str | int) -> Subject | None:
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        return None
    return adapter.load(str(ref).strip())


def item_url(kind: str, item_code: str) -> str:
    adapter = _ADAPTERS.get(kind)
    return adapter.item_url(item_code) if adapter and item_code else ""


def _as_id(ref: str) -> int | None:
    return int(ref) if ref.isdigit() and len(ref) < 12 else None


def _catalog_url(code: str) -> str:
    return reverse("catalog:item_detail", kwargs={"code": code}) if code else ""


class CaseAdapter:
    """办件: ended at 办结 (or 不予受理); the window and staff are the 受理单位 and 受理人员."""

    kind = SubjectKind.CASE.value

    def load(self, ref: str) -> Subject | None:
        from zwfw.cases.selectors import case_rating_subject

        case_id = _as_id(ref)
        data = case_rating_subject(case_id=case_id) if case_id is not None else case_rating_subject(number=ref)
        if data is None:
            return None
        return Subject(
            kind=self.kind,
            ref=str(data["id"]),
            number=data["number"],
            applicant_id=data["applicant_id"],
            ended=data["ended_at"] is not None,
            ended_at=data["ended_at"],
            department_id=data["department_id"],
            region_code=data["region_code"],
            item_code=data["item_code"],
            item_name=data["item_name"],
            window_department_id=data["window_department_id"],
            staff_id=data["staff_id"],
        )

    def item_url(self, item_code: str) -> str:
        return _catalog_url(item_code)


class BundleApplicationAdapter:
    """一件事申请: ended when completed or ended; item = the bundle (its page is the link)."""

    kind = SubjectKind.BUNDLE_APPLICATION.value

    def load(self, ref: str) -> Subject | None:
        from zwfw.bundles.selectors import bundle_application_rating_subject

        app_id = _as_id(ref)
        data = (
            bundle_application_rating_subject(application_id=app_id)
            if app_id is not None
            else bundle_application_rating_subject(number=ref)
        )
        if data is None:
            return None
        return Subject(
            kind=self.kind,
            ref=str(data["id"]),
            number=data["number"],
            applicant_id=data["applicant_id"],
            ended=bool(data["ended"]),
            ended_at=data["ended_at"],
            department_id=data["department_id"],
            region_code=data["region_code"],
            item_code=data["bundle_code"],
            item_name=data["title"],
            staff_id=data["agent_id"],
        )

    def item_url(self, item_code: str) -> str:
        return reverse("bundles:bundle_detail", kwargs={"code": item_code}) if item_code else ""


class WindowVisitAdapter:
    """窗口服务 (现场服务 一次一评): the visit is over when it is recorded."""

    kind = SubjectKind.WINDOW_VISIT.value

    def load(self, ref: str) -> Subject | None:
        visit_id = _as_id(ref)
        qs = WindowVisit.objects.all()
        visit = qs.filter(pk=visit_id).first() if visit_id is not None else qs.filter(number=ref).first()
        if visit is None:
            return None
        return Subject(
            kind=self.kind,
            ref=str(visit.pk),
            number=visit.number,
            applicant_id=visit.applicant_id,
            ended=True,
            ended_at=visit.visited_at,
            department_id=visit.item_department_id or visit.department_id,
            region_code=visit.region_id,
            item_code=visit.item_code,
            item_name=visit.item_name,
            window_department_id=visit.department_id,
            window_no=visit.window_no,
            staff_id=visit.clerk_id,
        )

    def item_url(self, item_code: str) -> str:
        return _catalog_url(item_code)


class WorkOrderAdapter:
    """12345工单 (诉求办理 一事一评), read through
    ``zwfw.hotline.selectors.work_order_rating_subject(order_id=…)`` (a ``RatingSubject``:
    ``number``, ``applicant_user_id``, ``ended_at`` — None while open —, ``department_code``,
    ``region_code``, ``category_code``/``category_name``). The category stands in for the item in
    the figures (``item_code`` = ``"12345:" + category code``)."""

    kind = SubjectKind.WORK_ORDER.value

    def load(self, ref: str) -> Subject | None:
        from zwfw.core.models import Department
        from zwfw.hotline.selectors import work_order_rating_subject

        order_id = _as_id(ref)
        if order_id is None:
            return None
        data = work_order_rating_subject(order_id=order_id)
        if data is None:
            return None
        department_id = None
        if data.department_code:
            department_id = Department.objects.filter(code=data.department_code).values_list("pk", flat=True).first()
        category = data.category_name or ""
        return Subject(
            kind=self.kind,
            ref=str(data.order_id),
            number=data.number,
            applicant_id=data.applicant_user_id,
            ended=data.ended_at is not None,
            ended_at=data.ended_at,
            department_id=department_id,
            region_code=data.region_code,
            item_code=f"12345:{data.category_code or ''}",
            item_name=category or "12345诉求",
            category=category,
        )

    def item_url(self, item_code: str) -> str:
        return ""


def register_default_adapters() -> None:
    """Case, bundle application, window visit and 12345 work order (``RatingsConfig.ready``)."""
    subject_adapter_register(CaseAdapter())
    subject_adapter_register(BundleApplicationAdapter())
    subject_adapter_register(WindowVisitAdapter())
    subject_adapter_register(WorkOrderAdapter())


__all__ = [
    "BundleApplicationAdapter",
    "CaseAdapter",
    "Subject",
    "SubjectAdapter",
    "WindowVisitAdapter",
    "WorkOrderAdapter",
    "adapter_for",
    "item_url",
    "register_default_adapters",
    "subject_adapter_register",
    "subject_kinds",
    "subject_load",
]
