"""The whole catalog as interchange JSON (docs/catalog-format.md): export and import.

``catalog_export`` renders released versions in a fixed order (licence types, base items and
implementations by code; rows in their stored order; keys in the format's order), so
export → import → export gives byte-identical JSON. ``catalog_import`` checks the *whole*
payload first — structure, references, and with ``publish=True`` every rule a publication must
pass — and rejects it whole (422, each error with its path such as
``implementations[12].elements.materials[3].source`` and a Chinese message); only a clean payload
is written, in one transaction. Re-importing the same content creates no new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zwfw.catalog.content import (
    Refs,
    child_out,
    child_value_names,
    content_check,
    content_department_codes,
    content_is_empty,
    content_normalise,
    content_write,
    elements_read,
    row_value,
    spec_value_columns,
    version_content,
)
from zwfw.catalog.errors import CatalogError, CatalogErrorCode
from zwfw.catalog.models import (
    ITEM_TYPE_CODES,
    OPEN_STATUSES,
    RELEASED_STATUSES,
    BaseItem,
    EnterpriseStage,
    FormField,
    ItemImplementation,
    ItemType,
    ItemVersion,
    LicenceType,
    LifeEvent,
    Material,
    ServiceObject,
    Step,
    StepEdge,
    VersionStatus,
)
from zwfw.catalog.selectors import versions_with_content
from zwfw.catalog.services.validation import version_violations
from zwfw.catalog.services.versions import publish_version
from zwfw.catalog.spec import current
from zwfw.core.models import Department, Region
from zwfw.core.services.audit import audit_log_write

FORMAT = "zwfw-catalog"
FORMAT_VERSION = 1
BASE_LIST_FIELDS = ("levels", "service_objects", "keywords", "life_events", "enterprise_stages")


# --- export -------------------------------------------------------------------------------


def _choose(versions: list[ItemVersion], on: dt.date) -> ItemVersion | None:
    """The version in force on ``on``; when none is yet, the first one that will be."""
    released = [v for v in versions if v.status in RELEASED_STATUSES and v.effective_from]
    current = [v for v in released if v.effective_from <= on]
    if current:
        best = max(current, key=lambda v: (v.effective_from, v.number))
        if best.effective_to is None or best.effective_to >= on:
            return best
        return None
    future = [v for v in released if v.effective_from > on]
    return min(future, key=lambda v: (v.effective_from, -v.number)) if future else None


def _chosen_ids(owner_field: str, owner_ids: list[int], on: dt.date) -> dict[int, int]:
    rows: dict[int, list[ItemVersion]] = {}
    qs = ItemVersion.objects.filter(**{f"{owner_field}__in": owner_ids}, status__in=RELEASED_STATUSES).only(
        "id", owner_field, "number", "status", "effective_from", "effective_to"
    )
    for v in qs:
        rows.setdefault(getattr(v, f"{owner_field}_id"), []).append(v)
    out = {}
    for owner_id, versions in rows.items():
        chosen = _choose(versions, on)
        if chosen is not None:
            out[owner_id] = chosen.pk
    return out


def catalog_export(*, region_code: str | None = None, on: dt.date | None = None) -> dict[str, Any]:
    """The catalog's published data as one interchange dict.

    Each implementation (active, in ``region_code``'s subtree when given) appears with its
    version in force on ``on`` (default today), or, when none is in force yet, the first that
    will be; implementations with neither are left out. Base items: all (or, for a region, those
    its implementations use), with their version chosen the same way; a base item without one
    is written with an empty element table and graph.
    """
    on = on or timezone.localdate()
    impls = ItemImplementation.objects.filter(is_active=True).select_related("base", "department")
    if region_code:
        impls = impls.filter(region__path__contains=f"{region_code}/")
    impls = list(impls.order_by("code"))
    impl_choice = _chosen_ids("implementation", [i.pk for i in impls], on)
    impls = [i for i in impls if i.pk in impl_choice]
    if region_code:
        bases = list(BaseItem.objects.filter(pk__in={i.base_id for i in impls}).order_by("code"))
    else:
        bases = list(BaseItem.objects.order_by("code"))
    base_choice = _chosen_ids("base_item", [b.pk for b in bases], on)
    versions = _export_contents([*impl_choice.values(), *base_choice.values()])
    empty_graph = {"steps": [], "edges": []}
    base_out = []
    for b in bases:
        vid = base_choice.get(b.pk)
        content = versions[vid][1] if vid else {"elements": {}, "graph": empty_graph}
        base_out.append(
            {
                "code": b.code,
                "name": b.name,
                "item_type": b.item_type,
                "legal_basis": b.legal_basis,
                "department_line": b.department_line,
                "levels": list(b.levels),
                "service_objects": list(b.service_objects),
                "keywords": list(b.keywords),
                "life_events": list(b.life_events),
                "enterprise_stages": list(b.enterprise_stages),
                **content,
            }
        )
    impl_out = []
    for i in impls:
        v, content = versions[impl_choice[i.pk]]
        impl_out.append(
            {
                "base_code": i.base.code,
                "code": i.code,
                "region": i.region_id,
                "level": i.level,
                "department": i.department.code,
                "version": {
                    "number": v["number"],
                    "status": v["status"],
                    "effective_from": v["effective_from"].isoformat(),
                    "note": v["change_note"],
                },
                **content,
            }
        )
    licence_types = [
        {"code": lt.code, "name": lt.name, "issuer_line": lt.issuer_line} for lt in LicenceType.objects.order_by("code")
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "licence_types": licence_types,
        "base_items": base_out,
        "implementations": impl_out,
    }


_EXPORT_CHUNK = 900  # ids per IN list (SQLite's historical limit is 999 parameters)
_VERSION_EXPORT_FIELDS = ("id", "number", "status", "effective_from", "change_note")  # + the spec's columns


def _export_contents(version_ids: list[int]) -> dict[int, tuple[dict[str, Any], dict[str, Any]]]:
    """version id → (its row as a dict, its content exactly as :func:`version_content` renders
    it), read with one plain-values query per table and chunk of ids instead of building model
    instances for every child row (the export of a 10,000-item catalog reads ~400,000 of them)."""
    spec = current()
    ids = sorted(set(version_ids))
    chunks = [ids[k : k + _EXPORT_CHUNK] for k in range(0, len(ids), _EXPORT_CHUNK)]
    materials: dict[int, list] = {}
    fields: dict[int, list] = {}
    steps: dict[int, list] = {}
    edges: dict[int, list] = {}
    rows: dict[int, dict[str, Any]] = {}
    for chunk in chunks:
        for v in ItemVersion.objects.filter(pk__in=chunk).values(*_VERSION_EXPORT_FIELDS, *spec_value_columns()):
            rows[v["id"]] = v
        for vid, *m in (
            Material.objects.filter(version_id__in=chunk)
            .order_by("version_id", "order", "id")
            .values_list("version_id", *child_value_names(spec.material))
        ):
            materials.setdefault(vid, []).append(child_out(spec.material, m))
        for vid, *f in (
            FormField.objects.filter(version_id__in=chunk)
            .order_by("version_id", "order", "id")
            .values_list("version_id", *child_value_names(spec.form_field))
        ):
            fields.setdefault(vid, []).append(child_out(spec.form_field, f))
        for vid, step_id, *step in (
            Step.objects.filter(version_id__in=chunk)
            .order_by("version_id", "order", "id")
            .values_list("version_id", "id", *child_value_names(spec.step))
        ):
            steps.setdefault(vid, []).append((step_id, child_out(spec.step, step)))
        for vid, a, b in (
            StepEdge.objects.filter(version_id__in=chunk)
            .order_by("version_id", "order", "id")
            .values_list("version_id", "from_step_id", "to_step_id")
        ):
            edges.setdefault(vid, []).append((a, b))
    out: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for vid, v in rows.items():
        step_rows = steps.get(vid, [])
        step_keys = {step_id: step["key"] for step_id, step in step_rows}
        elements = elements_read(lambda f, v=v: row_value(v, f), materials.get(vid, []), fields.get(vid, []), spec)
        graph = {
            "steps": [step for _, step in step_rows],
            "edges": [[step_keys[a], step_keys[b]] for a, b in edges.get(vid, [])],
        }
        out[vid] = (v, {"elements": elements, "graph": graph})
    return out


def catalog_export_json(*, region_code: str | None = None, on: dt.date | None = None) -> str:
    """The export as text: UTF-8 JSON, two-space indent, Chinese unescaped, newline at the end."""
    return json.dumps(catalog_export(region_code=region_code, on=on), ensure_ascii=False, indent=2) + "\n"


# --- import: checking ---------------------------------------------------------------------


class _Check:
    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append({"path": path, "message": message})

    def str_(self, d: dict, key: str, path: str, *, required: bool = False, max_len: int | None = None) -> None:
        v = d.get(key, "" if not required else None)
        if v is None or (required and isinstance(v, str) and not v.strip()):
            self.add(f"{path}.{key}", "必填")
        elif not isinstance(v, str):
            self.add(f"{path}.{key}", "应为字符串")
        elif max_len and len(v) > max_len:
            self.add(f"{path}.{key}", f"长度不能超过{max_len}个字符")

    def list_of(self, d: dict, key: str, path: str, allowed=None, kind=str) -> None:
        v = d.get(key, [])
        if not isinstance(v, list):
            self.add(f"{path}.{key}", "应为数组")
            return
        for j, x in enumerate(v):
            if not isinstance(x, kind) or isinstance(x, bool):
                self.add(f"{path}.{key}[{j}]", "类型有误")
            elif allowed is not None and x not in allowed:
                self.add(f"{path}.{key}[{j}]", f"取值“{x}”无效，应为：{'、'.join(map(str, allowed))}")


def _parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError
    return dt.date.fromisoformat(value)


def _check_version_block(c: _Check, entry: dict, path: str) -> None:
    block = entry.get("version")
    if block is None:
        return
    if not isinstance(block, dict):
        c.add(f"{path}.version", "应为对象")
        return
    n = block.get("number", 1)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        c.add(f"{path}.version.number", "版本号应为正整数")
    if block.get("status", "published") not in VersionStatus.values:
        c.add(f"{path}.version.status", f"状态“{block.get('status')}”无效")
    try:
        _parse_date(block.get("effective_from"))
    except ValueError:
        c.add(f"{path}.version.effective_from", "生效日期应为YYYY-MM-DD")
    if not isinstance(block.get("note", ""), str):
        c.add(f"{path}.version.note", "应为字符串")


def _list(c: _Check, data: dict, key: str) -> list:
    v = data.get(key, [])
    if not isinstance(v, list):
        c.add(key, "应为数组")
        return []
    return v


def _check_payload(data: Any, *, publish: bool) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """Every problem of the payload, and the lookups the writer needs."""
    c = _Check()
    if not isinstance(data, dict):
        c.add("", "文件内容应为JSON对象")
        return c.errors, {}
    if data.get("format") != FORMAT:
        c.add("format", f"应为“{FORMAT}”")
    if data.get("format_version") != FORMAT_VERSION:
        c.add("format_version", f"不支持的格式版本：{data.get('format_version')}（支持{FORMAT_VERSION}）")
    licence_types = _list(c, data, "licence_types")
    bases = _list(c, data, "base_items")
    impls = _list(c, data, "implementations")

    lt_codes: set[str] = set()
    for i, lt in enumerate(licence_types):
        p = f"licence_types[{i}]"
        if not isinstance(lt, dict):
            c.add(p, "应为对象")
            continue
        c.str_(lt, "code", p, required=True, max_len=64)
        c.str_(lt, "name", p, required=True, max_len=128)
        c.str_(lt, "issuer_line", p, max_len=32)
        if lt.get("code") in lt_codes:
            c.add(f"{p}.code", f"证照类型编码“{lt['code']}”重复")
        if isinstance(lt.get("code"), str):
            lt_codes.add(lt["code"])
    all_lt = lt_codes | set(LicenceType.objects.values_list("code", flat=True))

    # every department code anywhere in the payload, fetched in one query
    dept_codes: set[str] = set()
    for entry in [*bases, *impls]:
        if isinstance(entry, dict):
            dept_codes |= content_department_codes(
                {"elements": entry.get("elements") or {}, "graph": entry.get("graph") or {}}
            )
            if isinstance(entry.get("department"), str):
                dept_codes.add(entry["department"])
    departments = {d.code: d for d in Department.objects.filter(code__in=dept_codes)}
    refs = Refs(departments=set(departments), licence_types=all_lt)

    base_by_code: dict[str, int] = {}
    for i, b in enumerate(bases):
        p = f"base_items[{i}]"
        if not isinstance(b, dict):
            c.add(p, "应为对象")
            continue
        c.str_(b, "code", p, required=True, max_len=64)
        c.str_(b, "name", p, required=True, max_len=200)
        if b.get("item_type") not in ItemType.values:
            c.add(f"{p}.item_type", f"事项类型“{b.get('item_type')}”无效，应为：{'、'.join(ItemType.values)}")
        c.str_(b, "legal_basis", p)
        c.str_(b, "department_line", p, max_len=32)
        c.list_of(b, "levels", p, allowed=list(range(1, 8)), kind=int)
        c.list_of(b, "service_objects", p, allowed=ServiceObject.values)
        c.list_of(b, "keywords", p)
        c.list_of(b, "life_events", p, allowed=LifeEvent.values)
        c.list_of(b, "enterprise_stages", p, allowed=EnterpriseStage.values)
        _check_version_block(c, b, p)
        c.errors += content_check(_content_of(b), refs=refs, path=p)
        code = b.get("code")
        if isinstance(code, str):
            if code in base_by_code:
                c.add(f"{p}.code", f"基本编码“{code}”重复")
            base_by_code[code] = i

    db_bases = {
        b.code: b
        for b in BaseItem.objects.filter(
            code__in={x.get("base_code") for x in impls if isinstance(x, dict)} | set(base_by_code)
        )
    }
    region_codes = {x.get("region") for x in impls if isinstance(x, dict)}
    regions = {r.code: r for r in Region.objects.filter(code__in=[r for r in region_codes if isinstance(r, str)])}
    impl_codes = [x.get("code") for x in impls if isinstance(x, dict) and isinstance(x.get("code"), str)]
    db_impls = {i.code: i for i in ItemImplementation.objects.filter(code__in=impl_codes).select_related("base")}
    # A version in review belongs to the review workflow: an import neither overwrites nor
    # publishes around it (it would also break "one open version per item").
    open_review = _owners_in_review(db_impls, db_bases)
    blocked = "不能导入发布" if publish else "不能导入草稿"

    seen_impl: set[str] = set()
    for i, x in enumerate(impls):
        p = f"implementations[{i}]"
        if not isinstance(x, dict):
            c.add(p, "应为对象")
            continue
        c.str_(x, "code", p, required=True, max_len=64)
        c.str_(x, "base_code", p, required=True)
        code, base_code = x.get("code"), x.get("base_code")
        if isinstance(code, str):
            if code in seen_impl:
                c.add(f"{p}.code", f"实施编码“{code}”重复")
            seen_impl.add(code)
            existing = db_impls.get(code)
            if existing is not None and isinstance(base_code, str) and existing.base.code != base_code:
                c.add(f"{p}.base_code", f"实施编码{code}已属于基本目录事项{existing.base.code}，不能改挂")
            if ("impl", code) in open_review:
                c.add(p, f"实施清单事项{code}有待审核的版本，{blocked}")
        if isinstance(base_code, str) and base_code not in base_by_code and base_code not in db_bases:
            c.add(f"{p}.base_code", f"基本目录事项“{base_code}”不存在")
        if x.get("region") not in regions:
            c.add(f"{p}.region", f"行政区划“{x.get('region')}”不存在")
        level = x.get("level")
        if level is not None and (not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 7):
            c.add(f"{p}.level", "行使层级应为1–7")
        if x.get("department") not in departments:
            c.add(f"{p}.department", f"部门“{x.get('department')}”不存在")
        _check_version_block(c, x, p)
        c.errors += content_check(_content_of(x), refs=refs, path=p)
    for b in bases:
        if isinstance(b, dict) and ("base", b.get("code")) in open_review:
            c.add(f"base_items[{base_by_code[b['code']]}]", f"基本目录事项{b['code']}有待审核的版本，{blocked}")

    if publish and not c.errors:
        _check_rules(c, bases, impls, base_by_code, db_bases)
    lookups = {"departments": departments, "regions": regions, "db_bases": db_bases, "db_impls": db_impls}
    return c.errors, lookups


def catalog_import_check(data: Any, *, publish: bool) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The check :func:`catalog_import` runs before writing, for other write paths (the bulk
    Excel import) that must accept and reject exactly the same payloads.

    Returns ``(errors, lookups)``: every ``{"path", "message"}`` problem (structure, references,
    and with ``publish`` every publication rule), and the rows the check fetched, which a writer
    reuses: ``departments`` (code → Department), ``regions`` (code → Region), ``db_bases``
    (code → BaseItem) and ``db_impls`` (code → ItemImplementation). Reads only.
    """
    return _check_payload(data, publish=publish)


def _owners_in_review(db_impls: dict, db_bases: dict) -> set[tuple[str, str]]:
    rows = (
        ItemVersion.objects.filter(status=VersionStatus.REVIEW)
        .filter(implementation__in=list(db_impls.values()))
        .values_list("implementation__code", flat=True)
    )
    base_rows = ItemVersion.objects.filter(
        status=VersionStatus.REVIEW, base_item__in=list(db_bases.values())
    ).values_list("base_item__code", flat=True)
    return {("impl", c) for c in rows} | {("base", c) for c in base_rows}


def _content_of(entry: dict) -> dict[str, Any]:
    return {"elements": entry.get("elements") or {}, "graph": entry.get("graph") or {"steps": [], "edges": []}}


def _check_rules(c: _Check, bases: list, impls: list, base_by_code: dict, db_bases: dict) -> None:
    """What publishing would refuse: graph rules for every entry, 不得增加 for implementations."""
    base_contents: dict[str, dict] = {}
    base_metas: dict[str, dict] = {}
    for i, b in enumerate(bases):
        content = content_normalise(_content_of(b))
        base_metas[b["code"]] = {k: b.get(k, "") for k in ("code", "name", "item_type", "legal_basis")}
        if content_is_empty(_content_of(b)):
            continue
        base_contents[b["code"]] = content
        for v in version_violations(content):
            c.add(f"base_items[{i}].{v['field']}", v["message"])
    missing = {x["base_code"] for x in impls} - set(base_contents)
    db_versions = _latest_released_contents(
        [db_bases[code] for code in missing if code in db_bases], owner_field="base_item"
    )
    for code in missing:
        if code in db_bases:
            b = db_bases[code]
            base_metas.setdefault(
                code, {"code": b.code, "name": b.name, "item_type": b.item_type, "legal_basis": b.legal_basis}
            )
            if b.pk in db_versions:
                base_contents[code] = db_versions[b.pk]
    for i, x in enumerate(impls):
        content = content_normalise(_content_of(x))
        meta = {"code": x["code"], **{k: x[k] for k in ("name", "item_type", "legal_basis") if k in x}}
        base_content = base_contents.get(x["base_code"])
        violations = version_violations(
            content, base_content=base_content, impl_meta=meta, base_meta=base_metas.get(x["base_code"])
        )
        if base_content is None:
            violations.append(
                {"field": "base_code", "message": f"基本目录事项{x['base_code']}没有已发布的一表一图，无法比对"}
            )
        for v in violations:
            c.add(f"implementations[{i}].{v['field']}", v["message"])


def _latest_released_contents(owners: list, *, owner_field: str) -> dict[int, dict]:
    """owner pk → content of its highest-numbered released version."""
    if not owners:
        return {}
    latest = (
        ItemVersion.objects.filter(**{f"{owner_field}__in": owners}, status__in=RELEASED_STATUSES)
        .values(f"{owner_field}_id")
        .annotate(n=Max("number"))
    )
    wanted = {(row[f"{owner_field}_id"], row["n"]) for row in latest}
    out = {}
    for v in versions_with_content().filter(**{f"{owner_field}__in": owners}, status__in=RELEASED_STATUSES):
        if (getattr(v, f"{owner_field}_id"), v.number) in wanted:
            out[getattr(v, f"{owner_field}_id")] = version_content(v)
    return out


# --- import: writing ----------------------------------------------------------------------


#: Entries written per transaction by the command-line imports (``batch_size``): short enough that
#: SQLite's one write lock is free again within a second or so, so a user's write waiting on it
#: (``busy_timeout``) goes through while a large import runs (issue 18 item 7).
IMPORT_BATCH_SIZE = 100


def _chunks(rows: list, size: int | None) -> list[list]:
    if not size or size <= 0:
        return [rows] if rows else []
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def catalog_import(*, actor, data: dict[str, Any], publish: bool, batch_size: int | None = None) -> dict[str, Any]:
    """Import an interchange payload.

    ``publish=True``: each entry whose content differs from its latest released version becomes
    a new published version (``version.effective_from`` from the payload, else today), after the
    whole payload passed every publication rule. ``publish=False``: such content goes into the
    item's open draft (created when there is none). Same content → nothing written (idempotent).
    An open draft (left by an import without ``publish`` or by an editor) is rewritten and
    published rather than doubled, so any sequence of imports with any flags can be re-run.
    An item with a version in review is refused (the review decides it).
    Raises :class:`CatalogError` ``catalog_import_invalid`` (422) with ``detail`` = the list of
    ``{"path", "message"}``. Returns counts: ``{"licence_types", "base_items", "implementations",
    "versions_created", "versions_published", "drafts_written", "drafts_published", "unchanged"}``.
    One audit row ``zwfw.catalog.catalog.imported`` lists
    every code written.

    The whole payload is checked before anything is written, so a payload with any error writes
    nothing. ``batch_size=None`` (the API, tests) then writes it in one transaction: all or
    nothing. ``batch_size=N`` (the command-line imports) writes N entries per transaction, so a
    long import never holds the database's write lock (SQLite has one) for its whole run and
    other writes go through between batches; a run stopped half-way (kill -9, a crash) leaves
    whole batches behind, never half an entry, and running the same import again finishes it
    (entries already written are "unchanged").
    """
    errors, lookups = _check_payload(data, publish=publish)
    if errors:
        raise CatalogError(CatalogErrorCode.IMPORT_INVALID, detail=errors, count=len(errors))
    if batch_size is None:
        with transaction.atomic():
            return _write(actor=actor, data=data, publish=publish, lookups=lookups, batch_size=None)
    return _write(actor=actor, data=data, publish=publish, lookups=lookups, batch_size=batch_size)


def _write(*, actor, data: dict, publish: bool, lookups: dict, batch_size: int | None) -> dict[str, Any]:
    """Write a checked payload; each batch of entries in its own transaction (a savepoint when
    the caller holds one for the whole import)."""
    today = timezone.localdate()
    report = {
        "licence_types": {"created": 0, "updated": 0},
        "base_items": {"created": 0, "updated": 0},
        "implementations": {"created": 0, "updated": 0},
        "versions_created": 0,
        "versions_published": 0,
        "drafts_written": 0,
        "drafts_published": 0,
        "unchanged": 0,
    }
    changed_codes: list[str] = []
    version_args = {"publish": publish, "departments": lookups["departments"], "actor": actor, "today": today}
    with transaction.atomic():
        existing_lt = {lt.code: lt for lt in LicenceType.objects.all()}
        for lt in data.get("licence_types", []):
            row = existing_lt.get(lt["code"])
            values = {"name": lt["name"], "issuer_line": lt.get("issuer_line", "")}
            if row is None:
                LicenceType.objects.create(code=lt["code"], **values)
                report["licence_types"]["created"] += 1
            elif (row.name, row.issuer_line) != (values["name"], values["issuer_line"]):
                row.name, row.issuer_line = values["name"], values["issuer_line"]
                row.save()
                report["licence_types"]["updated"] += 1

    bases: dict[str, BaseItem] = dict(lookups["db_bases"])
    for chunk in _chunks(data.get("base_items", []), batch_size):
        with transaction.atomic():
            _write_bases(chunk, bases=bases, report=report, changed=changed_codes, version_args=version_args)

    impls: dict[str, ItemImplementation] = dict(lookups["db_impls"])
    for chunk in _chunks(data.get("implementations", []), batch_size):
        with transaction.atomic():
            _write_impls(
                chunk,
                bases=bases,
                impls=impls,
                regions=lookups["regions"],
                departments=lookups["departments"],
                report=report,
                changed=changed_codes,
                version_args=version_args,
            )

    catalog_import_audit(actor, data, report, publish=publish, changed=sorted(set(changed_codes)))
    return report


def catalog_import_audit(actor, data: dict, report: dict, *, publish: bool, changed: list[str]) -> None:
    """The audit row of one import (JSON or Excel bulk): the report, keyed by the data's digest."""
    digest = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    audit_log_write(
        actor=actor,
        action="zwfw.catalog.catalog.imported",
        object_type="catalog.import",
        object_id=digest[:16],
        after={**report, "publish": publish, "changed": changed},
    )


def _write_bases(base_rows: list, *, bases: dict, report: dict, changed: list, version_args: dict) -> None:
    for b in base_rows:
        fields = {
            "name": b["name"],
            "item_type": b["item_type"],
            "legal_basis": b.get("legal_basis", ""),
            "department_line": b.get("department_line", ""),
            **{k: list(b.get(k, [])) for k in BASE_LIST_FIELDS},
        }
        row = bases.get(b["code"])
        if row is None:
            row = BaseItem(code=b["code"], **fields)
            row.save()
            bases[row.code] = row
            report["base_items"]["created"] += 1
            changed.append(row.code)
        elif any(getattr(row, k) != v for k, v in fields.items()) or row.type_code != ITEM_TYPE_CODES[row.item_type]:
            for k, v in fields.items():
                setattr(row, k, v)
            row.save()
            report["base_items"]["updated"] += 1
            changed.append(row.code)
    base_owners = [bases[b["code"]] for b in base_rows if not content_is_empty(_content_of(b))]
    current_base = _current_contents(base_owners, owner_field="base_item", publish=version_args["publish"])
    for b in base_rows:
        if content_is_empty(_content_of(b)):
            continue
        owner = bases[b["code"]]
        if _write_version(owner=owner, entry=b, current=current_base.get(owner.pk), report=report, **version_args):
            changed.append(b["code"])


def _write_impls(
    impl_rows: list,
    *,
    bases: dict,
    impls: dict,
    regions: dict,
    departments: dict,
    report: dict,
    changed: list,
    version_args: dict,
) -> None:
    for x in impl_rows:
        region = regions[x["region"]]
        dept = departments[x["department"]]
        level = x.get("level") or region.level
        row = impls.get(x["code"])
        if row is None:
            row = ItemImplementation(
                base=bases[x["base_code"]], code=x["code"], region=region, department=dept, level=level
            )
            row.save()
            impls[row.code] = row
            report["implementations"]["created"] += 1
            changed.append(row.code)
        elif (row.region_id, row.department_id, row.level, row.is_active) != (region.pk, dept.pk, level, True):
            row.region, row.department, row.level, row.is_active = region, dept, level, True
            row.save()
            report["implementations"]["updated"] += 1
            changed.append(row.code)
    current_impl = _current_contents(
        [impls[x["code"]] for x in impl_rows], owner_field="implementation", publish=version_args["publish"]
    )
    for x in impl_rows:
        owner = impls[x["code"]]
        if _write_version(owner=owner, entry=x, current=current_impl.get(owner.pk), report=report, **version_args):
            changed.append(x["code"])


def _current_contents(owners: list, *, owner_field: str, publish: bool) -> dict[int, tuple[ItemVersion, dict]]:
    """owner pk → (version, content) the payload is compared with: the open draft when
    importing drafts, else the highest-numbered released version."""
    if not owners:
        return {}
    statuses = (*RELEASED_STATUSES, *OPEN_STATUSES)
    rows = list(
        ItemVersion.objects.filter(**{f"{owner_field}__in": owners}, status__in=statuses).values(
            "id", f"{owner_field}_id", "number", "status"
        )
    )
    pick: dict[int, dict] = {}
    for r in rows:
        owner_id = r[f"{owner_field}_id"]
        best = pick.get(owner_id)
        if not publish and r["status"] in OPEN_STATUSES:
            pick[owner_id] = {**r, "_open": True}
        elif r["status"] in RELEASED_STATUSES and (
            best is None or (not best.get("_open") and r["number"] > best["number"])
        ):
            pick[owner_id] = r
    versions = {v.pk: v for v in versions_with_content().filter(pk__in=[r["id"] for r in pick.values()])}
    return {owner_id: (versions[r["id"]], version_content(versions[r["id"]])) for owner_id, r in pick.items()}


def _write_version(
    *, owner, entry: dict, current, publish: bool, departments: dict, actor, today: dt.date, report: dict
) -> bool:
    content = content_normalise(_content_of(entry))
    if current is not None and current[1] == content:
        report["unchanged"] += 1
        return False
    block = entry.get("version") or {}
    owner_kwargs = {"implementation": owner} if isinstance(owner, ItemImplementation) else {"base_item": owner}
    version = None
    if not publish and current is not None and current[0].status == VersionStatus.DRAFT:
        version = current[0]
    elif publish:
        # An earlier import without --publish (or an editor) left a draft: publish through it
        # rather than open a second version beside it.
        version = (
            ItemVersion.objects.select_for_update()
            .filter(**owner_kwargs, status=VersionStatus.DRAFT)
            .order_by("-number")
            .first()
        )
        if version is not None:
            report["drafts_published"] += 1
    if version is None:
        top = ItemVersion.objects.filter(**owner_kwargs).aggregate(n=Max("number"))["n"] or 0
        number = max(top + 1, block.get("number") or 0)
        version = ItemVersion(
            **owner_kwargs,
            number=number,
            status=VersionStatus.DRAFT,
            change_note=block.get("note", "") or "",
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        report["versions_created"] += 1
    content_write(version, content, departments=departments, fresh=version.pk is None)
    if publish:
        publish_version(version, effective_from=_parse_date(block.get("effective_from")) or today)
        report["versions_published"] += 1
    else:
        report["drafts_written"] += 1
    return True
