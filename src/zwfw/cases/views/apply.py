"""在线申请 ``/cases/apply/<implementation code>/``: the form and the material checklist of the
version in force, 免提交 shown before the applicant uploads anything.

Channel (申报来源, recorded on the case):

- a window clerk applying for somebody (代办/帮办) → ``window`` (the clerk names the applicant by
  account name, 公民身份号码 or 统一社会信用代码);
- ``?channel=mobile`` / ``?channel=online`` force the channel (the mobile app's web view links with
  ``?channel=mobile``);
- otherwise a phone's User-Agent (``Mobi``, ``Android``, ``iPhone``, ``iPad``, ``HarmonyOS``,
  ``MicroMessenger``) → ``mobile``, anything else → ``online``.

免提交 preview: computed exactly as :func:`zwfw.cases.services.case_apply` does when it builds the
checklist (the applicant's e-licences in force today through the same
``zwfw.cases.services.apply.licence_holdings``, shared data through ``shared_data_available``);
the service decides again at submission, so the preview can never exempt what the case will not.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from zwfw.cases import permissions as perms
from zwfw.cases.errors import CaseErrorCode
from zwfw.cases.forms import UPLOAD_ACCEPT, ApplicantPickForm, ApplyForm
from zwfw.cases.models import CaseChannel
from zwfw.cases.models.materials import APPLICATION_FORM_KEY
from zwfw.cases.services import apply as apply_services
from zwfw.cases.services import case_apply, shared_data_available
from zwfw.catalog.selectors import implementation_get, version_content_get, version_in_force
from zwfw.core.errors import ZwfwError
from zwfw.core.permissions import action_required

MOBILE_UA = re.compile(r"Mobi|Android|iPhone|iPad|HarmonyOS|MicroMessenger", re.IGNORECASE)
FORM_LABELS = {"original": "原件", "copy": "复印件", "electronic": "电子件"}


def channel_for(request: HttpRequest) -> str:
    """The 申报来源 of this request (see the module docstring)."""
    if not getattr(request.user, "is_applicant", False):
        return CaseChannel.WINDOW
    asked = request.POST.get("channel") or request.GET.get("channel")
    if asked in {CaseChannel.ONLINE, CaseChannel.MOBILE}:
        return asked
    return CaseChannel.MOBILE if MOBILE_UA.search(request.headers.get("User-Agent", "")) else CaseChannel.ONLINE


def _identifiers(applicant) -> tuple[str, str]:
    """(id_number, uscc) the way ``case_apply`` records the applicant."""
    enterprise = bool(applicant.uscc) and applicant.role == "enterprise"
    return ("" if enterprise else applicant.id_number or "", applicant.uscc if enterprise else "")


def _licence_name(holding, fallback: str) -> str:
    lt = getattr(holding, "type", None)
    return getattr(lt, "name", "") or fallback


def checklist_preview(
    materials: list[dict[str, Any]], applicant, *, online_form: bool = False, elements: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The version's materials with what the platform already has for ``applicant`` (免提交), and
    what the item allows instead of each (可容缺后补 / 可以告知承诺代替, worded as the guide)."""
    el = elements or {}
    holdings = None
    id_number, uscc = _identifiers(applicant) if applicant is not None else ("", "")
    rows = []
    for m in materials:
        forms_text = "、".join(FORM_LABELS.get(f, f) for f in m.get("forms") or [])
        counts = []
        if m.get("originals"):
            counts.append(f"原件{m['originals']}份")
        if m.get("copies"):
            counts.append(f"复印件{m['copies']}份")
        row = {
            **m,
            "forms_text": forms_text,
            "counts_text": "，".join(counts),
            "exempt": "",
            "licence_number": "",
            "shortfall_ok": bool(m["required"] and m.get("shortfall_allowed") and el.get("shortfall_allowed")),
            "pledge_ok": bool(m["required"] and m.get("pledge_allowed") and el.get("pledge_allowed")),
        }
        if applicant is not None and m["source"] == "licence" and m.get("licence_type"):
            if holdings is None:
                holdings = apply_services.licence_holdings(
                    id_number=id_number,
                    uscc=uscc,
                    types={x["licence_type"] for x in materials if x["source"] == "licence" and x.get("licence_type")},
                )
            held = next((h for h in holdings if str(h.licence_type) == m["licence_type"]), None)
            if held is not None:
                row["exempt"] = f"免提交：已关联您的电子证照《{_licence_name(held, m['name'])}》"
                row["licence_number"] = str(held.number)
        elif (
            applicant is not None
            and m["source"] == "shared"
            and shared_data_available(m.get("shared_data") or "", id_number=id_number, uscc=uscc)
        ):
            row["exempt"] = f"免提交：已通过共享数据“{m['shared_data']}”核验"
        elif m["source"] == "produced":
            row["exempt"] = "免提交：由部门产生"
        elif online_form and m["key"] == APPLICATION_FORM_KEY:
            row["exempt"] = "免提交：在本页在线填写申请表即可，无需另交"
        rows.append(row)
    return rows


def _find_applicant(request: HttpRequest, value: str):
    """代办: the applicant account the clerk named, among the accounts the clerk may see."""
    from zwfw.core.selectors.accounts import user_list

    value = (value or "").strip()
    if not value:
        return None
    q = Q(username=value) | Q(id_number=value.upper()) | Q(uscc=value.upper())
    return user_list(user=request.user).filter(q).filter(role__in=["person", "enterprise"]).first()


@require_http_methods(["GET", "POST"])
@action_required(perms.APPLY)
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """GET the form; POST submits it (one ``case_apply`` call) and opens the new case."""
    impl = implementation_get(code=code)
    version = version_in_force(impl, with_content=True) if impl.is_active else None
    ctx: dict[str, Any] = {"impl": impl, "code": code, "item_name": impl.base.name}
    if version is None:
        ctx["error"] = CaseErrorCode.ITEM_NOT_AVAILABLE.message(code=code)
        return render(request, "cases/apply.html", ctx, status=422)
    elements = version_content_get(version)["elements"]
    on_behalf = not request.user.is_applicant
    # 川渝通办 (跨域收件): a window clerk receives for another region's department
    cross_region = on_behalf and (request.POST.get("cross_region") or request.GET.get("cross_region")) == "1"
    data = request.POST if request.method == "POST" else None
    pick = ApplicantPickForm(data or request.GET or None) if on_behalf else None
    applicant = request.user
    if on_behalf:
        applicant = _find_applicant(request, pick.data.get("applicant", "")) if pick is not None and pick.data else None
    channel = channel_for(request)
    initial = {}
    if applicant is not None:
        id_number, uscc = _identifiers(applicant)
        known = {
            "applicant_name": applicant.display_name,
            "enterprise_name": applicant.display_name if uscc else "",
            "id_number": id_number,
            "uscc": uscc,
            "phone": applicant.phone,
        }
        initial = {k: v for k, v in known.items() if v}
    form = ApplyForm(data, fields=elements["form"], initial=initial)
    rows = checklist_preview(elements["materials"], applicant, online_form=bool(elements["form"]), elements=elements)
    ctx.update(
        {
            "version": version,
            "elements": elements,
            "form": form,
            "pick": pick,
            "on_behalf": on_behalf,
            "cross_region": cross_region,
            "applicant": applicant,
            "channel": channel,
            "channel_label": CaseChannel(channel).label,
            "rows": rows,
            "accept": UPLOAD_ACCEPT,
            "max_mb": settings.ZWFW_UPLOAD_MAX_BYTES // (1024 * 1024),
            "channel_refusal": apply_services.channel_refusal(version, channel),
        }
    )
    if request.method == "GET":
        return render(request, "cases/apply.html", ctx)
    if on_behalf and applicant is None:
        ctx["error"] = "请先填写申请人：未找到该用户名、公民身份号码或统一社会信用代码对应的申请人账号"
        return render(request, "cases/apply.html", ctx, status=422)
    uploads = {
        r["key"]: request.FILES[f"material_{r['key']}"]
        for r in rows
        if not r["exempt"] and f"material_{r['key']}" in request.FILES
    }
    try:
        case = case_apply(
            actor=request.user,
            implementation_code=code,
            channel=channel,
            form_data=form.form_data(),
            uploads=uploads,
            on_behalf_of=applicant if on_behalf else None,
            cross_region=cross_region,
        )
    except ZwfwError as exc:
        ctx["error"] = exc.message
        if exc.code is CaseErrorCode.FORM_INVALID and isinstance(exc.detail, dict):
            form.is_valid()
            form._errors = {}  # the service is the one source of the rules: show its problems only
            for element, problem in exc.detail.items():
                if element in form.fields:
                    form._errors[element] = form.error_class([problem])
            ctx["problems"] = [p for e, p in exc.detail.items() if e not in form.fields]
        return render(request, "cases/apply.html", ctx, status=exc.status)
    messages.success(
        request,
        f"申请已提交。办件编号{case.number}，查询码{case.verify_code}（凭编号和查询码可查询办理进度）。",
    )
    if on_behalf:
        return redirect(reverse("cases:window_case", args=[case.pk]))
    return redirect(reverse("cases:mine_case", args=[case.pk]))
