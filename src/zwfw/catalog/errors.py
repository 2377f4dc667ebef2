"""Catalog error codes (zh/en) and exceptions; the API's one handler renders them."""

from __future__ import annotations

from typing import Any

from zwfw.catalog.statuses import VersionStatus
from zwfw.core.errors import ErrorCode, ZwfwError


class CatalogErrorCode(ErrorCode):
    VERSION_IMMUTABLE = (
        "catalog_version_immutable",
        409,
        "该版本处于“{status}”状态，内容不可修改；如需变更请新建版本",
        "This version is {status}; its content cannot change; create a new version",
    )
    ILLEGAL_TRANSITION = (
        "catalog_illegal_transition",
        409,
        "该版本当前为“{status}”状态，不能执行“{action}”",
        "The version is {status}; cannot {action}",
    )
    OPEN_VERSION_EXISTS = (
        "catalog_open_version_exists",
        409,
        "该事项已有未发布的版本（第{number}版，{status}），请先处理该版本",
        "The item already has an unpublished version (v{number}, {status})",
    )
    VALIDATION_FAILED = (
        "catalog_validation_failed",
        422,
        "事项内容未通过校验（{count}处问题），不能发布",
        "The item failed validation ({count} problems); it cannot be published",
    )
    IMPORT_INVALID = (
        "catalog_import_invalid",
        422,
        "导入文件有误（{count}处），已整体拒绝，未导入任何数据",
        "The import file has {count} errors; nothing was imported",
    )
    DRAFT_INVALID = (
        "catalog_draft_invalid",
        422,
        "草稿内容有误（{count}处）",
        "The draft content has {count} errors",
    )
    SELF_APPROVAL = (
        "catalog_self_approval",
        403,
        "不能审核自己编制的版本",
        "You cannot approve a version you drafted",
    )
    EFFECTIVE_DATE_PAST = (
        "catalog_effective_date_past",
        422,
        "生效日期不能早于今天（{today}）",
        "The effective date cannot be before today ({today})",
    )
    NO_VERSION_IN_FORCE = (
        "catalog_no_version_in_force",
        404,
        "该事项在{on}没有生效的版本",
        "The item has no version in force on {on}",
    )
    BASE_NOT_PUBLISHED = (
        "catalog_base_not_published",
        409,
        "基本目录事项{code}尚无已发布版本，实施清单无法比对",
        "Base item {code} has no published version to compare against",
    )
    DUPLICATE_CODE = ("catalog_duplicate_code", 409, "编码{code}已存在", "Code {code} already exists")
    UNKNOWN_REFERENCE = ("catalog_unknown_reference", 422, "{what}“{code}”不存在", "Unknown {what}: {code}")
    SYNONYM_INVALID = ("catalog_synonym_invalid", 422, "同义词有误：{reason}", "Invalid synonym: {reason}")
    SYNONYM_EXISTS = ("catalog_synonym_exists", 409, "口语说法“{term}”已有条目", "The term {term} already has an entry")
    SYNONYM_NOT_FOUND = ("catalog_synonym_not_found", 404, "同义词条目不存在", "Synonym entry not found")
    SYNONYM_NOT_PROVINCE_WIDE = (
        "catalog_synonym_not_province_wide",
        403,
        "检索同义词全省共用，只能由省级部门管理员或平台管理员维护",
        "The search synonym table serves the whole province: only a provincial department admin or "
        "the platform admin may change it",
    )
    CROSS_REGION_INVALID = (
        "catalog_cross_region_invalid",
        422,
        "跨域通办事项清单条目有误：{reason}",
        "The cross-region (Sichuan-Chongqing) list entry is not valid: {reason}",
    )


class CatalogError(ZwfwError):
    """A catalog domain error."""


class VersionImmutable(CatalogError):
    """Raised on any attempt to change or delete the content of a version that left draft."""

    def __init__(self, *, status: str, fields: list[str]) -> None:
        label = VersionStatus(status).label if status in VersionStatus.values else status
        super().__init__(
            CatalogErrorCode.VERSION_IMMUTABLE, detail={"status": status, "fields": fields}, status=str(label)
        )


def illegal_transition(*, status: str, action: str, detail: Any = None) -> CatalogError:
    label = str(VersionStatus(status).label) if status in VersionStatus.values else status
    return CatalogError(
        CatalogErrorCode.ILLEGAL_TRANSITION,
        detail={"status": status, "action": action, **(detail or {})},
        status=label,
        action=action,
    )
