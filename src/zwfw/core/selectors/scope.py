"""Scoping: which rows a user may see, as a ``Q`` any queryset can take (STYLE.md convention 3).

The rule
--------
- **Platform admin** (or superuser): everything.
- **Applicants** (person, enterprise): only their own objects. Region and department give them
  nothing; a model says which field names the owner (``owner="applicant"``) and the Q is
  ``applicant = user``. Without an owner field an applicant sees nothing.
- **Region-scoped staff** (window clerk, hotline operator, policy officer, trading supervisor):
  the subtree of their own region (a 成都市 clerk sees 成都市 and its districts, nothing of
  绵阳市), plus the subtrees of regions granted to them by a :class:`~zwfw.core.models.ScopeGrant`.
  Objects bound to a department count when that department's region is in scope.
- **Department-scoped staff** (reviewer, department admin): the subtree of their own department
  (成都市市场监管局 and the units below it), plus granted departments and granted regions. Where
  a model has no department field, their own region subtree applies instead. A department-scoped
  user without a department falls back to the region rule.
- A grant counts while ``expires_at`` is empty or in the future.

Using it
--------
One-off filters: ``qs.filter(region_scope_q(user, "region"))``,
``qs.filter(department_scope_q(user, "handling_department"))``.
For a model, register its scope fields once and let the helpers build the Q::

    scope_register(Case, region="region", department="department", owner="applicant")
    scope_queryset(user, Case.objects.all())              # a list, scoped
    get_object_for(user, Case.objects.all(), pk=case_id)  # one object or Http404

:func:`get_object_for` raises :class:`~django.http.Http404` for objects outside scope, exactly as
for objects that do not exist, so an id outside one's scope reveals nothing (API: 404 with the
error body). Fetching an unregistered model through it raises ``ImproperlyConfigured``: an
unscoped read has to be written as one, on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zwfw.core.models import APPLICANT_ROLES, Department, Region, Role, ScopeGrant, User
from zwfw.core.permissions import effective_role
from zwfw.core.prepared import PreparedRead

DEPARTMENT_SCOPED_ROLES = frozenset({Role.REVIEWER.value, Role.DEPT_ADMIN.value, Role.SUPERVISION_OFFICER.value})
SELF = ""  # the field value meaning "the model itself" (Department's own department scope)

M = TypeVar("M", bound=Model)


def _nothing() -> Q:
    return Q(pk__in=[])


@dataclass(frozen=True)
class UserScope:
    """What one user may see, computed once per call from the user row and its active grants."""

    everything: bool = False
    applicant: bool = False
    department_scoped: bool = False
    own_region_path: str = ""
    own_department_path: str = ""
    granted_region_paths: tuple[str, ...] = ()
    granted_department_paths: tuple[str, ...] = ()

    @property
    def region_paths(self) -> tuple[str, ...]:
        own = (self.own_region_path,) if self.own_region_path else ()
        return own + self.granted_region_paths

    @property
    def department_paths(self) -> tuple[str, ...]:
        own = (self.own_department_path,) if self.department_scoped and self.own_department_path else ()
        return own + self.granted_department_paths

    @property
    def departments_by_region(self) -> bool:
        """Region-scoped users see the departments located in their regions."""
        return not self.department_scoped


def user_scope(user) -> UserScope:
    role = effective_role(user)
    if role is None:
        return UserScope()
    if role == Role.PLATFORM_ADMIN.value:
        return UserScope(everything=True)
    if role in {r.value for r in APPLICANT_ROLES}:
        return UserScope(applicant=True)
    from zwfw.core.request_cache import request_cache

    cache = request_cache()
    key = ("user_scope", user.pk, role, user.region_id, user.department_id)
    if cache is not None and key in cache:
        return cache[key]
    scope = _staff_scope(user, role)
    if cache is not None:
        cache[key] = scope
    return scope


# A staff user's grants, read on each of their requests: compiled once per process (issue 9);
# which are still in force is decided here, against the clock, not in the compiled SQL.
_GRANTS = PreparedRead(
    lambda user_id: ScopeGrant.objects.select_related("region", "department").filter(user_id=user_id)
)


def _staff_scope(user, role: str) -> UserScope:
    now = timezone.now()
    grants = [g for g in _GRANTS.all(user.pk) if g.expires_at is None or g.expires_at > now]
    region_paths = tuple(sorted({g.region.path for g in grants if g.region is not None}))
    department_paths = tuple(sorted({g.department.path for g in grants if g.department is not None}))
    region = user.region if user.region_id else None
    department = user.department if user.department_id else None
    return UserScope(
        department_scoped=role in DEPARTMENT_SCOPED_ROLES and department is not None,
        own_region_path=region.path if region else "",
        own_department_path=department.path if department else "",
        granted_region_paths=region_paths,
        granted_department_paths=department_paths,
    )


def _lookup(field: str, rest: str) -> str:
    return f"{field}__{rest}" if field else rest


def _paths_q(field: str, paths) -> Q:
    q = _nothing()
    for path in paths:
        q |= Q(**{_lookup(field, "path__startswith"): path})
    return q


def _owner_q(user, owner: str | None) -> Q:
    if not owner:
        return _nothing()
    if owner in {"pk", "id"}:
        return Q(pk=user.pk)
    return Q(**{owner: user})


def region_scope_q(user, field: str = "region", *, owner: str | None = None) -> Q:
    """Rows whose ``field`` (a FK to Region; ``""`` for Region itself) lies in the user's regions."""
    scope = user_scope(user)
    if scope.everything:
        return Q()
    if scope.applicant:
        return _owner_q(user, owner)
    return _paths_q(field, scope.region_paths)


def department_scope_q(user, field: str = "department", *, owner: str | None = None) -> Q:
    """Rows whose ``field`` (a FK to Department; ``""`` for Department itself) the user may see."""
    scope = user_scope(user)
    if scope.everything:
        return Q()
    if scope.applicant:
        return _owner_q(user, owner)
    q = _paths_q(field, scope.department_paths)
    if scope.departments_by_region:
        q |= _paths_q(_lookup(field, "region"), scope.region_paths)
    return q


def scoped_q(user, *, region: str | None = None, department: str | None = None, owner: str | None = None) -> Q:
    """The combined rule of the module docstring for a model with these fields (None = absent)."""
    scope = user_scope(user)
    if scope.everything:
        return Q()
    if scope.applicant:
        return _owner_q(user, owner)
    q = _nothing()
    if department is not None:
        q |= _paths_q(department, scope.department_paths)
        if scope.departments_by_region:
            q |= _paths_q(_lookup(department, "region"), scope.region_paths)
    if region is not None:
        by_region = scope.region_paths if (department is None or scope.departments_by_region) else ()
        q |= _paths_q(region, by_region or scope.granted_region_paths)
    return q


def scope_admits(
    user,
    model: type[Model],
    *,
    region_path: str | None = None,
    department_path: str | None = None,
    department_region_path: str | None = None,
    owner_id: object = None,
) -> bool:
    """What :func:`scoped_q` with ``model``'s registered fields says of one row already in memory,
    given the paths of its region, its department and its department's region and its owner's id:
    a by-key read checks scope without compiling the scope's SQL (issue 9).

    Never more permissive than the database: ``startswith`` is case-sensitive where SQLite's LIKE
    is not, so a caller may take ``False`` as "ask the database" (``test_scope_admits`` checks both
    answers agree on every user and row of a matrix)."""
    fields = scope_fields_for(model)
    scope = user_scope(user)
    if scope.everything:
        return True
    if scope.applicant:
        return bool(fields.owner) and owner_id is not None and owner_id == user.pk

    def under(path: str | None, paths: tuple[str, ...]) -> bool:
        return path is not None and any(path.startswith(p) for p in paths)

    if fields.department is not None:
        if under(department_path, scope.department_paths):
            return True
        if scope.departments_by_region and under(department_region_path, scope.region_paths):
            return True
    if fields.region is not None:
        by_region = scope.region_paths if (fields.department is None or scope.departments_by_region) else ()
        if under(region_path, by_region or scope.granted_region_paths):
            return True
    return False


def visible_region_codes(user) -> frozenset[str] | None:
    """Every region code the user may see; ``None`` means all (platform admin)."""
    scope = user_scope(user)
    if scope.everything:
        return None
    if scope.applicant or not scope.region_paths:
        return frozenset()
    return frozenset(Region.objects.filter(_paths_q("", scope.region_paths)).values_list("code", flat=True))


def region_code_scope_q(user, field: str = "region_code") -> Q:
    """Like :func:`region_scope_q` for a plain code column (e.g. ``AuditLog.region_code``)."""
    codes = visible_region_codes(user)
    if codes is None:
        return Q()
    return Q(**{f"{field}__in": sorted(codes)}) if codes else _nothing()


# ---- per-model registration ------------------------------------------------------------------


@dataclass(frozen=True)
class ScopeFields:
    region: str | None = None
    department: str | None = None
    owner: str | None = None


_SCOPES: dict[str, ScopeFields] = {}


def scope_register(
    model: type[Model] | str, *, region: str | None = None, department: str | None = None, owner: str | None = None
) -> None:
    """Declare how ``model`` is scoped (call from the app's ``AppConfig.ready`` or selectors)."""
    label = model if isinstance(model, str) else model._meta.label_lower
    _SCOPES[label.lower()] = ScopeFields(region=region, department=department, owner=owner)


def scope_fields_for(model: type[Model]) -> ScopeFields:
    try:
        return _SCOPES[model._meta.label_lower]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no registered scope; call scope_register() or filter explicitly"
        ) from None


def scope_queryset(user, queryset: QuerySet[M]) -> QuerySet[M]:
    """``queryset`` limited to what ``user`` may see, by the model's registered scope fields."""
    fields = scope_fields_for(queryset.model)
    return queryset.filter(scoped_q(user, region=fields.region, department=fields.department, owner=fields.owner))


def get_object_for(user, queryset: QuerySet[M], /, *, _scope: Q | None = None, **lookup: object) -> M:
    """One object by ``lookup`` within the user's scope; Http404 when missing *or* out of scope.

    ``_scope`` overrides the registered scope with an explicit Q.
    """
    queryset = scope_queryset(user, queryset) if _scope is None else queryset.filter(_scope)
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("对象不存在或无权查看")
    return obj


scope_register(Department, region="region", department=SELF)
scope_register(User, region="region", department="department", owner="pk")
scope_register(ScopeGrant, region="user__region", department="user__department", owner="user")
