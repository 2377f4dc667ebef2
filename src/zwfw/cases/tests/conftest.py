"""Cases fixtures: a published item built for the case rules, its users, a licences stub.

The item (成都市市场监管局, promised 10 working days): materials 申请书 (required), 营业执照
(e-licence ``business_licence``), 平面布局图 (required, 可容缺, 可承诺替代), 户籍信息 (shared data);
form 姓名 (required) + 联系电话; graph 申请 → 受理 → (审查 ∥ 现场核查[不计时]) → 决定 → 送达;
result: e-licence ``food_business_licence``; 告知承诺 and 容缺 allowed; supervisor 省市场监管局.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.tests import factories as cf
from zwfw.core.models import Role
from zwfw.core.tests import factories

IMPL = cf.IMPL_CODE
PDF = b"%PDF-1.7\n%zwfw test\n"


def pdf(name: str = "a.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def item_elements(**overrides) -> dict:
    el = cf.elements(
        materials=[
            cf.material("application_form", "食品经营许可申请书"),
            cf.material(
                "business_licence", "营业执照", source="licence", licence_type="business_licence", forms=["electronic"]
            ),
            cf.material("layout_plan", "经营场所平面布局图", shortfall_allowed=True, pledge_allowed=True),
            cf.material("household_data", "户籍信息", source="shared", shared_data="全国人口基础信息库（户籍信息）"),
        ],
        form=[
            {"element": "applicant_name", "label": "姓名", "type": "text", "required": True},
            {"element": "phone", "label": "联系电话", "type": "phone", "required": False},
        ],
        promised_limit_days=10,
        supervisor="510000-scjg",
        channels=["window", "online", "mobile"],
    )
    el.update(overrides)
    return el


def publish_item(**overrides) -> None:
    elements = item_elements(**overrides)
    base = cf.base_item(elements=copy.deepcopy(elements))
    impl = cf.implementation(elements=copy.deepcopy(elements))
    catalog_import(actor=None, data=cf.payload(bases=[base], impls=[impl]), publish=True)


@dataclass
class Holding:
    licence_type: str
    number: str
    valid_until: dt.date | None = None


@dataclass
class LicenceStub:
    holdings: dict[str, list[Holding]] = field(default_factory=dict)
    issued: list[dict] = field(default_factory=list)

    def holdings_for(self, *, id_number: str = "", uscc: str = "", types=None) -> list[Holding]:
        held = self.holdings.get(id_number or uscc, [])
        return [h for h in held if types is None or h.licence_type in types]

    def issue(self, **kwargs) -> Holding:
        self.issued.append(kwargs)
        return Holding(kwargs["licence_type"], f"LIC-{len(self.issued):04d}")


@pytest.fixture(autouse=True)
def licences(monkeypatch) -> LicenceStub:
    """The licences app is stubbed: holdings per identifier, issued licences recorded."""
    stub = LicenceStub()
    monkeypatch.setattr("zwfw.cases.services.apply.licence_holdings", stub.holdings_for)
    monkeypatch.setattr("zwfw.cases.services.decision._licence_issue", stub.issue)
    return stub


@pytest.fixture
def item(db):
    factories.make_department("510100", "zwfw")
    factories.make_department("510100", "wjw")
    factories.make_department("510000", "scjg")
    factories.make_department("510100", "scjg")
    publish_item()
    return IMPL


@pytest.fixture
def people(item, licences):
    """Users; ``person`` and ``enterprise`` hold an e-licence 营业执照, ``person2`` holds none."""
    mk = factories.make_user
    users = {
        "person": mk(role=Role.PERSON, username="c_person", display_name="张三丰"),
        "person2": mk(role=Role.PERSON, username="c_person2", display_name="李四"),
        "enterprise": mk(role=Role.ENTERPRISE, username="c_ent", display_name="成都某某餐饮有限公司"),
        "clerk": mk(role=Role.WINDOW_CLERK, username="c_clerk", department="510100-zwfw"),
        "clerk2": mk(role=Role.WINDOW_CLERK, username="c_clerk2", department="510100-zwfw"),
        "clerk_my": mk(role=Role.WINDOW_CLERK, username="c_clerk_my", department="510700-zwfw"),
        "reviewer": mk(role=Role.REVIEWER, username="c_rev", department="510100-scjg"),
        "reviewer_wjw": mk(role=Role.REVIEWER, username="c_rev_wjw", department="510100-wjw"),
        "supervisor": mk(role=Role.REVIEWER, username="c_sup", department="510000-scjg"),
        "dept_admin": mk(role=Role.DEPT_ADMIN, username="c_dadmin", department="510100-scjg"),
        "admin": mk(role=Role.PLATFORM_ADMIN, username="c_admin"),
    }
    licences.holdings[users["person"].id_number] = [Holding("business_licence", "BL-0001")]
    licences.holdings[users["enterprise"].uscc] = [Holding("business_licence", "BL-0002")]
    return users


@pytest.fixture
def apply_case(people, licences):
    """``apply_case(user=person, uploads=…, **kw)`` → a submitted case with all materials in."""
    from zwfw.cases.services import case_apply

    def _apply(user=None, uploads=None, **kw):
        user = user or people["person"]
        if uploads is None:
            uploads = {"application_form": pdf(), "layout_plan": pdf("plan.pdf")}
            # the paper 营业执照 only where no e-licence covers it (an enterprise may hold one by USCC)
            kw.setdefault("offered_uploads", {"business_licence": pdf("yyzz.pdf")})
        kw.setdefault("form_data", {"applicant_name": user.display_name or "张三", "phone": "13800138000"})
        return case_apply(
            actor=kw.pop("actor", user),
            implementation_code=IMPL,
            channel=kw.pop("channel", "online"),
            uploads=uploads,
            **kw,
        )

    return _apply


def approve_on_pledge(people, case, *, pledge_text: str = "本人承诺符合条件", materials=()):
    """告知承诺 as the rules have it: the window receives the pledge, the department's reviewer
    works the steps and approves (受审分离). Returns the case, decided."""
    from zwfw.cases.services import case_accept_on_pledge, case_decide, case_step_complete
    from zwfw.cases.services.workflow import step_get

    case_accept_on_pledge(actor=people["clerk"], case=case, pledge_text=pledge_text, materials=materials)
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    case_decide(actor=people["reviewer"], case=case, approved=True, reason="承诺符合条件")
    case.refresh_from_db()
    return case
