"""Identifier API: live validation of 公民身份号码 (GB 11643) and 统一社会信用代码 (GB 32100).

Public (forms call it before login). The rules and messages live in :mod:`zwfw.core.identifiers`.
"""

from __future__ import annotations

from ninja import Query, Router

from zwfw.core.api import ErrorOut
from zwfw.core.identifiers import validate_identifier
from zwfw.core.schemas.identifiers import IdentifierValidateOut

router = Router(tags=["core"])


@router.get(
    "/validate",
    auth=None,
    response={200: IdentifierValidateOut, 400: ErrorOut, 422: ErrorOut},
    operation_id="core_identifier_validate",
    summary="校验身份证号或统一社会信用代码（公开；证件号脱敏返回）",
    url_name="identifier_validate",
)
def identifier_validate(
    request,
    kind: str = Query(..., description="id_number（公民身份号码）或 uscc（统一社会信用代码）", max_length=32),
    value: str = Query(..., description="待校验的号码", max_length=64),
):
    return IdentifierValidateOut.from_result(validate_identifier(kind, value))
