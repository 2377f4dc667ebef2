"""Every demo item's graph can be walked to 办结 through the pages, each step by the role it names
from that role's page (issue 8.4: a 即办件's 办结 waited for the window, which offered nothing).

The demo catalog is imported and published; for each base item its first implementation is
applied for on the apply page by a person, accepted on the window page by a clerk of the
implementation's region, then every active step is done on the page of the step's role (window
steps on 综合窗口, reviewer steps on 审批工作台 by a reviewer of the step's department), the result
delivered and the case completed on the window page. The licences app is stubbed (conftest).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zwfw.cases.models import Case, CaseStatus, StepStatus
from zwfw.cases.services.apply import channel_refusal
from zwfw.catalog.interchange.demo import build_catalog
from zwfw.catalog.interchange.excel.bulk import catalog_import_new
from zwfw.core.models import Role
from zwfw.core.tests.factories import login_client, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% walk\n"
VALUES = {
    "applicant_name": "张三",
    "sex": "男",
    "birth_date": "1990-01-01",
    "phone": "13800138000",
    "address": "四川省成都市武侯区人民南路四段1号",
    "postal_address": "四川省成都市武侯区人民南路四段1号",
    "enterprise_name": "成都示例餐饮有限公司",
    "legal_representative": "王示例",
    "business_scope": "餐饮服务",
    "business_address": "成都市武侯区人民南路四段1号",
    "registered_capital": "100",
    "employees": "5",
    "child_name": "张小宝",
    "child_birth_date": "2026-01-05",
    "spouse_name": "李四",
    "bank_account": "6222020200112233445",
    "child_sex": "女",
    "birth_place": "四川省成都市武侯区",
    "bank_name": "中国工商银行成都分行",
    "school_name": "成都市示例小学",
    "property_address": "成都市武侯区示例路1号1栋1单元101",
    "house_area": "89",
    "house_price": "1200000",
    "contract_no": "HT2026000001",
    "retire_date": "2026-06-01",
    "disability_category": "肢体",
    "disability_grade": "四级",
    "sign_content": "示例餐厅",
    "business_area": "120",
    "vehicle_plate": "川A12345",
    "vehicle_count": "3",
    "change_items": "变更经营场所",
    "cancel_reason": "决议解散",
    "loan_amount": "500000",
    "email": "a@example.com",
    "apply_reason": "依法申请",
}


def _field_values(form: list[dict], applicant) -> dict[str, str]:
    known = {
        "id_number": applicant.id_number,
        "spouse_id_number": "11010519491231002X",
        "child_id_number": "510107202601050026",
        "uscc": applicant.uscc or "91510100MA61RXXX6H",
    }
    out = {}
    for f in form:
        value = known.get(f["element"]) or VALUES.get(f["element"], "示例")
        if f.get("choices") and value not in f["choices"]:
            value = f["choices"][0]
        out[f"f-{f['element']}"] = value
    return out


def _problems(response) -> list[str]:
    import re

    html = response.content.decode()
    return re.findall(r'class="(?:alert case-error|field-error)"[^>]*>(.*?)</(?:div|p|li|ul)>', html, re.S)


def _act(client, name, case, action, data=None):
    payload = {"row_version": Case.objects.get(pk=case.pk).row_version, **(data or {})}
    response = client.post(reverse(f"cases:{name}_action", args=[case.pk, action]), payload)
    assert response.status_code == 302, (case.item_name, action, _problems(response))


def _walk(impl: dict, base: dict, applicants, clerk, reviewers) -> None:
    code = impl["code"]
    elements = base["elements"]
    if impl.get("elements"):
        elements = impl["elements"]
    person = applicants["person" if "person" in (base.get("service_objects") or ["person"]) else "enterprise"]
    applicant = login_client(person)
    data = _field_values(elements["form"], person)
    for m in elements["materials"]:
        data[f"material_{m['key']}"] = SimpleUploadedFile(f"{m['key']}.pdf", PDF, content_type="application/pdf")
    window = login_client(clerk)
    online = SimpleNamespace(channels=elements["channels"], online_depth=elements["online_depth"])
    refusal = channel_refusal(online, "online")
    response = applicant.post(reverse("cases:apply", args=[code]), data)
    if refusal:  # issue 17.3: e.g. 居民身份证 (window or post), 婚姻登记 (depth Ⅰ–Ⅱ) — at the window
        assert response.status_code == 422 and refusal in "".join(_problems(response)), base["name"]
        data["applicant"] = person.username
        for m in elements["materials"]:  # the refused request read the files: fresh ones
            data[f"material_{m['key']}"] = SimpleUploadedFile(f"{m['key']}.pdf", PDF, content_type="application/pdf")
        response = window.post(reverse("cases:apply", args=[code]), data)
    assert response.status_code == 302, (base["name"], _problems(response))
    case = Case.objects.filter(implementation__code=code).latest("id")
    assert case.channel == ("window" if refusal else "online"), base["name"]
    assert "收件即受理" in window.get(reverse("cases:window_case", args=[case.pk])).content.decode()
    _act(window, "window", case, "accept")
    for _ in range(20):
        case = Case.objects.get(pk=case.pk)
        if case.status == CaseStatus.COMPLETED:
            return
        active = [s for s in case.steps.select_related("department") if s.status == StepStatus.ACTIVE]
        if case.status in {CaseStatus.DECIDED, CaseStatus.DELIVERED} and not any(
            s.kind not in {"deliver"} for s in active
        ):
            html = window.get(reverse("cases:window_case", args=[case.pk])).content.decode()
            if case.status == CaseStatus.DECIDED and "送达（出件）" in html:
                _act(window, "window", case, "deliver", {"method": "electronic"})
            else:
                assert "办结" in html, (base["name"], "办结 not offered")
                _act(window, "window", case, "complete")
            continue
        step = next((s for s in active if s.kind != "deliver"), None)
        if step is None:  # no active step: a graph without a 决定 step is decided on the review page
            client = login_client(reviewers(case.department.code))
            html = client.get(reverse("cases:review_case", args=[case.pk])).content.decode()
            assert 'data-testid="decide-form"' in html, (base["name"], "nothing to do")
            _act(client, "review", case, "decide", {"decision": "approved", "reason": "符合条件"})
            continue
        if step.role == Role.WINDOW_CLERK:
            client, name = window, "window"
        else:
            assert step.role == Role.REVIEWER, (base["name"], step.role)
            client, name = login_client(reviewers(step.department.code)), "review"
        html = client.get(reverse(f"cases:{name}_case", args=[case.pk])).content.decode()
        if step.kind == "decide":
            assert 'data-testid="decide-form"' in html, (base["name"], step.name, name)
            _act(client, name, case, "decide", {"decision": "approved", "reason": "符合条件"})
        else:
            assert f'data-step="{step.key}"' in html, (base["name"], step.name, name)
            _act(client, name, case, "step", {"step": step.pk, "action": "pass", "opinion": "同意"})
    pytest.fail(f"{base['name']}: not completed, status {Case.objects.get(pk=case.pk).status}")


def test_every_demo_item_can_be_finished_through_the_pages(seeded):
    payload = build_catalog()
    catalog_import_new(actor=None, data=payload, publish=True)
    bases = {b["code"]: b for b in payload["base_items"]}
    applicants = {
        "person": make_user(role=Role.PERSON, username="walk_person", display_name="张三"),
        "enterprise": make_user(role=Role.ENTERPRISE, username="walk_ent", display_name="成都示例餐饮有限公司"),
    }
    clerks: dict[str, object] = {}
    reviewer_users: dict[str, object] = {}

    def reviewers(department_code: str):
        if department_code not in reviewer_users:
            reviewer_users[department_code] = make_user(
                role=Role.REVIEWER, username=f"walk_rev_{len(reviewer_users)}", department=department_code
            )
        return reviewer_users[department_code]

    seen = set()
    walked = 0
    for impl in payload["implementations"]:
        base_code = impl["base_code"]
        if base_code in seen:
            continue
        seen.add(base_code)
        region = impl["region"]
        if region not in clerks:
            clerks[region] = make_user(role=Role.WINDOW_CLERK, username=f"walk_clerk_{region}", region=region)
        _walk(impl, bases[base_code], applicants, clerks[region], reviewers)
        walked += 1
    assert walked == len(bases) > 90
