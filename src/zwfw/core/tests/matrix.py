"""The role matrix: for each endpoint, the status every role gets. Data, so any app can add rows.

An app writes its own rows and runs them with the shared ``role_users`` fixture::

    from zwfw.core.tests.matrix import Row, STAFF_200, check_row

    ROWS = [Row("GET", "/api/v1/cases", {**STAFF_200, "person": 200, "enterprise": 200})]

    @pytest.mark.parametrize("row", ROWS, ids=str)
    def test_cases_matrix(row, role_users):
        check_row(row, role_users)

Keys of ``expect`` are role values plus ``"anonymous"`` and ``"clerk_my"`` (the 绵阳 clerk); a
missing key means "not checked". Every non-2xx answer must carry the one error body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zwfw.core.models import APPLICANT_ROLES, STAFF_ROLES
from zwfw.core.tests.factories import login_client

APPLICANTS = sorted(r.value for r in APPLICANT_ROLES)
STAFF = sorted(r.value for r in STAFF_ROLES)
ALL_200 = dict.fromkeys([*APPLICANTS, *STAFF, "clerk_my", "anonymous"], 200)
AUTH_200 = {**dict.fromkeys([*APPLICANTS, *STAFF, "clerk_my"], 200), "anonymous": 401}
STAFF_200 = {**dict.fromkeys([*STAFF, "clerk_my"], 200), **dict.fromkeys(APPLICANTS, 403), "anonymous": 401}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int]
    body: dict[str, Any] | None = None
    # Leak checks on a 2xx answer: who → (dotted key, forbidden prefix). "*" applies to everyone
    # not named, except platform_admin. E.g. {"*": ("code", "5107"), "clerk_my": ("code", "5101")}.
    forbidden: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _items(data) -> list:
    if isinstance(data, dict) and "items" in data:
        return data["items"]
    return data if isinstance(data, list) else [data]


def _get(item: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        item = item.get(part) if isinstance(item, dict) else None
    return item


def call(row: Row, user):
    client = login_client(user)
    method = getattr(client, row.method.lower())
    if row.body is not None:
        return method(row.path, data=row.body, content_type="application/json")
    return method(row.path)


def leaks(row: Row, who: str, data: Any) -> list[str]:
    """The values in ``data`` that ``who`` must not see according to ``row.forbidden``."""
    if who == "platform_admin":
        return []
    rule = row.forbidden.get(who, row.forbidden.get("*"))
    if rule is None:
        return []
    key, prefix = rule
    values = [str(_get(item, key)) for item in _items(data)]
    return [v for v in values if v.startswith(prefix)]


def check_row(row: Row, users: dict) -> None:
    """Call ``row`` as every user named in ``row.expect``; assert status, error body, no leaks."""
    failures = []
    for who, status in row.expect.items():
        response = call(row, None if who == "anonymous" else users[who])
        if response.status_code != status:
            failures.append(f"{who}: expected {status}, got {response.status_code} {response.content[:200]!r}")
            continue
        data = response.json() if response.content else None
        if status >= 400:
            if not (isinstance(data, dict) and {"code", "message", "detail"} <= set(data)):
                failures.append(f"{who}: error body missing code/message/detail: {data!r}")
            continue
        leaked = leaks(row, who, data)
        if leaked:
            failures.append(f"{who}: sees out-of-scope rows {leaked}")
    assert not failures, f"{row}:\n" + "\n".join(failures)
