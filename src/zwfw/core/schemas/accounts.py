"""Account schemas: departments, users, the caller, API tokens.

Personal identifiers never leave in clear: every schema that carries one resolves it through
``mask_id_number`` / ``mask_phone`` (5101**********123X, 138****5678), so a handler cannot forget.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from zwfw.core.identifiers import mask_id_number, mask_phone
from zwfw.core.models import Role
from zwfw.core.permissions import actions_for
from zwfw.core.schemas.regions import RegionRefOut


class DepartmentRefOut(Schema):
    code: str
    name: str
    short_name: str


class DepartmentOut(DepartmentRefOut):
    level: int
    line: str
    region: RegionRefOut
    parent: str | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class _PersonalData(Schema):
    id_number: str = Field(description="公民身份号码（已脱敏）")
    phone: str = Field(description="手机号码（已脱敏）")

    @staticmethod
    def resolve_id_number(obj) -> str:
        return mask_id_number(obj.id_number) if obj.id_number else ""

    @staticmethod
    def resolve_phone(obj) -> str:
        return mask_phone(obj.phone) if obj.phone else ""


class UserOut(_PersonalData):
    id: int
    username: str
    display_name: str
    role: str
    role_display: str
    uscc: str
    region: RegionRefOut | None
    department: DepartmentRefOut | None
    is_active: bool

    @staticmethod
    def resolve_role_display(obj) -> str:
        return str(Role(obj.role).label)


class MeOut(UserOut):
    permissions: list[str] = Field(description="本人拥有的操作权限")

    @staticmethod
    def resolve_permissions(obj) -> list[str]:
        return actions_for(obj)


class TokenCreateIn(Schema):
    name: str = Field(min_length=1, max_length=100, description="令牌用途，如“数据同步脚本”")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    key: str = Field(description="令牌明文，仅此一次显示，请妥善保存")


class UserCreateIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=128)
    role: str = Field(description="角色代码：" + "、".join(Role.values))
    display_name: str = Field(max_length=128)
    region_code: str | None = None
    department_code: str | None = None
    id_number: str = ""
    uscc: str = ""
    phone: str = ""
