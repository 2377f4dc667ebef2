"""Pages: public list, policies-for-me with explanations and one-click apply, officer consoles."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.policies import services
from zwfw.policies.models import Application, Grant, Policy, SupportItem

pytestmark = pytest.mark.django_db


def _run(officer):
    run = services.match_run_create(actor=officer, as_of=dt.date.today())
    return services.match_run_execute(run_id=run.pk)


def test_public_list_and_detail(client, policy):
    r = client.get("/policies/")
    assert r.status_code == 200 and "成都测试政策" in r.content.decode()
    r = client.get(f"/policies/{policy.pk}/")
    assert r.status_code == 200 and "研发补助" in r.content.decode()
    r = client.get("/policies/?tag=研发投入")
    assert "成都测试政策" in r.content.decode()


def test_draft_hidden_from_public(client, officer, client_for, policy):
    Policy.objects.filter(pk=policy.pk).update(status="draft")
    assert client.get(f"/policies/{policy.pk}/").status_code == 404
    assert client_for(officer).get(f"/policies/{policy.pk}/").status_code == 200


def test_for_me_shows_explanation_and_one_click_apply(client_for, officer, enterprise, profiles, policy):
    _run(officer)
    c = client_for(enterprise)
    page = c.get("/policies/for-me/").content.decode()
    assert "研发补助" in page and "待企业承诺/申报后符合" in page
    assert "上年度研发费用" in page and "500万元" in page and "需企业承诺/申报" in page
    assert "扩岗补助" not in page  # 免申即享 shown once confirmed
    item = SupportItem.objects.get(key="rd")
    form = c.get(f"/policies/items/{item.pk}/apply").content.decode()
    assert "本企业承诺" in form and "50万元" in form
    r = c.post(f"/policies/items/{item.pk}/apply", {})
    assert r.status_code == 200 and "请确认以下承诺事项" in r.content.decode()
    r = c.post(f"/policies/items/{item.pk}/apply", {"declare": ["c2"]})
    assert r.status_code == 302 and Application.objects.count() == 1
    grant = Grant.objects.get()
    services.grant_decide(actor=officer, grant=grant, confirm=True)
    page = c.get("/policies/for-me/").content.decode()
    assert "免申即享：已为您兑现" in page and "6000元" in page


def test_officer_pages(client_for, officer, enterprise, profiles, policy):
    c = client_for(officer)
    pages = ["", "rule-test", "runs", "grants", "applications", "dashboard"]
    for url in (f"/policies/console/{p}" for p in pages):
        assert c.get(url).status_code == 200, url
    r = c.post("/policies/console/runs")
    assert r.status_code == 302
    item = SupportItem.objects.get(key="rd")
    r = c.get(f"/policies/items/{item.pk}/explain?uscc={enterprise.uscc}")
    assert r.status_code == 200 and "逐项条件说明" in r.content.decode()


def test_rule_test_console(client_for, officer):
    c = client_for(officer)
    r = c.post(
        "/policies/console/rule-test",
        {
            "rule_text": "conditions: {attr: rd_expense, op: ge, value: 100万元}\namount: {fixed: 5万元}",
            "as_of": "2026-06-01",
        },
    )
    page = r.content.decode()
    assert r.status_code == 200 and "成都示例科技有限公司" in page and "符合条件" in page
    r = c.post("/policies/console/rule-test", {"rule_text": "conditions: {attr: turnover, op: ge, value: 1}"})
    assert r.status_code == 422 and "turnover" in r.content.decode()


def test_console_create_and_item_add(client_for, officer):
    c = client_for(officer)
    r = c.post(
        "/policies/console/",
        {
            "key": "new-one",
            "title": "新政策",
            "issuer": "成都市",
            "effective_from": "2025-01-01",
            "tags": "研发投入, 成都市",
        },
    )
    assert r.status_code == 302
    p = Policy.objects.get(key="new-one")
    assert p.tags == ["研发投入", "成都市"] and p.status == "draft"
    r = c.post(
        f"/policies/{p.pk}/items",
        {
            "key": "x",
            "title": "x",
            "benefit": "award",
            "rule_text": "conditions: {attr: employees, op: ge, value: '3'}",
        },
    )
    assert r.status_code == 302
    page = c.get(f"/policies/{p.pk}/").content.decode()
    assert "employees" in page and "conditions.value" in page
    assert not SupportItem.objects.filter(key="x").exists()


def test_permissions(client_for, enterprise, client, policy):
    assert client_for(enterprise).get("/policies/console/").status_code == 403
    assert client.get("/policies/for-me/").status_code == 302
    assert client_for(enterprise).post("/policies/console/runs").status_code == 403


def test_application_review_page(client_for, officer, officer2, clerk, enterprise, profiles, policy):
    _run(officer)
    app = services.application_submit(actor=enterprise, item=SupportItem.objects.get(key="rd"), declarations=["c2"])
    r = client_for(clerk).post(f"/policies/console/applications/{app.pk}", {"action": "accept"})
    assert r.status_code == 302
    r = client_for(clerk).post(f"/policies/console/applications/{app.pk}", {"action": "approve"})
    assert r.status_code == 403
    r = client_for(officer2).post(f"/policies/console/applications/{app.pk}", {"action": "approve"})
    app.refresh_from_db()
    assert app.status == "publicity"
    assert client_for(enterprise).get(f"/policies/console/applications/{app.pk}").status_code == 200
