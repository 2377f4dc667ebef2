"""Generated report data: case, delivery and consultation *specs* in plain Python, inserted with
``bulk_create``, and an independent expected table computed from the specs alone.

The expected counts never touch the database or the report code: month boundaries are written
here as fixed UTC+8 instants, and each measure is a plain ``if`` over a spec. The report under
test must equal them cell by cell.

(A test factory may build case rows directly; the stats app's own code reads cases only through
:mod:`zwfw.cases.selectors_report`.)
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import Q

from zwfw.cases.models import Case, Consultation, Delivery
from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.models import ItemImplementation, ItemVersion
from zwfw.catalog.tests import factories as cf
from zwfw.core.models import Department, Role
from zwfw.core.tests import factories

BJ = dt.timezone(dt.timedelta(hours=8), "CST")

JAN_START = dt.datetime(2026, 1, 1, tzinfo=BJ)
FEB_START = dt.datetime(2026, 2, 1, tzinfo=BJ)
DEC_START = dt.datetime(2025, 12, 1, tzinfo=BJ)

#: code → (region, name); parents follow the line (510000-scjg ← 510100-scjg ← 510107-scjg).
DEPARTMENTS = {
    "510000-scjg": ("510000", None),
    "510100-scjg": ("510100", None),
    "510100-wjw": ("510100", None),
    "510107-scjg": ("510107", None),
    "510700-scjg": ("510700", "绵阳市市场监督管理局"),
    "510700-zwfw": ("510700", "绵阳市政务服务中心"),
}
CHANNELS = ("online", "mobile", "window", "kiosk")
METHODS = ("pickup", "post", "electronic")
MEASURE_KEYS = (
    "handled",
    "online_accepted",
    "online_completed",
    "window_accepted",
    "pickup",
    "post",
    "phone",
    "onsite",
)


@dataclass(frozen=True)
class CaseSpec:
    department: str
    channel: str
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    completed_at: dt.datetime | None
    delivery_method: str | None
    handed_out_at: dt.datetime | None

    @property
    def fully_online(self) -> bool:
        # applied online or on mobile, and the result was not picked up at a window
        return self.channel in ("online", "mobile") and self.delivery_method != "pickup"

    @property
    def accepted_online(self) -> bool:
        # 全程网办 at acceptance (the report's channel, fixed then; a later pick-up does not change it)
        return self.accepted_at is not None and self.channel in ("online", "mobile")


@dataclass(frozen=True)
class ConsultationSpec:
    department: str
    channel: str
    at: dt.datetime


@dataclass
class World:
    cases: list[CaseSpec]
    consultations: list[ConsultationSpec]


def departments_ensure() -> dict[str, Department]:
    out = {}
    for code, (region, name) in DEPARTMENTS.items():
        line = code.split("-", 1)[1]
        out[code] = factories.make_department(region, line, **({"name": name} if name else {}))
    return out


def _item() -> tuple[ItemImplementation, ItemVersion]:
    catalog_import(actor=None, data=cf.payload(), publish=True)
    impl = ItemImplementation.objects.get(code=cf.IMPL_CODE)
    version = ItemVersion.objects.filter(Q(implementation=impl) | Q(base_item=impl.base)).first()
    return impl, version


def _random_instant(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = int((end - start).total_seconds())
    return start + dt.timedelta(seconds=rng.randrange(seconds))


def generate_specs(*, seed: int = 20260131, cases: int = 360, consultations: int = 150) -> World:
    """Cases submitted from late November 2025 to early February 2026 across the departments and
    channels, plus a few placed exactly on the month boundaries (Beijing midnight)."""
    rng = random.Random(seed)
    codes = list(DEPARTMENTS)
    specs: list[CaseSpec] = []
    window = (dt.datetime(2025, 11, 25, tzinfo=BJ), dt.datetime(2026, 2, 5, tzinfo=BJ))
    for _ in range(cases):
        submitted = _random_instant(rng, *window)
        accepted = submitted + dt.timedelta(hours=rng.randrange(0, 96)) if rng.random() < 0.8 else None
        completed = method = handed = None
        if accepted is not None and rng.random() < 0.6:
            completed = accepted + dt.timedelta(days=rng.randrange(0, 25), minutes=rng.randrange(0, 600))
            if rng.random() < 0.8:
                method = rng.choice(METHODS)
                handed = completed - dt.timedelta(minutes=rng.randrange(0, 300))
        specs.append(CaseSpec(rng.choice(codes), rng.choice(CHANNELS), submitted, accepted, completed, method, handed))
    # exactly on the boundaries: the last second of January and the first of February (Beijing time)
    last_jan = FEB_START - dt.timedelta(seconds=1)
    specs += [
        CaseSpec("510100-scjg", "online", last_jan, last_jan, last_jan, "post", last_jan),
        CaseSpec("510100-scjg", "window", FEB_START, FEB_START, FEB_START, "pickup", FEB_START),
        CaseSpec("510700-scjg", "mobile", JAN_START, JAN_START, FEB_START, "electronic", FEB_START),
        CaseSpec("510107-scjg", "window", JAN_START - dt.timedelta(microseconds=1), JAN_START, None, None, None),
    ]
    consults = [
        ConsultationSpec(rng.choice(codes), rng.choice(("phone", "onsite")), _random_instant(rng, *window))
        for _ in range(consultations)
    ]
    consults += [
        ConsultationSpec("510100-wjw", "phone", last_jan),
        ConsultationSpec("510100-wjw", "phone", FEB_START),
        ConsultationSpec("510700-zwfw", "onsite", JAN_START),
    ]
    return World(cases=specs, consultations=consults)


def _status(spec: CaseSpec) -> str:
    if spec.completed_at is not None:
        return "completed"
    if spec.accepted_at is not None:
        return "accepted"
    return "submitted"


def world_insert(world: World) -> None:
    """Insert the specs with ``bulk_create`` (cases, then deliveries and consultations)."""
    depts = departments_ensure()
    impl, version = _item()
    applicant = factories.make_user(role=Role.PERSON, username="stats_applicant")
    rows = []
    for i, s in enumerate(world.cases):
        dept = depts[s.department]
        last = max(t for t in (s.submitted_at, s.accepted_at, s.completed_at) if t is not None)
        rows.append(
            Case(
                number=f"{dept.region_id}-TEST-{i:06d}",
                verify_code="ABC123",
                applicant=applicant,
                applicant_kind="person",
                applicant_name="测试申请人",
                applicant_id_number=applicant.id_number,
                channel=s.channel,
                fully_online=s.fully_online,
                accepted_online=s.accepted_online,
                implementation=impl,
                version=version,
                item_name="食品经营许可（新办）",
                region_id=dept.region_id,
                department=dept,
                status=_status(s),
                status_changed_at=last,
                submitted_at=s.submitted_at,
                accepted_at=s.accepted_at,
                completed_at=s.completed_at,
            )
        )
    created = Case.objects.bulk_create(rows)
    if any(c.pk is None for c in created):  # backends that return no ids: read them back by number
        by_number = dict(Case.objects.filter(number__contains="-TEST-").values_list("number", "pk"))
        for c in created:
            c.pk = by_number[c.number]
    Delivery.objects.bulk_create(
        Delivery(case_id=c.pk, method=s.delivery_method, handed_out_at=s.handed_out_at, department=depts[s.department])
        for c, s in zip(created, world.cases, strict=True)
        if s.delivery_method
    )
    Consultation.objects.bulk_create(
        Consultation(
            channel=s.channel, department=depts[s.department], region_id=depts[s.department].region_id, at=s.at
        )
        for s in world.consultations
    )


def _in(instant: dt.datetime | None, start: dt.datetime, end: dt.datetime) -> bool:
    return instant is not None and start <= instant < end


def expected_table(
    world: World, *, start: dt.datetime, end: dt.datetime, departments: set[str] | None = None
) -> dict[str, dict[str, int]]:
    """Department code → measure → count for ``[start, end)``, by plain loops over the specs.

    Departments with nothing to count are left out. ``departments`` limits to those codes.
    """
    table: dict[str, dict[str, int]] = {}

    def bump(code: str, key: str) -> None:
        if departments is None or code in departments:
            table.setdefault(code, dict.fromkeys(MEASURE_KEYS, 0))[key] += 1

    for s in world.cases:
        if _in(s.accepted_at, start, end):
            bump(s.department, "handled")
            # every accepted case is in exactly one of the two channel columns
            bump(s.department, "online_accepted" if s.accepted_online else "window_accepted")
        if _in(s.completed_at, start, end) and s.fully_online:
            bump(s.department, "online_completed")
        if _in(s.handed_out_at, start, end) and s.delivery_method == "pickup":
            bump(s.department, "pickup")
        if _in(s.handed_out_at, start, end) and s.delivery_method == "post":
            bump(s.department, "post")
    for c in world.consultations:
        if _in(c.at, start, end):
            bump(c.department, c.channel)
    return table
