"""Cross-app API tests: one world in two cities, built once per module, and the route inventory.

``world`` builds, once per test module, the data every API test of this package reads: the
reference data (all departments), one user per role placed like the top-level ``role_users``
fixture (成都市, plus ``clerk_my`` in 绵阳市), applicants in both cities, a published catalog item
implemented in 成都市 and in 绵阳市, cases in both cities, e-licences issued in both cities and
inbox notifications. It lives in an outer transaction that is rolled back when the module ends;
each test runs in its own savepoint on top (the ``db`` fixture), so what a test writes is undone.

``ROUTES`` is the inventory of every operation of the NinjaAPI, read from its OpenAPI document:
a route an engineer adds tomorrow is covered by these tests without touching them.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zwfw.api import api
from zwfw.core.models import Role

API_PREFIX = "/api/v1/"
BASE_CODE = "511A0101000000"
IMPL_CD = f"{BASE_CODE}-510100000000-000-510100-scjg-1-00"
IMPL_MY = f"{BASE_CODE}-510700000000-000-510700-scjg-1-00"
PDF = b"%PDF-1.7\n%zwfw api test\n"

# Placed like the top-level ``role_users`` fixture (conftest.ROLE_USER_DEPARTMENTS).
ROLE_DEPARTMENTS = {
    Role.WINDOW_CLERK: "510100-zwfw",
    Role.REVIEWER: "510100-scjg",
    Role.DEPT_ADMIN: "510100-scjg",
    Role.HOTLINE_OPERATOR: "510100-zwfw",
    Role.POLICY_OFFICER: "510100-fg",
    Role.TRADING_SUPERVISOR: "510100-ggzy",
    Role.PLATFORM_ADMIN: "510000-zwfw",
    Role.HOTLINE_SUPERVISOR: "510100-zwfw",
    Role.SUPERVISION_OFFICER: "510100-scjg",
    Role.BID_EXPERT: "510100-ggzy",
}


@dataclass(frozen=True)
class Route:
    """One operation of the OpenAPI document."""

    method: str
    path: str  # "/api/v1/cases/{case_id}"
    operation: dict[str, Any] = field(compare=False, hash=False)

    @property
    def public(self) -> bool:
        """No security requirement in the document: anyone may call it."""
        return not self.operation.get("security")

    @property
    def accepts_anonymous(self) -> bool:
        """Public, or optional auth (a plain function among the auth callbacks, like catalog's
        ``OPTIONAL_AUTH``: published versions to everyone, drafts to their department)."""
        return self.public or ANONYMOUS_OK.get(self.operation.get("operationId"), False)

    @property
    def app(self) -> str:
        return (self.operation.get("tags") or ["?"])[0]

    def params(self, where: str) -> list[dict[str, Any]]:
        return [p for p in self.operation.get("parameters", []) if p["in"] == where]

    @property
    def body_content_types(self) -> list[str]:
        return list(self.operation.get("requestBody", {}).get("content", {}))

    def body_schema(self, content_type: str = "application/json") -> dict[str, Any] | None:
        media = self.operation.get("requestBody", {}).get("content", {}).get(content_type)
        return resolve(media["schema"]) if media else None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def openapi_document() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix=API_PREFIX)


_DOC = openapi_document()


def _anonymous_ok() -> dict[str, bool]:
    """operation_id → whether a caller without credentials gets past the auth callbacks."""
    from ninja.constants import NOT_SET
    from ninja.security.base import AuthBase

    out: dict[str, bool] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                auth = op.auth_param
                if auth is NOT_SET:
                    auth = router.auth
                if auth is NOT_SET:
                    auth = api.auth
                callbacks = [] if auth is None else list(auth) if isinstance(auth, list | tuple) else [auth]
                out[op.operation_id] = not callbacks or not all(isinstance(c, AuthBase) for c in callbacks)
    return out


ANONYMOUS_OK = _anonymous_ok()


def resolve(schema: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """``schema`` with ``$ref``s replaced by their components (a few levels deep)."""
    if depth > 6 or not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return resolve(_DOC["components"]["schemas"][name], depth + 1)
    out = dict(schema)
    if "properties" in out:
        out["properties"] = {k: resolve(v, depth + 1) for k, v in out["properties"].items()}
    for key in ("anyOf", "oneOf", "allOf"):
        if key in out:
            out[key] = [resolve(s, depth + 1) for s in out[key]]
    if "items" in out:
        out["items"] = resolve(out["items"], depth + 1)
    return out


def scalar_type(schema: dict[str, Any]) -> tuple[str, str]:
    """(type, format) of a parameter schema, looking through ``anyOf [X, null]``."""
    schema = resolve(schema)
    for alt in schema.get("anyOf", []):
        if alt.get("type") and alt.get("type") != "null":
            return alt["type"], alt.get("format", "")
    return schema.get("type", "string"), schema.get("format", "")


ROUTES: list[Route] = sorted(
    (
        Route(method.upper(), path, op)
        for path, ops in _DOC["paths"].items()
        for method, op in ops.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ),
    key=lambda r: (r.path, r.method),
)


UNKNOWN_ID = 987654321

# Required query parameters: a valid value by name (a route needing another one still runs,
# and may then answer 422; its test id says "no value for …").
QUERY_VALUES: dict[str, Any] = {
    "month": dt.date.today().strftime("%Y-%m"),
    "q": "食品",
    "region": "510100",
    "number": "NO-SUCH-NUMBER",
    "code": "ABCDEFGHJK",
    "kind": "uscc",
    "value": "91510100MA61234567",
    "start": "2026-03-02",
    "end": "2026-03-09",
    "days": 3,
    "from": 1,
    "to": 1,
}


# Path parameters _newer_apps seeds (known before the world is built, for test ids).
NEWER_PARAMS = (
    "order_id",
    "section_id",
    "project_id",
    "policy_id",
    "item_id",
    "plan_id",
    "purchase_id",
    # seeded by _more_rows (issue 8 item 3, issue 18 item 1: every route on real rows)
    "rating_id",
    "rectification_id",
    "matter_id",
    "run_id",
    "grant_id",
    "step",
    "synonym_id",
    "notice_id",
    "verification_id",
    "extension_id",
    "check_id",
    "repair_id",
    "task_id",
    "event_id",
    "service_request_id",
)
BOTH_CITIES = {
    "service_request_id",
    "order_id",
    "section_id",
    "project_id",
    "purchase_id",
    "rating_id",
    "rectification_id",
    "matter_id",
}

BUNDLE_CD = "M-BUNDLE-CD"
BUNDLE_MY = "M-BUNDLE-MY"
DATASET_CD = "m-ds-cd"
DATASET_MY = "m-ds-my"


def _code_values(path: str) -> dict[str, Any] | None:
    if path.startswith(("/api/v1/sharing/datasets/", "/api/v1/sharing/graph/datasets/")):
        return {"cd": DATASET_CD, "my": DATASET_MY}
    if path.startswith("/api/v1/sharing/graph/items/"):
        return {"cd": IMPL_CD, "my": IMPL_MY}
    if path.startswith("/api/v1/bundles/"):
        return {"cd": BUNDLE_CD, "my": BUNDLE_MY}
    if path.startswith("/api/v1/regions/"):
        return {"cd": "510107", "my": "510700"}
    if path.startswith("/api/v1/departments/"):
        return {"cd": "510100-scjg", "my": "510700-scjg"}
    if path.startswith("/api/v1/catalog/base-items/"):
        return {"base": BASE_CODE}
    if path.startswith("/api/v1/catalog/"):
        return {"cd": IMPL_CD, "my": IMPL_MY}
    return None


def param_values(route: Route, world: dict | None) -> dict[str, dict[str, Any]]:
    """{param: {variant: value}} for the path parameters the world has data for."""
    w = world or {}
    cases, lic, ver, users = (w.get(k, {}) for k in ("cases", "licences", "versions", "users"))
    apps, notes, toks = (w.get(k, {}) for k in ("applications", "notifications", "tokens"))
    sharing_requests, service_codes = (w.get("sharing", {}).get(k, {}) for k in ("requests", "codes"))
    get = (lambda d, k, attr: getattr(d[k], attr)) if world else (lambda d, k, attr: None)
    known: dict[str, dict[str, Any]] = {
        "application_id": {"cd": get(apps, "cd", "id"), "my": get(apps, "my", "id")},
        "notification_id": {"cd": get(notes, "cd", "id"), "my": get(notes, "my", "id")},
        "token_id": {"cd": get(toks, "cd", "id"), "my": get(toks, "my", "id")},
        "key": {"cd": "application_form"},
        "case_id": {"cd": get(cases, "cd", "id"), "my": get(cases, "my", "id")},
        "version_id": {"cd": get(ver, "cd", "id"), "my": get(ver, "my", "id")},
        "user_id": {"cd": get(users, "person", "id"), "my": get(users, "person_my", "id")},
        "number": {"cd": get(lic, "cd", "number"), "my": get(lic, "my", "number")},
        "year": {"2026": 2026},
        "request_id": {"cd": get(sharing_requests, "cd", "id"), "my": get(sharing_requests, "my", "id")},
        "code_id": {"cd": get(service_codes, "cd", "id"), "my": get(service_codes, "my", "id")},
    }
    # the apps added in issues 11–15 (hotline, trading, policies, supervision): seeded by _newer_apps
    for name, by_variant in (w.get("newer") or {}).items():
        known[name] = dict(by_variant)
    if not world:
        for name in NEWER_PARAMS:
            known[name] = dict.fromkeys(("cd", "my") if name in BOTH_CITIES else ("cd",))
    codes = _code_values(route.path)
    if codes is not None:
        known["code"] = codes
    if world and "/steps/{step}/" in route.path:
        known["case_id"] = dict(w["newer"]["step_case_id"])
    # event_id names two kinds of row: a supervision inbox event and a credit event
    if world and route.path.startswith("/api/v1/supervision/credit/events/"):
        known["event_id"] = dict(w["newer"]["credit_event_id"])
    return {p["name"]: known[p["name"]] for p in route.params("path") if p["name"] in known}


# --- the world -------------------------------------------------------------------------------


def _elements() -> dict[str, Any]:
    from zwfw.catalog.tests import factories as cf

    return cf.elements(
        materials=[cf.material("application_form", "申请书")],
        form=[
            {"element": "applicant_name", "label": "姓名", "type": "text", "required": True},
            # personal data the PII scan of the role matrix looks for (prefilled from the account)
            {"element": "id_number", "label": "公民身份号码", "type": "id_number", "required": False},
            {"element": "phone", "label": "联系电话", "type": "phone", "required": False},
            {"element": "address", "label": "住址", "type": "address", "required": False},
        ],
        promised_limit_days=10,
        supervisor="510000-scjg",
    )


def _catalog() -> None:
    from zwfw.catalog.interchange.catalog_json import catalog_import
    from zwfw.catalog.tests import factories as cf

    base = cf.base_item(elements=_elements())
    impls = [
        cf.implementation(code=IMPL_CD, elements=_elements()),
        cf.implementation(code=IMPL_MY, region="510700", department="510700-scjg", elements=_elements()),
    ]
    catalog_import(actor=None, data=cf.payload(bases=[base], impls=copy.deepcopy(impls)), publish=True)


def _apply(user, impl: str):
    from zwfw.cases.services import case_apply

    return case_apply(
        actor=user,
        implementation_code=impl,
        channel="online",
        form_data={"applicant_name": user.display_name, "address": f"四川省成都市武侯区人民南路{user.pk}号"},
        uploads={"application_form": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")},
    )


def _world() -> dict[str, Any]:
    from zwfw.core.services.notifications import notification_create
    from zwfw.core.services.seed import seed_reference_data
    from zwfw.core.tests import factories
    from zwfw.licences.tests.factories import issue

    seed_reference_data(actor=None)
    users: dict[str, Any] = {}
    for role in Role:
        users[role.value] = factories.make_user(
            role=role, username=f"m_{role.value}", department=ROLE_DEPARTMENTS.get(role)
        )
    users["clerk_my"] = factories.make_user(role=Role.WINDOW_CLERK, username="m_clerk_my", department="510700-zwfw")
    users["reviewer_my"] = factories.make_user(role=Role.REVIEWER, username="m_reviewer_my", department="510700-scjg")
    users["person_my"] = factories.make_user(role=Role.PERSON, username="m_person_my", region="510700")
    users["person2"] = factories.make_user(role=Role.PERSON, username="m_person2")
    # every applicant has a mobile number (the PII scan looks for other people's in each answer)
    for n, key in enumerate(("person", "enterprise", "person2", "person_my")):
        users[key].phone = f"1380000{n:04d}"
        users[key].save(update_fields=["phone"])

    _catalog()
    cases = {
        "cd": _apply(users["person"], IMPL_CD),
        "cd_enterprise": _apply(users["enterprise"], IMPL_CD),
        "cd_person2": _apply(users["person2"], IMPL_CD),
        "my": _apply(users["person_my"], IMPL_MY),
    }
    today = dt.date.today()
    licences = {
        "cd": issue(
            holder_name="张伟",
            holder_id_number=users["person"].id_number,
            department="510100-scjg",
            case_number="API-CD-1",
            valid_from=today,
        ),
        "my": issue(
            holder_name="李娜",
            holder_id_number=users["person_my"].id_number,
            department="510700-scjg",
            case_number="API-MY-1",
            valid_from=today,
        ),
    }
    for key in ("person", "enterprise", "person2", "person_my", "window_clerk", "clerk_my"):
        notification_create(recipient=users[key], subject=f"测试消息 {key}", body="内容")
    from zwfw.catalog.models import ItemVersion

    versions = {
        key: ItemVersion.objects.filter(implementation__code=code).order_by("-number").first()
        for key, code in (("cd", IMPL_CD), ("my", IMPL_MY))
    }
    applications = _bundles(users)
    newer = _newer_apps(users)
    users.update(newer.pop("users"))
    newer.update(_more_rows(users, cases, order_cd=newer["order_id"]["cd"]))
    pii_entitled = newer.pop("pii_entitled")
    from zwfw.core.models import ApiToken, Notification

    notifications = {
        "cd": Notification.objects.filter(recipient=users["window_clerk"]).first(),
        "my": Notification.objects.filter(recipient=users["clerk_my"]).first(),
    }
    from zwfw.core.services.accounts import api_token_create

    api_token_create(actor=None, user=users["window_clerk"], name="world-cd")
    api_token_create(actor=None, user=users["clerk_my"], name="world-my")
    tokens = {
        "cd": ApiToken.objects.get(user=users["window_clerk"], name="world-cd"),
        "my": ApiToken.objects.get(user=users["clerk_my"], name="world-my"),
    }
    sharing = _sharing(users)
    return {
        "sharing": sharing,
        "users": users,
        "cases": cases,
        "licences": licences,
        "versions": versions,
        "applications": applications,
        "notifications": notifications,
        "tokens": tokens,
        "newer": newer,
        "pii_entitled": pii_entitled,
    }


CALLER_PHONES = {"cd": "13900001111", "my": "13900002222"}

RULE_CD = """
conditions:
  all:
    - {attr: region_code, op: within, value: "510100"}
    - {attr: employees, op: ge, value: 10}
amount: {each: 1500元, per: graduate_hires}
"""


def _newer_apps(users: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Rows of the apps added in issues 11–15, in 成都 (and 绵阳 where the app has a 绵阳 actor):
    a 12345 work order, a trading project and section, a policy with its support item, a
    双随机 inspection plan, an intermediary-service purchase. {path parameter: {variant: id}}."""
    from zwfw.core.models import Region
    from zwfw.core.tests import factories
    from zwfw.hotline.services import work_order_create
    from zwfw.intermediaries.services.purchases import purchase_publish
    from zwfw.policies.services import policy_create, policy_transition, support_item_create
    from zwfw.supervision.services.inspections import inspection_plan_create
    from zwfw.trading.tests import factories as trading

    mianyang = {  # 绵阳 staff of each newer app's role: the write matrix has them write to 成都 rows
        "hotline_my": factories.make_user(
            role=Role.HOTLINE_OPERATOR, username="m_hotline_my", department="510700-zwfw"
        ),
        "policy_my": factories.make_user(role=Role.POLICY_OFFICER, username="m_policy_my", department="510700-fg"),
        "trading_my": factories.make_user(role=Role.TRADING_SUPERVISOR, username="m_trading_my", region="510700"),
        "owner_my": factories.make_user(role=Role.ENTERPRISE, username="m_owner_my", region="510700"),
        "supervision_my": factories.make_user(
            role=Role.SUPERVISION_OFFICER, username="m_supervision_my", department="510700-scjg"
        ),
    }
    operator_my = mianyang["hotline_my"]
    orders = {
        key: work_order_create(
            actor=actor,
            channel="phone",
            text=f"{region}某超市销售过期牛奶，价格标签与结算不一致",
            appeal_type="complaint",
            region_code=region,
            caller_name="王小明",
            caller_phone=phone,
            auto_dispatch=False,
        )
        for key, actor, region, phone in (
            ("cd", users["hotline_operator"], "510107", CALLER_PHONES["cd"]),
            ("my", operator_my, "510700", CALLER_PHONES["my"]),
        )
    }
    sections = {
        key: trading.section(region=region, tenderee=trading.enterprise(f"招标人{key}"))
        for key, region in (("cd", "510107"), ("my", "510700"))
    }
    officer = users["policy_officer"]
    dept = officer.department
    policy = policy_create(
        actor=officer,
        key="m-cd-policy",
        title="成都测试政策",
        issuer="成都市人民政府",
        effective_from=dt.date(2025, 1, 1),
        region=Region.objects.get(code="510100"),
        department=dept,
    )
    item = support_item_create(
        actor=officer,
        policy=policy,
        key="m-auto",
        title="扩岗补助",
        benefit="subsidy",
        rule_text=RULE_CD,
        department=dept,
    )
    policy_transition(actor=officer, policy=policy, to="published")
    purchases = {
        key: purchase_publish(
            actor=owner, title=f"测试中介采购{key}", service_item="环境影响评价", budget_fen=2_000_000, method="direct"
        )
        for key, owner in (("cd", users["enterprise"]), ("my", mianyang["owner_my"]))
    }
    plan = inspection_plan_create(
        actor=users["supervision_officer"], name="成都测试抽查计划", department_code="510100-scjg", entity_count=1
    )
    return {
        "users": mianyang,
        # hotline's rule (zwfw.hotline.selectors.caller_visible): the operator who took the call
        # sees the caller's phone in full; every other viewer sees it masked
        "pii_entitled": {"hotline_operator": {CALLER_PHONES["cd"]}, "hotline_my": {CALLER_PHONES["my"]}},
        "order_id": {k: o.pk for k, o in orders.items()},
        "service_request_id": {k: o.number for k, o in orders.items()},  # Open311: the order number
        "section_id": {k: s.pk for k, s in sections.items()},
        "project_id": {k: s.project_id for k, s in sections.items()},
        "policy_id": {"cd": policy.pk},
        "item_id": {"cd": item.pk},
        "plan_id": {"cd": plan.pk},
        "purchase_id": {k: p.pk for k, p in purchases.items()},
    }


def _more_rows(users: dict[str, Any], cases: dict[str, Any], *, order_cd: int) -> dict[str, dict[str, Any]]:
    """Rows for the path parameters that once ran with an unknown id (issue 8 item 3, issue 18
    item 1): 好差评 (a window visit rated 非常不满意 in each city, which opens a 整改 task, and a
    办不成事 report in each city), a failed 成都 match run with a proposed 免申即享 grant, a case
    step key, a search synonym, a 审管联动 notice and a 告知承诺 verification of the 成都 case, a
    pending 12345 extension request, supervision's inbox event with its pledge check, a credit
    event with its repair request and a drawn inspection task. {path parameter: {variant: id}}."""
    from zwfw.cases.models import PledgeVerification
    from zwfw.cases.services.supervision import supervision_notice_create
    from zwfw.catalog.models import SearchSynonym
    from zwfw.core.models import Department
    from zwfw.core.tests import factories
    from zwfw.hotline.models import ExtensionRequest, WorkOrder
    from zwfw.policies.models import EnterpriseProfile, Grant, MatchRun, MatchRunStatus, SupportItem
    from zwfw.policies.services import match_run_create
    from zwfw.ratings.services.blocked import blocked_report
    from zwfw.ratings.services.invitation import rating_by_token
    from zwfw.ratings.services.visits import window_visit_record
    from zwfw.supervision.models import InspectionTask, PledgeCheck
    from zwfw.supervision.services.credit import credit_event_record, credit_repair_request
    from zwfw.supervision.services.inbox import inbox_receive
    from zwfw.supervision.services.inspections import (
        inspection_plan_create,
        inspection_plan_draw,
        inspector_add,
        supervised_entity_add,
    )

    out: dict[str, dict[str, Any]] = {"rating_id": {}, "rectification_id": {}, "matter_id": {}}
    for key, clerk, person, impl, hub in (
        ("cd", users["window_clerk"], users["person"], IMPL_CD, "510100-zwfw"),
        ("my", users["clerk_my"], users["person_my"], IMPL_MY, "510700-zwfw"),
    ):
        _visit, _invitation, token = window_visit_record(actor=clerk, window_no="A1", item_code=impl, applicant=person)
        rating = rating_by_token(token=token, level=5, reasons=["slow"], comment=f"矩阵测试差评 {key}")
        out["rating_id"][key] = rating.pk
        out["rectification_id"][key] = rating.rectification.pk
        matter = blocked_report(
            actor=person, blocker="other", description="跑了两次没办成", item_name="某事", department_code=hub
        )
        out["matter_id"][key] = matter.pk

    officer = users["policy_officer"]
    today = dt.date.today()
    run = match_run_create(actor=officer, as_of=today)
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRunStatus.FAILED, error="矩阵测试")
    profile = EnterpriseProfile.objects.create(
        uscc=users["enterprise"].uscc, name="成都测试企业", region_code="510107", attributes={"employees": 20}
    )
    grant = Grant.objects.create(item=SupportItem.objects.get(key="m-auto"), profile=profile, run=run, amount=150_000)
    out["run_id"] = {"cd": run.pk}
    out["grant_id"] = {"cd": grant.pk}

    # a step exists once a case is accepted: person2's 成都 case is (the others stay submitted)
    from zwfw.cases.services import case_accept

    stepped = case_accept(actor=users["window_clerk"], case=cases["cd_person2"])
    stepped.refresh_from_db()
    out["step"] = {"cd": stepped.steps.order_by("id").first().key}
    out["step_case_id"] = {"cd": stepped.pk}
    case = cases["cd"]
    out["synonym_id"] = {"cd": SearchSynonym.objects.create(term="矩阵测试词", official=["食品经营许可"]).pk}
    out["notice_id"] = {"cd": supervision_notice_create(case=case).pk}
    verification = PledgeVerification.objects.create(
        case=case,
        department=Department.objects.get(code="510100-scjg"),
        pledge_text="本人承诺",
        materials=["application_form"],
        due_date=today + dt.timedelta(days=10),
    )
    out["verification_id"] = {"cd": verification.pk}
    extension = ExtensionRequest.objects.create(
        order=WorkOrder.objects.get(pk=order_cd), days=2, reason="矩阵测试延期", requested_by=users["reviewer"]
    )
    out["extension_id"] = {"cd": extension.pk}

    lead = users["supervision_officer"]
    event, _created = inbox_receive(
        source_key="m-matrix-pledge",
        payload={
            "kind": "pledge",
            "case_number": case.number,
            "item_code": IMPL_CD,
            "item_name": "测试事项",
            "supervisor_department": "510100-scjg",
            "department": "510100-scjg",
            "applicant_kind": "enterprise",
            "applicant_name": "成都测试企业",
            "uscc": users["enterprise"].uscc,
            "decision": "approved",
            "pledge": {
                "text": "承诺",
                "materials": ["application_form"],
                "due_date": (today + dt.timedelta(days=20)).isoformat(),
            },
        },
    )
    out["event_id"] = {"cd": event.pk}
    out["check_id"] = {"cd": PledgeCheck.objects.get(event=event).pk}
    credit = credit_event_record(
        actor=lead,
        subject_kind="enterprise",
        subject_id=users["enterprise"].uscc,
        kind="violation",
        occurred_on=today,
        note="矩阵测试违法记录",
        department=Department.objects.get(code="510100-scjg"),
    )
    out["credit_event_id"] = {"cd": credit.pk}
    out["repair_id"] = {"cd": credit_repair_request(actor=users["enterprise"], event=credit, reason="已整改").pk}
    second = factories.make_user(role=Role.SUPERVISION_OFFICER, username="m_supervision2", department="510100-scjg")
    for inspector in (lead, second):
        inspector_add(actor=lead, user=inspector)
    supervised_entity_add(
        actor=lead,
        subject_kind="enterprise",
        subject_id=users["enterprise"].uscc,
        name="成都测试企业",
        department_code="510100-scjg",
    )
    plan = inspection_plan_create(actor=lead, name="矩阵测试抽查", department_code="510100-scjg", entity_count=1)
    inspection_plan_draw(actor=lead, plan=plan, seed=20260301)
    out["task_id"] = {"cd": InspectionTask.objects.filter(plan=plan).get().pk}
    return out


def _bundles(users: dict[str, Any]) -> dict[str, Any]:
    """A published 一件事 in each city (one item each) and one application for each, by the
    city's resident, with every applicant-provided material uploaded."""
    from zwfw.bundles.services import bundle_application_submit, bundle_compose, bundle_define, bundle_publish

    applications = {}
    for key, code, impl, region, lead, person in (
        ("cd", BUNDLE_CD, IMPL_CD, "510100", "510100-scjg", users["person"]),
        ("my", BUNDLE_MY, IMPL_MY, "510700", "510700-scjg", users["person_my"]),
    ):
        bundle = bundle_define(
            actor=None,
            code=code,
            name=f"测试一件事 {key}",
            theme="person",
            lead_department_code=lead,
            region_code=region,
            implementation_codes=[impl],
        )
        bundle_publish(actor=None, bundle=bundle)
        plan, _sources = bundle_compose(bundle)
        uploads = {
            m["key"]: SimpleUploadedFile(f"{m['key']}.pdf", PDF, content_type="application/pdf")
            for m in plan.to_dict()["materials"]
            if m["provided_by_applicant"]
        }
        applications[key] = bundle_application_submit(
            actor=person, bundle=bundle, form_data={"applicant_name": person.display_name}, uploads=uploads
        )
    return applications


def _sharing(users: dict[str, Any]) -> dict[str, Any]:
    """A dataset owned in each city, an approved request and one logged read by each city's clerk,
    and a 政务服务码 of each city's resident (ten minutes: the module outlives five)."""
    import datetime as _dt

    from zwfw.sharing.connectors import FakeConnector, connector_override
    from zwfw.sharing.graph import graph_clear
    from zwfw.sharing.services import (
        dataset_register,
        service_code_issue,
        shared_data_read,
        sharing_request_create,
        sharing_request_decide,
    )

    graph_clear()  # the graph is cached per process: build it from this world
    out: dict[str, Any] = {"datasets": {}, "requests": {}, "codes": {}}
    for key, code, owner, clerk, person in (
        ("cd", DATASET_CD, "510100-scjg", users["window_clerk"], users["person"]),
        ("my", DATASET_MY, "510700-scjg", users["clerk_my"], users["person_my"]),
    ):
        ds = dataset_register(
            actor=None, code=code, name=f"测试数据集 {key}", department_code=owner, licence_type="business_licence"
        )
        req = sharing_request_create(actor=clerk, dataset=ds, purpose="矩阵测试")
        sharing_request_decide(actor=users["platform_admin"], request=req, approved=True)
        with connector_override(code, FakeConnector({person.id_number: {"name": person.display_name}})):
            shared_data_read(actor=clerk, dataset=ds, subject=person.id_number, purpose="矩阵测试")
        out["datasets"][key], out["requests"][key] = ds, req
        out["codes"][key] = service_code_issue(actor=person, ttl=_dt.timedelta(minutes=60))
    return out


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The two-city world (see the module docstring), rolled back when the module ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data = _world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache: each test starts with none (the public case lookup
    allows 30 anonymous calls a minute, and these tests make more than that)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="module")
def tokens(world, django_db_blocker) -> dict[str, str]:
    """A bearer key for each world user, created inside the module's transaction."""
    from zwfw.core.tests.factories import make_token

    with django_db_blocker.unblock():
        return {who: make_token(user) for who, user in world["users"].items()}
