"""Reference data (regions, departments) and the demo accounts. Idempotent: run it any number of times.

- :func:`seed_reference_data` (``zwfw seed``, ``zwfw demo``): adds the regions of
  ``fixtures/regions.yaml`` that are missing (migration 0003 already loaded the file as it was then)
  and the departments of ``fixtures/departments.yaml``; a department's code is
  ``"<region>-<line>"`` and its parent is the department of the same line in the parent region
  when there is one (武侯区市场监管局 → 成都市市场监管局 → 省市场监管局). Changed names are updated.
- :func:`demo_accounts_ensure` (``zwfw demo``): one account per role, password
  :data:`DEMO_PASSWORD`, staff in 成都市 departments, one 绵阳 clerk (``clerk_my``) to show scoping.
- :func:`demo_data_load_all`: calls ``load_demo_data(self)`` on every installed AppConfig that
  defines it, in ``INSTALLED_APPS`` order (core's data first, then catalog …), with no
  arguments (a hook may accept optional keywords such as ``actor=None``). A hook must be
  idempotent; it may return a one-line summary (str, or a dict of counts) that ``zwfw demo`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps as django_apps
from django.db import transaction

from zwfw.core.identifiers import id_number_check_char, org_code_check_char, uscc_check_char
from zwfw.core.models import Department, Region, Role, User
from zwfw.core.services.accounts import user_create
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.regions import department_ensure, region_ensure
from zwfw.core.types import Actor

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REGIONS_FILE = FIXTURES / "regions.yaml"
DEPARTMENTS_FILE = FIXTURES / "departments.yaml"
DEMO_PASSWORD = "zwfw-demo-2026"  # noqa: S105 - the published demo password, printed by zwfw demo


@dataclass
class SeedReport:
    regions_created: int = 0
    departments_created: int = 0
    departments_updated: int = 0


def _load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def department_code(region: str, line: str) -> str:
    return f"{region}-{line}"


@transaction.atomic
def seed_reference_data(*, actor: Actor = None) -> SeedReport:
    """Load regions and departments from the fixtures; safe to repeat (see module docstring)."""
    report = SeedReport()
    existing = set(Region.objects.values_list("code", flat=True))
    for row in _load(REGIONS_FILE):
        code = str(row["code"])
        if code in existing:
            continue
        region_ensure(
            actor=actor,
            code=code,
            name=row["name"],
            level=int(row["level"]),
            parent_code=str(row["parent"]) if row.get("parent") else None,
        )
        existing.add(code)
        report.regions_created += 1

    parents = dict(Region.objects.values_list("code", "parent_id"))
    rows = _load(DEPARTMENTS_FILE)
    # Parents first: a department's parent lives one region level up, so sort by region level.
    levels = dict(Region.objects.values_list("code", "level"))
    rows.sort(key=lambda r: (levels.get(str(r["region"]), 99), str(r["region"]), r["line"]))
    known = {d.code: d for d in Department.objects.all()}
    for row in rows:
        region, line = str(row["region"]), str(row["line"])
        code = department_code(region, line)
        current = known.get(code)
        if current is not None:
            changes = {
                k: row.get(k, "") for k in ("name", "short_name") if row.get(k, "") and getattr(current, k) != row[k]
            }
            if changes:
                before = {k: getattr(current, k) for k in changes}
                for k, v in changes.items():
                    setattr(current, k, v)
                current.save(update_fields=[*changes, "path"])
                audit_log_write(
                    actor=actor,
                    action="zwfw.core.department.updated",
                    obj=current,
                    before=before,
                    after=changes,
                    region_code=region,
                )
                report.departments_updated += 1
            continue
        parent_region = parents.get(region)
        parent_code = department_code(parent_region, line) if parent_region else None
        known[code] = department_ensure(
            actor=actor,
            code=code,
            name=row["name"],
            short_name=row.get("short_name", ""),
            uscc=row.get("uscc", ""),
            region_code=region,
            level=int(row["level"]),
            line=line,
            parent_code=parent_code if parent_code in known else None,
        )
        report.departments_created += 1
    return report


# ---- demo accounts ----------------------------------------------------------------------------


def demo_id_number(region: str = "510107", birth: str = "19900307", seq: str = "123") -> str:
    """A 公民身份号码 with a valid check digit (GB 11643) for demo data; not a real person's."""
    first17 = f"{region}{birth}{seq}"
    return first17 + id_number_check_char(first17)


def demo_uscc(region: str = "510107", org8: str = "MA6CDEM1") -> str:
    """A 统一社会信用代码 (企业, 市场监管登记) with valid organisation-code and check characters."""
    org = org8 + org_code_check_char(org8)
    first17 = f"91{region}{org}"
    return first17 + uscc_check_char(first17)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    display_name: str
    region: str | None = None
    department: str | None = None
    id_number: str = ""
    uscc: str = ""
    phone: str = ""
    note: str = ""


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "person",
        Role.PERSON,
        "张伟",
        region="510107",
        id_number=demo_id_number(),
        phone="13800138000",
        note="武侯区居民",
    ),
    DemoAccount(
        "enterprise", Role.ENTERPRISE, "成都示例科技有限公司", region="510107", uscc=demo_uscc(), phone="13900139000"
    ),
    DemoAccount("clerk", Role.WINDOW_CLERK, "李窗口", department="510100-zwfw", note="成都市政务服务大厅"),
    DemoAccount("reviewer", Role.REVIEWER, "王审批", department="510100-scjg"),
    DemoAccount("deptadmin", Role.DEPT_ADMIN, "赵管理", department="510100-scjg"),
    DemoAccount("hotline", Role.HOTLINE_OPERATOR, "刘热线", department="510100-zwfw", note="成都12345"),
    DemoAccount("policy", Role.POLICY_OFFICER, "陈政策", department="510100-fg"),
    DemoAccount("trading", Role.TRADING_SUPERVISOR, "杨监管", department="510100-ggzy"),
    DemoAccount("admin", Role.PLATFORM_ADMIN, "平台管理员", department="510000-zwfw"),
    DemoAccount("hotline_sup", Role.HOTLINE_SUPERVISOR, "孙督办", department="510100-zwfw", note="成都12345督办"),
    DemoAccount("supervisor", Role.SUPERVISION_OFFICER, "吴监管", department="510100-scjg", note="市场监管执法"),
    DemoAccount("expert", Role.BID_EXPERT, "郑专家", department="510100-ggzy", note="评标专家库"),
    DemoAccount("clerk_my", Role.WINDOW_CLERK, "周窗口", department="510700-zwfw", note="绵阳市：看不到成都的数据"),
)


@dataclass
class DemoAccountsReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def demo_accounts_ensure(*, actor: Actor = None, password: str = DEMO_PASSWORD) -> DemoAccountsReport:
    """Create the demo accounts that do not exist yet (existing ones are left as they are)."""
    report = DemoAccountsReport()
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            report.existing.append(account.username)
            continue
        user_create(
            actor=actor,
            username=account.username,
            password=password,
            role=account.role,
            display_name=account.display_name,
            region_code=account.region,
            department_code=account.department,
            id_number=account.id_number,
            uscc=account.uscc,
            phone=account.phone,
        )
        report.created.append(account.username)
    return report


def demo_data_load_all() -> list[tuple[str, str]]:
    """Run every AppConfig's ``load_demo_data`` hook in INSTALLED_APPS order; (label, summary) pairs."""
    done = []
    for config in django_apps.get_app_configs():
        hook = getattr(config, "load_demo_data", None)
        if callable(hook):
            summary = hook()
            if isinstance(summary, dict):
                summary = "，".join(f"{k}={v}" for k, v in summary.items() if not isinstance(v, (dict, list)))
            done.append((config.label, str(summary or "")))
    return done
