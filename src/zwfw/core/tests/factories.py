"""Test factories for core data: users of every role, departments, API clients.

Plain functions (no factory_boy): each builds through the real services, so test data obeys the
same rules as production data (valid identifiers, staff bound to a region, audit rows written).
"""

from __future__ import annotations

import itertools

from django.test import Client

from zwfw.core.models import Department, Region, Role, User
from zwfw.core.services.accounts import api_token_create, user_create
from zwfw.core.services.regions import department_ensure
from zwfw.core.services.seed import DEPARTMENTS_FILE, _load, demo_id_number, demo_uscc

TEST_PASSWORD = "zwfw-test-2026"
_seq = itertools.count(1)


def _code(value: Region | Department | str | None) -> str | None:
    if value is None:
        return None
    return value.code if isinstance(value, Region | Department) else str(value)


def make_department(region: Region | str = "510100", line: str = "scjg", **overrides) -> Department:
    """The department ``<region>-<line>`` with its name from ``fixtures/departments.yaml``.

    Creates only this department (and its same-line parent one region level up, when the fixture
    lists one), which is much cheaper than the full seed. ``overrides`` set name, level …
    for departments the fixture does not list.
    """
    region_code = _code(region)
    existing = Department.objects.filter(code=f"{region_code}-{line}").first()
    if existing is not None:
        return existing
    row = next((r for r in _load(DEPARTMENTS_FILE) if str(r["region"]) == region_code and r["line"] == line), {})
    row = {**row, **overrides}
    region_obj = Region.objects.get(code=region_code)
    parent = None
    if region_obj.parent_id and any(
        str(r["region"]) == region_obj.parent_id and r["line"] == line for r in _load(DEPARTMENTS_FILE)
    ):
        parent = make_department(region_obj.parent_id, line)
    return department_ensure(
        actor=None,
        code=f"{region_code}-{line}",
        name=row.get("name", f"{region_obj.name}{line}部门"),
        short_name=row.get("short_name", ""),
        region_code=region_code,
        level=int(row.get("level", min(region_obj.level, 6))),
        line=line,
        parent_code=parent.code if parent else None,
    )


def make_user(
    *,
    role: Role | str = Role.PERSON,
    region: Region | str | None = None,
    department: Department | str | None = None,
    username: str | None = None,
    password: str = TEST_PASSWORD,
    display_name: str = "",
    **extra,
) -> User:
    """A user of ``role``. Defaults: applicants in 武侯区 with a valid 身份证号/USCC; staff in 成都市.

    ``department`` may be a Department or a code such as ``"510100-scjg"`` (created on demand when
    the code is ``<region>-<line>``); it implies the region.
    """
    n = next(_seq)
    role = str(getattr(role, "value", role))
    username = username or f"{role}_{n}"
    dept_code = _code(department)
    if dept_code and not Department.objects.filter(code=dept_code).exists() and "-" in dept_code:
        region_part, line = dept_code.split("-", 1)
        make_department(region_part, line)
    region_code = _code(region)
    if role in (Role.PERSON, Role.ENTERPRISE):
        region_code = region_code or "510107"
        if role == Role.PERSON:
            extra.setdefault("id_number", demo_id_number(region_code[:6], "19900101", f"{n % 1000:03d}"))
        else:
            extra.setdefault("uscc", demo_uscc(region_code[:6], f"MA{n:06d}"))
    elif role != Role.PLATFORM_ADMIN and not region_code and not dept_code:
        region_code = "510100"
    return user_create(
        actor=None,
        username=username,
        password=password,
        role=role,
        display_name=display_name or username,
        region_code=region_code,
        department_code=dept_code,
        **extra,
    )


def login_client(user: User | None, *, enforce_csrf: bool = False) -> Client:
    """A Django test client logged in as ``user`` (anonymous for None)."""
    client = Client(enforce_csrf_checks=enforce_csrf)
    if user is not None:
        client.force_login(user)
    return client


def make_token(user: User, name: str = "测试令牌") -> str:
    """A fresh API key for ``user`` (the plaintext; only its hash is stored)."""
    return api_token_create(actor=None, user=user, name=name)[1]


def bearer_client(user: User) -> Client:
    """A test client that sends ``Authorization: Bearer <key>`` for ``user`` on every request."""
    return Client(headers={"Authorization": f"Bearer {make_token(user)}"})
