"""What the page shell shows per role: navigation entries and the home page's work queues.

Two small registries, filled at start-up. Core registers its own entries below; every other app
registers its pages from its ``AppConfig.ready()``::

    from zwfw.core.navigation import nav_register, workbench_queue_register
    from zwfw.core.models import Role

    nav_register(key="catalog.items", label="办事指南", url_name="catalog:item_list",
                 roles=[ANONYMOUS, Role.PERSON, Role.ENTERPRISE], order=20)
    workbench_queue_register(role=Role.WINDOW_CLERK, key="to_accept", label="待受理",
                             count=lambda user: case_selectors.case_count_for(user=user, queue="to_accept"),
                             url_name="cases:queue_to_accept")
    portal_search_register(url_name="catalog:item_search")   # the portal's search box, ?q=…

Registering a key again replaces the earlier entry (``ready()`` may run more than once in tests,
and an app may take over one of core's placeholder queues by reusing its key). Labels are what
people read, so they are Chinese (lazy translations are welcome). Entries are shown in ``order``,
then in registration order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zwfw.core.models import Role

ANONYMOUS = "anonymous"
"""Pseudo-role for visitors who are not logged in."""

ALL_ROLES: frozenset[str] = frozenset({ANONYMOUS, *(r.value for r in Role)})
STAFF_ROLE_VALUES: frozenset[str] = frozenset(ALL_ROLES - {ANONYMOUS, Role.PERSON.value, Role.ENTERPRISE.value})


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    roles: frozenset[str]
    order: int
    url_args: tuple = ()


@dataclass(frozen=True)
class NavLink:
    """One rendered link: what the template needs, nothing more."""

    key: str
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class QueueRow:
    """One line of a home-page card's list (a case, a licence): what people read, where it opens."""

    label: str
    href: str | None = None
    note: str = ""


@dataclass(frozen=True)
class WorkbenchQueue:
    key: str
    label: str
    description: str
    role: str
    count: Callable[[object], int] | None
    url_name: str | None
    order: int
    rows: Callable[[object, int], list[QueueRow]] | None = None
    empty: str = ""


_NAV: dict[str, NavEntry] = {}
_QUEUES: dict[str, WorkbenchQueue] = {}


def _role_value(role) -> str:
    value = str(getattr(role, "value", role))
    if value not in ALL_ROLES:
        raise ValueError(f"unknown role {value!r}; expected one of {sorted(ALL_ROLES)}")
    return value


def nav_register(
    *,
    key: str,
    label: str,
    url_name: str,
    roles: Iterable[str | Role] = ALL_ROLES,
    order: int = 100,
    url_args: Iterable = (),
) -> NavEntry:
    """Add (or replace) a navigation entry shown to ``roles`` (``ANONYMOUS`` for visitors).

    ``url_name`` is reversed when a page is rendered, so the app's URLs need not be loaded yet.
    """
    entry = NavEntry(
        key=key,
        label=label,
        url_name=url_name,
        roles=frozenset(_role_value(r) for r in roles),
        order=order,
        url_args=tuple(url_args),
    )
    _NAV.pop(key, None)
    _NAV[key] = entry
    return entry


def nav_unregister(*, key: str) -> None:
    """Remove an entry (tests, or an app that replaces another's page)."""
    _NAV.pop(key, None)


def role_of(user) -> str:
    """The role used by the shell: the user's role, or ``ANONYMOUS``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return str(user.role)


def navigation_for(user, *, current_path: str | None = None) -> list[NavLink]:
    """The links ``user`` sees, in order; ``current`` marks the page being shown (aria-current)."""
    role = role_of(user)
    entries = sorted(
        (e for e in _NAV.values() if role in e.roles),
        key=lambda e: e.order,  # sorted() is stable: ties keep registration order
    )
    hrefs = [(entry, reverse(entry.url_name, args=entry.url_args)) for entry in entries]
    # One link at most is current: the exact page, else the longest entry the path lies under
    # (/bundles/compose is 自由组合, not also 一件事 at /bundles/).
    current_href = None
    if current_path is not None:
        matches = [h for _e, h in hrefs if current_path == h or (h != "/" and current_path.startswith(h))]
        current_href = max(matches, key=len) if matches else None
    return [
        NavLink(key=entry.key, label=str(entry.label), href=href, current=href == current_href) for entry, href in hrefs
    ]


def workbench_queue_register(
    *,
    role: str | Role,
    key: str,
    label: str,
    description: str = "",
    count: Callable[[object], int] | None = None,
    url_name: str | None = None,
    order: int = 100,
    rows: Callable[[object, int], list[QueueRow]] | None = None,
    empty: str = "",
) -> WorkbenchQueue:
    """Add (or replace, by ``role`` + ``key``) a queue on a role's home page.

    ``count(user)`` returns how many items wait in the queue for that user (scoped by the
    providing app's selector); ``None`` means the app that owns the queue has not landed yet, and
    the home page does not show the queue at all (a queue without data must not look empty).
    ``rows(user, limit)`` optionally lists the first ``limit`` items of the same queue (the same
    selector as ``count``, so the list and the number agree) as :class:`QueueRow`; ``empty`` is the
    sentence shown when the count is 0 (default: 当前没有待办事项。).
    """
    role_value = _role_value(role)
    queue = WorkbenchQueue(
        key=key,
        label=label,
        description=description,
        role=role_value,
        count=count,
        url_name=url_name,
        order=order,
        rows=rows,
        empty=empty,
    )
    _QUEUES[f"{role_value}:{key}"] = queue
    return queue


def workbench_queues_for(role: str) -> list[WorkbenchQueue]:
    return sorted((q for q in _QUEUES.values() if q.role == role), key=lambda q: q.order)


_PORTAL_SEARCH: dict[str, str] = {}


def portal_search_register(*, url_name: str) -> None:
    """Point the portal's search box at a page that takes ``?q=…`` (the catalog's search).

    Until an app registers one, the box submits to the portal itself, which says search is not
    connected yet.
    """
    _PORTAL_SEARCH["url_name"] = url_name


def portal_search_url() -> str | None:
    url_name = _PORTAL_SEARCH.get("url_name")
    return reverse(url_name) if url_name else None


# ---- core's own entries ----------------------------------------------------------------------

nav_register(key="core.home", label=_("首页"), url_name="home", order=0)
nav_register(key="core.admin", label=_("后台管理"), url_name="admin:index", roles=[Role.PLATFORM_ADMIN], order=900)
nav_register(
    key="core.api_docs", label=_("接口文档"), url_name="api:openapi-view", roles=[Role.PLATFORM_ADMIN], order=910
)

# Core registers no home-page queues of its own: every queue comes from the app that owns its
# data, with a count provider (the cases app registers the window clerk's four, for example).
