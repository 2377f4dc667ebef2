"""Demo data: Sichuan/成都 enterprise-support policies (``demo_data/policies.yaml``) and a
generated enterprise population (:mod:`zwfw.policies.population`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

POLICIES_FILE = Path(__file__).resolve().parent / "demo_data" / "policies.yaml"


@lru_cache(maxsize=1)
def _load() -> tuple:
    return tuple(yaml.safe_load(POLICIES_FILE.read_text(encoding="utf-8")))


def demo_policies() -> list[dict]:
    """The demo policies as dicts (a fresh list each call; the dicts are shared, do not mutate)."""
    return list(_load())


DEMO_ENTERPRISES = 600
EXTRA_DEPARTMENTS = [
    ("510000", "kj", "四川省科学技术厅", "科技厅", 2),
    ("510100", "kj", "成都市科学技术局", "市科技局", 3),
    ("510100", "jx", "成都市经济和信息化局", "市经信局", 3),
    ("510100", "jr", "成都市地方金融管理局", "市金融局", 3),
]


def _departments(actor) -> None:
    from zwfw.core.services.regions import department_ensure

    for region, line, name, short, level in EXTRA_DEPARTMENTS:
        department_ensure(
            actor=actor,
            code=f"{region}-{line}",
            name=name,
            short_name=short,
            region_code=region,
            level=level,
            line=line,
        )


def _policies(actor) -> int:
    import datetime as dt

    from zwfw.core.models import Department, Region
    from zwfw.policies.models import Policy
    from zwfw.policies.services import policy_create, policy_expire_due, policy_transition, support_item_create

    created = 0
    for p in demo_policies():
        if Policy.objects.filter(key=p["key"]).exists():
            continue
        region = Region.objects.get(code=p["region"])
        first_dept = Department.objects.get(code=p["items"][0]["department"])
        policy = policy_create(
            actor=actor,
            key=p["key"],
            title=p["title"],
            issuer=p["issuer"],
            doc_number=p["doc_number"],
            issued_on=p.get("issued_on"),
            effective_from=p["effective_from"],
            expires_on=p.get("expires_on"),
            full_text=p.get("summary", ""),
            region=region,
            department=first_dept,
            tags=p.get("tags", []),
            confirmed=bool(p.get("confirmed")),
        )
        for item in p["items"]:
            window = item.get("window") or {}
            support_item_create(
                actor=actor,
                policy=policy,
                key=item["key"],
                title=item["title"],
                benefit=item["benefit"],
                rule_text=yaml.safe_dump(item["rule"], allow_unicode=True, sort_keys=False),
                department=Department.objects.get(code=item["department"]),
                materials=item.get("materials", []),
                window_opens=window.get("opens"),
                window_closes=window.get("closes"),
                auto_grant=bool(item.get("auto_grant")),
            )
        policy_transition(actor=actor, policy=policy, to="published")
        created += 1
    policy_expire_due(today=dt.date.today())
    return created


def population_csvs(n: int, *, seed: int = 2026) -> dict[str, bytes]:
    """The generated population as one CSV per data source (money in 元), ready for import.
    The first enterprise is the demo ``enterprise`` account's (成都示例科技有限公司)."""
    import csv
    import datetime as dt
    import io

    import polars as pl

    from zwfw.core.services.seed import demo_uscc
    from zwfw.policies.population import population_frame
    from zwfw.policies.rules.attributes import ATTRIBUTES, TAGS, AttrType, Source
    from zwfw.policies.rules.evaluate import tags_from_bits
    from zwfw.policies.services.profiles import source_columns

    frame = population_frame(n, seed=seed, as_of=dt.date.today())
    demo = {
        "uscc": demo_uscc(),
        "region_code": "510107",
        "industry_code": "6511",
        "employees": 85,
        "insured_employees": 80,
        "new_hires": 12,
        "graduate_hires": 4,
        "revenue": 68_000_000_00,
        "total_assets": 52_000_000_00,
        "taxable_income": 6_000_000_00,
        "rd_expense": 9_000_000_00,
        "established_on": dt.date(2019, 5, 1),
        "hnte_valid_until": dt.date.today().replace(year=dt.date.today().year + 2),
        "srdi_level": "创新型中小企业",
        "credit_grade": "A",
        "vat_small_scale": False,
        "in_abnormal_list": False,
        "layoff_rate_ok": True,
        "unemployment_insurance_paid": 95_000_00,
        "invention_patents": 6,
    }
    frame = frame.with_columns(
        [pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(v)).otherwise(pl.col(k)).alias(k) for k, v in demo.items()]
    )
    names = ["成都示例科技有限公司"] + [f"四川演示企业{i:05d}有限公司" for i in range(1, n)]
    out: dict[str, bytes] = {}
    for src in Source:
        if src in (Source.DECLARATION, Source.DERIVED):
            continue
        cols = [c for c in sorted(source_columns(src)) if c in frame.columns or c == "tags"]
        if not cols:
            continue
        buf = io.StringIO()
        writer = csv.writer(buf)
        header = ["uscc", *(["name"] if src == Source.MARKET else []), *cols]
        writer.writerow(header)
        for i, row in enumerate(frame.iter_rows(named=True)):
            values = [row["uscc"], *([names[i]] if src == Source.MARKET else [])]
            for c in cols:
                if c == "tags":
                    values.append(";".join(t for t in tags_from_bits(row["tag_bits"]) if TAGS[t] == src))
                    continue
                v = row[c]
                if v is None:
                    values.append("")
                elif ATTRIBUTES[c].type == AttrType.MONEY:
                    values.append(f"{v / 100:.2f}")
                elif isinstance(v, bool):
                    values.append("是" if v else "否")
                else:
                    values.append(str(v))
            writer.writerow(values)
        out[src.value] = buf.getvalue().encode("utf-8")
    return out


def demo_load(*, actor=None, enterprises: int = DEMO_ENTERPRISES) -> dict:
    """Idempotent: departments, policies (published), profiles (if none), one match run."""
    from zwfw.policies.models import EnterpriseProfile, MatchRun, MatchRunStatus
    from zwfw.policies.services import match_run_create, match_run_execute, profile_import

    _departments(actor)
    created = _policies(actor)
    imported = 0
    if not EnterpriseProfile.objects.exists():
        for source, content in population_csvs(enterprises).items():
            batch = profile_import(actor=actor, source=source, filename=f"demo-{source}.csv", content=content)
            imported = max(imported, batch.rows_ok)
    run = MatchRun.objects.filter(status=MatchRunStatus.DONE).first()
    if run is None:
        busy = MatchRun.objects.filter(status__in=[MatchRunStatus.QUEUED, MatchRunStatus.RUNNING]).first()
        run = busy or match_run_create(actor=actor)
        run = match_run_execute(run_id=run.pk)
    return {"新增政策": created, "导入企业": imported, "匹配任务": f"#{run.pk} {run.get_status_display()}"}
