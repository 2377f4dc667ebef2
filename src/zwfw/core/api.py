"""Core API: health, the caller (me), regions, departments, users, API tokens.

Identifier and calendar routes live beside these.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

import zwfw
from zwfw.core.pagination import BoundedLimitOffsetPagination
from zwfw.core.permissions import require
from zwfw.core.schemas.accounts import (
    DepartmentOut,
    MeOut,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    UserCreateIn,
    UserOut,
)
from zwfw.core.schemas.regions import RegionDetailOut, RegionOut
from zwfw.core.selectors import accounts as account_selectors
from zwfw.core.selectors import regions as region_selectors
from zwfw.core.services import accounts as account_services

router = Router(tags=["core"])


class HealthOut(Schema):
    status: str
    version: str
    database: str


@router.get("/health", auth=None, response=HealthOut, operation_id="core_health", summary="健康检查", url_name="health")
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "version": zwfw.__version__, "database": connection.vendor}


# ---- accounts, regions, departments, tokens ---------------------------------------------------
# Thin handlers: check the action (zwfw.core.permissions), call one selector or service, render.
# Scoping lives in the selectors; personal data is masked by the Out schemas.


class ErrorOut(Schema):
    code: str
    message: str
    detail: object | None = None


_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/me",
    response={200: MeOut, **_ERRORS},
    operation_id="core_me",
    summary="当前用户（角色、区划、部门，证件号脱敏）",
    url_name="me",
)
def me(request):
    require(request.auth, "core.me.view")
    return request.auth


@router.get(
    "/regions",
    auth=None,
    response={200: list[RegionOut], **_ERRORS},
    operation_id="core_region_list",
    summary="行政区划列表（公开；parent=上级代码）",
    url_name="region_list",
)
def region_list(request, parent: str | None = None, level: int | None = None):
    return region_selectors.region_list(parent=parent, level=level)


@router.get(
    "/regions/{code}",
    auth=None,
    response={200: RegionDetailOut, **_ERRORS},
    operation_id="core_region_get",
    summary="行政区划详情（含上级链与下级）",
    url_name="region_detail",
)
def region_detail(request, code: str):
    return region_selectors.region_get(code=code)


@router.get(
    "/departments",
    response={200: list[DepartmentOut], **_ERRORS},
    operation_id="core_department_list",
    summary="部门列表（仅本人可见范围；region=所在区划，within=区划及下级）",
    url_name="department_list",
)
def department_list(request, region: str | None = None, within: str | None = None, line: str | None = None):
    require(request.auth, "core.department.view")
    return account_selectors.department_list(user=request.auth, region=region, within=within, line=line)


@router.get(
    "/departments/{code}",
    response={200: DepartmentOut, **_ERRORS},
    operation_id="core_department_get",
    summary="部门详情（范围外返回404）",
    url_name="department_detail",
)
def department_detail(request, code: str):
    require(request.auth, "core.department.view")
    return account_selectors.department_get_for(user=request.auth, code=code)


@router.get(
    "/users",
    response={200: list[UserOut], **_ERRORS},
    operation_id="core_user_list",
    summary="用户列表（部门管理员、平台管理员；仅管辖范围内）",
    url_name="user_list",
)
@paginate(BoundedLimitOffsetPagination)
def user_list(request, role: str | None = None, region: str | None = None, department: str | None = None):
    require(request.auth, "core.user.view")
    return account_selectors.user_list(user=request.auth, role=role, region=region, department=department)


@router.get(
    "/users/{user_id}",
    response={200: UserOut, **_ERRORS},
    operation_id="core_user_get",
    summary="用户详情（范围外返回404）",
    url_name="user_detail",
)
def user_detail(request, user_id: int):
    require(request.auth, "core.user.view")
    return account_selectors.user_get_for(user=request.auth, user_id=user_id)


@router.post(
    "/users",
    response={201: UserOut, 409: ErrorOut, **_ERRORS},
    operation_id="core_user_create",
    summary="创建用户（部门管理员仅可在本部门范围内创建工作人员）",
    url_name="user_create",
)
def user_create(request, payload: UserCreateIn):
    require(request.auth, "core.user.create")
    return Status(201, account_services.user_create(actor=request.auth, **payload.dict()))


@router.get(
    "/tokens",
    response={200: list[TokenOut], **_ERRORS},
    operation_id="core_token_list",
    summary="本人的API令牌",
    url_name="token_list",
)
def token_list(request):
    require(request.auth, "core.token.create")
    return account_selectors.api_token_list(user=request.auth)


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **_ERRORS},
    operation_id="core_token_create",
    summary="创建本人的API令牌（明文仅返回一次）",
    url_name="token_create",
)
def token_create(request, payload: TokenCreateIn, response: HttpResponse):
    require(request.auth, "core.token.create")
    response["Cache-Control"] = "no-store"  # the secret is shown once: never kept (Idempotency-Key included)
    token, key = account_services.api_token_create(actor=request.auth, user=request.auth, name=payload.name)
    token.key = key
    return Status(201, token)


@router.delete(
    "/tokens/{token_id}",
    response={200: TokenOut, **_ERRORS},
    operation_id="core_token_revoke",
    summary="吊销API令牌",
    url_name="token_revoke",
)
def token_revoke(request, token_id: int):
    require(request.auth, "core.token.revoke")
    token = account_selectors.api_token_get_for(user=request.auth, token_id=token_id)
    return account_services.api_token_revoke(actor=request.auth, token=token)
