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
from zwfw.licences.qr import document_verification_url, verification_url
from zwfw.licences.schemas import (
    ForeignCheckIn,
    ForeignCheckOut,
    HoldingOut,
    KeyRotateIn,
    LicenceTypeOut,
    RevokeIn,
    SignedDocumentOut,
    SignedLicenceIn,
    SignedVerifyOut,
    SigningKeyOut,
    StaffHoldingOut,
    TrustedIssuerIn,
    TrustedIssuerOut,
    VerifyOut,
    foreign_check_out,
    holding_out,
    signed_document_out,
    signed_verify_out,
    verify_out,
)
from zwfw.licences.services import (
    foreign_licence_check,
    licence_revoke,
    signed_document_revoke,
    signing_key_rotate,
    trusted_issuer_add,
)

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


# ---- 电子印章: public keys, signed documents, verification, rotation ----------------------------


@router.get(
    "/keys",
    auth=None,
    response={200: list[SigningKeyOut], 422: ErrorOut},
    operation_id="licences_key_list",
    summary="电子印章公钥清单（公开；含已轮换的旧钥，用于离线核验）",
    url_name="licence_key_list",
)
def licence_key_list(request):
    return selectors.signing_key_list()


@router.post(
    "/verify-signed",
    auth=None,
    response={200: SignedVerifyOut, 422: ErrorOut},
    operation_id="licences_verify_signed",
    summary="核验签名证照文件（公开）：电子印章签名，再查证照当前状态（注销的答 revoked）",
    url_name="licence_verify_signed",
)
def licence_verify_signed(request, payload: SignedLicenceIn):
    return signed_verify_out(selectors.licence_verify_document(raw=payload.model_dump()))


@router.get(
    "/mine/{number}/signed",
    response={200: dict, **_ERRORS},
    operation_id="licences_wallet_signed",
    summary="我的证照：下载加盖电子印章的证照文件（JSON，可离线核验）",
    url_name="licence_wallet_signed",
)
def licence_wallet_signed(request, number: str):
    require(request.auth, "licences.wallet.view")
    return selectors.licence_signed_document_for(user=request.auth, number=number)


@router.get(
    "/mine/{number}/vc",
    response={200: dict, 409: ErrorOut, **_ERRORS},
    operation_id="licences_wallet_vc",
    summary="我的证照：W3C可验证凭证（Verifiable Credential, JSON）",
    url_name="licence_wallet_vc",
)
def licence_wallet_vc(request, number: str):
    from zwfw.licences.exports import verifiable_credential

    require(request.auth, "licences.wallet.view")
    h = selectors.licence_get_for(user=request.auth, number=number)
    return verifiable_credential(h, status_url=verification_url(h, request))


@router.post(
    "/keys/rotate",
    response={200: SigningKeyOut, **_ERRORS},
    operation_id="licences_key_rotate",
    summary="轮换本部门电子印章密钥（旧钥保留用于核验已签发证照）",
    url_name="licence_key_rotate",
)
def licence_key_rotate(request, payload: KeyRotateIn):
    from django.http import Http404

    from zwfw.core.selectors.accounts import department_by_code

    require(request.auth, "licences.signing_key.rotate")
    department = department_by_code(code=payload.department)
    if department is None:
        raise Http404("部门不存在")
    key = signing_key_rotate(actor=request.auth, department=department, algorithm=payload.algorithm)
    return next(k for k in selectors.signing_key_list() if k["kid"] == key.kid)


# ---- 电子文书: signed 受理通知书 and 决定书 of cases ---------------------------------------------


@router.get(
    "/documents",
    response={200: list[SignedDocumentOut], **_ERRORS},
    operation_id="licences_document_list",
    summary="电子文书列表：本人办件的受理通知书、决定书（工作人员：辖区内出具的）",
    url_name="licence_document_list",
)
def licence_document_list(request, case: str = Query("", max_length=50, description="办件编号")):
    require(request.auth, "licences.document.view")
    docs = selectors.document_list_for(user=request.auth, case_number=case)
    return [signed_document_out(d, verify_url=document_verification_url(d, request)) for d in docs]


@router.get(
    "/documents/verify",
    auth=None,
    response={200: SignedVerifyOut, 422: ErrorOut},
    operation_id="licences_document_verify",
    summary="核验电子文书（公开，二维码内容）：编号＋核验码＋电子印章 → valid / tampered / revoked / unknown_key",
    url_name="licence_document_verify",
)
def licence_document_verify(
    request,
    number: str = Query(..., max_length=100),
    code: str = Query(..., max_length=20),
    kid: str = Query("", max_length=64),
    sig: str = Query("", max_length=200),
):
    return signed_verify_out(selectors.document_verify(number=number, verify_code=code, kid=kid, value=sig))


@router.get(
    "/documents/{number}/signed",
    response={200: dict, **_ERRORS},
    operation_id="licences_document_signed",
    summary="下载加盖电子印章的文书文件（JSON，可离线核验）",
    url_name="licence_document_signed",
)
def licence_document_signed(request, number: str):
    from zwfw.licences.signing import document_envelope

    require(request.auth, "licences.document.view")
    return document_envelope(selectors.document_get_for(user=request.auth, number=number))


@router.post(
    "/documents/{number}/revoke",
    response={200: SignedDocumentOut, 409: ErrorOut, **_ERRORS},
    operation_id="licences_document_revoke",
    summary="撤销电子文书（部门管理员，须在管辖范围内）",
    url_name="licence_document_revoke",
)
def licence_document_revoke(request, number: str, payload: RevokeIn):
    require(request.auth, "licences.document.revoke")
    doc = selectors.document_get_for(user=request.auth, number=number)
    doc = signed_document_revoke(actor=request.auth, document=doc, reason=payload.reason)
    return signed_document_out(doc, verify_url=document_verification_url(doc, request))


# ---- 电子证照互认: the trust list and foreign licence checks -------------------------------------


@router.get(
    "/trust",
    auth=None,
    response={200: list[TrustedIssuerOut], 422: ErrorOut},
    operation_id="licences_trust_list",
    summary="电子证照互认信任清单（公开）",
    url_name="licence_trust_list",
)
def licence_trust_list(request):
    return list(selectors.trusted_issuer_list())


@router.post(
    "/trust",
    response={201: TrustedIssuerOut, **_ERRORS},
    operation_id="licences_trust_add",
    summary="加入互认信任清单（平台管理员）",
    url_name="licence_trust_add",
)
def licence_trust_add(request, payload: TrustedIssuerIn):
    from ninja import Status

    require(request.auth, "licences.trust.manage")
    return Status(201, trusted_issuer_add(actor=request.auth, **payload.model_dump()))


@router.post(
    "/foreign/check",
    response={200: ForeignCheckOut, **_ERRORS},
    operation_id="licences_foreign_check",
    summary="核验外省签名电子证照（采信或不予采信，原因留痕）",
    url_name="licence_foreign_check",
)
def licence_foreign_check(request, payload: ForeignCheckIn):
    row = foreign_licence_check(actor=request.auth, raw=payload.document.model_dump(), case_number=payload.case_number)
    return foreign_check_out(row)
