"""The verification link of a licence and its QR code (SVG, drawn by the ``qrcode`` package).

The QR code encodes the public verification URL, ``/licences/verify/?number=…&code=…``: whoever
scans it lands on the verification page with both fields filled, and learns only what
:func:`zwfw.licences.selectors.licence_verify` tells (status, masked holder, issuer, dates).
"""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.urls import reverse
from django.utils.http import urlencode

from zwfw.licences.models import LicenceHolding


def verification_path(*, number: str, code: str) -> str:
    return f"{reverse('licences:verify')}?{urlencode({'number': number, 'code': code})}"


def verification_url(holding: LicenceHolding, request=None) -> str:
    """The verification URL of ``holding``: absolute when a request gives the host."""
    path = verification_path(number=holding.number, code=holding.verify_code)
    return request.build_absolute_uri(path) if request is not None else path


def qr_svg(text: str, *, label: str = "证照核验二维码") -> str:
    """An inline SVG QR code of ``text`` (error correction M, quiet zone of 4 modules).

    Deterministic: the same text gives the same SVG, which is how the tests check what it encodes.
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    svg = qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    # Drop the fixed millimetre size so CSS sizes it; name it for screen readers.
    head, rest = svg.split(">", 1)
    head = " ".join(p for p in head.split(" ") if not p.startswith(("width=", "height=")))
    return f'{head} class="licence-qr" role="img" aria-label="{label}">{rest}'


def qr_matrix(text: str) -> list[list[bool]]:
    """The module matrix of the QR code of ``text`` (what :func:`qr_svg` draws)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.get_matrix()


def document_verification_url(document, request=None) -> str:
    """A case document's QR content: the public document verification page with number, code and
    the seal (kid, signature), absolute when a request gives the host."""
    from zwfw.licences.signing import seal_query

    query = urlencode({"number": document.number, "code": document.verify_code})
    path = f"{reverse('licences:document_verify')}?{query}"
    url = request.build_absolute_uri(path) if request is not None else path
    return seal_query(kid=document.signing_kid, value=document.signature, verify_url=url)
