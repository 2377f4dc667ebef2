"""Applying (申请): the pinned version, the form, the checklist with 免提交, uploads.

免提交 (fewer materials): a material whose source is an **e-licence** the applicant holds
(``zwfw.licences.selectors.licence_holdings_for``) or **shared data** the platform can fetch is
marked exempt when the case is created, and an upload for it is refused: applicants never upload
what the platform can verify (国办函〔2016〕108号: A-level licences are used directly).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from zwfw.cases import permissions as perms
from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.models import (
    ApplicantKind,
    Case,
    CaseChannel,
    CaseMaterial,
    CaseNumberCounter,
    CaseStatus,
    MaterialStatus,
)
from zwfw.cases.models.materials import APPLICATION_FORM_KEY, EXEMPT_STATUSES
from zwfw.cases.services._base import audit, case_scope_q, check, enforce, notify_applicant, today
from zwfw.catalog.selectors import data_element_problem, implementation_get, version_in_force
from zwfw.core.prepared import insert_row, insert_rows

logger = logging.getLogger("zwfw.cases")

VERIFY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
ALLOWED_UPLOADS = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "ofd": ("application/ofd", (b"PK\x03\x04",)),  # OFD (GB/T 33190) is a ZIP container
}


# ---- 免提交: e-licences and shared data ---------------------------------------------------------


def licence_holdings(*, id_number: str = "", uscc: str = "", types: Iterable[str] | None = None) -> list:
    """The applicant's e-licence holdings in force today (``zwfw.licences``); with ``types``, the
    newest of each of those types only."""
    from zwfw.licences.selectors import licence_holdings_for

    return list(licence_holdings_for(id_number=id_number, uscc=uscc, on=today(), types=types))


_SHARED_DATA: dict[str, Callable[..., bool]] = {}


def shared_data_register(dataset: str, available: Callable[..., bool]) -> None:
    """Declare how to tell whether shared data set ``dataset`` (the material's ``shared_data``)
    holds a record for an applicant: ``available(id_number=…, uscc=…) -> bool``.

    Without a registered checker a data set named in the published element table counts as
    available for any identified applicant: the element table is the department's statement that
    the window fetches it (“共享数据：窗口调取，申请人无需提交”).
    """
    _SHARED_DATA[dataset] = available


def shared_data_available(dataset: str, *, id_number: str = "", uscc: str = "") -> bool:
    if not dataset or not (id_number or uscc):
        return False
    checker = _SHARED_DATA.get(dataset)
    return True if checker is None else bool(checker(id_number=id_number, uscc=uscc))


def _shared_read(case: Case, row: CaseMaterial) -> tuple[bool, str] | None:
    """The data catalogue's answer for a shared-data material (None: the dataset is not catalogued)."""
    from zwfw.sharing.services import shared_data_for_case

    return shared_data_for_case(
        dataset=row.shared_data,
        id_number=case.applicant_id_number,
        uscc=case.applicant_uscc,
        department=case.department,
        case_number=case.number,
        purpose=f"{case.item_name}：{row.name}免提交",
    )


def _checklist(case: Case, materials: list[dict[str, Any]], *, online_form: bool = False) -> list[CaseMaterial]:
    """The case's materials as the version asks them, each marked exempt where an e-licence,
    shared data or the online form stands in for it: rows not yet stored."""
    holdings = None
    rows = []
    for order, m in enumerate(materials):
        row = CaseMaterial(
            case=case,
            key=m["key"],
            name=m["name"],
            required=m["required"],
            shortfall_allowed=m["shortfall_allowed"],
            pledge_allowed=m.get("pledge_allowed", False),
            source=m["source"],
            licence_type=m.get("licence_type") or "",
            shared_data=m.get("shared_data") or "",
            order=order,
        )
        if row.source == "licence" and row.licence_type:
            if holdings is None:
                holdings = licence_holdings(
                    id_number=case.applicant_id_number,
                    uscc=case.applicant_uscc,
                    types={m["licence_type"] for m in materials if m["source"] == "licence" and m.get("licence_type")},
                )
            held = next((h for h in holdings if str(h.licence_type) == row.licence_type), None)
            if held is not None:
                row.status = MaterialStatus.EXEMPT_LICENCE
                row.licence_number = str(held.number)
                row.exemption_note = f"已调用电子证照（编号{held.number}），无需提交"
        elif row.source == "shared" and (shared := _shared_read(case, row)) is not None:
            # a dataset of the data catalogue (zwfw.sharing): a real, logged read decides
            exempt, note = shared
            if exempt:
                row.status = MaterialStatus.EXEMPT_SHARED
            row.exemption_note = note
        elif row.source == "shared" and shared_data_available(
            row.shared_data, id_number=case.applicant_id_number, uscc=case.applicant_uscc
        ):
            row.status = MaterialStatus.EXEMPT_SHARED
            row.exemption_note = f"通过共享数据“{row.shared_data}”核验，无需提交"
        elif row.source == "produced":
            row.status = MaterialStatus.PRODUCED
            row.exemption_note = "由部门产生，申请人无需提交"
        elif online_form and row.key == APPLICATION_FORM_KEY:
            row.status = MaterialStatus.FILLED_ONLINE
            row.exemption_note = "已在线填写申请表，无需另交"
        rows.append(row)
    return rows


# ---- channels: what the item's element table allows ----------------------------------------------

#: 网上办理深度 from which an application may be submitted online (Ⅲ 网上预审) and from which it is
#: 全程网办 (Ⅳ). Below Ⅲ the item can only be looked up (Ⅰ) or its forms downloaded (Ⅱ) online.
ONLINE_SUBMIT_DEPTH = 3
FULLY_ONLINE_DEPTH = 4
CHANNEL_NAMES = {"window": "窗口办理", "online": "网上办理", "mobile": "移动端", "post": "快递", "kiosk": "自助终端"}


def channel_refusal(version, channel: str) -> str:
    """Why ``channel`` may not be used to apply for ``version`` ("" when it may).

    The element table decides: the channel must be one of its 办理形式 (``channels``; none listed
    means 窗口办理, as the guide says), and an online or mobile application needs 网上办理深度 Ⅲ
    or Ⅳ (Ⅰ–Ⅱ: the guide and forms are online, the application is made at the window)."""
    offered = list(version.channels or []) or ["window"]
    listed = "、".join(CHANNEL_NAMES.get(c, c) for c in offered)
    if channel not in offered:
        return f"本事项的办理形式为{listed}，不能通过“{CHANNEL_NAMES.get(channel, channel)}”申请"
    if channel in {CaseChannel.ONLINE, CaseChannel.MOBILE} and version.online_depth < ONLINE_SUBMIT_DEPTH:
        depth = "Ⅰ级（网上可查办事指南）" if version.online_depth <= 1 else "Ⅱ级（网上可下载表格、预约）"
        return f"本事项网上办理深度为{depth}，不能网上提交申请，请到窗口办理"
    return ""


def channel_fully_online(version, channel: str) -> bool:
    """全程网办: applied online or on mobile for an item the element table lets be handled wholly
    online (网上办理深度 Ⅳ)."""
    return channel in {CaseChannel.ONLINE, CaseChannel.MOBILE} and version.online_depth >= FULLY_ONLINE_DEPTH


# ---- uploads ------------------------------------------------------------------------------------


def upload_check(upload) -> tuple[bytes, str, str]:
    """Type (pdf/jpg/png/ofd by extension *and* content), size (``ZWFW_UPLOAD_MAX_BYTES``).

    Returns (content, extension, content type); raises 422 ``case_upload_invalid``.
    """
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_UPLOADS:
        raise CaseError(
            CaseErrorCode.UPLOAD_INVALID, detail={"file": name}, reason="只接受PDF、JPG、PNG、OFD格式的文件"
        )
    limit = settings.ZWFW_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise CaseError(
            CaseErrorCode.UPLOAD_INVALID, detail={"file": name, "size": size, "limit": limit}, reason=_too_big(limit)
        )
    upload.seek(0) if hasattr(upload, "seek") else None
    content = upload.read()
    if len(content) > limit:
        raise CaseError(CaseErrorCode.UPLOAD_INVALID, detail={"file": name, "limit": limit}, reason=_too_big(limit))
    if not content:
        raise CaseError(CaseErrorCode.UPLOAD_INVALID, detail={"file": name}, reason="文件为空")
    content_type, magics = ALLOWED_UPLOADS[ext]
    if not any(content.startswith(m) for m in magics):
        raise CaseError(CaseErrorCode.UPLOAD_INVALID, detail={"file": name}, reason=f"文件内容与扩展名.{ext}不符")
    return content, ext, content_type


def _too_big(limit: int) -> str:
    return f"文件不能超过{limit / 1024 / 1024:.0f}MB"


def _store(material: CaseMaterial, upload, *, actor) -> CaseMaterial:
    replaced = _attach(material, upload, actor=actor)
    material.save()
    if replaced and replaced != material.file.name:
        _delete_replaced_on_commit(material.file.storage, replaced)
    return material


def _attach(material: CaseMaterial, upload, *, actor) -> str:
    """Check ``upload`` and write it to storage as ``material``'s file (the row is not saved);
    returns the name of the file it replaces ("" for none)."""
    if material.status in EXEMPT_STATUSES or material.status == MaterialStatus.PRODUCED:
        how = {"exempt_licence": "电子证照", "exempt_shared": "共享数据"}.get(material.status, "部门")
        raise CaseError(CaseErrorCode.EXEMPT_MATERIAL, detail={"key": material.key}, name=material.name, how=how)
    content, ext, content_type = upload_check(upload)
    material.sha256 = hashlib.sha256(content).hexdigest()
    material.original_name = (getattr(upload, "name", "") or f"{material.key}.{ext}")[-255:]
    material.size = len(content)
    material.content_type = content_type
    material.uploaded_at = timezone.now()
    material.uploaded_by = actor
    material.status = MaterialStatus.UPLOADED
    replaced = material.file.name if material.file else ""
    material.file.save(f"{material.key}.{ext}", ContentFile(content), save=False)
    return replaced


def _delete_replaced_on_commit(storage, name: str) -> None:
    """Retention rule for replaced uploads (docs/operations.md §7): a material's previous file is
    deleted once the upload that replaced it commits. Nothing references it any more (a material
    keeps its latest file only); what was handed in stays on record in the audit chain (each
    ``zwfw.cases.material.uploaded`` row carries the file's SHA-256 and size). If the replacing
    transaction rolls back, the old file is kept."""

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:  # gone already, or the disk refuses: logged, the upload itself stands
            logger.warning("replaced upload %s could not be deleted", name, exc_info=True)

    transaction.on_commit(delete)


def materials_deferrable(case: Case, materials: Iterable[CaseMaterial] | None = None) -> set[str]:
    """Keys of required materials that may be missing at submission: the non-key materials (可容缺)
    of a version that allows 容缺受理, and those marked 可承诺替代 of a version that allows 告知承诺 —
    the window then accepts them on the applicant's pledge to hand them in (容缺后补) or on the
    written pledge that replaces them (告知承诺). ``materials``: the case's, when the caller has them."""
    version = case.version
    return {
        m.key
        for m in (case.materials.all() if materials is None else materials)
        if (m.shortfall_allowed and version.shortfall_allowed) or (m.pledge_allowed and version.pledge_allowed)
    }


def materials_required_check(case: Case, materials: Iterable[CaseMaterial] | None = None) -> None:
    """422 ``case_materials_required`` naming every required material the case still lacks that
    is neither exempt (e-licence, shared data, produced, filled online) nor deferrable.
    ``materials``: the case's, when the caller has them (else they are read)."""
    materials = list(case.materials.all() if materials is None else materials)
    deferrable = materials_deferrable(case, materials)
    missing = [m for m in materials if m.required and m.status == MaterialStatus.MISSING and m.key not in deferrable]
    if missing:
        raise CaseError(
            CaseErrorCode.MATERIALS_REQUIRED,
            detail={"missing": [m.key for m in missing]},
            names="、".join(m.name for m in missing),
        )


def _store_uploads(case: Case, uploads: Mapping[str, Any] | None, *, actor) -> list[str]:
    if not uploads:
        return []
    by_key = _by_known_key(case.materials.all(), uploads)
    for key, upload in uploads.items():
        _store(by_key[key], upload, actor=actor)
    return sorted(uploads)


def _attach_uploads(rows: list[CaseMaterial], uploads: Mapping[str, Any] | None, *, actor) -> list[str]:
    """:func:`_store_uploads` for materials not stored yet: they are inserted with their files."""
    if not uploads:
        return []
    by_key = _by_known_key(rows, uploads)
    for key, upload in uploads.items():
        _attach(by_key[key], upload, actor=actor)
    return sorted(uploads)


def _by_known_key(materials: Iterable[CaseMaterial], uploads: Mapping[str, Any]) -> dict[str, CaseMaterial]:
    by_key = {m.key: m for m in materials}
    unknown = sorted(set(uploads) - set(by_key))
    if unknown:
        raise CaseError(CaseErrorCode.UNKNOWN_MATERIAL, detail={"keys": unknown}, key="、".join(unknown))
    return by_key


# ---- the form -----------------------------------------------------------------------------------


def form_validate(fields: list[dict[str, Any]], data: Mapping[str, Any]) -> dict[str, str]:
    """Check ``data`` against the version's form (data elements); 422 listing every problem."""
    known = {f["element"]: f for f in fields}
    problems: dict[str, str] = {}
    for key in data:
        if key not in known:
            problems[key] = "本事项的申请表没有此项"
    clean: dict[str, str] = {}
    for element, f in known.items():
        raw = data.get(element)
        value = "" if raw is None else str(raw).strip()
        if not value:
            if f.get("required"):
                problems[element] = f"请填写{f['label']}"
            continue
        if f.get("choices") and value not in f["choices"]:
            problems[element] = f"{f['label']}应为：{'、'.join(f['choices'])}"
            continue
        problem = data_element_problem(element, value)
        if problem and not problem.startswith("未知的数据元"):
            problems[element] = f"{f['label']}：{problem}"
            continue
        clean[element] = value
    if problems:
        raise CaseError(CaseErrorCode.FORM_INVALID, detail=problems)
    return clean


def _prefill(fields: list[dict[str, Any]], data: Mapping[str, Any], applicant) -> dict[str, Any]:
    """一表申请: fields the account already knows are filled in when left empty."""
    known = {
        "applicant_name": applicant.display_name,
        "id_number": applicant.id_number,
        "uscc": applicant.uscc,
        "phone": applicant.phone,
        "enterprise_name": applicant.display_name if applicant.uscc else "",
    }
    out = dict(data)
    for f in fields:
        element = f["element"]
        if not str(out.get(element) or "").strip() and known.get(element):
            out[element] = known[element]
    return out


# ---- numbers ------------------------------------------------------------------------------------


def case_number_next(*, region_code: str, on=None) -> str:
    """办件编号 ``<region>-<YYYYMMDD>-<6-digit sequence>``, unique under concurrency.

    Must run inside the caller's transaction: the counter row is incremented with one
    ``UPDATE … SET last = last + 1`` (row-locked on PostgreSQL until commit), so two applications
    never read the same value; a first-of-the-day race on creating the row is retried.
    """
    on = on or today()
    prefix = f"{region_code}-{on:%Y%m%d}"
    for _ in range(3):
        if CaseNumberCounter.objects.filter(prefix=prefix).update(last=F("last") + 1):
            break
        try:
            with transaction.atomic():
                CaseNumberCounter.objects.create(prefix=prefix, last=1)
            break
        except IntegrityError:
            continue
    last = CaseNumberCounter.objects.filter(prefix=prefix).values_list("last", flat=True).get()
    return f"{prefix}-{last:06d}"


def _verify_code() -> str:
    return "".join(secrets.choice(VERIFY_ALPHABET) for _ in range(6))


# ---- the services -------------------------------------------------------------------------------


@transaction.atomic
def case_apply(
    *,
    actor,
    implementation_code: str,
    channel: str,
    form_data: Mapping[str, Any] | None = None,
    uploads: Mapping[str, Any] | None = None,
    on_behalf_of=None,
    parent: Case | None = None,
    contact_phone: str = "",
    postal_address: str = "",
    postal_code: str = "",
    offered_uploads: Mapping[str, Any] | None = None,
    cross_region: bool = False,
) -> Case:
    """Submit an application (申请) for the implementation's version **in force today**.

    - ``actor`` is the applicant, or a window clerk applying on ``on_behalf_of``'s behalf
      (代办/帮办: recorded as ``agent``; the channel is then ``window`` or ``kiosk``).
    - The channel must be one the version's element table allows (:func:`channel_refusal`: its
      办理形式, and 网上办理深度 Ⅲ+ for online/mobile; 422 ``case_channel_not_offered`` saying
      why); the case is 全程网办 (``fully_online``) only for an online/mobile application of an
      item at depth Ⅳ.
    - The form is validated against the pinned version's fields (422 ``case_form_invalid``
      naming each field); fields the account knows (name, 身份证号, USCC, phone) are pre-filled.
    - The material checklist is the version's; e-licence / shared-data materials are exempted
      automatically (免提交), ``uploads`` (material key → file) are checked and stored;
      ``offered_uploads`` are stored only for materials still missing after the exemptions (a
      bundle offers every child the applicant's one set of files). The item's own application
      form is filled online (``filled_online``).
    - Every required material must then be provided, except those :func:`materials_deferrable`
      names (422 ``case_materials_required`` naming the rest).
    - A clerk applying for an item outside the clerk's scope gets 404 and nothing is kept,
      unless ``cross_region`` (跨域通办, 川渝通办): then the item must be on a 跨域通办 list the
      clerk's region may receive for (:func:`~zwfw.cases.services.cross_region.cross_region_intake`,
      422 otherwise) and the case records the 收件地 and 收件单位.
    - Status ``submitted``; the applicant gets an inbox message with the number and 查询码.
    """
    check(actor, perms.APPLY)
    if channel not in CaseChannel.values:
        raise CaseError(
            CaseErrorCode.CHANNEL_NOT_OFFERED, detail={"channel": channel}, reason=f"没有“{channel}”这种申报渠道"
        )
    applicant = actor
    agent = None
    if on_behalf_of is not None and on_behalf_of != actor:
        if actor is not None and getattr(actor, "is_applicant", False):
            raise PermissionDenied("申请人不能代他人申请")
        applicant, agent = on_behalf_of, actor
        if channel in {CaseChannel.ONLINE, CaseChannel.MOBILE} and agent is not None:
            channel = CaseChannel.WINDOW
    if applicant is None or not getattr(applicant, "is_applicant", False):
        raise PermissionDenied("工作人员代办须指定申请人（on_behalf_of）")
    impl = implementation_get(code=implementation_code)
    version = version_in_force(impl) if impl.is_active else None
    if version is None:
        raise CaseError(
            CaseErrorCode.ITEM_NOT_AVAILABLE, detail={"code": implementation_code}, code=implementation_code
        )
    intake = None
    if cross_region:
        from zwfw.cases.services.cross_region import cross_region_intake

        intake = cross_region_intake(agent=agent, implementation=impl)
    refusal = channel_refusal(version, channel)
    if refusal:
        raise CaseError(
            CaseErrorCode.CHANNEL_NOT_OFFERED,
            detail={"channel": channel, "channels": list(version.channels or []), "online_depth": version.online_depth},
            reason=refusal,
        )
    from zwfw.catalog.selectors import version_content_get

    content = version_content_get(version, shared=True)
    elements = content["elements"]
    clean = form_validate(elements["form"], _prefill(elements["form"], form_data or {}, applicant))
    now = timezone.now()
    enterprise = bool(applicant.uscc) and applicant.role == "enterprise"
    case = insert_row(
        Case(
            number=case_number_next(region_code=impl.region_id),
            verify_code=_verify_code(),
            parent=parent,
            applicant=applicant,
            applicant_kind=ApplicantKind.ENTERPRISE if enterprise else ApplicantKind.PERSON,
            applicant_name=clean.get("enterprise_name" if enterprise else "applicant_name")
            or applicant.display_name
            or applicant.username,
            applicant_id_number="" if enterprise else applicant.id_number,
            applicant_uscc=applicant.uscc if enterprise else "",
            contact_name=clean.get("contact_name", ""),
            contact_phone=contact_phone or clean.get("phone", "") or applicant.phone,
            postal_address=postal_address or clean.get("postal_address", ""),
            postal_code=postal_code or clean.get("postal_code", ""),
            agent=agent,
            channel=channel,
            fully_online=channel_fully_online(version, channel),
            implementation=impl,
            version=version,
            item_name=impl.base.name,
            region_id=impl.region_id,
            department_id=impl.department_id,
            form_data=clean,
            cross_region=intake is not None,
            intake_region_id=intake.region_id if intake else None,
            intake_department_id=intake.department_id if intake else None,
            status=CaseStatus.SUBMITTED,
            status_changed_at=now,
            submitted_at=now,
            promised_limit_days=version.promised_limit_days
            if version.promised_limit_days is not None
            else version.legal_limit_days,
        )
    )
    if agent is not None and not Case.objects.filter(pk=case.pk).filter(case_scope_q(agent)).exists():
        # the item is outside the clerk's region: nothing of this is kept (the transaction rolls
        # back: the case, its number) and nobody is told
        raise Http404("事项不存在或不在您的办理范围内")
    # the materials are inserted once, with what was uploaded for them (one INSERT, no UPDATEs)
    rows = _checklist(case, elements["materials"], online_form=bool(elements["form"]))
    uploaded = _attach_uploads(rows, uploads, actor=actor)
    if offered_uploads:
        missing_now = {m.key for m in rows if m.status == MaterialStatus.MISSING}
        uploaded += _attach_uploads(
            rows,
            {k: v for k, v in offered_uploads.items() if k in missing_now and k not in (uploads or {})},
            actor=actor,
        )
    materials = insert_rows(rows)  # one INSERT compiled once per number of materials (zwfw.core.prepared)
    materials_required_check(case, materials)
    audit(
        actor,
        "applied",
        case,
        after={
            "item": impl.code,
            "version": version.number,
            "channel": channel,
            "agent": getattr(agent, "pk", None),
            **({"cross_region": {"scheme": intake.scheme, "intake_region": intake.region_id}} if intake else {}),
            "uploaded": uploaded,
            "exempt": [m.key for m in materials if m.status in EXEMPT_STATUSES],
        },
    )
    notify_applicant(
        case,
        verb="applied",
        subject=f"您的申请已提交：{case.item_name}",
        body=f"办件编号{case.number}，查询码{case.verify_code}。可凭编号和查询码查询办理进度。",
    )
    return case


@transaction.atomic
def case_material_upload(*, actor, case: Case, key: str, upload) -> CaseMaterial:
    """Upload (or replace) one material while the case is 待受理 / 待补正, or hand in a 容缺
    material later (then the pledge is marked fulfilled once all its materials are in)."""
    check(actor, perms.UPLOAD, case)
    material = case.materials.filter(key=key).first()
    if material is None:
        raise CaseError(CaseErrorCode.UNKNOWN_MATERIAL, detail={"key": key}, key=key)
    shortfall = material.status == MaterialStatus.SHORTFALL_PLEDGED
    enforce(case, "upload_shortfall" if shortfall else "upload", actor)
    _store(material, upload, actor=actor)
    audit_log_material(actor, case, material)
    if shortfall:
        shortfall_check_fulfilled(case=case, actor=actor)
    return material


def shortfall_check_fulfilled(*, case: Case, actor) -> None:
    """Mark open 容缺 pledges fulfilled once each of their materials has been handed in."""
    statuses = dict(case.materials.values_list("key", "status"))
    for pledge in case.shortfall_pledges.filter(fulfilled_at__isnull=True):
        if all(statuses.get(k) == MaterialStatus.UPLOADED for k in pledge.materials):
            pledge.fulfilled_at = timezone.now()
            pledge.is_overdue = False
            pledge.save(update_fields=["fulfilled_at", "is_overdue"])
            audit(actor, "shortfall_fulfilled", case, after={"materials": pledge.materials})


def audit_log_material(actor, case: Case, material: CaseMaterial) -> None:
    from zwfw.core.services.audit import audit_log_write

    audit_log_write(
        actor=actor,
        action="zwfw.cases.material.uploaded",
        obj=material,
        after={"case": case.number, "key": material.key, "sha256": material.sha256, "size": material.size},
        region_code=case.region_id or "",
    )
