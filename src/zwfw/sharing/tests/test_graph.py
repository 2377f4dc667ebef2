"""关联图谱: queries against hand-computed answers, and the graph built from a real catalog."""

from __future__ import annotations

import pytest

from zwfw.sharing.graph import build


def _m(key, name, **kw):
    return {
        "key": key,
        "name": name,
        "required": True,
        "source": kw.pop("source", "applicant"),
        "licence_type": "",
        "shared_data": "",
        **kw,
    }


ITEMS = [
    {
        "code": "A",
        "name": "食品经营许可",
        "department": "DA",
        "region": "510100",
        "result_licence_type": "food_licence",
        "materials": [
            _m("bl", "营业执照", licence_type="business_licence"),
            _m("tax", "纳税证明", shared_data="tax-record"),
            _m("own", "核查记录", source="produced", licence_type="business_licence"),
        ],
    },
    {
        "code": "B",
        "name": "出口退税备案",
        "department": "DB",
        "region": "510100",
        "materials": [_m("tax", "完税凭证", shared_data="企业纳税信息")],
    },
    {
        "code": "C",
        "name": "户口迁移",
        "department": "DC",
        "region": "510700",
        "materials": [_m("hk", "户口簿", licence_type="hukou")],
    },
]
DATASETS = [
    {
        "code": "ent-reg",
        "name": "市场主体登记信息",
        "department": "D1",
        "system": "S1",
        "licence_type": "business_licence",
    },
    {"code": "tax-record", "name": "企业纳税信息", "department": "D2", "system": "S2", "licence_type": ""},
    {"code": "hukou", "name": "户籍信息", "department": "D3", "system": "", "licence_type": "hukou"},
    {"code": "food", "name": "食品许可信息", "department": "D2", "system": "S2", "licence_type": "food_licence"},
]
SYSTEMS = [
    {"code": "S1", "name": "登记系统", "department": "D1"},
    {"code": "S2", "name": "税务系统", "department": "D2"},
    {"code": "S3", "name": "审批系统", "department": "DA"},
]
VOLUMES = {"A": 10, "B": 50}


@pytest.fixture
def g():
    return build(items=ITEMS, datasets=DATASETS, systems=SYSTEMS, volumes=VOLUMES)


def test_items_freed_by_dataset(g):
    assert [(r["code"], r["materials"], r["volume"]) for r in g.items_freed_by("ent-reg")] == [("A", ["营业执照"], 10)]
    # by code and by name; B (50 a year) ranks before A (10); the produced material is never counted
    assert [(r["code"], r["materials"]) for r in g.items_freed_by("tax-record")] == [
        ("B", ["完税凭证"]),
        ("A", ["纳税证明"]),
    ]
    assert [r["code"] for r in g.items_freed_by("hukou")] == ["C"]
    assert g.items_freed_by("food") == []
    assert g.items_freed_by("no-such") == []
    assert [r["code"] for r in g.items_freed_by("tax-record", limit=1)] == ["B"]


def test_systems_item_touches(g):
    assert g.systems_touched("A") == [
        {"code": "S1", "name": "登记系统", "department": "D1", "via": ["supplies"]},
        {"code": "S2", "name": "税务系统", "department": "D2", "via": ["result", "supplies"]},
        {"code": "S3", "name": "审批系统", "department": "DA", "via": ["handling"]},
    ]
    assert [s["code"] for s in g.systems_touched("B")] == ["S2"]
    assert g.systems_touched("C") == []  # hukou has no system


def test_dataset_priority_and_counts(g):
    assert [(r["code"], r["items"], r["volume"]) for r in g.dataset_priority()] == [
        ("tax-record", 2, 60),
        ("ent-reg", 1, 10),
        ("hukou", 1, 0),
        ("food", 0, 0),
    ]
    counts = g.counts()
    assert counts["item"] == 3 and counts["dataset"] == 4 and counts["system"] == 3 and counts["material"] == 5


@pytest.mark.django_db
def test_graph_from_the_catalog_and_data_catalogue(published, make_user):
    """The sample catalog's 成都 item needs a 营业执照: a dataset publishing business_licence frees it."""
    from zwfw.catalog.tests import factories as f
    from zwfw.core.models import Role
    from zwfw.core.tests.factories import login_client
    from zwfw.sharing.graph import graph_clear
    from zwfw.sharing.services import dataset_register, system_ensure

    system_ensure(actor=None, code="djxt", name="登记系统", department_code="510000-scjg")
    dataset_register(
        actor=None,
        code="ent-reg",
        name="市场主体登记信息",
        department_code="510000-scjg",
        system_code="djxt",
        licence_type="business_licence",
    )
    graph_clear()
    admin = make_user(role=Role.DEPT_ADMIN, department="510100-scjg")
    rows = login_client(admin).get("/api/v1/sharing/graph/datasets/ent-reg/items").json()
    assert [(r["code"], r["materials"]) for r in rows] == [(f.IMPL_CODE, ["营业执照"])]
    systems = login_client(admin).get(f"/api/v1/sharing/graph/items/{f.IMPL_CODE}/systems").json()
    assert [(s["code"], s["via"]) for s in systems] == [("djxt", ["supplies"])]
    # a 绵阳 admin does not see the 成都 item
    my_admin = make_user(role=Role.DEPT_ADMIN, department="510700-zwfw")
    assert login_client(my_admin).get("/api/v1/sharing/graph/datasets/ent-reg/items").json() == []
    assert login_client(my_admin).get(f"/api/v1/sharing/graph/items/{f.IMPL_CODE}/systems").status_code == 404
    html = login_client(admin).get("/sharing/graph/?dataset=ent-reg").content.decode()
    assert 'data-testid="freed-items"' in html and "营业执照" in html and "<svg" in html
    # CPSV-AP export (public)
    doc = login_client(None).get("/api/v1/sharing/exports/cpsv-ap").json()
    service = next(s for s in doc["@graph"] if s["dct:identifier"] == f.IMPL_CODE)
    assert service["@type"] == "cpsv:PublicService"
    assert {e["dct:title"] for e in service["cv:hasInput"]} == {"食品经营许可申请书", "营业执照"}
    assert service["cpsv:produces"]["dct:identifier"] == "food_business_licence"
