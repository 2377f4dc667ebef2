"""OCDS import: export → import round trip, idempotence, updates, rejected releases, CLI and API."""

from __future__ import annotations

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from zwfw.core.models import AuditLog, Role, User
from zwfw.core.services.seed import demo_uscc
from zwfw.trading.errors import TradingError
from zwfw.trading.models import Bid, BidStatus, Project, RedFlag, Section, SectionStatus
from zwfw.trading.services.ocds import release_package
from zwfw.trading.services.ocds_import import ocds_import, parse_ocds
from zwfw.trading.services.opening import section_open

from . import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/trading"


def _trading_wipe() -> None:
    Section.objects.update(awarded_bid=None)
    RedFlag.objects.all().delete()
    Bid.objects.all().delete()
    Section.objects.all().delete()
    Project.objects.all().delete()


def _comparable(package: dict) -> list[dict]:
    """Releases without what changes by itself on every export (release id/date, bid row ids)."""
    out = []
    for release in package["releases"]:
        r = copy.deepcopy(release)
        r.pop("id"), r.pop("date")
        for d in (r.get("bids") or {}).get("details", []):
            d.pop("id")
        out.append(r)
    return sorted(out, key=lambda r: r["ocid"])


@pytest.fixture
def platform_sections():
    """An opened section (4 bids, one awarded), one still bidding (sealed bid), one with an agent."""
    sup = f.supervisor()
    opened = f.section()
    for p in (800_000_00, 824_000_00, 848_000_00, 872_000_50):
        f.bid(opened, price_fen=p)
    opened = section_open(actor=sup, section=f.pass_opening(opened))
    winner = opened.bids.order_by("price_fen").first()
    Section.objects.filter(pk=opened.pk).update(status=SectionStatus.AWARDED, awarded_bid=winner)
    bidding = f.section(agent=f.enterprise("招标代理"), ceiling_fen=5_000_000_00, remote=True)
    f.bid(bidding, price_fen=4_000_000_00)
    return [opened, bidding]


def _sections(ids=None):
    qs = Section.objects.select_related("project__region", "project__tenderee", "project__agent", "awarded_bid")
    return list(qs.filter(pk__in=ids) if ids else qs.order_by("id"))


def test_round_trip_export_import_gives_the_same_projects(platform_sections):
    original = release_package(_sections())
    users_before = User.objects.count()
    # same database: the platform's own sections are recognised, nothing is written
    report = ocds_import(actor=None, releases=original["releases"], screen=False)
    assert (report.created, report.updated, report.skipped, report.rejected) == (0, 0, 2, 0)
    assert {r["reason"] for r in report.rows} == {"与本平台数据一致（本平台自有标段）"}
    # fresh trading tables: import recreates projects, sections, opened bids and the award
    _trading_wipe()
    report = ocds_import(actor=None, releases=original["releases"])
    assert (report.created, report.rejected, report.accounts_created) == (2, 0, 0), report.rows
    assert User.objects.count() == users_before  # every party matched its enterprise account
    again = release_package(_sections())
    assert _comparable(again) == _comparable(original)
    awarded = Section.objects.get(status=SectionStatus.AWARDED)
    assert awarded.awarded_bid.price_fen == 800_000_00 and awarded.bids.count() == 4
    assert set(awarded.bids.values_list("status", flat=True)) == {BidStatus.OPENED}
    assert awarded.risk_score > 0 and awarded.screened_at is not None  # screened after the import
    assert Section.objects.get(status=SectionStatus.BIDDING).bids.count() == 0  # sealed bids never travel
    # idempotent: the same file again is skipped, a fresh export of unchanged sections too
    report = ocds_import(actor=None, releases=original["releases"])
    assert (report.created, report.updated, report.skipped) == (0, 0, 2)
    assert {r["reason"] for r in report.rows} == {"该发布已导入"}
    report = ocds_import(actor=None, releases=release_package(_sections())["releases"])
    assert (report.created, report.updated, report.skipped) == (0, 0, 2)
    assert AuditLog.objects.filter(action="zwfw.trading.section.ocds_created").count() == 2


def test_a_platform_section_is_never_overwritten(platform_sections):
    release = release_package([platform_sections[0]])["releases"][0]
    release["bids"]["details"][0]["value"]["amount"] = 1
    report = ocds_import(actor=None, releases=[release])
    assert report.rejected == 1 and "本平台自有项目" in report.rows[0]["reason"]
    assert Bid.objects.filter(price_fen=100).count() == 0


def _foreign(ocid="ocds-abc123-0001", amounts=(100_000, 103_000, 106_500.5), release_id="r1", date="2025-05-01"):
    """A release from another publisher: no ``zwfw`` block, parties by USCC."""
    buyer = demo_uscc("510104", "MA6CB001")
    bidders = [demo_uscc("510107", f"MA6CX{i:03d}") for i in range(len(amounts))]
    return {
        "ocid": ocid,
        "id": release_id,
        "date": f"{date}T10:00:00+08:00",
        "tag": ["tender"],
        "buyer": {"id": f"CN-USCC-{buyer}", "name": "某某区住房和城乡建设局"},
        "parties": [
            {"id": f"CN-USCC-{buyer}", "name": "某某区住房和城乡建设局", "roles": ["buyer"]},
            *[
                {"id": f"org-{i}", "name": f"外部投标{i}公司", "identifier": {"scheme": "CN-USCC", "id": u}}
                for i, u in enumerate(bidders)
            ],
        ],
        "tender": {
            "title": "道路改造工程",
            "status": "active",
            "value": {"amount": 120_000, "currency": "CNY"},
            "mainProcurementCategory": "works",
            "tenderPeriod": {"endDate": "2025-04-20T09:30:00+08:00"},
        },
        "bids": {
            "details": [
                {"id": f"b{i}", "tenderers": [{"id": f"org-{i}"}], "value": {"amount": a, "currency": "CNY"}}
                for i, a in enumerate(amounts)
            ]
        },
    }


def test_foreign_release_creates_accounts_then_updates_and_skips_older():
    report = ocds_import(actor=None, releases=[_foreign()], default_region="510104")
    assert (report.created, report.accounts_created) == (1, 4), report.rows
    section = Section.objects.get(ocds_ocid="ocds-abc123-0001")
    assert section.project.code == "ocds-abc123-0001" and section.project.imported_from_ocds
    assert section.project.category == "construction" and section.project.region.code == "510104"
    assert section.status == SectionStatus.OPENED and section.ceiling_fen == 120_000_00
    assert sorted(section.bids.values_list("price_fen", flat=True)) == [100_000_00, 103_000_00, 106_500_50]
    placeholder = User.objects.get(uscc=section.bids.first().bidder_uscc)
    assert placeholder.role == Role.ENTERPRISE and not placeholder.is_active and not placeholder.has_usable_password()
    # a newer release with another price: updated; the older one again: skipped
    newer = _foreign(amounts=(100_000, 103_000, 99_000), release_id="r2", date="2025-05-02")
    report = ocds_import(actor=None, releases=[newer], default_region="510104")
    assert report.updated == 1 and report.accounts_created == 0
    assert sorted(section.bids.values_list("price_fen", flat=True)) == [99_000_00, 100_000_00, 103_000_00]
    report = ocds_import(actor=None, releases=[_foreign(release_id="r0", date="2025-04-30")], default_region="510104")
    assert report.skipped == 1 and "旧" in report.rows[0]["reason"]
    assert Section.objects.filter(ocds_ocid="ocds-abc123-0001").count() == 1


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda r: r["tender"].pop("tenderPeriod"), "tender.tenderPeriod.endDate"),
        (lambda r: r["tender"]["value"].update(amount="12万"), "不是数字"),
        (lambda r: r["tender"]["value"].update(amount=1.234), "最多两位小数"),
        (lambda r: r["tender"]["value"].update(currency="USD"), "CNY"),
        (lambda r: r["parties"][1]["identifier"].update(id="91510000XXXXXXXXXX"), "统一社会信用代码"),
        (lambda r: r["bids"]["details"].append(copy.deepcopy(r["bids"]["details"][0])), "重复投标"),
        (lambda r: r["tender"]["tenderPeriod"].update(endDate="2099-01-01"), "开标时间未到"),
        (lambda r: r.update(awards=[{"id": "a", "status": "active", "suppliers": [{"id": "nobody"}]}]), "CN-USCC"),
        (lambda r: r.pop("ocid"), "缺少 ocid"),
        (lambda r: r.update(zwfw={"region": "999999"}), "未知区划代码"),
    ],
)
def test_a_bad_release_is_rejected_with_its_reason_and_writes_nothing(mutate, reason):
    bad = _foreign(ocid="ocds-bad-1")
    mutate(bad)
    good = _foreign(ocid="ocds-good-1")
    users = User.objects.count()
    report = ocds_import(actor=None, releases=[bad, good], default_region="510104")
    rejected = [r for r in report.rows if r["outcome"] == "rejected"]
    assert len(rejected) == 1 and reason in rejected[0]["reason"], rejected
    assert report.created == 1 and not Project.objects.filter(code="ocds-bad-1").exists()
    # all or nothing: the good one is rolled back with it, no account left behind
    _trading_wipe()
    User.objects.filter(username__startswith="ocds_").delete()
    report = ocds_import(actor=None, releases=[bad, good], default_region="510104", all_or_nothing=True)
    assert report.rejected == 1 and report.created == 0 and Project.objects.count() == 0
    assert User.objects.count() == users


def test_parse_accepts_packages_lists_and_json_lines_and_refuses_the_rest():
    one = _foreign()
    assert len(parse_ocds(json.dumps({"releases": [one, one]}))) == 2
    assert len(parse_ocds(json.dumps({"records": [{"compiledRelease": one}]}))) == 1
    assert len(parse_ocds(json.dumps([one]))) == 1
    lines = "\n".join(json.dumps(x, ensure_ascii=False) for x in (one, {"releases": [one]}))
    assert len(parse_ocds(lines.encode())) == 2
    for text in ("", "{", '{"foo": 1}', '{"releases": []}', b"\xff\xfe"):
        with pytest.raises(TradingError) as err:
            parse_ocds(text)
        assert err.value.status == 422 and err.value.code.code == "trading_bad_ocds"


def test_cli_reports_and_exits_1_on_rejected(tmp_path):
    path = tmp_path / "in.jsonl"
    bad = _foreign(ocid="ocds-bad-2")
    bad["tender"]["value"]["amount"] = -5
    path.write_text(json.dumps(_foreign()) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 条发布被拒绝"):
        call_command("trading_import_ocds", str(path), "--region", "510104", stdout=out)
    text = out.getvalue()
    assert "新建 1，更新 0，跳过 0，拒绝 1" in text and "ocds-bad-2" in text and "正数" in text
    dry = io.StringIO()
    with pytest.raises(CommandError):
        call_command("trading_import_ocds", str(path), "--region", "510104", "--dry-run", "--json", stdout=dry)
    assert json.loads(dry.getvalue())["dry_run"] is True and json.loads(dry.getvalue())["skipped"] == 1
    out = io.StringIO()
    path.write_text(json.dumps(_foreign()), encoding="utf-8")
    call_command("trading_import_ocds", str(path), "--region", "510104", stdout=out)
    assert "跳过 1" in out.getvalue()
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("trading_import_ocds", str(tmp_path / "missing.json"))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="OCDS"):
        call_command("trading_import_ocds", str(tmp_path / "bad.json"))


def test_api_import_for_supervisors_of_the_region(client_for):
    sup = f.supervisor(region="510100")
    body = json.dumps({"releases": [_foreign()]})
    r = client_for(sup).post(f"{API}/ocds/import?region_code=510104", body, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 1 and r.json()["rows"][0]["section_id"]
    r = client_for(sup).post(f"{API}/ocds/import?region_code=510104", body, content_type="application/json")
    assert r.status_code == 200 and r.json()["skipped"] == 1
    # malformed: a clear 422, nothing written
    bad = _foreign(ocid="ocds-bad-3")
    bad["tender"].pop("value")
    r = client_for(sup).post(
        f"{API}/ocds/import?region_code=510104",
        json.dumps([_foreign(ocid="ocds-ok-3"), bad]),
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "trading_bad_ocds"
    assert "tender.value" in r.json()["message"] and "整批未写入" in r.json()["message"]
    assert not Project.objects.filter(code__in=["ocds-ok-3", "ocds-bad-3"]).exists()
    r = client_for(sup).post(f"{API}/ocds/import", "{not json", content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "trading_bad_ocds"
    # another region's supervisor cannot import into 武侯区; enterprises may not import at all
    other = f.supervisor(region="510700")
    r = client_for(other).post(
        f"{API}/ocds/import?region_code=510104",
        json.dumps([_foreign(ocid="ocds-x-4")]),
        content_type="application/json",
    )
    assert r.status_code == 422 and "管辖范围" in r.json()["message"]
    r = client_for(f.enterprise()).post(f"{API}/ocds/import", body, content_type="application/json")
    assert r.status_code == 403


def test_release_dates_compare_in_utc_whatever_their_offset():
    first = _foreign(release_id="r1")
    first["date"] = "2025-05-02T01:00:00+08:00"  # 2025-05-01 17:00 UTC
    later = _foreign(amounts=(100_000, 103_000, 90_000), release_id="r2")
    later["date"] = "2025-05-01T20:00:00Z"  # three hours later, though its text sorts first
    report = ocds_import(actor=None, releases=[later, first], default_region="510104", screen=False)
    assert [r["outcome"] for r in report.rows] == ["created", "updated"], report.rows
    section = Section.objects.get(ocds_ocid="ocds-abc123-0001")
    assert section.ocds_release_id == "r2" and section.bids.filter(price_fen=90_000_00).exists()
