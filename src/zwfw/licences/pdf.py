"""Printable PDFs (A4) of licences and case documents, drawn by ``fpdf2``: the face, a drawn seal
image and the verification QR code.

The seal is an image only — a red ring with the issuing department's name along the upper arc and
a star — generated here for each department (no copied seal picture); what proves the document is
the signature, which the QR code carries to the verification page.

Fonts: Chinese text needs a CJK font file. ``ZWFW_PDF_FONT`` (setting ``PDF_FONT``) names one
(.ttf / .otf / .ttc); otherwise the first of :data:`FONT_CANDIDATES` that exists (Debian's
``fonts-noto-cjk``, ``fonts-wqy-*``, ``fonts-arphic-*``). For a font collection (.ttc) the face
whose name says Simplified Chinese (``SC``) is used. Without any font :func:`render_pdf` raises
:class:`PdfUnavailable`, which the views answer with a Chinese message and a link to the
browser-printable page (never a 500).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
SEAL_RED = (200, 30, 30)
# fontTools reports every subsetting step at INFO: not a log line per PDF
logging.getLogger("fontTools").setLevel(logging.WARNING)
NO_FONT_MESSAGE = (
    "服务器未安装中文字体，暂时无法生成PDF文件。请使用“打印版”页面（浏览器“打印 → 另存为PDF”），"
    "或请管理员安装中文字体（如 fonts-noto-cjk）并设置 ZWFW_PDF_FONT。"
)


class PdfUnavailable(Exception):
    """No usable CJK font: the PDF cannot be drawn (the message is for the reader, in Chinese)."""

    def __init__(self, message: str = NO_FONT_MESSAGE) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PdfSpec:
    """What one printable page shows."""

    title: str
    number: str
    rows: list[tuple[str, str]]
    issuer_name: str
    issued_on: dt.date | None
    qr_text: str
    seal_caption: str = "电子印章"
    notes: list[str] = field(default_factory=list)
    status_note: str = ""  # e.g. "本证照已注销": printed in red under the title
    signature_line: str = ""


def _configured_font() -> str:
    return str(getattr(settings, "PDF_FONT", "") or "")


@lru_cache(maxsize=8)
def _font(configured: str) -> tuple[str, int] | None:
    """(path, collection index) of the CJK font to use, or None."""
    paths = [configured] if configured else list(FONT_CANDIDATES)
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            continue
        if path.suffix.lower() != ".ttc":
            return str(path), 0
        try:
            from fontTools.ttLib import TTCollection

            names = [f["name"].getDebugName(4) or "" for f in TTCollection(str(path), lazy=True).fonts]
        except (OSError, ValueError, KeyError, AssertionError):  # an unreadable collection is not used
            continue
        index = next((i for i, n in enumerate(names) if " SC" in n or "GB" in n), 0)
        return str(path), index
    return None


def font_available() -> bool:
    return _font(_configured_font()) is not None


def _draw_seal(pdf, *, cx: float, cy: float, radius: float, name: str, caption: str) -> None:
    """A red round seal: ring, five-pointed star, the name along the upper arc, a caption below."""
    pdf.set_draw_color(*SEAL_RED)
    pdf.set_fill_color(*SEAL_RED)
    pdf.set_text_color(*SEAL_RED)
    pdf.set_line_width(1.1)
    pdf.circle(x=cx, y=cy, radius=radius, style="D")
    pdf.star(x=cx, y=cy, r_in=radius * 0.12, r_out=radius * 0.3, corners=5, rotate_degrees=90, style="F")
    chars = list(name[:18]) or ["章"]
    size_pt = 13 if len(chars) <= 12 else 10
    pdf.set_font("cjk", size=size_pt)
    char_h = size_pt * 0.3528
    span = min(220.0, 19.0 * (len(chars) - 1)) if len(chars) > 1 else 0.0
    for i, ch in enumerate(chars):
        angle = span / 2 - (span * i / (len(chars) - 1) if len(chars) > 1 else 0.0)
        with pdf.rotation(angle=angle, x=cx, y=cy):
            w = pdf.get_string_width(ch)
            pdf.text(x=cx - w / 2, y=cy - radius + 1.6 + char_h, text=ch)
    pdf.set_font("cjk", size=9)
    w = pdf.get_string_width(caption)
    pdf.text(x=cx - w / 2, y=cy + radius * 0.58, text=caption)
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)


def _draw_qr(pdf, *, text: str, x: float, y: float, size: float) -> None:
    """The QR code of ``text`` as filled rectangles (vector; one rectangle per dark run of a row)."""
    from zwfw.licences.qr import qr_matrix

    matrix = qr_matrix(text)
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")


def render_pdf(spec: PdfSpec) -> bytes:
    """The A4 PDF of ``spec``; :class:`PdfUnavailable` without a CJK font."""
    font = _font(_configured_font())
    if font is None:
        raise PdfUnavailable()
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creator("zwfw")
    pdf.set_title(f"{spec.title} {spec.number}")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=font[0], collection_font_number=font[1])
    pdf.add_page()
    pdf.set_margins(20, 20, 20)

    pdf.set_font("cjk", size=22)
    pdf.set_xy(20, 24)
    pdf.cell(w=170, h=12, text=spec.title, align="C")
    pdf.set_font("cjk", size=10)
    pdf.set_xy(20, 38)
    pdf.cell(w=170, h=6, text=f"编号：{spec.number}", align="R")
    y = 46.0
    if spec.status_note:
        pdf.set_text_color(*SEAL_RED)
        pdf.set_font("cjk", size=14)
        pdf.set_xy(20, y)
        pdf.cell(w=170, h=8, text=spec.status_note, align="C")
        pdf.set_text_color(0, 0, 0)
        y += 10

    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    for label, value in spec.rows:
        pdf.set_font("cjk", size=11)
        pdf.set_xy(20, y)
        start = y
        lines = pdf.multi_cell(w=130, h=7, text=str(value or "—"), dry_run=True, output="LINES", wrapmode="CHAR")
        height = max(7.0, 7.0 * len(lines))
        if y + height > 200:
            break  # the face never runs into the seal and QR area; the full text is in the signed file
        pdf.set_xy(20, start)
        pdf.cell(w=40, h=height, text=label, border=1)
        pdf.set_xy(60, start)
        pdf.multi_cell(w=130, h=7, text=str(value or "—"), border=1, wrapmode="CHAR")
        y = start + height

    pdf.set_font("cjk", size=10)
    for note in spec.notes:
        y += 3
        pdf.set_xy(20, y)
        pdf.multi_cell(w=170, h=5.5, text=note, wrapmode="CHAR")
        y = pdf.get_y()

    # issuer and date, with the seal over them (as a paper seal sits over the signature line)
    pdf.set_font("cjk", size=12)
    pdf.set_xy(105, 222)
    pdf.cell(w=80, h=7, text=spec.issuer_name, align="C")
    if spec.issued_on is not None:
        pdf.set_xy(105, 230)
        pdf.cell(w=80, h=7, text=f"{spec.issued_on.year}年{spec.issued_on.month}月{spec.issued_on.day}日", align="C")
    _draw_seal(pdf, cx=145, cy=228, radius=21, name=spec.issuer_name, caption=spec.seal_caption)

    _draw_qr(pdf, text=spec.qr_text, x=20, y=208, size=36)
    pdf.set_font("cjk", size=8)
    pdf.set_xy(20, 245)
    pdf.cell(w=40, h=5, text="扫码核验真伪与状态", align="C")
    pdf.set_xy(20, 255)
    footer = spec.signature_line or "本件加盖电子印章，可扫描二维码或在本平台“证照核验”页面核验。"
    pdf.multi_cell(w=170, h=4.5, text=footer, wrapmode="CHAR")
    return bytes(pdf.output())


def _date_text(value) -> str:
    if not value:
        return "长期"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"


def _holder_rows(name: str, id_number: str, uscc: str) -> list[tuple[str, str]]:
    from zwfw.core.identifiers import mask_id_number, mask_name

    if id_number:  # a person's number is masked on paper too (the signed file carries it whole)
        return [("申请人", mask_name(name)), ("公民身份号码", mask_id_number(id_number))]
    return [("申请单位", name), ("统一社会信用代码", uscc)]


def _seal_line(alg: str, kid: str) -> str:
    what = "SM2/SM3" if alg == "SM2" else alg
    return f"本件加盖电子印章（{what}签名，密钥 {kid}），扫描二维码或在本平台“证照核验”页面核验真伪与当前状态。"


def licence_pdf_spec(holding, *, qr_text: str, status: str) -> PdfSpec:
    """The printable licence: its face (照面信息), validity, issuer, seal and QR code."""
    from django.utils import timezone

    person = bool(holding.holder_id_number)
    rows = _holder_rows(holding.holder_name, holding.holder_id_number, holding.holder_uscc)
    rows = [("持证人" if person else "持证单位", rows[0][1]), rows[1]]
    rows += [(str(k), str(v)) for k, v in (holding.data or {}).items() if isinstance(v, str | int | float)]
    rows += [
        ("有效期", f"{_date_text(holding.valid_from)} 至 {_date_text(holding.valid_until)}"),
        ("可信等级", f"{holding.trust_level}级"),
    ]
    status_note = (
        ""
        if status == "valid"
        else {"revoked": "本证照已注销", "expired": "本证照已过期", "superseded": "本证照已被新证替代"}.get(status, "")
    )
    return PdfSpec(
        title=holding.type.name,
        number=holding.number,
        rows=rows,
        issuer_name=holding.issuer_department.name,
        issued_on=timezone.localdate(holding.issued_at),
        qr_text=qr_text,
        seal_caption="电子证照专用章",
        status_note=status_note,
        signature_line=_seal_line(holding.signature_alg, holding.signing_kid) if holding.signature else "",
    )


def document_pdf_spec(document, *, qr_text: str) -> PdfSpec:
    """The printable 受理通知书 / 决定书 from its signed payload."""
    from django.utils import timezone

    p = document.payload
    facts = p.get("facts") or {}
    rows = [("办件编号", p.get("case_number", ""))]
    rows += _holder_rows(p.get("holder_name", ""), p.get("holder_id_number", ""), p.get("holder_uscc", ""))
    rows.append(("申请事项", p.get("item_name", "")))
    notes: list[str] = []
    if document.kind == "acceptance_notice":
        rows += [
            ("受理方式", facts.get("mode", "受理")),
            ("受理日期", _date_text(facts.get("accepted_on"))),
            ("承诺办结日期", _date_text(facts.get("due_date")) if facts.get("due_date") else "—"),
        ]
        notes.append("您的申请材料齐全、符合法定形式，本机关决定予以受理（《中华人民共和国行政许可法》第三十二条）。")
    else:
        rows += [("决定", facts.get("decision", "")), ("决定日期", _date_text(facts.get("decided_on")))]
        if document.kind == "approval_decision":
            if facts.get("result_name"):
                rows.append(("许可结果", facts["result_name"]))
            if facts.get("licence_number"):
                rows.append(("电子证照编号", facts["licence_number"]))
        else:
            rows += [("不予许可理由", facts.get("reason", "")), ("法律依据", facts.get("legal_basis", ""))]
            if facts.get("remedy"):
                notes.append(facts["remedy"])
    return PdfSpec(
        title=document.title,
        number=document.number,
        rows=rows,
        issuer_name=p.get("issuer_name", ""),
        issued_on=timezone.localdate(document.issued_at),
        qr_text=qr_text,
        seal_caption="行政审批专用章",
        notes=notes,
        status_note="本文书已撤销" if document.status == "revoked" else "",
        signature_line=_seal_line(document.signature_alg, document.signing_kid),
    )
