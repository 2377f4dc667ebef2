"""Bundle error codes (zh/en) and the app's exception; the API's one handler renders them.

The engine's own errors (:class:`~zwfw.bundles.engine.BundleCycleError` 422
``bundle_dependency_cycle``, :class:`~zwfw.bundles.engine.BundleInputError`) are ZwfwErrors too
and pass through unchanged."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class BundleErrorCode(ErrorCode):
    UNKNOWN_ITEM = (
        "bundle_unknown_item",
        422,
        "事项“{item}”不存在或当前没有生效的版本",
        "Item {item} does not exist or has no version in force",
    )
    NO_ITEMS = ("bundle_no_items", 422, "请至少选择一个事项", "Pick at least one item")
    TOO_MANY_ITEMS = ("bundle_too_many_items", 422, "一次最多组合{limit}个事项", "At most {limit} items at once")
    DUPLICATE_ITEM = (
        "bundle_duplicate_item",
        422,
        "事项“{name}”被重复选择（同一基本目录事项只能选一个实施清单）",
        "Item {name} is picked twice (one implementation per base item)",
    )
    BAD_DEFINITION = ("bundle_bad_definition", 422, "一件事定义有误：{reason}", "Bad bundle definition: {reason}")
    BAD_DECISION = (
        "bundle_bad_decision",
        422,
        "材料合并确认有误：{reason}",
        "Bad merge decision: {reason}",
    )
    NOT_PUBLISHABLE = (
        "bundle_not_publishable",
        409,
        "仍有{open}条材料合并建议待复核、{conflicts}处表单字段冲突，暂不能发布",
        "{open} merge suggestions are open and {conflicts} form fields conflict; the bundle cannot be published",
    )
    NOT_PUBLISHED = ("bundle_not_published", 409, "该一件事尚未发布，暂不能申请", "The bundle is not published yet")
    NO_PLAN = ("bundle_no_plan", 409, "该一件事尚未组合", "The bundle has not been composed yet")
    FORM_INVALID = ("bundle_form_invalid", 422, "申请表填写有误", "The application form has errors")
    MATERIAL_UNKNOWN = (
        "bundle_material_unknown",
        422,
        "材料“{key}”不在本次一件事的材料清单中",
        "Material {key} is not in this application's checklist",
    )
    OPEN_SUGGESTIONS = (
        "bundle_open_suggestions",
        409,
        "还有{open}条材料合并建议未确认，请先确认或否决",
        "{open} merge suggestions are still open; confirm or reject them first",
    )


class BundleError(ZwfwError):
    """A bundles domain error."""
