"""Guides API: /api/v1/catalog/guides/{code}, /guides/{code}/plain, /diagrams/{code}.svg —
public, the published version in force, the one error body for unknown codes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from zwfw.catalog.guides.guide import EXEMPT_LICENCE
from zwfw.catalog.guides.plain import JARGON
from zwfw.core.tests.factories import login_client


def url(name: str, code: str) -> str:
    return reverse(f"api:{name}", kwargs={"code": code})


def test_guide_json(published, client):
    response = client.get(url("catalog_guide", published.code))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == published.code
    assert body["name"] == "食品经营许可（新办）"
    assert body["implementing_body"] == published.department.name
    assert body["version_number"] == 1
    assert (body["legal_limit_days"], body["promised_limit_days"]) == (20, 9)
    assert body["fee_text"] == "不收费"
    licence = next(m for m in body["materials"] if m["key"] == "business_licence")
    assert licence["exempt"] == EXEMPT_LICENCE and licence["licence_name"] == "营业执照"
    form = next(m for m in body["materials"] if m["key"] == "application_form")
    assert form["count_text"] == "原件1份" and form["blank_form"] == "申请书.docx"
    assert body["result_licence_name"] == "食品经营许可证"
    assert [s["key"] for s in body["steps"]] == ["apply", "accept", "review", "inspect", "decide", "deliver"]
    assert body["critical_days"] == 9
    assert body["critical_path"] == ["apply", "accept", "review", "decide", "deliver"]
    inspect = next(s for s in body["steps"] if s["key"] == "inspect")
    assert inspect["stops_clock"] is True and inspect["critical"] is False


def test_plain_guide_json(published, client):
    response = client.get(url("catalog_plain_guide", published.code))
    assert response.status_code == 200
    body = response.json()
    titles = [s["title"] for s in body["sections"]]
    assert titles[:5] == ["要准备什么", "去哪办", "最快几天", "要不要钱", "能不能网上办"]
    text = "".join(t for s in body["sections"] for t in s["sentences"])
    assert "最快9个工作日办好。" in text and "不收费。" in text
    assert not any(term in text for term in JARGON)


def test_diagram_svg(published, client):
    response = client.get(url("catalog_diagram_svg", published.code))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    steps = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-step")]
    assert len(steps) == 6


@pytest.mark.parametrize("name", ["catalog_guide", "catalog_plain_guide", "catalog_diagram_svg"])
def test_unknown_code_is_404_with_the_error_body(db, client, name):
    response = client.get(url(name, "no-such-item"))
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found" and body["message"]
    assert set(body) == {"code", "message", "detail"}


@pytest.mark.parametrize("name", ["catalog_guide", "catalog_plain_guide", "catalog_diagram_svg"])
def test_bad_date_is_422_and_a_date_without_version_404(published, client, name):
    response = client.get(url(name, published.code) + "?on=yesterday")
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert client.get(url(name, published.code) + "?on=2025-01-01").status_code == 404


def test_guides_are_public_and_show_no_drafts(published, users, client):
    from zwfw.catalog.services import item_version_create_draft, item_version_update_draft

    draft = item_version_create_draft(actor=users["maintainer"], implementation=published)
    item_version_update_draft(
        actor=users["maintainer"], version=draft, content={"elements": {"promised_limit_days": 3}}
    )
    for c in (client, login_client(users["maintainer"])):
        body = c.get(url("catalog_guide", published.code)).json()
        assert body["version_number"] == 1 and body["promised_limit_days"] == 9


def test_routes_are_in_the_openapi_document(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/catalog/guides/{code}" in paths
    assert "/api/v1/catalog/guides/{code}/plain" in paths
    assert "/api/v1/catalog/diagrams/{code}.svg" in paths
    assert paths["/api/v1/catalog/guides/{code}"]["get"]["operationId"] == "catalog_guide_get"
