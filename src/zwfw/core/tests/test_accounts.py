"""Account services: identifier checks, binding rules, who may create users and grants, audit."""

from __future__ import annotations

import pytest

from zwfw.core.errors import ZwfwError
from zwfw.core.models import AuditLog, Role, ScopeGrant, User
from zwfw.core.services.accounts import scope_grant_create, scope_grant_revoke, user_create
from zwfw.core.services.seed import demo_uscc

PW = "long-enough-2026"


def _create(**kw):
    base = {"actor": None, "username": "u1", "password": PW, "role": Role.PERSON, "display_name": "某人"}
    return user_create(**{**base, **kw})


def _code(exc_info) -> str:
    return exc_info.value.code.code


@pytest.mark.parametrize(
    ("id_number", "problem", "words"),
    [
        ("11010519491231002", "bad_length", "长度"),
        ("110105194913310026", "bad_date", "出生日期"),
        ("110105194912310021", "bad_check_digit", "校验码"),
    ],
)
def test_bad_id_number_says_what_is_wrong(db, id_number, problem, words):
    with pytest.raises(ZwfwError) as exc:
        _create(id_number=id_number)
    assert _code(exc) == "invalid_id_number"
    assert exc.value.status == 422
    assert problem in exc.value.detail["problems"]
    assert words in exc.value.message


def test_bad_uscc_is_rejected(db):
    good = demo_uscc()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ZwfwError) as exc:
        _create(role=Role.ENTERPRISE, uscc=bad)
    assert _code(exc) == "invalid_uscc" and "校验码" in exc.value.message


def test_enterprise_needs_uscc(db):
    with pytest.raises(ZwfwError) as exc:
        _create(role=Role.ENTERPRISE)
    assert _code(exc) == "enterprise_uscc_required"
    user = _create(role=Role.ENTERPRISE, uscc=demo_uscc().lower())
    assert user.uscc == demo_uscc()


def test_staff_need_a_region(db):
    with pytest.raises(ZwfwError) as exc:
        _create(role=Role.WINDOW_CLERK)
    assert _code(exc) == "staff_region_required"
    assert _create(role=Role.PLATFORM_ADMIN).is_staff


def test_department_implies_region_and_must_agree(dept_chengdu_scjg):
    user = _create(role=Role.REVIEWER, department_code="510100-scjg")
    assert user.region_id == "510100"
    with pytest.raises(ZwfwError) as exc:
        _create(username="u2", role=Role.REVIEWER, department_code="510100-scjg", region_code="510700")
    assert _code(exc) == "department_region_mismatch"
    with pytest.raises(ZwfwError) as exc:
        _create(username="u3", department_code="510100-scjg")
    assert _code(exc) == "applicant_department"


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"role": "wizard"}, "unknown_role"),
        ({"region_code": "519999"}, "unknown_region"),
        ({"role": Role.REVIEWER, "department_code": "nope"}, "unknown_department"),
        ({"phone": "12345"}, "invalid_phone"),
        ({"username": "  "}, "username_invalid"),
        ({"password": "123"}, "weak_password"),
    ],
)
def test_bad_input_is_422(db, kw, code):
    with pytest.raises(ZwfwError) as exc:
        _create(**kw)
    assert _code(exc) == code and exc.value.status == 422


def test_username_taken_is_409(db):
    _create()
    with pytest.raises(ZwfwError) as exc:
        _create(username="U1")
    assert _code(exc) == "username_taken" and exc.value.status == 409


def test_user_create_is_audited_with_masked_identifiers(db):
    user = _create(id_number="11010519491231002X", phone="13812345678")
    row = AuditLog.objects.get(action="zwfw.core.user.created", object_id=str(user.pk))
    assert row.after["id_number"] == "1101**********002X"
    assert row.after["phone"] == "138****5678"
    assert user.check_password(PW)


def test_clerk_may_not_create_users(make_user):
    clerk = make_user(role=Role.WINDOW_CLERK)
    with pytest.raises(ZwfwError) as exc:
        _create(actor=clerk, role=Role.REVIEWER, region_code="510100")
    assert exc.value.status == 403
    assert not User.objects.filter(username="u1").exists()


def test_dept_admin_creates_staff_only_in_scope(make_user, dept_chengdu_scjg):
    admin = make_user(role=Role.DEPT_ADMIN, department=dept_chengdu_scjg)
    ok = _create(actor=admin, role=Role.REVIEWER, department_code="510100-scjg")
    assert ok.department == dept_chengdu_scjg
    with pytest.raises(ZwfwError) as exc:
        _create(actor=admin, username="u2", role=Role.REVIEWER, region_code="510700")
    assert _code(exc) == "outside_scope"
    with pytest.raises(ZwfwError) as exc:
        _create(actor=admin, username="u3", role=Role.PERSON)
    assert _code(exc) == "role_not_assignable"


def test_scope_grant_rules(seeded, make_user):
    platform = make_user(role=Role.PLATFORM_ADMIN)
    admin = make_user(role=Role.DEPT_ADMIN, department="510100-scjg")
    reviewer = make_user(role=Role.REVIEWER, department="510107-scjg")
    mianyang_clerk = make_user(role=Role.WINDOW_CLERK, department="510700-zwfw")
    person = make_user()

    # a dept admin may grant inside their own scope, to a user inside it
    grant = scope_grant_create(actor=admin, user=reviewer, department_code="510100-scjg", reason="代岗")
    assert grant.granted_by == admin
    assert AuditLog.objects.filter(action="zwfw.core.scope_grant.created", object_id=str(grant.pk)).exists()
    # … but cannot hand out what they cannot see, nor grant to users outside their scope
    with pytest.raises(ZwfwError) as exc:
        scope_grant_create(actor=admin, user=reviewer, region_code="510700", reason="x")
    assert _code(exc) == "outside_scope"
    with pytest.raises(ZwfwError) as exc:
        scope_grant_create(actor=admin, user=mianyang_clerk, department_code="510100-scjg", reason="x")
    assert _code(exc) == "outside_scope"
    with pytest.raises(ZwfwError) as exc:
        scope_grant_create(actor=reviewer, user=reviewer, region_code="510700", reason="x")
    assert exc.value.status == 403
    # the platform admin may grant anything; bad input is 422
    scope_grant_create(actor=platform, user=mianyang_clerk, region_code="510100", reason="支援")
    for kw, code in [
        ({"reason": "x"}, "grant_target_required"),
        ({"region_code": "510700", "reason": " "}, "grant_reason_required"),
    ]:
        with pytest.raises(ZwfwError) as exc:
            scope_grant_create(actor=platform, user=reviewer, **kw)
        assert _code(exc) == code
    with pytest.raises(ZwfwError) as exc:
        scope_grant_create(actor=platform, user=person, region_code="510700", reason="x")
    assert _code(exc) == "grant_to_applicant"


def test_scope_grant_revoke_ends_visibility(seeded, make_user):
    from zwfw.core.selectors.scope import visible_region_codes

    clerk = make_user(role=Role.WINDOW_CLERK, department="510100-zwfw")
    grant = scope_grant_create(actor=None, user=clerk, region_code="510700", reason="临时")
    assert "510700" in visible_region_codes(clerk)
    scope_grant_revoke(actor=None, grant=grant)
    assert "510700" not in visible_region_codes(clerk)
    assert ScopeGrant.objects.filter(pk=grant.pk).exists()
