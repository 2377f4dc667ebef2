"""Policy matching benchmark: N enterprises × 100 support items, and the same 20 rules in OpenFisca.

    python bench/policy_match.py [--enterprises 1000000] [--json FILE] [--chunk-rows 250000]

1. Setup (not timed): a generated Sichuan population (``zwfw.policies.population``) with size
   classes and derived tags, stored as a Parquet profile snapshot (the form a match run reads).
2. Full run (timed, in a fresh child process so its peak memory is its own): the snapshot ×
   100 support items (the 23 demo items plus 77 regional variants) → the full eligibility matrix
   with amounts and packed per-condition explanations, written as Arrow IPC result parts by
   :func:`zwfw.policies.matching.batch.run_batch` (the function the match-run service calls).
3. Rules side by side: the 20 demo items whose conditions are all backed by data, evaluated over
   the same enterprises in memory by our compiled Polars expressions and by the same 20 rules
   written as OpenFisca variables (``openfisca-core``, extra ``bench``); best of 3 each, and a
   check that both say "eligible" for exactly the same enterprise × item pairs.

Figures go to stdout and to ``--json FILE`` (keys ``openfisca_s``, ``ours_rules_s``,
``identical``, ``full_run_s``, ``peak_rss_mib`` and more).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO / "src"))

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

AS_OF = dt.date(2026, 7, 1)
MONEY = {"revenue", "total_assets", "taxable_income", "rd_expense", "unemployment_insurance_paid"}
PREFECTURES = ["510100", "510300", "510400", "510500", "510600", "510700", "510800", "510900", "511000", "511100",
               "511300", "511400", "511500", "511600", "511700", "511800", "511900", "512000", "513200", "513300",
               "513400"]  # fmt: skip


def demo_rules():
    from zwfw.policies.demo import demo_policies
    from zwfw.policies.rules.language import rule_from_dict

    return [rule_from_dict({"key": i["key"], **i["rule"]}) for p in demo_policies() for i in p["items"]]


def hundred_rules():
    """The 23 demo items plus regional variants (each demo rule restricted to one prefecture)."""
    from zwfw.policies.demo import demo_policies
    from zwfw.policies.rules.language import rule_from_dict

    items = [i for p in demo_policies() for i in p["items"]]
    rules = [rule_from_dict({"key": i["key"], **i["rule"]}) for i in items]
    j = 0
    while len(rules) < 100:
        item = items[j % len(items)]
        region = PREFECTURES[j % len(PREFECTURES)]
        body = dict(item["rule"])
        body.pop("tests", None)
        body["conditions"] = {"all": [body["conditions"], {"attr": "region_code", "op": "within", "value": region}]}
        rules.append(rule_from_dict({"key": f"{item['key']}-{region}", **body}))
        j += 1
    return rules


def setup(n: int, path: Path) -> float:
    from zwfw.policies.population import population_frame
    from zwfw.policies.rules.tags import derive_frame

    started = time.perf_counter()
    frame = derive_frame(population_frame(n, as_of=AS_OF), as_of=AS_OF).collect()
    frame.write_parquet(path, compression="lz4")
    return time.perf_counter() - started


def full_run(snapshot: Path, out_dir: Path, chunk_rows: int) -> dict:
    """In the child process: stored profiles → stored results, timed, with this process's peak RSS."""
    from zwfw.policies.matching.batch import read_results, run_batch

    rules = hundred_rules()
    started = time.perf_counter()
    report = run_batch(snapshot, rules, as_of=AS_OF, out_dir=out_dir, chunk_rows=chunk_rows)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = read_results(out_dir).select(
        [(pl.col(f"s{i}") == 2).sum().alias(f"ok{i}") for i in range(len(rules))]
        + [(pl.col(f"s{i}") == 1).sum().alias(f"if{i}") for i in range(len(rules))]
    ).collect().row(0)  # fmt: skip
    size = sum(f.stat().st_size for f in out_dir.glob("*.arrow"))
    return {
        "full_run_s": round(seconds, 3),
        "peak_rss_mib": round(peak, 1),
        "rows": report.rows,
        "items": len(rules),
        "parts": report.parts_total,
        "result_bytes": size,
        "eligible_pairs": int(sum(counts[: len(rules)])),
        "eligible_if_declared_pairs": int(sum(counts[len(rules) :])),
    }


# --- OpenFisca peer ------------------------------------------------------------------------------


def openfisca_system():
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    from zwfw.policies.rules.attributes import TAG_BITS

    Enterprise = build_entity(key="enterprise", plural="enterprises", label="企业", is_person=True)
    year = DateUnit.YEAR
    wan = 10_000  # money in whole yuan (see openfisca_inputs)

    def tag(e, period, name):
        return (e("tag_bits", period) & TAG_BITS[name]) != 0

    def within(e, period, prefix: int, digits: int):
        return e("region_code", period) // 10 ** (6 - digits) == prefix

    def division(e, period):
        return e("industry_code", period) // 100

    # The durations of the rules, as of AS_OF (2026-07-01): 满2年, 不满5年, 满6个月.
    two_years = np.datetime64("2024-07-01")
    five_years = np.datetime64("2021-07-01")
    six_months = np.datetime64("2026-01-01")

    inputs = {
        "region_code": int, "industry_code": int, "tag_bits": int, "employees": int, "insured_employees": int,
        "graduate_hires": int, "key_group_hires": int, "veteran_hires": int, "revenue": int, "total_assets": int,
        "taxable_income": int, "rd_expense": int, "unemployment_insurance_paid": int, "vat_small_scale": bool,
        "layoff_rate_ok": bool, "in_abnormal_list": bool, "credit_grade": int, "size_class": int,
        "established_on": dt.date, "hnte_valid_until": dt.date,
    }  # fmt: skip
    classes = []
    for name, vtype in inputs.items():
        classes.append(type(name, (Variable,), {"value_type": vtype, "entity": Enterprise, "definition_period": year}))

    def small_profit(e, p):
        ti = e("taxable_income", p)
        return (e("employees", p) <= 300) & (e("total_assets", p) <= 5000 * wan) & (ti >= 0) & (ti <= 300 * wan)

    formulas = {
        "rd_super_deduction": lambda e, p: (
            (e("rd_expense", p) > 0)
            & ~((division(e, p) == 16) | np.isin(division(e, p), [51, 52, 61, 62, 70, 71, 72, 90]))
        ),
        "small_profit_income_tax": small_profit,
        "six_taxes_two_fees": lambda e, p: (
            e("vat_small_scale", p)
            | (
                (e("employees", p) <= 300)
                & (e("total_assets", p) <= 5000 * wan)
                & (e("taxable_income", p) <= 300 * wan)
            )
        ),
        "vat_small_scale_exemption": lambda e, p: e("vat_small_scale", p) & (e("revenue", p) <= 120 * wan),
        "advanced_manufacturing_vat_credit": lambda e, p: (
            tag(e, p, "高新技术企业") & (division(e, p) >= 13) & (division(e, p) <= 43) & ~e("vat_small_scale", p)
        ),
        "hnte_15_percent": lambda e, p: tag(e, p, "高新技术企业"),
        "key_groups_hiring_deduction": lambda e, p: e("key_group_hires", p) >= 1,
        "veterans_hiring_deduction": lambda e, p: e("veteran_hires", p) >= 1,
        "graduate_hiring_subsidy": lambda e, p: e("graduate_hires", p) >= 1,
        "job_stabilisation_refund": lambda e, p: (
            (e("unemployment_insurance_paid", p) > 0) & e("layoff_rate_ok", p) & ~e("in_abnormal_list", p)
        ),
        "srdi_provincial_recognition": lambda e, p: (
            tag(e, p, "创新型中小企业")
            & ~tag(e, p, "专精特新中小企业")
            & (e("established_on", p) <= two_years)
            & (e("rd_expense", p) >= 100 * wan)
            & tag(e, p, "中小企业")
        ),
        "cd_srdi_award_item": lambda e, p: within(e, p, 5101, 4) & tag(e, p, "专精特新小巨人"),
        "cd_hnte_first_award_item": lambda e, p: (
            within(e, p, 5101, 4)
            & tag(e, p, "高新技术企业")
            & (e("hnte_valid_until", p) >= np.datetime64("2026-01-01"))
        ),
        "cd_above_scale_award_item": lambda e, p: (
            within(e, p, 5101, 4) & tag(e, p, "规上工业企业") & (e("established_on", p) > five_years)
        ),
        "disability_fund_exemption": lambda e, p: e("employees", p) <= 30,
        "sc_innovative_sme_recognition": lambda e, p: (
            tag(e, p, "中小企业") & tag(e, p, "高新技术企业") & ~tag(e, p, "创新型中小企业") & ~e("in_abnormal_list", p)
        ),
        "sc_agri_loan_interest_item": lambda e, p: tag(e, p, "农业经营主体") & within(e, p, 51, 2),
        "cd_jiaozi_listing_item": lambda e, p: within(e, p, 5101, 4) & tag(e, p, "上市企业"),
        "cd_tech_sme_voucher_item": lambda e, p: (
            within(e, p, 5101, 4)
            & (tag(e, p, "科技型中小企业") | tag(e, p, "高新技术企业"))
            & (e("size_class", p) != 0)
        ),
        "cd_startup_subsidy_item": lambda e, p: (
            within(e, p, 5101, 4)
            & tag(e, p, "初创企业")
            & tag(e, p, "小微企业")
            & (e("established_on", p) <= six_months)
            & (e("insured_employees", p) >= 3)
        ),
    }
    for name, fn in formulas.items():
        classes.append(
            type(
                name,
                (Variable,),
                {
                    "value_type": bool,
                    "entity": Enterprise,
                    "definition_period": year,
                    "formula": _formula(fn),
                },
            )
        )
    tbs = TaxBenefitSystem([Enterprise])
    tbs.add_variables(*classes)
    return tbs, list(formulas), list(inputs)


def _formula(fn):
    """An OpenFisca formula ``(enterprise, period)`` calling ``fn``."""

    def formula(enterprise, period):
        return fn(enterprise, period)

    return formula


def openfisca_inputs(frame: pl.DataFrame, names: list[str]) -> dict[str, np.ndarray]:
    from zwfw.policies.rules.attributes import CREDIT_GRADES, SIZE_CLASSES

    out: dict[str, np.ndarray] = {}
    for name in names:
        col = frame[name]
        if name in ("region_code", "industry_code"):
            out[name] = col.cast(pl.Int64).to_numpy()
        elif name == "credit_grade":
            out[name] = (
                col.cast(pl.String)
                .replace_strict(list(CREDIT_GRADES), list(range(4)), return_dtype=pl.Int64)
                .to_numpy()
            )
        elif name == "size_class":
            out[name] = (
                col.cast(pl.String).replace_strict(list(SIZE_CLASSES), list(range(4)), return_dtype=pl.Int64).to_numpy()
            )
        elif col.dtype == pl.Date:
            out[name] = col.fill_null(dt.date(1970, 1, 1)).to_numpy().astype("datetime64[D]")
        elif col.dtype == pl.Boolean:
            out[name] = col.fill_null(False).to_numpy()
        elif name in MONEY:
            # OpenFisca's int is int32: money goes in as whole yuan (the population's figures are
            # whole yuan), clipped at 2^31−1 元 — far above every threshold of the 20 rules.
            out[name] = (col.fill_null(0) // 100).clip(-(2**31), 2**31 - 1).cast(pl.Int32).to_numpy()
        else:
            out[name] = col.fill_null(0).to_numpy()
    return out


def run_openfisca(frame: pl.DataFrame, repeats: int) -> tuple[float, np.ndarray]:
    from openfisca_core.simulations import SimulationBuilder

    tbs, outputs, inputs = openfisca_system()
    arrays = openfisca_inputs(frame, inputs)
    best, result = float("inf"), None
    for _ in range(repeats):
        sim = SimulationBuilder().build_default_simulation(tbs, count=frame.height)
        for name, arr in arrays.items():
            sim.set_input(name, "2026", arr)
        started = time.perf_counter()
        values = [sim.calculate(name, "2026") for name in outputs]
        best = min(best, time.perf_counter() - started)
        result = np.stack(values, axis=1)
    return best, result


def run_ours(frame: pl.DataFrame, rules, repeats: int) -> tuple[float, np.ndarray]:
    from zwfw.policies.rules.compile import eligible_expr, non_null_columns

    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        # Compiling against the frame's null statistics is part of the timed work.
        non_null = non_null_columns(frame)
        exprs = [eligible_expr(r.conditions, AS_OF, non_null).alias(r.key) for r in rules]
        out = frame.lazy().select(exprs).collect()
        best = min(best, time.perf_counter() - started)
        result = out.to_numpy()
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--chunk-rows", type=int, default=250_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--_full-run", nargs=2, metavar=("SNAPSHOT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._full_run:
        print(json.dumps(full_run(Path(args._full_run[0]), Path(args._full_run[1]), args.chunk_rows)))
        return

    work = Path(tempfile.mkdtemp(prefix="zwfw-policy-match-"))
    try:
        snapshot = work / "profiles.parquet"
        setup_s = setup(args.enterprises, snapshot)
        print(f"setup: {args.enterprises:,} enterprises generated and stored in {setup_s:.2f} s", flush=True)
        cmd = [sys.executable, __file__, "--chunk-rows", str(args.chunk_rows)]
        cmd += ["--_full-run", str(snapshot), str(work / "results")]
        child = subprocess.run(cmd, capture_output=True, text=True, check=True)
        full = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"full run: {full['rows']:,} enterprises × {full['items']} items → {full['parts']} Arrow parts "
            f"({full['result_bytes'] / 2**20:.0f} MiB) in {full['full_run_s']:.2f} s, "
            f"peak RSS {full['peak_rss_mib']:.0f} MiB",
            flush=True,
        )
        frame = pl.read_parquet(snapshot)
        rules20 = [r for r in demo_rules() if r.fully_data_backed]
        assert len(rules20) == 20, len(rules20)
        ours_s, ours = run_ours(frame, rules20, args.repeats)
        of_s, theirs = run_openfisca(frame, args.repeats)
        identical = bool(np.array_equal(ours, theirs.astype(bool)))
        print(f"20 rules × {frame.height:,}: ours {ours_s:.3f} s, OpenFisca {of_s:.3f} s, ratio {of_s / ours_s:.1f}×")
        print(f"identical eligibility: {identical} ({int(ours.sum()):,} eligible pairs)")
        figures = {
            "enterprises": args.enterprises,
            "openfisca_s": round(of_s, 4),
            "ours_rules_s": round(ours_s, 4),
            "ratio": round(of_s / ours_s, 2),
            "identical": identical,
            "eligible_pairs_20_rules": int(ours.sum()),
            "setup_s": round(setup_s, 2),
            **full,
            "machine": {"nproc": __import__("os").cpu_count(), "python": sys.version.split()[0]},
        }
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            print(f"figures written to {args.json}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
