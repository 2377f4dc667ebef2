"""API: public lists, rule check errors, explanation, one-click application, runs, grants, imports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zwfw.policies import services
from zwfw.policies.models import Grant, SupportItem
from zwfw.policies.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db
API = "/api/v1/policies"


def test_public_policy_list(client, policy):
    r = client.get(f"{API}/policies")
    assert r.status_code == 200
    body = r.json()
    assert body[0]["doc_number"] == "成府发〔2025〕1号" and len(body[0]["items"]) == 2
    assert client.get(f"{API}/policies/{policy.pk}").status_code == 200
    assert client.get(f"{API}/policies/999999").status_code == 404


def test_rule_check(client_for, officer, enterprise):
    c = client_for(officer)
    rule = "conditions: {attr: tags, op: has, value: 高新技术企业}"
    r = c.post(f"{API}/rules/check", {"key": "k", "rule_text": rule}, content_type="application/json")
    assert r.status_code == 200 and r.json()["conditions"][0]["source"] == "科技"
    rule = "conditions: {attr: employees, op: ge, value: 十}"
    r = c.post(f"{API}/rules/check", {"key": "k", "rule_text": rule}, content_type="application/json")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "policy_rule_invalid" and body["detail"]["field"] == "conditions.value"
    assert "规则“k”" in body["message"]
    assert (
        client_for(enterprise)
        .post(f"{API}/rules/check", {"rule_text": "x"}, content_type="application/json")
        .status_code
        == 403
    )


def test_explanation_apply_runs_grants(client_for, officer, enterprise, profiles, policy):
    c = client_for(officer)
    r = c.post(f"{API}/runs", {"as_of": dt.date.today().isoformat()}, content_type="application/json")
    assert r.status_code == 201
    run_id = r.json()["id"]
    services.match_run_execute(run_id=run_id)
    assert c.get(f"{API}/runs/{run_id}").json()["status"] == "done"
    rd = SupportItem.objects.get(key="rd")
    e = client_for(enterprise)
    body = e.get(f"{API}/items/{rd.pk}/explanation").json()
    assert body["status"] == "eligible_if_declared" and body["amount_fen"] == 50_000_000
    assert [x["result"] for x in body["conditions"]] == ["true", "true", "declare"]
    assert c.get(f"{API}/items/{rd.pk}/explanation?uscc={enterprise.uscc}").json()["uscc"] == enterprise.uscc
    assert [x["item"] for x in e.get(f"{API}/for-me").json()] == ["研发补助"]
    r = e.post(f"{API}/items/{rd.pk}/applications", {"declarations": []}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "policy_declaration_missing"
    r = e.post(f"{API}/items/{rd.pk}/applications", {"declarations": ["c2"]}, content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    grants = c.get(f"{API}/grants").json()
    assert len(grants) == 1 and grants[0]["uscc"] == enterprise.uscc
    r = c.post(f"{API}/grants/{grants[0]['id']}/decision", {"confirm": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    r = c.post(f"{API}/grants/{grants[0]['id']}/decision", {"confirm": True}, content_type="application/json")
    assert r.status_code == 409
    assert Grant.objects.count() == 1
    assert c.get(f"{API}/figures").status_code == 200


def test_profile_import_api(client_for, officer, enterprise):
    c = client_for(officer)
    f = SimpleUploadedFile("hr.csv", csv_bytes(["uscc", "employees"], [[enterprise.uscc, "9"], ["BAD", "1"]]))
    r = c.post(f"{API}/profiles/imports", {"source": "人社", "file": f})
    assert r.status_code == 201
    body = r.json()
    assert body["rows_ok"] == 1 and body["rejected"][0]["field"] == "uscc"
    f = SimpleUploadedFile("hr.txt", b"x")
    r = c.post(f"{API}/profiles/imports", {"source": "人社", "file": f})
    assert r.status_code == 400 and r.json()["code"] == "policy_import_invalid"
