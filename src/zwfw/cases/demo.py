"""Demo cases for ``zwfw demo``: a handful of cases in different states, made through the
services by the demo accounts (enterprise ``enterprise``, clerk ``clerk``, reviewer ``reviewer``).

Idempotent: nothing is created when the demo enterprise already has a case. Needs the demo
catalog (``CatalogConfig.load_demo_data`` runs first) and core's demo accounts.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

logger = logging.getLogger("zwfw.cases.demo")

FOOD = "511A01006000-510100000000-000-510100SCJG-1-00"  # 食品经营许可（新办）: 告知承诺, 容缺
CREDIT = "511Z01009000-510100000000-000-510100SCJG-1-00"
CURE = "511Z01010000-510100000000-000-510100SCJG-1-00"
FORM = {
    "legal_representative": "王示例",
    "business_address": "成都市武侯区人民南路四段1号",
    "business_area": "120",
    "business_scope": "餐饮服务（热食类食品制售）",
    "apply_reason": "已履行行政处罚，申请信用修复",
}
PDF = b"%PDF-1.4\n% zwfw demo material\n"


def _apply(user, code, *, channel="online", actor=None, complete=True):
    """Apply with a file for every material the platform does not already have; with
    ``complete=False`` the non-key materials (可容缺) are left for 容缺/告知承诺 at the window."""
    from zwfw.cases.services import case_apply
    from zwfw.catalog.selectors import implementation_get, version_content_get, version_in_force

    version = version_in_force(implementation_get(code=code), with_content=True)
    elements = version_content_get(version)["elements"]
    fields = {f["element"] for f in elements["form"]}
    offered = {
        m["key"]: SimpleUploadedFile(f"{m['key']}.pdf", PDF, content_type="application/pdf")
        for m in elements["materials"]
        if m["required"] and m["key"] != "application_form" and (complete or not m["shortfall_allowed"])
    }
    return case_apply(
        actor=actor or user,
        implementation_code=code,
        channel=channel,
        form_data={k: v for k, v in FORM.items() if k in fields},
        on_behalf_of=user if actor else None,
        offered_uploads=offered,
    )


def demo_cases_ensure() -> dict | None:
    """Create the demo cases once; returns counts by state (None when prerequisites are missing)."""
    from zwfw.cases.models import Case
    from zwfw.cases.services import (
        case_accept,
        case_accept_on_pledge,
        case_complete,
        case_decide,
        case_deliver,
        case_request_correction,
        case_step_complete,
    )
    from zwfw.cases.services.frontdesk import correction_deadline_default
    from zwfw.cases.services.workflow import step_get

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["enterprise", "clerk", "reviewer"])}
    if len(users) < 3:
        return None
    enterprise, clerk, reviewer = users["enterprise"], users["clerk"], users["reviewer"]
    if Case.objects.filter(applicant=enterprise).exists():
        return {"已存在": Case.objects.filter(applicant=enterprise).count()}
    try:
        with transaction.atomic():
            _apply(enterprise, FOOD)  # 待受理
            corrected = _apply(enterprise, FOOD, complete=False)
            case_request_correction(
                actor=clerk,
                case=corrected,
                items=[
                    {"key": m.key, "problem": "未提交"}
                    for m in corrected.materials.all()
                    if m.required and m.status == "missing"
                ],
                note="请一次性补齐以上材料",
                deadline=correction_deadline_default(),
            )
            accepted = _apply(enterprise, CREDIT, channel="window", actor=clerk)  # 窗口代办, 审查中
            case_accept(actor=clerk, case=accepted)
            pledged = _apply(enterprise, FOOD, complete=False, channel="mobile")
            missing = [m.key for m in pledged.materials.all() if m.required and m.status == "missing"]
            case_accept_on_pledge(  # the window receives the pledge; 市场监管's reviewer decides
                actor=clerk,
                case=pledged,
                pledge_text="本企业承诺经营场所、设施设备和管理制度符合食品安全要求，如有不实愿承担法律责任",
                materials=missing,
            )
            for _ in range(5):  # 材料审查 ∥ 现场核查, then the reviewer decides (准予 opens the 核查)
                pledged.refresh_from_db()
                open_steps = list(pledged.steps.filter(status="active").exclude(kind__in=["decide", "deliver"]))
                if not open_steps:
                    break
                for step in open_steps:
                    case_step_complete(actor=reviewer, case=pledged, step=step_get(pledged, step.key), opinion="同意")
            pledged.refresh_from_db()
            case_decide(
                actor=reviewer, case=pledged, approved=True, reason="申请人书面承诺符合条件，准予许可（告知承诺制）"
            )
            done = _apply(enterprise, CURE)
            case_accept(actor=clerk, case=done)
            done.refresh_from_db()
            for step in done.steps.filter(status="active").exclude(kind="decide"):
                case_step_complete(actor=reviewer, case=done, step=step_get(done, step.key), opinion="同意")
            done.refresh_from_db()
            case_decide(actor=reviewer, case=done, approved=True, reason="已完成整改，符合信用修复条件")
            done.refresh_from_db()
            case_deliver(actor=clerk, case=done, method="electronic")
            case_complete(actor=clerk, case=done)
    except Exception:  # the demo must not break `zwfw demo` when another app's data changed
        logger.exception("demo cases could not be created")
        return {"失败": 1}
    counts: dict[str, int] = {}
    for status in Case.objects.filter(applicant=enterprise).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts
