"""Helpers shared by the supervision services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zwfw.core.identifiers import validate_id_number, validate_uscc
from zwfw.core.models import Department
from zwfw.core.selectors.accounts import department_by_code
from zwfw.supervision.errors import SupervisionError, SupervisionErrorCode


def today() -> dt.date:
    return timezone.localdate()


def department_required(code: str) -> Department:
    department = department_by_code(code=code or "")
    if department is None:
        raise SupervisionError(SupervisionErrorCode.UNKNOWN_DEPARTMENT, detail={"department": code}, value=code)
    return department


def subject_check(subject_kind: str, subject_id: str) -> str:
    """A valid USCC (enterprise) or 身份证号 (person), normalised; 422 otherwise."""
    value = (subject_id or "").strip().upper()
    if subject_kind == "enterprise":
        result, field = validate_uscc(value), "统一社会信用代码"
    elif subject_kind == "person":
        result, field = validate_id_number(value), "身份证号"
    else:
        raise SupervisionError(
            SupervisionErrorCode.BAD_INPUT,
            detail={"field": "subject_kind"},
            field="主体类型",
            reason="应为 enterprise 或 person",
        )
    if not result.valid:
        raise SupervisionError(
            SupervisionErrorCode.BAD_INPUT, detail={"field": "subject_id"}, field=field, reason=result.message
        )
    return result.value or value


def bad(field: str, reason: str, key: str = "") -> SupervisionError:
    return SupervisionError(SupervisionErrorCode.BAD_INPUT, detail={"field": key or field}, field=field, reason=reason)
