"""The monthly report equals an independent count over generated data (issue 4 acceptance), in
every cell, for the whole platform, a department subtree, a region subtree and per user scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zwfw.stats.batch.monthly import MEASURE_KEYS
from zwfw.stats.errors import StatsError
from zwfw.stats.selectors import monthly_report_for, monthly_report_operator
from zwfw.stats.tests.factories import DEC_START, FEB_START, JAN_START, expected_table

pytestmark = pytest.mark.django_db

CHENGDU = {"510100-scjg", "510100-wjw", "510107-scjg"}
SCJG_SUBTREE = {"510000-scjg", "510100-scjg", "510107-scjg", "510700-scjg"}


def _as_tables(report):
    current = {r.department_code: dict(r.values) for r in report.rows if any(r.values.values())}
    previous = {r.department_code: dict(r.previous) for r in report.rows if any(r.previous.values())}
    return current, previous


def _assert_equal(report, world, departments=None):
    jan = expected_table(world, start=JAN_START, end=FEB_START, departments=departments)
    dec = expected_table(world, start=DEC_START, end=JAN_START, departments=departments)
    current, previous = _as_tables(report)
    assert current == jan
    assert previous == dec
    # every row has something in one of the two months; the total is the column sums
    assert {r.department_code for r in report.rows} == set(jan) | set(dec)
    for key in MEASURE_KEYS:
        assert report.total.values[key] == sum(v[key] for v in jan.values())
        assert report.total.previous[key] == sum(v[key] for v in dec.values())


def test_whole_platform_equals_independent_count(world, users):
    report = monthly_report_for(user=users["admin"], month="2026-01")
    _assert_equal(report, world)
    # the generated data really exercises every measure (a report of zeros would prove nothing)
    assert all(report.total.values[k] > 0 for k in MEASURE_KEYS)
    assert all(report.total.previous[k] > 0 for k in MEASURE_KEYS)


def test_operator_report_equals_admin_report(world, users):
    a = monthly_report_for(user=users["admin"], month="2026-01")
    b = monthly_report_operator(month="2026-01")
    assert _as_tables(a) == _as_tables(b)


def test_department_subtree(world, users):
    report = monthly_report_for(user=users["admin"], month="2026-01", department="510000-scjg")
    _assert_equal(report, world, SCJG_SUBTREE)
    assert report.department_code == "510000-scjg"
    assert "510100-wjw" not in {r.department_code for r in report.rows}


def test_region_subtree(world, users):
    report = monthly_report_for(user=users["admin"], month="2026-01", region="510100")
    _assert_equal(report, world, CHENGDU)


def test_chengdu_clerk_sees_no_mianyang_rows(world, users):
    report = monthly_report_for(user=users["clerk_cd"], month="2026-01")
    _assert_equal(report, world, CHENGDU)
    codes = {r.department_code for r in report.rows}
    assert not any(code.startswith("510700") for code in codes)
    assert "510000-scjg" not in codes  # a provincial department is outside a city clerk's region


def test_mianyang_clerk_sees_only_mianyang(world, users):
    report = monthly_report_for(user=users["clerk_my"], month="2026-01")
    _assert_equal(report, world, {"510700-scjg", "510700-zwfw"})


def test_department_admin_sees_their_subtree(world, users):
    report = monthly_report_for(user=users["dept_admin_scjg"], month="2026-01")
    _assert_equal(report, world, SCJG_SUBTREE)


def test_clerk_naming_a_mianyang_department_or_region_is_404(world, users):
    with pytest.raises(Http404):
        monthly_report_for(user=users["clerk_cd"], month="2026-01", department="510700-scjg")
    with pytest.raises(Http404):
        monthly_report_for(user=users["clerk_cd"], month="2026-01", region="510700")
    with pytest.raises(Http404):
        monthly_report_for(user=users["admin"], month="2026-01", department="no-such-dept")


def test_roles_without_the_report_are_refused(users):
    for key in ("person", "reviewer"):
        with pytest.raises(PermissionDenied):
            monthly_report_for(user=users[key], month="2026-01")


@pytest.mark.parametrize(
    "bad", ["", "2026-1", "2026-13", "2026-00", "26-01", "2026/01", "1999-12", "abcd-ef", "2026-01-01"]
)
def test_bad_month_names_month(users, bad):
    with pytest.raises(StatsError) as err:
        monthly_report_for(user=users["admin"], month=bad)
    assert err.value.status == 422
    assert err.value.detail[0]["field"] == "month"
    assert "month" in err.value.message


def test_department_and_region_together_is_422(users):
    with pytest.raises(StatsError) as err:
        monthly_report_for(user=users["admin"], month="2026-01", department="510100-scjg", region="510100")
    assert err.value.code.code == "stats_scope_conflict"


def test_month_boundaries_are_beijing_midnight(world, users):
    """The generated boundary cases: 2026-01-31 23:59:59 (+08) is January, 2026-02-01 00:00 is not."""
    feb = monthly_report_for(user=users["admin"], month="2026-02", department="510100-scjg")
    jan = monthly_report_for(user=users["admin"], month="2026-01", department="510100-scjg")
    exp_feb = expected_table(
        world, start=FEB_START, end=FEB_START.replace(month=3), departments={"510100-scjg", "510107-scjg"}
    )
    assert _as_tables(feb)[0] == exp_feb
    assert _as_tables(feb)[1] == _as_tables(jan)[0]


def test_empty_month_has_no_rows(world, users):
    report = monthly_report_for(user=users["admin"], month="2030-06")
    assert report.rows == []
    assert all(v == 0 for v in report.total.values.values())


def test_query_count_is_independent_of_data_size(world, users, django_assert_max_num_queries):
    # 3 grouped queries per month × 2 months, department names, and the scope reads (active grants,
    # the user's region and department) of each scoped query: a constant, whatever the data size
    with django_assert_max_num_queries(16):
        monthly_report_for(user=users["clerk_cd"], month="2026-01")


def test_province_own_departments_not_the_sum_of_cities(world, users):
    """省本级 (scope=province): the departments of 510000 itself, never 成都市's or 绵阳市's."""
    report = monthly_report_for(user=users["admin"], month="2026-01", scope="province")
    _assert_equal(report, world, {"510000-scjg"})
    assert {r.department_code for r in report.rows} == {"510000-scjg"}
    whole = monthly_report_for(user=users["admin"], month="2026-01")
    assert report.total.values["handled"] < whole.total.values["handled"]
    assert report.scope_label.endswith("（省本级部门）")
    operator = monthly_report_operator(month="2026-01", scope="province")
    assert _as_tables(operator) == _as_tables(report)


def test_province_scope_is_exclusive_and_checked(world, users):
    with pytest.raises(StatsError) as err:
        monthly_report_for(user=users["admin"], month="2026-01", scope="province", region="510100")
    assert err.value.code.code == "stats_scope_conflict"
    with pytest.raises(StatsError) as err:
        monthly_report_for(user=users["admin"], month="2026-01", scope="city")
    assert err.value.code.code == "stats_bad_scope"
