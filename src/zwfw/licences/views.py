"""The licences' pages (Chinese, server-rendered, mobile-first).

- 我的证照 ``/licences/``: the applicant's cards (type, number, validity, QR code, the A-level
  watermark line of 国办函〔2016〕108号); one card at ``/licences/card/<number>/``.
- 证照核验 ``/licences/verify/?number=&code=``: public; what the QR code opens.
- 电子证照管理 ``/licences/staff/``: holdings issued in the staff user's scope, with revocation.
- 电子文书 ``/licences/documents/``: a case's signed 受理通知书 and 决定书 (the applicant; staff in
  scope), each with its QR code, signed file and PDF; ``/licences/documents/verify/`` is what the
  document's QR code opens (public).
- PDFs (``…/pdf/``): drawn on the server (:mod:`zwfw.licences.pdf`); without a CJK font the
  answer is a Chinese message (503) pointing at the browser-printable page.

Thin: each view parses input, calls a selector or one service, and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zwfw.core.errors import ZwfwError
from zwfw.core.permissions import action_required
from zwfw.licences import selectors
from zwfw.licences.models import HoldingStatus, LicenceHolding
from zwfw.licences.qr import document_verification_url, qr_svg, verification_url
from zwfw.licences.schemas import masked_holder, watermark_for
from zwfw.licences.services import licence_revoke
from zwfw.licences.signing import qr_payload

PAGE_SIZE = 50


def _card(request: HttpRequest, h: LicenceHolding) -> dict:
    url = verification_url(h, request)
    status = selectors.effective_status(h)
    return {
        "holding": h,
        "status": status,
        "status_label": HoldingStatus(status).label,
        "in_force": status == HoldingStatus.VALID,
        "verify_url": url,
        "qr": mark_safe(qr_svg(qr_payload(h, verify_url=url))),  # noqa: S308 - SVG drawn by qrcode from our own URL
        "watermark": watermark_for(h),
    }


@require_GET
@action_required("licences.wallet.view")
def wallet(request: HttpRequest) -> HttpResponse:
    """我的证照: every licence in the applicant's name, those in force first."""
    cards = [_card(request, h) for h in selectors.licence_wallet_for(user=request.user)]
    return render(request, "licences/wallet.html", {"cards": cards})


@require_GET
@action_required("licences.wallet.view")
def card(request: HttpRequest, number: str) -> HttpResponse:
    """One licence with its face data and QR code; another person's number is 404."""
    h = selectors.licence_get_for(user=request.user, number=number)
    return render(request, "licences/card.html", {"card": _card(request, h)})


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """证照核验 (public): number + code → status, masked holder, issuer, dates; else 无法核验."""
    number = request.GET.get("number", "").strip()[:100]
    code = request.GET.get("code", "").strip()[:20]
    result = selectors.licence_verify(number=number, verify_code=code) if (number or code) else None
    seal = None
    kid, sig = request.GET.get("kid", "").strip()[:64], request.GET.get("sig", "").strip()[:200]
    if result is not None and result.found and kid and sig:
        seal = selectors.licence_verify_seal(number=number, kid=kid, value=sig)
    return render(request, "licences/verify.html", {"number": number, "code": code, "result": result, "seal": seal})


SIGNED_MAX_BYTES = 256 * 1024


@require_http_methods(["GET", "POST"])
def verify_signed(request: HttpRequest) -> HttpResponse:
    """核验签名证照文件 (public): paste or upload the JSON a holder downloaded; signature, then status."""
    result, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        raw = upload.read(SIGNED_MAX_BYTES + 1) if upload is not None else request.POST.get("document", "").encode()
        if not raw.strip():
            error = "请上传或粘贴签名证照文件"
        elif len(raw) > SIGNED_MAX_BYTES:
            error = "文件过大（不超过256KB）"
        else:
            result = selectors.licence_verify_document(raw=raw)
    status = 400 if error else 200
    return render(request, "licences/verify_signed.html", {"result": result, "error": error}, status=status)


@require_GET
@action_required("licences.wallet.view")
def card_signed(request: HttpRequest, number: str) -> HttpResponse:
    """Download the licence as a signed JSON document (可离线核验)."""
    doc = selectors.licence_signed_document_for(user=request.user, number=number)
    response = JsonResponse(doc, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{number}.signed.json"'
    return response


@require_GET
def keys(request: HttpRequest) -> HttpResponse:
    """电子印章公钥清单 (public): every department key, active and rotated."""
    return render(request, "licences/keys.html", {"keys": selectors.signing_key_list()})


@require_GET
@action_required("licences.holding.view_any")
def staff_list(request: HttpRequest) -> HttpResponse:
    """Holdings issued by departments in the user's scope (holders masked), filterable."""
    status = request.GET.get("status", "")
    status = status if status in HoldingStatus.values else ""
    licence_type = request.GET.get("licence_type", "").strip()[:64]
    number = request.GET.get("number", "").strip()[:100]
    qs = selectors.licence_list_for_staff(user=request.user, licence_type=licence_type, status=status, number=number)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for h in page.object_list:
        name, identifier = masked_holder(h)
        st = selectors.effective_status(h)
        rows.append(
            {
                "holding": h,
                "holder_name": name,
                "holder_identifier": identifier,
                "status": st,
                "status_label": HoldingStatus(st).label,
            }
        )
    return render(
        request,
        "licences/staff_list.html",
        {
            "page": page,
            "rows": rows,
            "statuses": HoldingStatus.choices,
            "types": selectors.licence_type_list(),
            "filters": {"status": status, "licence_type": licence_type, "number": number},
        },
    )


@require_POST
@action_required("licences.holding.revoke")
def staff_revoke(request: HttpRequest, number: str) -> HttpResponse:
    """注销 one licence in scope (a reason is required); back to the list with the outcome."""
    h = selectors.licence_get_for(user=request.user, number=number)
    try:
        licence_revoke(actor=request.user, holding=h, reason=request.POST.get("reason", ""))
    except ZwfwError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已注销证照 {h.number}")
    return HttpResponseRedirect(reverse("licences:staff_list") + f"?number={h.number}")


@require_http_methods(["GET", "POST"])
@action_required("licences.foreign.check")
def foreign_check(request: HttpRequest) -> HttpResponse:
    """外省电子证照核验 (互认): paste or upload a signed licence of another province."""
    from zwfw.licences.services import foreign_licence_check

    row, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        raw = upload.read(SIGNED_MAX_BYTES + 1) if upload is not None else request.POST.get("document", "").encode()
        if not raw.strip() or len(raw) > SIGNED_MAX_BYTES:
            error = "请上传或粘贴签名证照文件（不超过256KB）"
        else:
            row = foreign_licence_check(
                actor=request.user, raw=raw, case_number=request.POST.get("case_number", "").strip()[:50]
            )
    return render(
        request,
        "licences/foreign_check.html",
        {
            "row": row,
            "error": error,
            "checks": selectors.foreign_check_list_for(user=request.user),
            "trusted": selectors.trusted_issuer_list(),
        },
        status=400 if error else 200,
    )


def seal_svg(name: str) -> str:
    """A drawn 电子印章 image: a red ring with the department's name and a star (an image only:
    the signature is what proves the licence)."""
    from django.utils.html import escape

    chars = list(name[:16])
    n = len(chars)
    parts = [
        '<svg viewBox="0 0 200 200" class="licence-seal" role="img" aria-label="电子印章">',
        '<circle cx="100" cy="100" r="92" fill="none" stroke="#c0392b" stroke-width="6"/>',
        '<polygon points="100,62 109,90 139,90 115,107 124,135 100,118 76,135 85,107 61,90 91,90" fill="#c0392b"/>',
    ]
    for i, ch in enumerate(chars):
        angle = -150 + (300 * i / max(n - 1, 1))  # degrees along the upper arc
        parts.append(
            f'<text x="100" y="30" font-size="17" fill="#c0392b" text-anchor="middle" '
            f'transform="rotate({angle:.1f} 100 100)">{escape(ch)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@require_GET
@action_required("licences.wallet.view")
def card_print(request: HttpRequest, number: str) -> HttpResponse:
    """打印版: the licence face with the seal image and the QR code, laid out for A4 (the browser's
    “打印 → 另存为PDF” makes the PDF)."""
    h = selectors.licence_get_for(user=request.user, number=number)
    context = _card(request, h)
    context["seal"] = mark_safe(seal_svg(h.issuer_department.name))  # noqa: S308 - every character escaped
    return render(request, "licences/card_print.html", {"card": context})


# ---- PDFs and 电子文书 (受理通知书, 决定书) ------------------------------------------------------


def _pdf_response(request: HttpRequest, spec_fn, *, filename: str, fallback_url: str) -> HttpResponse:
    from zwfw.licences.pdf import PdfUnavailable, render_pdf

    try:
        data = render_pdf(spec_fn())
    except PdfUnavailable as exc:
        return render(
            request,
            "licences/pdf_unavailable.html",
            {"message": exc.message, "fallback_url": fallback_url},
            status=503,
        )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@action_required("licences.pdf.download")
def card_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The licence as a PDF with the seal image and QR code (its holder; staff in scope)."""
    from zwfw.licences.pdf import licence_pdf_spec

    h = selectors.licence_get_for(user=request.user, number=number)
    url = verification_url(h, request)
    return _pdf_response(
        request,
        lambda: licence_pdf_spec(h, qr_text=qr_payload(h, verify_url=url), status=selectors.effective_status(h)),
        filename=f"{h.number}.pdf",
        fallback_url=reverse("licences:card_print", args=[h.number]),
    )


def _document_context(request: HttpRequest, doc) -> dict:
    from zwfw.licences.signing import FACT_LABELS

    url = document_verification_url(doc, request)
    facts = doc.payload.get("facts") or {}
    return {
        "doc": doc,
        "facts": [(FACT_LABELS.get(k, k), v) for k, v in facts.items() if v not in (None, "")],
        "verify_url": url,
        "qr": mark_safe(qr_svg(url, label="文书核验二维码")),  # noqa: S308 - SVG drawn by qrcode from our own URL
        "holder_name": selectors.document_holder_masked(doc),
    }


@require_GET
@action_required("licences.document.view")
def documents(request: HttpRequest) -> HttpResponse:
    """电子文书: the signed notices the user may see (``?case=`` narrows to one case)."""
    case_number = request.GET.get("case", "").strip()[:50]
    docs = selectors.document_list_for(user=request.user, case_number=case_number)
    rows = [{"doc": d, "holder_name": selectors.document_holder_masked(d)} for d in docs]
    return render(request, "licences/documents.html", {"rows": rows, "case_number": case_number})


@require_GET
@action_required("licences.document.view")
def document(request: HttpRequest, number: str) -> HttpResponse:
    """One signed notice with its QR code, signed file and PDF; 404 for one the user may not see."""
    doc = selectors.document_get_for(user=request.user, number=number)
    return render(request, "licences/document.html", _document_context(request, doc))


@require_GET
@action_required("licences.document.view")
def document_signed(request: HttpRequest, number: str) -> HttpResponse:
    """Download the notice as a signed JSON file (可离线核验)."""
    from zwfw.licences.signing import document_envelope

    doc = selectors.document_get_for(user=request.user, number=number)
    response = JsonResponse(document_envelope(doc), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{doc.number}.signed.json"'
    return response


@require_GET
@action_required("licences.pdf.download")
def document_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The notice as a PDF with the seal image and QR code (the case's applicant; staff in scope)."""
    from zwfw.licences.pdf import document_pdf_spec

    doc = selectors.document_get_for(user=request.user, number=number)
    url = document_verification_url(doc, request)
    return _pdf_response(
        request,
        lambda: document_pdf_spec(doc, qr_text=url),
        filename=f"{doc.number}.pdf",
        fallback_url=reverse("licences:document", args=[doc.number]),
    )


@require_GET
def document_verify(request: HttpRequest) -> HttpResponse:
    """电子文书核验 (public): what a notice's QR code opens — number + code (+ seal) → valid /
    tampered / revoked / unknown key, with the masked applicant, issuer and date."""
    number = request.GET.get("number", "").strip()[:100]
    code = request.GET.get("code", "").strip()[:20]
    kid, sig = request.GET.get("kid", "").strip()[:64], request.GET.get("sig", "").strip()[:200]
    result = selectors.document_verify(number=number, verify_code=code, kid=kid, value=sig) if number or code else None
    return render(request, "licences/document_verify.html", {"number": number, "code": code, "result": result})
