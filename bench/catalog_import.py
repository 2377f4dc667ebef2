"""Benchmark: the catalog workbook (.xlsx) — export, size, import time and peak memory at scale.

    .venv/bin/python bench/catalog_import.py [--items 10000] [--compare-readers] [--reset]

Builds a catalog of ``--items`` implementations (实施清单事项) from the Sichuan demo catalog
(``zwfw.catalog.interchange.demo.build_catalog()``): copy k of each demo item gets its own base code
(``<code>K<k>``), implementation code and a varied name (``…（第k批）``), and every element table
is padded the same way in base and implementation (so the 不得增加 rules still hold) to about 5
materials, 8 form fields and 6 steps. Then measures:

- the workbook write from the dict (time, size);
- the import into a fresh database — SQLite in a temp file, or PostgreSQL when
  ``ZWFW_DATABASE_URL`` is set (its catalog must be empty; ``--reset`` empties it first) — as
  ``catalog_import_xlsx(publish=True)`` does it: parse + check (reader), then validate + write
  (``catalog_import_new``: the interchange checks, then the bulk path for new entries), in two
  passes so that tracemalloc does not distort the times:

  1. **memory pass**, in a child process, first: the same import under tracemalloc (peaks after
     the parse and after the whole import), in a transaction that is rolled back, so the
     database is still empty afterwards;
  2. **timing pass**, in this process, without tracemalloc: wall time of each step, and the
     process's max RSS (``resource.getrusage``) before and after the import;
- with ``--compare-readers``, raw row reading with openpyxl read-only vs python-calamine;
- the export back from the database (``catalog_export_xlsx``), and that its cells equal the
  generated workbook's.

Prints the figures and writes ``bench/results/catalog_import.json`` (with ``nproc``, ``free -h``
and the load average at the start and the end: the machine may be shared). Not a test.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import django_setup, machine, peak_rss_mib, timed, write_results

TARGET_MATERIALS, TARGET_FIELDS, TARGET_STEPS = 5, 8, 6


def _pad(entry: dict, free_elements: list[str]) -> None:
    """Pad one element table and graph to the targets (same additions for base and impl)."""
    from zwfw.catalog.elements import ELEMENTS

    el = entry["elements"]
    materials = el.setdefault("materials", [])
    for j in range(len(materials), TARGET_MATERIALS):
        materials.append(
            {
                "key": f"extra_{j}",
                "name": f"补充说明材料{j}",
                "standard_code": f"extra_{j}",
                "forms": ["copy"],
                "originals": 0,
                "copies": 1,
                "required": False,
                "shortfall_allowed": True,
                "source": "applicant",
                "licence_type": "",
                "shared_data": "",
                "blank_form": "",
                "sample": "",
                "note": "如有则提供",
            }
        )
    form = el.setdefault("form", [])
    used = {f["element"] for f in form}
    for key in free_elements:
        if len(form) >= TARGET_FIELDS:
            break
        if key not in used:
            form.append({"element": key, "label": ELEMENTS[key].label, "type": ELEMENTS[key].type, "required": False})
    graph = entry["graph"]
    steps, edges = graph["steps"], graph["edges"]
    j = 0
    while steps and len(steps) < TARGET_STEPS:
        ends = {s["key"] for s in steps} - {a for a, _ in edges}
        end = sorted(ends)[0]
        key = f"archive_{j}"
        steps.append(
            {
                "key": key,
                "name": f"归档{j}",
                "kind": "other",
                "role": "window_clerk",
                "department": None,
                "limit_days": 0,
                "stops_clock": False,
            }
        )
        edges.append([end, key])
        j += 1


def build(items: int) -> dict:
    """A catalog with exactly ``items`` implementations derived from the demo catalog."""
    from zwfw.catalog.elements import ELEMENTS
    from zwfw.catalog.interchange.demo import build_catalog

    demo = build_catalog()
    free = sorted(k for k, e in ELEMENTS.items() if e.type in ("text", "textarea", "phone", "address", "date"))
    padded_bases = {}
    for b in demo["base_items"]:
        b = copy.deepcopy(b)
        _pad(b, free)
        padded_bases[b["code"]] = b
    padded_impls = []
    for x in demo["implementations"]:
        x = copy.deepcopy(x)
        # the implementation keeps what the base has: pad with the base's additions, in order
        base = padded_bases[x["base_code"]]
        _pad(x, [f["element"] for f in base["elements"]["form"]])
        padded_impls.append(x)
    bases, impls = [], []
    k = 0
    while len(impls) < items:
        for b in padded_bases.values():
            nb = copy.deepcopy(b)
            nb["code"] = f"{b['code']}K{k:03d}"
            nb["name"] = f"{b['name']}（第{k + 1}批）" if k else b["name"]
            bases.append(nb)
        for x in padded_impls:
            if len(impls) >= items:
                break
            nx = copy.deepcopy(x)
            nx["base_code"] = f"{x['base_code']}K{k:03d}"
            nx["code"] = nx["base_code"] + x["code"][len(x["base_code"]) :]
            impls.append(nx)
        k += 1
    used = {x["base_code"] for x in impls}
    bases = [b for b in bases if b["code"] in used]
    return {**demo, "base_items": bases, "implementations": impls}


def _cells(body: bytes) -> dict[str, list]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(body))
    # rows sorted: the export orders items by code, the generator by copy
    return {n: sorted(map(repr, wb.get_sheet_by_name(n).to_python(skip_empty_area=False))) for n in wb.sheet_names}


def compare_readers(body: bytes) -> dict[str, float]:
    """Seconds to read every row of every sheet as values: openpyxl read-only vs python-calamine."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    out = {}
    started = time.perf_counter()
    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    rows = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    out["openpyxl_read_only"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    cw = CalamineWorkbook.from_filelike(io.BytesIO(body))
    rows2 = sum(len(cw.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in cw.sheet_names)
    out["python_calamine"] = round(time.perf_counter() - started, 3)
    out["rows"] = rows
    assert rows == rows2, (rows, rows2)
    print(
        f"raw read of {rows} rows: openpyxl read-only {out['openpyxl_read_only']:.2f} s, "
        f"python-calamine {out['python_calamine']:.2f} s"
    )
    return out


def _catalog_empty() -> bool:
    from zwfw.catalog.models import BaseItem, ItemImplementation, ItemVersion

    return not (BaseItem.objects.exists() or ItemImplementation.objects.exists() or ItemVersion.objects.exists())


def _reset_catalog() -> None:
    """Empty the bench database's catalog (raw deletes: published versions refuse ORM deletes)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("stepedge", "step", "material", "formfield", "itemversion", "itemimplementation", "baseitem"):
            cursor.execute(f"DELETE FROM catalog_{table}")  # noqa: S608


def memory_pass(path: Path) -> dict:
    """The import of the workbook at ``path`` under tracemalloc, rolled back; peaks in MiB."""
    from django.db import transaction

    from zwfw.catalog.interchange.excel.bulk import catalog_import_new
    from zwfw.catalog.interchange.excel.reader import catalog_workbook_read

    body = path.read_bytes()
    tracemalloc.start()
    parsed, _ = catalog_workbook_read(io.BytesIO(body), base_names={})
    parse_peak = tracemalloc.get_traced_memory()[1]
    with transaction.atomic():
        report = catalog_import_new(actor=None, data=parsed, publish=True)
        transaction.set_rollback(True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "tracemalloc_peak_mib": {"parse": round(parse_peak / 2**20, 1), "import": round(peak / 2**20, 1)},
        "versions_created": report["versions_created"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="implementations in the workbook")
    parser.add_argument(
        "--compare-readers", action="store_true", help="also time raw row reading: openpyxl read-only vs calamine"
    )
    parser.add_argument("--reset", action="store_true", help="empty the database's catalog first (PostgreSQL)")
    parser.add_argument("--memory-pass", type=Path, help=argparse.SUPPRESS)  # the child process of pass 1
    args = parser.parse_args()
    figures: dict = {"items": args.items, "loadavg_start": os.getloadavg()}
    url = django_setup()
    if args.memory_pass:
        print(json.dumps(memory_pass(args.memory_pass)))
        return
    from zwfw.catalog.interchange.excel.bulk import catalog_import_new
    from zwfw.catalog.interchange.excel.reader import catalog_workbook_read
    from zwfw.catalog.interchange.excel.services import catalog_export_xlsx
    from zwfw.catalog.interchange.excel.writer import catalog_workbook_bytes
    from zwfw.core.services.seed import seed_reference_data

    if args.reset:
        _reset_catalog()
    if not _catalog_empty():
        sys.exit("the database already holds catalog items: use a fresh database or --reset")
    seed_reference_data(actor=None)
    figures["database"] = url.split(":", 1)[0]
    t: dict[str, float] = {}
    with timed("generate catalog dict", t):
        data = build(args.items)
    counts = {
        "licence_types": len(data["licence_types"]),
        "base_items": len(data["base_items"]),
        "implementations": len(data["implementations"]),
    }
    for key, path in (("materials", "materials"), ("form_fields", "form")):
        counts[key] = sum(len(e["elements"].get(path, [])) for e in [*data["base_items"], *data["implementations"]])
    counts["steps"] = sum(len(e["graph"]["steps"]) for e in [*data["base_items"], *data["implementations"]])
    counts["edges"] = sum(len(e["graph"]["edges"]) for e in [*data["base_items"], *data["implementations"]])
    print("rows:", counts)
    figures["rows"] = counts

    with timed("write workbook from dict", t):
        body = catalog_workbook_bytes(data)
    figures["workbook_bytes"] = len(body)
    print(f"workbook size: {len(body) / 1024 / 1024:.1f} MiB")
    del data
    if args.compare_readers:
        figures["raw_read_s"] = compare_readers(body)

    # pass 1: memory, in a child process (rolled back), so tracemalloc stays out of the times
    with tempfile.TemporaryDirectory(prefix="zwfw-bench-xlsx-") as tmp:
        workbook = Path(tmp) / "catalog.xlsx"
        workbook.write_bytes(body)
        child = subprocess.run(
            [sys.executable, __file__, "--memory-pass", str(workbook)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "ZWFW_DATABASE_URL": url},
        )
    memory = json.loads(child.stdout.strip().splitlines()[-1])
    figures.update(memory)
    print(
        f"memory pass: tracemalloc peak parse {memory['tracemalloc_peak_mib']['parse']:.0f} MiB, "
        f"whole import {memory['tracemalloc_peak_mib']['import']:.0f} MiB"
    )
    if not _catalog_empty():
        sys.exit("the memory pass left catalog rows behind")

    # pass 2: timing, without tracemalloc
    rss_before = peak_rss_mib()
    started = time.perf_counter()
    with timed("import: parse + check workbook", t):
        parsed, _ = catalog_workbook_read(io.BytesIO(body), base_names={})
    with timed("import: validate + write to database", t):
        report = catalog_import_new(actor=None, data=parsed, publish=True)
    total = time.perf_counter() - started
    t["import total"] = round(total, 3)
    print(f"import total: {total:.2f} s")
    figures["import_report"] = {k: v for k, v in report.items() if k != "changed"}
    figures["max_rss_mib"] = {"before_import": rss_before, "after_import": peak_rss_mib()}
    print(f"max RSS: {peak_rss_mib():.0f} MiB (before import {rss_before:.0f} MiB)")
    del parsed

    with timed("export workbook from database", t):
        again = catalog_export_xlsx()
    figures["export_bytes"] = len(again)
    with timed("compare exported cells with the generated workbook", t):
        figures["export_rows_equal_generated"] = _cells(again) == _cells(body)
    print("export rows equal the generated workbook's (as sets per sheet):", figures["export_rows_equal_generated"])
    figures["timings_s"] = t
    figures["loadavg_end"] = os.getloadavg()  # the machine is shared: say how busy it was
    figures["machine"] = machine()
    write_results("catalog_import", figures)


if __name__ == "__main__":
    main()
