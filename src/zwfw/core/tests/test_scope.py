"""Scoping by region, department, grants and ownership (selectors/scope.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils import timezone

from zwfw.core.models import AuditLog, CalendarYear, Department, Region, Role, ScopeGrant, User
from zwfw.core.selectors.scope import (
    department_scope_q,
    get_object_for,
    region_code_scope_q,
    region_scope_q,
    scope_admits,
    scope_queryset,
    user_scope,
    visible_region_codes,
)
from zwfw.core.services.accounts import scope_grant_create


def _dept_codes(user) -> set[str]:
    return set(scope_queryset(user, Department.objects.all()).values_list("code", flat=True))


def test_chengdu_clerk_sees_chengdu_subtree_only(seeded, make_user):
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    codes = visible_region_codes(clerk)
    assert {"510100", "510107", "510185"} <= codes
    assert not {"510000", "510700", "510703"} & codes
    regions = set(Region.objects.filter(region_scope_q(clerk, "")).values_list("code", flat=True))
    assert regions == codes
    depts = _dept_codes(clerk)
    assert "510107-scjg" in depts
    assert not [c for c in depts if c.startswith(("5107", "510000"))]


def test_region_grant_opens_mianyang(seeded, make_user):
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    assert "510700-scjg" not in _dept_codes(clerk)
    scope_grant_create(actor=None, user=clerk, region_code="510700", reason="跨市通办")
    assert "510700-scjg" in _dept_codes(clerk)
    assert "510703" in visible_region_codes(clerk)


def test_expired_grant_counts_for_nothing(seeded, make_user):
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    ScopeGrant.objects.create(
        user=clerk, region_id="510700", reason="过期", expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert "510700-scjg" not in _dept_codes(clerk)


def test_reviewer_is_department_scoped(seeded, make_user):
    reviewer = make_user(role=Role.REVIEWER, department="510100-scjg")
    assert user_scope(reviewer).department_scoped
    assert _dept_codes(reviewer) == {"510100-scjg", "510107-scjg"}
    scope_grant_create(actor=None, user=reviewer, department_code="510100-jy", reason="联合审查")
    assert "510100-jy" in _dept_codes(reviewer)


def test_department_scoped_role_without_department_falls_back_to_region(seeded, make_user):
    reviewer = make_user(role=Role.REVIEWER, region="510107")
    assert not user_scope(reviewer).department_scoped
    assert _dept_codes(reviewer) == set(Department.objects.filter(region_id="510107").values_list("code", flat=True))


def test_platform_admin_sees_everything(seeded, make_user):
    admin = make_user(role=Role.PLATFORM_ADMIN)
    assert visible_region_codes(admin) is None
    assert _dept_codes(admin) == set(Department.objects.values_list("code", flat=True))


def test_applicant_sees_only_own_objects(make_user):
    alice, bob = make_user(username="alice"), make_user(username="bob")
    assert set(scope_queryset(alice, User.objects.all())) == {alice}
    assert visible_region_codes(alice) == frozenset()
    assert not Region.objects.filter(region_scope_q(alice, "")).exists()
    assert not Department.objects.filter(department_scope_q(alice, "")).exists()
    with pytest.raises(Http404):
        get_object_for(alice, User.objects.all(), pk=bob.pk)
    assert get_object_for(alice, User.objects.all(), pk=alice.pk) == alice


def test_anonymous_sees_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert not Region.objects.filter(region_scope_q(AnonymousUser(), "")).exists()


def test_get_object_for_answers_404_outside_scope(seeded, make_user):
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    assert get_object_for(clerk, Department.objects.all(), code="510100-scjg").code == "510100-scjg"
    with pytest.raises(Http404):
        get_object_for(clerk, Department.objects.all(), code="510700-scjg")
    with pytest.raises(Http404):
        get_object_for(clerk, Department.objects.all(), code="does-not-exist")


def test_unregistered_model_must_be_scoped_explicitly(make_user):
    user = make_user(role=Role.PLATFORM_ADMIN)
    with pytest.raises(ImproperlyConfigured, match="no registered scope"):
        scope_queryset(user, CalendarYear.objects.all())


def test_region_code_scope_q_on_plain_code_column(seeded, make_user):
    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    rows = AuditLog.objects.filter(region_code_scope_q(clerk))
    assert rows.exists()  # the seed audited 成都 departments
    assert not rows.filter(region_code__startswith="5107").exists()
    assert not AuditLog.objects.filter(region_code_scope_q(make_user())).exists()


def test_users_scoped_for_dept_admin(seeded, make_user):
    admin = make_user(role=Role.DEPT_ADMIN, department="510100-scjg", username="da")
    colleague = make_user(role=Role.REVIEWER, department="510107-scjg", username="wuhou_rev")
    other = make_user(role=Role.REVIEWER, department="510100-jy", username="jy_rev")
    visible = set(scope_queryset(admin, User.objects.all()))
    assert {admin, colleague} <= visible and other not in visible


def _matrix_users(make_user) -> list[User]:
    """Every kind of scope: each role at its usual department, a department-scoped role without a
    department, region and department grants (one expired), applicants and an inactive role."""
    places = {
        Role.WINDOW_CLERK: "510100-zwfw",
        Role.REVIEWER: "510100-scjg",
        Role.DEPT_ADMIN: "510100-scjg",
        Role.HOTLINE_OPERATOR: "510100-zwfw",
        Role.POLICY_OFFICER: "510100-fg",
        Role.TRADING_SUPERVISOR: "510100-ggzy",
        Role.PLATFORM_ADMIN: "510000-zwfw",
        Role.SUPERVISION_OFFICER: "510107-scjg",
        Role.BID_EXPERT: "510100-ggzy",
    }
    users = [make_user(role=role, department=department) for role, department in places.items()]
    users += [
        make_user(role=Role.REVIEWER, region="510107"),
        make_user(role=Role.WINDOW_CLERK, department="510107-zwfw"),
        make_user(role=Role.PERSON),
        make_user(role=Role.ENTERPRISE),
    ]
    clerk, reviewer = users[0], users[1]
    scope_grant_create(actor=None, user=clerk, region_code="510700", reason="跨市通办")
    scope_grant_create(actor=None, user=reviewer, department_code="510100-jy", reason="联合审查")
    ScopeGrant.objects.create(
        user=users[2], region_id="510700", reason="过期", expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    return users


def test_scope_admits_agrees_with_the_database_on_every_user_and_row(seeded, make_user):
    """The in-memory check of one row (by-key reads, issue 9) says exactly what the scoped query
    says, for departments (region + the department itself) and users (region, department, owner)."""
    users = _matrix_users(make_user)
    departments = list(Department.objects.select_related("region"))
    people = list(User.objects.select_related("region", "department__region"))
    assert len(departments) > 20 and len(people) == len(users)
    for user in users:
        in_db = set(scope_queryset(user, Department.objects.all()).values_list("pk", flat=True))
        in_memory = {
            d.pk
            for d in departments
            if scope_admits(
                user,
                Department,
                region_path=d.region.path,
                department_path=d.path,
                department_region_path=d.region.path,
            )
        }
        assert in_memory == in_db, (user.role, user.department_id)
        in_db = set(scope_queryset(user, User.objects.all()).values_list("pk", flat=True))
        in_memory = {
            p.pk
            for p in people
            if scope_admits(
                user,
                User,
                region_path=p.region.path if p.region_id else None,
                department_path=p.department.path if p.department_id else None,
                department_region_path=p.department.region.path if p.department_id else None,
                owner_id=p.pk,
            )
        }
        assert in_memory == in_db, (user.role, user.department_id)
    assert any(scope_admits(u, Department, department_path="510700-scjg/") is False for u in users)


def test_scope_admits_refuses_an_unregistered_model(make_user):
    user = make_user(role=Role.PLATFORM_ADMIN)
    with pytest.raises(ImproperlyConfigured):
        scope_admits(user, CalendarYear)
