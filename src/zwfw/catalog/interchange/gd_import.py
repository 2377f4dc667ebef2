"""Import Guangdong's real service items (``shared/data/gd-service-items``) as a separate region's list.

The source (SOURCE.md there) is 2,262 records crawled from gdzwfw.gov.cn: 2,024 provincial
(AREACODE 440000) and 238 Guangzhou (440100). Each record is one 实施清单 entry. Mapping:

* 实施编码 = ``TASK_CODE`` (31 chars, or 33 with a 2-digit 业务办理项); structure per DOMAIN.md
  "Item codes in real systems": USCC of the department (18) + level digit + 12-digit base code.
* 基本目录: one base item per 12-digit base code (``TASK_CODE[19:31]``, always equal to ``CATAID``).
  Its name is ``subCatalogName`` (the catalog item of that code); ``CATANAME``/``parentCatalogName``
  is the *parent* catalog item, shared by several codes (e.g. 初审/审定/复查), so it goes to the
  keywords, with ``TASK_NAME`` when it names a sub-case, and ``matter_short``/``matter_daily``
  (short and everyday names) when given.
* 部门: one per ``DEPT_NAME``; code ``gd-<USCC>`` when the code's first 18 characters are a valid
  统一社会信用代码 (GB 32100-2015 check character), else ``gd-<sha1(name)[:10]>``; created through
  :func:`zwfw.core.services.regions.department_ensure`, regions through ``region_ensure``.
* 事项类型 from ``TASK_TYPE_TEXT``; 法定时限 ``handle_time`` / 承诺时限 ``handle_time_limit`` parsed
  from "20(工作日)"; "无" → no limit (null); "即办" → 0 and an instant case; **自然日 values are not
  converted** (working days depend on the calendar of the actual dates): the limit stays null and
  the text goes to ``limit_note`` — both are counted in the report.
* 受理条件 = ``accept_standard``; materials = ``material_intro`` names (form and count are not in
  the source: no form, one copy-less original is *not* assumed); 到现场次数 = ``visit_number``;
  办理地点, 咨询/投诉电话; themes → life events / enterprise stages where one fits; service
  objects → the catalog's five (行政机关 has no counterpart: reported).
* 一图: the source has no process graph, so every entry gets the generic graph 申请→受理→审查决定→
  办结 with no step limits (it fits any promised limit); reported as such.

Base items get the reference table their implementations are checked against: limits = the
largest of their implementations' (none when any has none), materials = the union.

Everything goes through :func:`zwfw.catalog.interchange.catalog_json.catalog_import` (checked whole
first, then written in batches of ``IMPORT_BATCH_SIZE`` entries per transaction, audited,
idempotent on re-import: a run stopped half-way is finished by running it again).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction

from zwfw.catalog.interchange.catalog_json import FORMAT, FORMAT_VERSION, IMPORT_BATCH_SIZE, catalog_import
from zwfw.catalog.models import EnterpriseStage, ItemType, LifeEvent, ServiceObject
from zwfw.core.identifiers import USCC_CHARSET, uscc_check_char
from zwfw.core.models import Region
from zwfw.core.services.regions import department_ensure, region_ensure

REGIONS = {
    "440000": {"name": "广东省", "level": 2, "parent": "100000"},
    "440100": {"name": "广州市", "level": 3, "parent": "440000"},
}

ITEM_TYPES = {
    "行政许可": ItemType.LICENCE,
    "行政给付": ItemType.PAYMENT,
    "行政确认": ItemType.CONFIRMATION,
    "行政奖励": ItemType.REWARD,
    "行政裁决": ItemType.ADJUDICATION,
    "行政备案": ItemType.FILING,
    "其他行政权力": ItemType.OTHER_POWER,
    "公共服务": ItemType.PUBLIC_SERVICE,
}

SERVICE_OBJECTS = {
    "自然人": ServiceObject.PERSON,
    "企业法人": ServiceObject.ENTERPRISE,
    "非法人企业": ServiceObject.OTHER_ORG,
    "事业法人": ServiceObject.PUBLIC_INSTITUTION,
    "社会组织法人": ServiceObject.SOCIAL_ORG,
    "其他组织": ServiceObject.OTHER_ORG,
}

# Guangdong's theme names → the national person life events / enterprise stages (国办发〔2025〕24号).
THEME_LIFE_EVENTS = {
    "生小孩": LifeEvent.BIRTH,
    "生育收养": LifeEvent.BIRTH,
    "教育科研": LifeEvent.EDUCATION,
    "升学": LifeEvent.EDUCATION,
    "义务教育": LifeEvent.EDUCATION,
    "儿童青少年": LifeEvent.EDUCATION,
    "找工作": LifeEvent.EMPLOYMENT,
    "就业创业": LifeEvent.EMPLOYMENT,
    "高校毕业生": LifeEvent.EMPLOYMENT,
    "失业": LifeEvent.EMPLOYMENT,
    "人才": LifeEvent.EMPLOYMENT,
    "职业资格": LifeEvent.EMPLOYMENT,
    "户籍办理": LifeEvent.LIVING,
    "证件办理": LifeEvent.LIVING,
    "婚姻登记": LifeEvent.LIVING,
    "结婚": LifeEvent.LIVING,
    "公用事业": LifeEvent.LIVING,
    "迁居": LifeEvent.LIVING,
    "消费维权": LifeEvent.LIVING,
    "买房子": LifeEvent.HOUSING,
    "住房保障": LifeEvent.HOUSING,
    "交通出行": LifeEvent.TRAVEL,
    "出境入境": LifeEvent.TRAVEL,
    "旅游观光": LifeEvent.TRAVEL,
    "医疗卫生": LifeEvent.MEDICAL,
    "社会保障（社会保险、社会救助）": LifeEvent.RELIEF,
    "社会救助": LifeEvent.RELIEF,
    "残疾人": LifeEvent.RELIEF,
    "涉农补贴": LifeEvent.RELIEF,
    "退休": LifeEvent.ELDERLY,
    "离职退休": LifeEvent.ELDERLY,
    "养老服务": LifeEvent.ELDERLY,
    "老年人": LifeEvent.ELDERLY,
}
THEME_STAGES = {
    "设立变更": EnterpriseStage.ACCESS,
    "准营准办": EnterpriseStage.ACCESS,
    "创业": EnterpriseStage.ACCESS,
    "纳税": EnterpriseStage.TAX,
    "行政缴费": EnterpriseStage.TAX,
    "规划建设": EnterpriseStage.CONSTRUCTION,
    "知识产权": EnterpriseStage.OPERATION,
    "抵押质押": EnterpriseStage.OPERATION,
}

GENERIC_GRAPH = {
    "steps": [
        {"key": "apply", "name": "申请", "kind": "apply", "role": "applicant", "limit_days": 0},
        {"key": "accept", "name": "受理", "kind": "accept", "role": "window_clerk", "limit_days": 0},
        {"key": "decide", "name": "审查决定", "kind": "decide", "role": "reviewer", "limit_days": 0},
        {"key": "deliver", "name": "办结", "kind": "deliver", "role": "window_clerk", "limit_days": 0},
    ],
    "edges": [["apply", "accept"], ["accept", "decide"], ["decide", "deliver"]],
}

_LIMIT = re.compile(r"\s*(\d+)\s*[（(]\s*(工作日|自然日)\s*[)）]\s*")
_NONE = {"", "无", "暂无", "null", "None"}
EXAMPLES_PER_REASON = 5


class GdImportReport:
    """What could not be mapped, and why: counts per reason with a few examples."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = defaultdict(list)

    def add(self, reason: str, example: str) -> None:
        self.counts[reason] += 1
        if len(self.examples[reason]) < EXAMPLES_PER_REASON:
            self.examples[reason].append(example)

    def as_dict(self) -> dict[str, Any]:
        return {reason: {"count": n, "examples": self.examples[reason]} for reason, n in self.counts.most_common()}


def gd_records_read(path: str | Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The records of ``items.jsonl`` (one JSON object per line; blank lines skipped)."""
    records = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(json.loads(line))
                if limit is not None and len(records) >= limit:
                    break
    return records


def parse_limit(text: Any) -> tuple[int | None, str]:
    """``"20(工作日)"`` → ``(20, "")``; ``"即办"`` → ``(0, "")``; ``"无"`` → ``(None, "none")``;
    ``"90(自然日)"`` → ``(None, "natural_days")`` (not converted); anything else → ``(None, "unparsed")``."""
    s = str(text or "").strip()
    if s in _NONE:
        return None, "none"
    if s == "即办":
        return 0, ""
    m = _LIMIT.fullmatch(s)
    if not m:
        return None, "unparsed"
    if m[2] == "自然日":
        return None, "natural_days"
    return int(m[1]), ""


def gd_department_code(task_code: str, dept_name: str) -> tuple[str, str]:
    """(department code, USCC or "") for a record: ``gd-<USCC>`` when the implementation code
    starts with a valid 统一社会信用代码, else ``gd-<sha1 of the name, 10 hex>``."""
    uscc = (task_code or "")[:18].upper()
    if len(uscc) == 18 and all(c in USCC_CHARSET for c in uscc) and uscc_check_char(uscc[:17]) == uscc[17]:
        return f"gd-{uscc}", uscc
    return f"gd-{hashlib.sha1(dept_name.encode(), usedforsecurity=False).hexdigest()[:10]}", ""


def _text(value: Any) -> str:
    s = str(value or "").strip()
    return "" if s in _NONE else s


def _material_key(name: str) -> str:
    return "m" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:10]


def _elements(r: dict, report: GdImportReport, label: str) -> dict[str, Any]:
    legal, legal_why = parse_limit(r.get("handle_time"))
    promised, promised_why = parse_limit(r.get("handle_time_limit"))
    notes = []
    pairs = ((legal_why, r.get("handle_time"), "法定时限"), (promised_why, r.get("handle_time_limit"), "承诺时限"))
    for why, raw, what in pairs:
        if why == "none":
            report.add(f"{what}为“无”：不设时限（null）", label)
        elif why == "natural_days":
            report.add(f"{what}以自然日计：未换算为工作日，原文记入时限说明", f"{label}：{raw}")
            notes.append(f"{what}{raw}")
        elif why == "unparsed":
            report.add(f"{what}无法解析：不设时限（null）", f"{label}：{raw}")
            notes.append(f"{what}{raw}")
    if legal is not None and promised is not None and promised > legal:
        report.add("承诺时限超过法定时限：承诺时限不导入", f"{label}：{promised}>{legal}")
        promised = None
    materials = []
    intro = r.get("material_intro")
    names = [str(n).strip() for n in intro] if isinstance(intro, list) else []
    names = [n for n in names if n and n not in _NONE]
    if not names:
        report.add("来源未列申请材料", label)
    seen = set()
    for n in names:
        key = _material_key(n)
        if key in seen:
            continue
        seen.add(key)
        materials.append({"key": key, "name": n[:300], "forms": [], "originals": 0, "copies": 0, "required": True})
    conditions = _text(r.get("accept_standard"))
    if not conditions:
        report.add("来源无受理条件", label)
    phones = {}
    for key, src in (("consult_phone", "consult_phone"), ("complaint_phone", "complain_phone")):
        phone = _text(r.get(src))
        if len(phone) > 100:
            report.add("电话超过100字：截断", label)
            phone = phone[:100]
        phones[key] = phone
    place = _text(r.get("handle_location"))
    place = re.sub(r"^办理地点[:：]\s*", "", place)
    try:
        visits = min(int(r.get("visit_number") or 0), 99)
    except ValueError:
        visits = 0
        report.add("到现场次数无法解析：记为0", f"{label}：{r.get('visit_number')}")
    channels = ["window"] + (["post"] if r.get("courier_service") == "是" else [])
    return {
        "conditions": conditions,
        "materials": materials,
        "legal_limit_days": legal,
        "promised_limit_days": promised,
        "limit_note": "；".join(notes),
        "case_type": "instant" if promised == 0 else "promised",
        "visits": visits,
        "place": place,
        "channels": channels,
        **phones,
    }


def _base_elements(impl_elements: list[dict]) -> dict[str, Any]:
    """The reference table: what every implementation of the base fits in."""
    out = dict(impl_elements[0])
    for key in ("legal_limit_days", "promised_limit_days"):
        values = [e[key] for e in impl_elements]
        out[key] = None if any(v is None for v in values) else max(values)
    out["visits"] = max(e["visits"] for e in impl_elements)
    materials: dict[str, dict] = {}
    for e in impl_elements:
        for m in e["materials"]:
            materials.setdefault(m["key"], m)
    out["materials"] = list(materials.values())
    out["case_type"] = "instant" if out["promised_limit_days"] == 0 else "promised"
    out["limit_note"] = ""
    return out


def gd_catalog_build(records: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, dict], GdImportReport]:
    """Map records to an interchange payload; returns (payload, departments to ensure, report).

    Pure: reads no database. Departments are ``{code: {"name", "region", "level", "uscc"}}``.
    """
    report = GdImportReport()
    departments: dict[str, dict] = {}
    by_base: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    seen_codes: set[str] = set()
    for r in records:
        task_code = str(r.get("TASK_CODE") or "").strip()
        label = f"{task_code} {r.get('TASK_NAME') or ''}".strip()
        if len(task_code) not in (31, 33):
            report.add("实施编码长度不是31或33位：跳过", label)
            continue
        if task_code in seen_codes:
            report.add("实施编码重复：跳过", label)
            continue
        if r.get("AREACODE") not in REGIONS:
            report.add("行政区划不是广东省或广州市：跳过", f"{label}：{r.get('AREACODE')}")
            continue
        item_type = ITEM_TYPES.get(str(r.get("TASK_TYPE_TEXT") or ""))
        if item_type is None:
            report.add("事项类型无法映射：跳过", f"{label}：{r.get('TASK_TYPE_TEXT')}")
            continue
        dept_name = str(r.get("DEPT_NAME") or "").strip()
        if not dept_name:
            report.add("无实施机关：跳过", label)
            continue
        seen_codes.add(task_code)
        dept_code, uscc = gd_department_code(task_code, dept_name)
        if not uscc:
            report.add("实施编码前18位不是有效统一社会信用代码：部门编码取名称摘要", f"{label}：{task_code[:18]}")
        region = r["AREACODE"]
        departments.setdefault(
            dept_code, {"name": dept_name, "region": region, "level": REGIONS[region]["level"], "uscc": uscc}
        )
        entry = {
            "base_code": task_code[19:31],
            "code": task_code,
            "region": region,
            "level": REGIONS[region]["level"],
            "department": dept_code,
            "item_type": item_type,
            "elements": _elements(r, report, label),
            "graph": GENERIC_GRAPH,
        }
        by_base[entry["base_code"]].append((r, entry))
    report.counts["来源无办理流程图：使用通用流程 申请→受理→审查决定→办结（环节不设时限）"] = len(seen_codes)

    bases, impls = [], []
    for base_code in sorted(by_base):
        group = by_base[base_code]
        first = group[0][0]
        name = _text(first.get("subCatalogName")) or _text(first.get("CATANAME")) or _text(first.get("TASK_NAME"))
        keywords: list[str] = []
        for r, _entry in group:
            for word in (
                r.get("CATANAME"),
                r.get("TASK_NAME"),
                r.get("subTaskName"),
                r.get("matter_short"),
                r.get("matter_daily"),
            ):
                word = _text(word)
                if word and word != name and word not in keywords:
                    keywords.append(word)
        objects: list[str] = []
        life_events: list[str] = []
        stages: list[str] = []
        for r, entry in group:
            for obj in r.get("service_object_name") or []:
                mapped = SERVICE_OBJECTS.get(obj)
                if mapped is None:
                    report.add(f"服务对象“{obj}”无对应类别：不导入", entry["code"])
                elif mapped not in objects:
                    objects.append(mapped)
            for theme in r.get("theme_category") or []:
                event, stage = THEME_LIFE_EVENTS.get(theme), THEME_STAGES.get(theme)
                if event is None and stage is None:
                    report.add(f"主题“{theme}”无对应生命周期：不导入", entry["code"])
                if event is not None and event not in life_events:
                    life_events.append(event)
                if stage is not None and stage not in stages:
                    stages.append(stage)
        item_types = {e["item_type"] for _, e in group}
        if len(item_types) > 1:
            report.add("同一基本编码的事项类型不一致：取第一条", base_code)
        bases.append(
            {
                "code": base_code,
                "name": name[:200],
                "item_type": group[0][1]["item_type"],
                "legal_basis": "",
                "department_line": "",
                "levels": sorted({e["level"] for _, e in group}),
                "service_objects": [str(o) for o in objects],
                "keywords": keywords,
                "life_events": [str(x) for x in life_events],
                "enterprise_stages": [str(x) for x in stages],
                "elements": _base_elements([e["elements"] for _, e in group]),
                "graph": GENERIC_GRAPH,
            }
        )
        for _r, entry in group:
            impls.append({k: v for k, v in entry.items() if k != "item_type"})
    report.counts["来源无设定依据：设定依据留空"] = len(bases)
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "licence_types": [],
        "base_items": bases,
        "implementations": impls,
    }
    return payload, departments, report


def gd_catalog_import(
    *, actor, path: str | Path, publish: bool, limit: int | None = None, batch_size: int | None = IMPORT_BATCH_SIZE
) -> dict[str, Any]:
    """Import the Guangdong file at ``path``: regions and departments in one transaction, then the
    catalog in batches of ``batch_size`` entries (``None``: everything in one transaction), so the
    import never holds the database's write lock for its whole run (issue 18 item 7).

    Returns ``{"records", "base_items", "implementations", "departments", "import": <catalog_import
    report>, "unmapped": {reason: {"count", "examples"}}}``. Raises ``CatalogError``
    ``catalog_import_invalid`` (422) when the mapped payload breaks a catalog rule; no catalog
    entry is written then (the payload is checked whole before the first batch). A run stopped
    between batches is finished by running it again.
    """
    records = gd_records_read(path, limit=limit)
    payload, departments, report = gd_catalog_build(records)
    with transaction.atomic():
        for code, spec in REGIONS.items():
            parent = spec["parent"]
            if parent and not Region.objects.filter(code=parent).exists():
                parent = None  # the national root is seeded with the reference data; optional here
            region_ensure(actor=actor, code=code, name=spec["name"], level=spec["level"], parent_code=parent)
        for code, spec in departments.items():
            department_ensure(
                actor=actor,
                code=code,
                name=spec["name"],
                region_code=spec["region"],
                level=spec["level"],
                uscc=spec["uscc"],
            )
    result = catalog_import(actor=actor, data=payload, publish=publish, batch_size=batch_size)
    skipped_records = sum(n for reason, n in report.counts.items() if "跳过" in reason)
    return {
        "records": len(records),
        "base_items": len(payload["base_items"]),
        "implementations": len(payload["implementations"]),
        "departments": len(departments),
        "import": result,
        "summary": gd_import_summary(result, skipped_records=skipped_records, publish=publish),
        "unmapped": report.as_dict(),
    }


def gd_import_summary(result: dict[str, Any], *, skipped_records: int, publish: bool) -> dict[str, int]:
    """What an import did, in four numbers a person can check on a re-run:

    ``created`` base items + implementations + versions created; ``updated`` base items and
    implementations whose fields changed + drafts rewritten in place; ``skipped`` entries whose
    content equals what is stored + records the mapping skipped; ``published`` versions
    published (0 without ``--publish``). A second identical run creates, updates and publishes
    nothing.
    """
    # drafts rewritten in place: with --publish, an earlier run's drafts published through
    rewritten = result["drafts_published"] if publish else result["drafts_written"] - result["versions_created"]
    return {
        "created": result["base_items"]["created"] + result["implementations"]["created"] + result["versions_created"],
        "updated": result["base_items"]["updated"] + result["implementations"]["updated"] + rewritten,
        "skipped": result["unchanged"] + skipped_records,
        "published": result["versions_published"] if publish else 0,
    }
