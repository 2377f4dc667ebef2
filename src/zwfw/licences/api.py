"""Licences API under ``/api/v1/licences/``: the holder's wallet, public verification, staff lists.

Thin handlers: each reads through a scoped selector or calls one service. Another person's
licence number answers 404 exactly like an unknown one; a wrong verification code answers
``outcome: unknown`` exactly like an unknown number.
"""

from __future__ import annotations

from ninja import Query, Router
from ninja.pagination import paginate

from zwfw.core.api import ErrorOut
from zwfw.core.pagination import BoundedLimitOffsetPagination
from zwfw.core.permissions import require
from zwfw.licences import selectors
from zwfw.licences.qr import verification_url
from zwfw.licences.schemas import (
    HoldingOut,
    LicenceTypeOut,
    RevokeIn,
    StaffHoldingOut,
    VerifyOut,
    holding_out,
    verify_out,
)
from zwfw.licences.services import licence_revoke

router = Router(tags=["licences"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/types",
    auth=None,
    response={200: list[LicenceTypeOut], 422: ErrorOut},
    operation_id="licences_type_list",
    summary="电子证照类型目录（公开）",
    url_name="licence_type_list",
)
def licence_type_list(request):
    return list(selectors.licence_type_list())


@router.get(
    "/verify",
    auth=None,
    response={200: VerifyOut, 422: ErrorOut},
    operation_id="licences_verify",
    summary="按证照编号和核验码核验电子证照（公开；编号或核验码不符一律答“无法核验”）",
    url_name="licence_verify",
)
def licence_verify(
    request,
    number: str = Query(..., min_length=1, max_length=100, description="证照编号"),
    code: str = Query(..., min_length=1, max_length=20, description="核验码"),
):
    return verify_out(selectors.licence_verify(number=number, verify_code=code))


@router.get(
    "/mine",
    response={200: list[HoldingOut], **_ERRORS},
    operation_id="licences_wallet",
    summary="我的证照：本人（身份证号或统一社会信用代码）名下的全部电子证照",
    url_name="licence_wallet",
)
def licence_wallet(request):
    holdings = selectors.licence_wallet_for(user=request.auth)
    return [holding_out(h, verify_url=verification_url(h, request)) for h in holdings]


@router.get(
    "/mine/{number}",
    response={200: HoldingOut, **_ERRORS},
    operation_id="licences_wallet_get",
    summary="我的证照：一张证照（他人证照答404）",
    url_name="licence_wallet_get",
)
def licence_wallet_get(request, number: str):
    require(request.auth, "licences.wallet.view")
    h = selectors.licence_get_for(user=request.auth, number=number)
    return holding_out(h, verify_url=verification_url(h, request))


@router.get(
    "/holdings",
    response={200: list[StaffHoldingOut], **_ERRORS},
    operation_id="licences_holding_list",
    summary="辖区内签发的电子证照（部门管理员、平台管理员；持证人脱敏）",
    url_name="licence_holding_list",
)
@paginate(BoundedLimitOffsetPagination)
def licence_holding_list(
    request,
    licence_type: str = Query("", max_length=64, description="证照类型代码"),
    status: str = Query("", pattern=r"^(|valid|revoked|expired|superseded)$", description="状态"),
    number: str = Query("", max_length=100, description="证照编号前缀"),
):
    # A queryset: the paginator slices it in the database; StaffHoldingOut resolves each row.
    return selectors.licence_list_for_staff(user=request.auth, licence_type=licence_type, status=status, number=number)


@router.post(
    "/holdings/{number}/revoke",
    response={200: StaffHoldingOut, **_ERRORS, 409: ErrorOut},
    operation_id="licences_holding_revoke",
    summary="注销电子证照（须填写原因）",
    url_name="licence_holding_revoke",
)
def licence_holding_revoke(request, number: str, payload: RevokeIn):
    require(request.auth, "licences.holding.revoke")
    h = selectors.licence_get_for(user=request.auth, number=number)
    return licence_revoke(actor=request.auth, holding=h, reason=payload.reason)
