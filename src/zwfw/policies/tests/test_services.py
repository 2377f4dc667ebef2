"""Services: lifecycle and audit, expiry, imports, matching (idempotent, resumable), 免申即享, 申兑."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.core.models import AuditLog, Notification, Region
from zwfw.policies import selectors, services
from zwfw.policies.errors import PolicyError
from zwfw.policies.models import (
    Application,
    EnterpriseProfile,
    Grant,
    MatchResult,
    Policy,
    ProfileRecord,
    SupportItem,
)
from zwfw.policies.services import matching
from zwfw.policies.tests.conftest import RULE_RD, csv_bytes

pytestmark = pytest.mark.django_db


def codes(exc_info) -> str:
    return exc_info.value.code.code


# --- lifecycle ----------------------------------------------------------------------------------


def test_publish_puts_policy_in_force_and_audits(policy):
    assert policy.status == "in_force"
    actions = set(AuditLog.objects.filter(object_type="policies.policy").values_list("action", flat=True))
    assert {"zwfw.policies.policy.created", "zwfw.policies.policy.published"} <= actions
    assert AuditLog.objects.filter(action="zwfw.policies.item.created").count() == 2


def test_illegal_transition_refused(policy, officer):
    with pytest.raises(PolicyError) as e:
        services.policy_transition(actor=officer, policy=policy, to="comment")
    assert codes(e) == "policy_illegal_transition"
    assert "施行中" in e.value.message


def test_publish_needs_items(officer):
    from zwfw.core.tests.factories import make_department

    p = services.policy_create(
        actor=officer, key="empty", title="空", issuer="x", effective_from=dt.date(2025, 1, 1),
        region=Region.objects.get(code="510100"), department=make_department("510100", "fg"),
    )  # fmt: skip
    with pytest.raises(PolicyError) as e:
        services.policy_transition(actor=officer, policy=p, to="published")
    assert codes(e) == "policy_no_items"
    with pytest.raises(PolicyError) as e:
        services.support_item_create(
            actor=officer, policy=p, key="bad", title="坏规则", benefit="award", department=p.department,
            rule_text="conditions: {attr: turnover, op: ge, value: 1}",
        )  # fmt: skip
    assert codes(e) == "policy_rule_invalid"
    assert "bad" in e.value.message and "conditions.attr" in e.value.message
    with pytest.raises(PolicyError) as e:
        services.support_item_create(
            actor=officer, policy=p, key="bad2", title="未知区划", benefit="award", department=p.department,
            rule_text='conditions: {attr: region_code, op: within, value: "519999"}',
        )  # fmt: skip
    assert codes(e) == "policy_rule_invalid"
    with pytest.raises(PolicyError) as e:
        services.support_item_create(
            actor=officer, policy=p, key="decl", title="承诺类", benefit="award", department=p.department,
            rule_text=RULE_RD, auto_grant=True,
        )  # fmt: skip
    assert codes(e) == "policy_rule_invalid" and "免申即享" in e.value.message


def test_expiry_stops_matching_on_its_own(policy, officer):
    today = dt.date(2026, 6, 1)
    assert {i.key for i in selectors.matchable_items_qs(today)} == {"rd", "auto"}
    Policy.objects.filter(pk=policy.pk).update(expires_on=dt.date(2026, 5, 31))
    assert list(selectors.matchable_items_qs(today)) == []  # no job needed
    assert services.policy_expire_due(today=today) == {"in_force": 0, "expired": 1}
    policy.refresh_from_db()
    assert policy.status == "expired"


# --- profiles -----------------------------------------------------------------------------------


def test_import_reports_rejected_rows_and_keeps_history(officer, enterprise, profiles):
    a = enterprise.uscc
    bad_check = a[:-1] + ("0" if a[-1] != "0" else "1")
    content = csv_bytes(["uscc", "employees"], [[a, "60"], ["91510100MA6CDEM1X0", "5"], [bad_check, "3"], [a, "很多"]])
    batch = services.profile_import(actor=officer, source="人社", filename="hr2.csv", content=content)
    assert (batch.rows_total, batch.rows_ok) == (4, 1)
    assert [(r["row"], r["field"]) for r in batch.rejected] == [(3, "uscc"), (4, "uscc"), (5, "employees")]
    assert "校验码" in batch.rejected[1]["reason"]
    assert "整数" in batch.rejected[2]["reason"]
    profile = EnterpriseProfile.objects.get(uscc=a)
    assert profile.attributes["employees"] == 60
    assert profile.attributes["rd_expense"] == 500_000_000  # 税务's record is still current
    records = ProfileRecord.objects.filter(profile=profile, source="人社")
    assert records.count() == 2 and records.filter(is_current=True).count() == 1
    assert profile.size_class == "小型"  # 软件业: 60 staff, 3000万元 → 小型 (中型 needs 100 staff)
    assert {"中小企业", "小微企业", "软件和信息技术服务业", "守信企业"} <= set(profile.tags)


def test_import_refuses_foreign_columns_and_sources(officer, enterprise):
    with pytest.raises(PolicyError) as e:
        services.profile_import(
            actor=officer,
            source="税务",
            filename="x.csv",
            content=csv_bytes(["uscc", "employees"], [[enterprise.uscc, "3"]]),
        )
    assert codes(e) == "policy_import_invalid" and "employees" in e.value.message
    with pytest.raises(PolicyError) as e:
        services.profile_import(actor=officer, source="申报", filename="x.csv", content=b"uscc\n")
    assert codes(e) == "policy_unknown_source"
    with pytest.raises(PolicyError) as e:
        services.profile_import(actor=officer, source="人社", filename="x.pdf", content=b"%PDF")
    assert codes(e) == "policy_import_invalid"


def test_import_parquet_and_excel(officer, enterprise):
    import io

    import polars as pl
    from openpyxl import Workbook

    buf = io.BytesIO()
    pl.DataFrame({"uscc": [enterprise.uscc], "employees": [12]}).write_parquet(buf)
    batch = services.profile_import(actor=officer, source="人社", filename="hr.parquet", content=buf.getvalue())
    assert batch.rows_ok == 1
    wb = Workbook()
    ws = wb.active
    ws.append(["uscc", "established_on", "region_code"])
    ws.append([enterprise.uscc, dt.date(2020, 1, 2), "510107"])
    out = io.BytesIO()
    wb.save(out)
    batch = services.profile_import(actor=officer, source="市场监管", filename="m.xlsx", content=out.getvalue())
    assert batch.rows_ok == 1
    profile = EnterpriseProfile.objects.get(uscc=enterprise.uscc)
    assert profile.attributes["established_on"] == "2020-01-02"
    assert profile.attributes["employees"] == 12


# --- matching -----------------------------------------------------------------------------------


def _run(officer, **kw):
    run = services.match_run_create(actor=officer, as_of=dt.date(2026, 6, 1))
    return services.match_run_execute(run_id=run.pk, **kw)


def _results(run):
    return sorted(
        MatchResult.objects.filter(run=run).values_list("profile__uscc", "item__key", "status", "amount", "conditions")
    )


def test_match_run_results_grants_and_push(officer, enterprise, profiles, policy):
    a, b, c = profiles
    run = _run(officer)
    assert run.status == "done" and run.enterprises == 3 and run.parts_done == run.parts_total == 1
    rows = {(u, k): (s, amt, cond) for u, k, s, amt, cond in _results(run)}
    # the enterprise: 研发 500万元 → 50万元, needs its 承诺 on accidents
    assert rows[(a, "rd")] == ("eligible_if_declared", 50_000_000, [2, 2, 1])
    assert rows[(a, "auto")] == ("eligible", 600_000, [2, 2])
    assert (b, "rd") not in rows and (c, "auto") not in rows  # 3 staff; 绵阳
    assert run.summary["auto"] == {"eligible": 1, "eligible_if_declared": 0, "amount": 600_000}
    grants = Grant.objects.all()
    assert [(g.profile.uscc, g.item.key, g.status) for g in grants] == [(a, "auto", "proposed")]
    pushed = Notification.objects.filter(recipient=enterprise, event="zwfw.policies.match.pushed")
    assert pushed.count() == 1 and "/policies/items/" in pushed.get().link


def test_rerun_never_grants_or_pushes_twice(officer, enterprise, profiles, policy):
    _run(officer)
    grant = Grant.objects.get()
    services.grant_decide(actor=officer, grant=grant, confirm=True)
    assert Notification.objects.filter(recipient=enterprise, event="zwfw.policies.grant.confirmed").count() == 1
    second = _run(officer)
    assert second.status == "done"
    assert Grant.objects.count() == 1 and Grant.objects.get().status == "confirmed"
    assert Notification.objects.filter(recipient=enterprise, event="zwfw.policies.match.pushed").count() == 1
    with pytest.raises(PolicyError):
        services.grant_decide(actor=officer, grant=grant, confirm=True)
    # executing a finished run again changes nothing
    assert services.match_run_execute(run_id=second.pk).status == "done"
    assert MatchResult.objects.filter(run=second).count() == 2


def test_one_run_at_a_time(officer, profiles, policy):
    services.match_run_create(actor=officer)
    with pytest.raises(PolicyError) as e:
        services.match_run_create(actor=officer)
    assert codes(e) == "policy_run_busy"


def test_crash_then_resume_equals_one_run(officer, profiles, policy, monkeypatch):
    monkeypatch.setattr(matching, "CHUNK_ROWS", 1)
    clean = _run(officer)
    expected = [r[1:] for r in _results(clean)]
    crashed = services.match_run_execute(
        run_id=services.match_run_create(actor=officer, as_of=dt.date(2026, 6, 1)).pk, fail_after_parts=2
    )
    assert crashed.status == "failed" and crashed.parts_done == 2 and crashed.parts_total == 3
    assert "simulated crash" in crashed.error
    services.match_run_resume(actor=officer, run=crashed)
    resumed = services.match_run_execute(run_id=crashed.pk)
    assert resumed.status == "done" and resumed.parts_done == 3
    assert [r[1:] for r in _results(resumed)] == expected
    with pytest.raises(PolicyError) as e:
        services.match_run_resume(actor=officer, run=resumed)
    assert codes(e) == "policy_run_not_resumable"


# --- 申兑 ----------------------------------------------------------------------------------------


def _item(key):
    return SupportItem.objects.get(key=key)


def test_application_flow(officer, officer2, clerk, enterprise, profiles, policy):
    _run(officer)
    rd = _item("rd")
    with pytest.raises(PolicyError) as e:
        services.application_submit(actor=enterprise, item=rd)
    assert codes(e) == "policy_declaration_missing" and "事故" in e.value.message
    with pytest.raises(PolicyError) as e:
        services.application_submit(actor=enterprise, item=_item("auto"))
    assert codes(e) == "policy_auto_grant_item"
    app = services.application_submit(actor=enterprise, item=rd, declarations=["c2"])
    assert app.amount_estimated == 50_000_000 and app.prefilled["uscc"] == enterprise.uscc
    with pytest.raises(PolicyError) as e:
        services.application_submit(actor=enterprise, item=rd, declarations=["c2"])
    assert codes(e) == "policy_duplicate_application"
    app = services.application_accept(actor=clerk, application=app, shortfall=["审计报告"])  # credit A: 容缺
    assert app.status == "accepted" and app.review_due > dt.date.today()
    with pytest.raises(PolicyError) as e:
        services.application_review(actor=clerk, application=app, approve=True)
    assert codes(e) == "policy_separation_of_duties"
    app = services.application_review(actor=officer2, application=app, approve=True)
    assert app.status == "publicity" and app.amount_approved == 50_000_000
    objection = services.objection_raise(actor=officer, application=app, text="数据有误？")
    with pytest.raises(PolicyError) as e:
        services.application_disburse(actor=officer2, application=app, paid_on=dt.date.today(), voucher="V1",
                                      today=app.publicity_until + dt.timedelta(days=1))  # fmt: skip
    assert codes(e) == "policy_objection_open"
    services.objection_resolve(actor=officer2, objection=objection, upheld=False, resolution="经核实无误")
    with pytest.raises(PolicyError) as e:
        services.application_disburse(actor=officer2, application=app, paid_on=dt.date.today(), voucher="V1")
    assert codes(e) == "policy_publicity_running"
    app = services.application_disburse(
        actor=officer2,
        application=app,
        paid_on=dt.date.today(),
        voucher="V1",
        today=app.publicity_until + dt.timedelta(days=1),
    )
    assert app.status == "done"
    figures = {r["policy"].key: r for r in selectors.effect_figures(user=officer)}
    assert figures["cd-test"]["done"] == 1 and figures["cd-test"]["amount"] == 50_000_000


def test_not_eligible_and_shortfall_refused(officer, clerk, profiles, policy, enterprise):
    from zwfw.core.models import Role
    from zwfw.core.tests import factories

    small = factories.make_user(role=Role.ENTERPRISE, username="ent_small", uscc=profiles[1])
    with pytest.raises(PolicyError) as e:
        services.application_submit(actor=small, item=_item("rd"), declarations=["c2"])
    assert codes(e) == "policy_not_eligible" and "研发" in e.value.message
    EnterpriseProfile.objects.filter(uscc=enterprise.uscc).update(
        attributes={"region_code": "510107", "rd_expense": 900000000, "credit_grade": "C"}
    )
    app = services.application_submit(actor=enterprise, item=_item("rd"), declarations=["c2"])
    with pytest.raises(PolicyError) as e:
        services.application_accept(actor=clerk, application=app, shortfall=["审计报告"])
    assert codes(e) == "policy_shortfall_not_allowed"
    with pytest.raises(PolicyError):
        services.application_accept(actor=clerk, application=app, accept=False)
    app = services.application_accept(actor=clerk, application=app, accept=False, reason="材料不符")
    assert app.status == "not_accepted"
    assert Application.objects.count() == 1


# --- scoping --------------------------------------------------------------------------------------


def test_scoping(officer, officer_my, enterprise, profiles, policy):
    from zwfw.core.tests.factories import make_department

    draft = services.policy_create(
        actor=officer, key="draft", title="草稿", issuer="x", effective_from=dt.date(2025, 1, 1),
        region=Region.objects.get(code="510100"), department=make_department("510100", "fg"),
    )  # fmt: skip
    assert selectors.policy_list(user=officer).filter(pk=draft.pk).exists()
    assert not selectors.policy_list(user=officer_my).filter(pk=draft.pk).exists()
    assert selectors.policy_list(user=officer_my).filter(pk=policy.pk).exists()  # published: public
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.policy_manageable(user=officer_my, policy_id=draft.pk)
    assert selectors.profile_list(user=officer_my).count() == 1  # 绵阳's only
    _run(officer)
    app = services.application_submit(actor=enterprise, item=_item("rd"), declarations=["c2"])
    assert not selectors.application_list(user=officer_my).filter(pk=app.pk).exists()
    assert selectors.application_list(user=enterprise).filter(pk=app.pk).exists()


def test_match_run_covers_only_the_officers_items(officer, officer_my, profiles, policy):
    """A 绵阳 officer's run is refused before anything is stored (no 成都 item is theirs to run or
    to propose 免申即享 grants for); the platform admin's run covers every city's items; a 成都 run
    is neither seen nor resumed by the 绵阳 officer."""
    from django.http import Http404

    from zwfw.policies.models import MatchRun, SupportItem

    before = (MatchRun.objects.count(), AuditLog.objects.count())
    with pytest.raises(PolicyError) as e:
        services.match_run_create(actor=officer_my, as_of=dt.date(2026, 6, 1))
    assert codes(e) == "policy_run_out_of_scope"
    assert (MatchRun.objects.count(), AuditLog.objects.count()) == before and not Grant.objects.exists()

    run = services.match_run_create(actor=officer, as_of=dt.date(2026, 6, 1))
    assert sorted(i["key"] for i in run.items) == ["auto", "rd"]
    MatchRun.objects.filter(pk=run.pk).update(status="failed")
    run.refresh_from_db()
    with pytest.raises(Http404):
        selectors.run_get(run_id=run.pk, user=officer_my)
    assert selectors.run_list(user=officer_my) == [] and selectors.run_list(user=officer) == [run]
    with pytest.raises(PolicyError) as e:
        services.match_run_resume(actor=officer_my, run=run)
    assert codes(e) == "policy_run_out_of_scope"
    run.refresh_from_db()
    assert run.status == "failed"

    # a 绵阳 item of a 绵阳 policy: the 成都 officer's run leaves it out, the admin's covers it
    from zwfw.core.tests.factories import make_user

    _policy_my(officer_my)
    MatchRun.objects.filter(pk=run.pk).update(status="done")
    mine = services.match_run_create(actor=officer_my, as_of=dt.date(2026, 6, 1))
    assert [i["key"] for i in mine.items] == ["my-auto"]
    MatchRun.objects.filter(pk=mine.pk).update(status="done")
    admin = make_user(role="platform_admin", username="pa-run")
    everything = services.match_run_create(actor=admin, as_of=dt.date(2026, 6, 1))
    assert {i["id"] for i in everything.items} == set(SupportItem.objects.values_list("id", flat=True))
    assert selectors.run_list(user=officer) == [run]


RULE_AUTO_MY = """
conditions:
  all:
    - {attr: region_code, op: within, value: "510700"}
    - {attr: employees, op: ge, value: 10}
amount: {each: 1500元, per: graduate_hires}
"""


def _policy_my(officer_my):
    """A published 绵阳 policy with one 免申即享 item (my-auto) led by a 绵阳 department."""
    from zwfw.core.models import Department

    dept_my = Department.objects.get(code="510700-zwfw")
    p_my = services.policy_create(
        actor=officer_my, key="my-test", title="绵阳测试政策", issuer="绵阳市人民政府",
        effective_from=dt.date(2025, 1, 1), region=dept_my.region, department=dept_my,
    )  # fmt: skip
    services.support_item_create(
        actor=officer_my, policy=p_my, key="my-auto", title="绵阳扩岗补助", benefit="subsidy",
        rule_text=RULE_AUTO_MY, department=dept_my, auto_grant=True,
    )  # fmt: skip
    return services.policy_transition(actor=officer_my, policy=p_my, to="published")


def test_another_citys_run_leaves_these_matches_current(officer, officer_my, enterprise, profiles, policy):
    """A 绵阳 run finishing after the 成都 one does not hide 成都's matches: the enterprise's 政策
    找企业 list, the 双画像 and the effect figures read each item's own latest run."""
    a, _b, c = profiles
    _policy_my(officer_my)
    chengdu = _run(officer)
    mianyang = _run(officer_my)
    assert mianyang.finished_at >= chengdu.finished_at
    assert SupportItem.objects.get(key="rd").current_run_id == chengdu.pk
    assert SupportItem.objects.get(key="my-auto").current_run_id == mianyang.pk
    assert [f.item.key for f in selectors.policies_for_me(user=enterprise)] == ["rd"]
    current = set(selectors.current_results().values_list("profile__uscc", "item__key"))
    assert current == {(a, "rd"), (a, "auto"), (c, "my-auto")}
    tagged = selectors.enterprises_for_policy_tag(user=officer, tag="研发投入")
    assert list(tagged.values_list("uscc", flat=True)) == [a]
    chengdu_row = next(r for r in selectors.effect_figures(user=officer) if r["policy"].key == "cd-test")
    assert chengdu_row["matched"] == 1
    # each officer's dashboard names the latest run they may see, not the other city's
    assert selectors.latest_run(user=officer) == chengdu
    assert selectors.latest_run(user=officer_my) == mianyang
    # a later 成都 run replaces only 成都's items' results
    again = _run(officer)
    assert SupportItem.objects.get(key="rd").current_run_id == again.pk
    assert SupportItem.objects.get(key="my-auto").current_run_id == mianyang.pk


def test_runs_of_different_cities_do_not_block_each_other(officer, officer_my, profiles, policy):
    """One run at a time per item: 绵阳 queues its run while 成都's is queued; a platform-wide run,
    which covers 成都's items too, is refused (409) and stores nothing."""
    from zwfw.core.tests.factories import make_user
    from zwfw.policies.models import MatchRun

    _policy_my(officer_my)
    chengdu = services.match_run_create(actor=officer, as_of=dt.date(2026, 6, 1))
    mianyang = services.match_run_create(actor=officer_my, as_of=dt.date(2026, 6, 1))
    assert mianyang.pk != chengdu.pk and [i["key"] for i in mianyang.items] == ["my-auto"]
    with pytest.raises(PolicyError) as e:
        services.match_run_create(actor=officer, as_of=dt.date(2026, 6, 1))
    assert codes(e) == "policy_run_busy" and e.value.status == 409
    admin = make_user(role="platform_admin", username="pa-busy")
    before = MatchRun.objects.count()
    with pytest.raises(PolicyError) as e:
        services.match_run_create(actor=admin, as_of=dt.date(2026, 6, 1))
    assert codes(e) == "policy_run_busy" and "相同政策事项" in e.value.message
    assert MatchRun.objects.count() == before
