"""Accounts: users, scope grants and API tokens. Every function is atomic and audited.

``actor=None`` means the system itself (migrations, ``zwfw demo``, ``zwfw seed``, a sign-up
view that has already restricted the role to an applicant role): it is trusted and skips the
permission check, and the audit row names 系统 as the actor.

Rules enforced here, whoever calls:
- 公民身份号码 must pass GB 11643-1999 and 统一社会信用代码 GB 32100-2015
  (:mod:`zwfw.core.identifiers`); the error says what is wrong (length, date, check digit …).
- Staff other than the platform admin are bound to a region (a department implies its region);
  an enterprise applicant is bound to a 统一社会信用代码; applicants belong to no department.
- A department admin acts only inside their own scope and never creates admins.
"""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zwfw.core.api_auth import TOKEN_PREFIX, hash_token
from zwfw.core.errors import ErrorCode, ZwfwError
from zwfw.core.identifiers import validate_id_number, validate_uscc
from zwfw.core.models import APPLICANT_ROLES, ApiToken, Department, Region, Role, ScopeGrant, User
from zwfw.core.permissions import can, effective_role
from zwfw.core.request_cache import request_cache_clear
from zwfw.core.selectors.scope import department_scope_q, region_scope_q, scoped_q
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


class AccountErrorCode(ErrorCode):
    UNKNOWN_ROLE = ("unknown_role", 422, "角色{role}不存在", "Unknown role {role}")
    USERNAME_TAKEN = ("username_taken", 409, "用户名{username}已被使用", "Username {username} is taken")
    USERNAME_INVALID = ("username_invalid", 422, "用户名不能为空且不超过150个字符", "Username is empty or too long")
    WEAK_PASSWORD = ("weak_password", 422, "密码不符合要求：{reason}", "Password rejected: {reason}")
    INVALID_ID_NUMBER = ("invalid_id_number", 422, "公民身份号码有误：{reason}", "Invalid ID number: {reason}")
    INVALID_USCC = ("invalid_uscc", 422, "统一社会信用代码有误：{reason}", "Invalid USCC: {reason}")
    INVALID_PHONE = ("invalid_phone", 422, "手机号码应为11位数字且以1开头", "A mobile number has 11 digits, 1 first")
    UNKNOWN_REGION = ("unknown_region", 422, "行政区划代码{value}不存在", "Region {value} does not exist")
    UNKNOWN_DEPARTMENT = ("unknown_department", 422, "部门编码{value}不存在", "Department {value} does not exist")
    DEPARTMENT_REGION_MISMATCH = (
        "department_region_mismatch",
        422,
        "部门{department}属于区划{department_region}，与所填区划{region}不一致",
        "Department {department} belongs to region {department_region}, not {region}",
    )
    STAFF_REGION_REQUIRED = (
        "staff_region_required",
        422,
        "工作人员必须绑定行政区划或部门",
        "Staff must be bound to a region or department",
    )
    ENTERPRISE_USCC_REQUIRED = (
        "enterprise_uscc_required",
        422,
        "企业申请人必须填写统一社会信用代码",
        "An enterprise applicant needs a USCC",
    )
    APPLICANT_DEPARTMENT = ("applicant_department", 422, "申请人不能隶属部门", "Applicants belong to no department")
    ROLE_NOT_ASSIGNABLE = (
        "role_not_assignable",
        403,
        "您不能创建角色为{role}的账号",
        "You may not create accounts with role {role}",
    )
    OUTSIDE_SCOPE = ("outside_scope", 403, "超出您的管辖范围", "Outside your scope")
    GRANT_TARGET_REQUIRED = (
        "grant_target_required",
        422,
        "授权必须指定区划或部门",
        "A grant needs a region or a department",
    )
    GRANT_REASON_REQUIRED = ("grant_reason_required", 422, "请填写授权理由", "A reason is required")
    GRANT_TO_APPLICANT = ("grant_to_applicant", 422, "不能向申请人授予查看范围", "Applicants cannot receive grants")
    TOKEN_NAME_REQUIRED = ("token_name_required", 422, "令牌名称不能为空且不超过100个字符", "Token name is required")
    TOKEN_NOT_YOURS = ("token_not_yours", 403, "只能管理本人的API令牌", "You may manage only your own tokens")


def _err(error: AccountErrorCode, detail=None, **params) -> ZwfwError:
    return ZwfwError(error, detail=detail, **params)


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=str(code)).first()
    if region is None:
        raise _err(AccountErrorCode.UNKNOWN_REGION, detail={"field": "region_code"}, value=code)
    return region


def _department(code: str | None) -> Department | None:
    if not code:
        return None
    department = Department.objects.select_related("region").filter(code=code).first()
    if department is None:
        raise _err(AccountErrorCode.UNKNOWN_DEPARTMENT, detail={"field": "department_code"}, value=code)
    return department


def _in_scope(actor: Actor, *, region: Region | None = None, department: Department | None = None) -> bool:
    if actor is None or effective_role(actor) == Role.PLATFORM_ADMIN.value:
        return True
    if department is not None:
        return Department.objects.filter(department_scope_q(actor, ""), pk=department.pk).exists()
    if region is not None:
        return Region.objects.filter(region_scope_q(actor, ""), pk=region.pk).exists()
    return False


def _user_snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "role": user.role,
        "display_name": user.display_name,
        "region": user.region_id,
        "department": user.department.code if user.department is not None else None,
        "id_number": user.id_number,
        "uscc": user.uscc,
        "phone": user.phone,
        "is_active": user.is_active,
    }


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    role: str,
    display_name: str,
    region_code: str | None = None,
    department_code: str | None = None,
    id_number: str = "",
    uscc: str = "",
    phone: str = "",
    email: str = "",
) -> User:
    """Create an account after checking the identifiers and the binding rules (module docstring).

    ``password=None`` creates an account that cannot log in with a password (SSO, tokens only).
    Outcomes: the new user; ZwfwError 422 for bad input, 409 for a taken username, 403 when the
    actor may not create this account.
    """
    if role not in Role.values:
        raise _err(AccountErrorCode.UNKNOWN_ROLE, detail={"field": "role", "choices": Role.values}, role=role)
    username = (username or "").strip()
    if not username or len(username) > 150:
        raise _err(AccountErrorCode.USERNAME_INVALID, detail={"field": "username"})
    if actor is not None:
        if not can(actor, "core.user.create"):
            raise _err(AccountErrorCode.ROLE_NOT_ASSIGNABLE, role=Role(role).label)
        if effective_role(actor) != Role.PLATFORM_ADMIN.value and (
            role in {Role.PLATFORM_ADMIN, Role.DEPT_ADMIN} or role in APPLICANT_ROLES
        ):
            raise _err(AccountErrorCode.ROLE_NOT_ASSIGNABLE, role=Role(role).label)

    region = _region(region_code)
    department = _department(department_code)
    if department is not None:
        if role in APPLICANT_ROLES:
            raise _err(AccountErrorCode.APPLICANT_DEPARTMENT, detail={"field": "department_code"})
        if region is None:
            region = department.region
        elif department.region_id != region.code:
            raise _err(
                AccountErrorCode.DEPARTMENT_REGION_MISMATCH,
                detail={"field": "department_code"},
                department=department.name,
                department_region=department.region_id,
                region=region.code,
            )
    if role not in APPLICANT_ROLES and role != Role.PLATFORM_ADMIN and region is None:
        raise _err(AccountErrorCode.STAFF_REGION_REQUIRED, detail={"field": "region_code"})
    if actor is not None and not _in_scope(actor, region=region, department=department):
        raise _err(AccountErrorCode.OUTSIDE_SCOPE, detail={"field": "department_code" if department else "region_code"})

    if id_number:
        result = validate_id_number(id_number)
        if not result.valid:
            raise _err(
                AccountErrorCode.INVALID_ID_NUMBER,
                detail={"field": "id_number", "problems": [p.code for p in result.problems]},
                reason=result.message,
            )
        id_number = result.value
    if uscc:
        result = validate_uscc(uscc)
        if not result.valid:
            raise _err(
                AccountErrorCode.INVALID_USCC,
                detail={"field": "uscc", "problems": [p.code for p in result.problems]},
                reason=result.message,
            )
        uscc = result.value
    if role == Role.ENTERPRISE and not uscc:
        raise _err(AccountErrorCode.ENTERPRISE_USCC_REQUIRED, detail={"field": "uscc"})
    phone = (phone or "").strip()
    if phone and not MOBILE_RE.fullmatch(phone):
        raise _err(AccountErrorCode.INVALID_PHONE, detail={"field": "phone"})
    if User.objects.filter(username__iexact=username).exists():
        raise _err(AccountErrorCode.USERNAME_TAKEN, detail={"field": "username"}, username=username)

    user = User(
        username=username,
        role=role,
        display_name=display_name,
        region=region,
        department=department,
        id_number=id_number,
        uscc=uscc,
        phone=phone,
        email=email,
        is_staff=role == Role.PLATFORM_ADMIN,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise _err(
                AccountErrorCode.WEAK_PASSWORD, detail={"field": "password"}, reason="；".join(exc.messages)
            ) from None
        user.set_password(password)
    user.save()
    audit_log_write(
        actor=actor,
        action="zwfw.core.user.created",
        obj=user,
        after=_user_snapshot(user),
        region_code=region.code if region else "",
    )
    return user


@transaction.atomic
def scope_grant_create(
    *,
    actor: Actor,
    user: User,
    region_code: str | None = None,
    department_code: str | None = None,
    reason: str,
    expires_at=None,
) -> ScopeGrant:
    """Let a staff ``user`` see another region's or department's objects (e.g. a 绵阳 case).

    Only a platform admin, or a department admin for a user inside their scope and a target
    inside their own scope (one cannot hand out what one cannot see).
    """
    region = _region(region_code)
    department = _department(department_code)
    if region is None and department is None:
        raise _err(AccountErrorCode.GRANT_TARGET_REQUIRED)
    reason = (reason or "").strip()
    if not reason:
        raise _err(AccountErrorCode.GRANT_REASON_REQUIRED, detail={"field": "reason"})
    if user.role in APPLICANT_ROLES:
        raise _err(AccountErrorCode.GRANT_TO_APPLICANT)
    if actor is not None:
        if not can(actor, "core.scope_grant.create"):
            raise _err(AccountErrorCode.OUTSIDE_SCOPE)
        if effective_role(actor) != Role.PLATFORM_ADMIN.value:
            user_visible = User.objects.filter(
                scoped_q(actor, region="region", department="department"), pk=user.pk
            ).exists()
            if not user_visible:
                raise _err(AccountErrorCode.OUTSIDE_SCOPE, detail={"field": "user"})
            if (region is not None and not _in_scope(actor, region=region)) or (
                department is not None and not _in_scope(actor, department=department)
            ):
                raise _err(AccountErrorCode.OUTSIDE_SCOPE, detail={"field": "region_code"})
    grant = ScopeGrant.objects.create(
        user=user, region=region, department=department, reason=reason, expires_at=expires_at, granted_by=actor
    )
    request_cache_clear()  # the grantee's scope changed within this request
    audit_log_write(
        actor=actor,
        action="zwfw.core.scope_grant.created",
        obj=grant,
        after={
            "user": user.username,
            "region": region.code if region else None,
            "department": department.code if department else None,
            "reason": reason,
            "expires_at": expires_at,
        },
        region_code=region.code if region else (department.region_id if department else ""),
    )
    return grant


@transaction.atomic
def scope_grant_revoke(*, actor: Actor, grant: ScopeGrant) -> ScopeGrant:
    """End a grant now (it stays as a record; ``expires_at`` is set to the current time)."""
    if actor is not None and not can(actor, "core.scope_grant.create"):
        raise _err(AccountErrorCode.OUTSIDE_SCOPE)
    before = {"expires_at": grant.expires_at}
    grant.expires_at = timezone.now()
    grant.save(update_fields=["expires_at"])
    request_cache_clear()
    audit_log_write(
        actor=actor,
        action="zwfw.core.scope_grant.revoked",
        obj=grant,
        before=before,
        after={"expires_at": grant.expires_at},
    )
    return grant


def _check_token_owner(actor: Actor, user: User) -> None:
    if actor is None or actor.pk == user.pk:
        return
    if not can(actor, "core.token.manage_any"):
        raise _err(AccountErrorCode.TOKEN_NOT_YOURS)


@transaction.atomic
def api_token_create(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a bearer token; returns the row and the plaintext key, which is shown only once.

    Only the SHA-256 of the key is stored (:func:`zwfw.core.api_auth.hash_token`), so a leaked
    database does not leak working keys.
    """
    _check_token_owner(actor, user)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise _err(AccountErrorCode.TOKEN_NAME_REQUIRED, detail={"field": "name"})
    secret = secrets.token_urlsafe(32)
    key = f"{TOKEN_PREFIX}{secret}"
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:8], key_hash=hash_token(key))
    audit_log_write(
        actor=actor,
        action="zwfw.core.api_token.created",
        obj=token,
        after={"user": user.username, "name": name, "prefix": token.prefix},
        region_code=user.region_id or "",
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token (idempotent: revoking twice keeps the first revocation time)."""
    _check_token_owner(actor, token.user)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_log_write(
        actor=actor,
        action="zwfw.core.api_token.revoked",
        obj=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at, "prefix": token.prefix},
        region_code=token.user.region_id or "",
    )
    return token
