"""Benchmark: the catalog workbook writer against openpyxl write-only and XlsxWriter, side by side.

    .venv/bin/python bench/catalog_excel_writer.py [--items 10000] [--repeat 5] [--repeat-large 3]
        [--no-gd] [--full-read] [--json FILE]

Two catalogs, the interchange dict the exporter writes (``catalog_export()``'s shape):

- **demo**: a fresh SQLite database filled the way ``bench/catalog_search.py`` fills it (reference
  data, the Sichuan demo catalog, the real Guangdong items of ``shared/data/gd-service-items``
  unless ``--no-gd`` or the file is missing), then ``catalog_export()`` — exactly what
  ``catalog_export_xlsx`` hands the writer;
- **large**: ``bench/catalog_import.py``'s ``build(--items)`` (the demo catalog copied and padded
  to ``--items`` implementations), built in memory — synthetic, not through the database; it is
  the dict that benchmark writes.

Each writer turns the whole dict into .xlsx bytes; all of them take their rows from the same code
the exporter uses (``writer._data_rows``: the layout's sheets, ``cells.to_cell`` per cell) and the
same frame (``writer._readme`` / ``writer._header``: 说明 sheet, the two styled header rows, column
widths, frozen panes):

- ``current``: ``writer.catalog_workbook_write`` (openpyxl write-only frame, data rows spliced
  into ``<sheetData>`` as XML);
- ``openpyxl_append``: openpyxl write-only, every data row through ``ws.append(values)``;
- ``xlsxwriter_cm``: XlsxWriter with ``constant_memory`` (inline strings, rows flushed as written);
- ``xlsxwriter``: XlsxWriter default mode (shared strings, whole sheets in memory).

The XlsxWriter writers replay the frame openpyxl would get (fonts, fills, widths, frozen panes)
into XlsxWriter formats, so the 说明 text and header styles come from ``writer.py`` and are not
copied. XlsxWriter runs with ``strings_to_formulas``/``strings_to_urls``/``strings_to_numbers`` off
and writes each value with ``write_string``/``write_number``/``write_boolean`` by type.

Measured per writer and catalog:

- **CPU seconds** (``time.process_time``) of the whole write, median of N runs, the writers
  alternating (the order rotates each round); wall seconds too. ``rows only`` is the CPU time of
  just producing the rows (``_data_rows`` consumed), the share every writer has in common;
- **memory**, in a child process per writer (so one writer's peak does not hide another's):
  the growth of the process's peak RSS over one write (tracemalloc off; the kernel's high-water
  mark ``VmHWM``, reset before the write, minus the RSS then), then the tracemalloc peak of a
  second write. The output is in a ``BytesIO`` in both; temporary files the libraries write
  to disk (openpyxl write-only, XlsxWriter) are not memory and are not counted;
- **size** of the file;
- **same cells**: every sheet read back with the project's reader (``reader._open_rows``:
  python-calamine) equals the current writer's file cell by cell; on the demo catalog (and with
  ``--full-read`` on the large one) ``catalog_workbook_read`` (the import's parse + check) also
  gives the same dict.

Prints a table with the ratios to ``current`` and writes ``bench/results/catalog_excel_writer.json``
(or ``--json FILE``) with ``nproc``, ``free -h`` and the load average at the start and the end.
Not a test.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, django_setup, machine, timed, write_results

SHARED = Path(os.environ.get("ZWFW_SHARED_DATA", REPO.parent / "shared" / "data"))
GD_FILE = SHARED / "gd-service-items" / "items.jsonl"
WRITERS = ("current", "openpyxl_append", "xlsxwriter_cm", "xlsxwriter")


# ---------------------------------------------------------------------------------------- writers


def write_current(data: dict, stream: BinaryIO) -> None:
    from zwfw.catalog.interchange.excel.writer import catalog_workbook_write

    catalog_workbook_write(data, stream)


def write_openpyxl_append(data: dict, stream: BinaryIO) -> None:
    from openpyxl import Workbook

    from zwfw.catalog.interchange.excel import writer as W

    wb = Workbook(write_only=True)
    wb.properties.creator = "zwfw"
    W._readme(wb)
    for sheet, rows in W._data_rows(data):
        ws = wb.create_sheet(sheet.name)
        W._header(ws, sheet)
        append = ws.append
        for values in rows:
            append(values)
    wb.save(stream)


class _FrameSheet:
    """Stands in for an openpyxl write-only sheet while ``writer._readme`` / ``writer._header`` run:
    records widths, frozen panes and rows (plain values or styled ``WriteOnlyCell``)."""

    def __init__(self, parent) -> None:
        self.parent = parent  # WriteOnlyCell styles resolve through the workbook
        self.column_dimensions: dict[str, SimpleNamespace] = defaultdict(lambda: SimpleNamespace(width=None))
        self.freeze_panes: str | None = None
        self.rows: list[list] = []

    def append(self, row) -> None:
        self.rows.append(list(row))


class _FrameBook:
    def __init__(self) -> None:
        from openpyxl import Workbook

        self.book = Workbook()
        self.sheets: list[tuple[str, _FrameSheet]] = []

    def create_sheet(self, name: str) -> _FrameSheet:
        ws = _FrameSheet(self.book)
        self.sheets.append((name, ws))
        return ws


def _xlsx_format(wb, cell, cache: dict) -> Any:
    font, fill = cell.font, cell.fill
    props: dict[str, Any] = {}
    if font.b:
        props["bold"] = True
    if font.sz and float(font.sz) != 11:
        props["font_size"] = float(font.sz)
    if font.color is not None and isinstance(font.color.rgb, str):
        props["font_color"] = "#" + font.color.rgb[-6:]
    if fill.fill_type == "solid" and isinstance(fill.fgColor.rgb, str):
        props["pattern"] = 1
        props["bg_color"] = "#" + fill.fgColor.rgb[-6:]
    key = tuple(sorted(props.items()))
    if key not in cache:
        cache[key] = wb.add_format(props)
    return cache[key]


def _xlsx_frame(wb, ws, frame: _FrameSheet, cache: dict) -> int:
    """Replay a recorded frame into an XlsxWriter sheet; returns the next free row (0-based)."""
    from openpyxl.cell.cell import Cell
    from openpyxl.utils import column_index_from_string

    for letter, dim in frame.column_dimensions.items():
        if dim.width is not None:
            i = column_index_from_string(letter) - 1
            ws.set_column(i, i, dim.width)
    if frame.freeze_panes:
        ws.freeze_panes(frame.freeze_panes)
    for r, row in enumerate(frame.rows):
        for c, item in enumerate(row):
            if isinstance(item, Cell):
                ws.write(r, c, item.value, _xlsx_format(wb, item, cache))
            elif item is not None:
                ws.write(r, c, item)
    return len(frame.rows)


def _write_xlsxwriter(data: dict, stream: BinaryIO, *, constant_memory: bool) -> None:
    import xlsxwriter

    from zwfw.catalog.interchange.excel import writer as W

    wb = xlsxwriter.Workbook(
        stream,
        {
            "constant_memory": constant_memory,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    wb.set_properties({"author": "zwfw"})
    cache: dict = {}
    frame = _FrameBook()
    W._readme(frame)
    name, readme = frame.sheets[0]
    _xlsx_frame(wb, wb.add_worksheet(name), readme, cache)
    for sheet, rows in W._data_rows(data):
        head = frame.create_sheet(sheet.name)
        W._header(head, sheet)
        ws = wb.add_worksheet(sheet.name)
        first = _xlsx_frame(wb, ws, head, cache)
        write_string, write_number, write_boolean = ws.write_string, ws.write_number, ws.write_boolean
        for r, values in enumerate(rows, start=first):
            for c, v in enumerate(values):
                if v is None:
                    continue
                kind = type(v)
                if kind is str:
                    write_string(r, c, v)
                elif kind is bool:
                    write_boolean(r, c, v)
                elif kind is int or kind is float:
                    write_number(r, c, v)
                else:
                    raise TypeError(f"cannot write {kind.__name__} value {v!r} to a cell")
    wb.close()


def write_xlsxwriter_cm(data: dict, stream: BinaryIO) -> None:
    _write_xlsxwriter(data, stream, constant_memory=True)


def write_xlsxwriter(data: dict, stream: BinaryIO) -> None:
    _write_xlsxwriter(data, stream, constant_memory=False)


WRITE: dict[str, Callable[[dict, BinaryIO], None]] = {
    "current": write_current,
    "openpyxl_append": write_openpyxl_append,
    "xlsxwriter_cm": write_xlsxwriter_cm,
    "xlsxwriter": write_xlsxwriter,
}


def rows_only(data: dict) -> int:
    from zwfw.catalog.interchange.excel import writer as W

    return sum(1 for _, rows in W._data_rows(data) for _ in rows)


# ---------------------------------------------------------------------------------------- measuring


def _bytes(name: str, data: dict) -> bytes:
    buf = io.BytesIO()
    WRITE[name](data, buf)
    return buf.getvalue()


def cpu_runs(data: dict, repeat: int) -> tuple[dict[str, dict], dict[str, bytes]]:
    """Each writer ``repeat`` times, alternating (rotated order); the first output of each kept."""
    cpu: dict[str, list[float]] = {n: [] for n in WRITERS}
    wall: dict[str, list[float]] = {n: [] for n in WRITERS}
    rows_cpu: list[float] = []
    outputs: dict[str, bytes] = {}
    for r in range(repeat):
        order = WRITERS[r % len(WRITERS) :] + WRITERS[: r % len(WRITERS)]
        for name in order:
            gc.collect()
            c0, w0 = time.process_time(), time.perf_counter()
            body = _bytes(name, data)
            cpu[name].append(time.process_time() - c0)
            wall[name].append(time.perf_counter() - w0)
            outputs.setdefault(name, body)
            del body
        gc.collect()
        c0 = time.process_time()
        rows_only(data)
        rows_cpu.append(time.process_time() - c0)
        print(f"  round {r + 1}/{repeat}: " + ", ".join(f"{n} {cpu[n][-1]:.2f}" for n in WRITERS), flush=True)
    out = {
        n: {
            "cpu_s_median": round(statistics.median(cpu[n]), 3),
            "cpu_s": [round(x, 3) for x in cpu[n]],
            "wall_s_median": round(statistics.median(wall[n]), 3),
        }
        for n in WRITERS
    }
    out["rows_only"] = {"cpu_s_median": round(statistics.median(rows_cpu), 3), "cpu_s": [round(x, 3) for x in rows_cpu]}
    return out, outputs


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def memory_child(name: str, pickle_path: Path) -> dict:
    """In a child process: peak-RSS growth over one write, then the tracemalloc peak of another.

    The RSS peak is the kernel's high-water mark (``VmHWM``), reset just before the write
    (``/proc/self/clear_refs`` ← 5), minus the RSS (``VmRSS``) at that moment."""
    data = pickle.loads(pickle_path.read_bytes())  # noqa: S301 - written by this run's parent
    _bytes(name, {"licence_types": [], "base_items": [], "implementations": []})  # imports, warm-up
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kib("VmRSS")
    body = _bytes(name, data)
    after = _status_kib("VmHWM")
    del body
    gc.collect()
    tracemalloc.start()
    body = _bytes(name, data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "rss_peak_growth_mib": round((after - before) / 1024, 1),
        "rss_peak_mib": round(after / 1024, 1),
        "rss_at_start_mib": round(before / 1024, 1),
        "tracemalloc_peak_mib": round(peak / 2**20, 1),
        "bytes": len(body),
    }


def memory_runs(data: dict) -> dict[str, dict]:
    out = {}
    with tempfile.TemporaryDirectory(prefix="zwfw-bench-xlsxw-") as tmp:
        path = Path(tmp) / "data.pickle"
        path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        for name in WRITERS:
            child = subprocess.run(
                [sys.executable, __file__, "--memory-child", name, str(path)],
                capture_output=True,
                text=True,
                check=True,
                env=os.environ.copy(),
            )
            out[name] = json.loads(child.stdout.strip().splitlines()[-1])
            print(f"  memory {name}: {out[name]}", flush=True)
    return out


def _sheet_cells(body: bytes) -> dict[str, list]:
    from zwfw.catalog.interchange.excel.reader import _open_rows

    return {name: [tuple(r) for r in rows] for name, rows in _open_rows(io.BytesIO(body)).items()}


def same_cells(outputs: dict[str, bytes], *, full_read: bool) -> dict[str, dict]:
    from zwfw.catalog.interchange.excel.reader import catalog_workbook_read

    reference = _sheet_cells(outputs["current"])
    ref_dict = catalog_workbook_read(io.BytesIO(outputs["current"]), base_names={})[0] if full_read else None
    out = {}
    for name in WRITERS:
        cells = reference if name == "current" else _sheet_cells(outputs[name])
        diff = [s for s in reference if cells.get(s) != reference[s]] + [s for s in cells if s not in reference]
        check: dict[str, Any] = {"cells_equal_current": not diff}
        if diff:
            s = diff[0]
            a, b = reference.get(s, []), cells.get(s, [])
            first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            check["differs"] = {
                "sheets": diff,
                "first": {
                    "sheet": s,
                    "row": first + 1,
                    "current": repr(a[first]) if first < len(a) else None,
                    name: repr(b[first]) if first < len(b) else None,
                    "rows": [len(a), len(b)],
                },
            }
        if full_read and name != "current":
            check["read_dict_equal_current"] = (
                catalog_workbook_read(io.BytesIO(outputs[name]), base_names={})[0] == ref_dict
            )
        out[name] = check
        print(f"  check {name}: {check}", flush=True)
    return out


# ---------------------------------------------------------------------------------------- catalogs


def demo_catalog(with_gd: bool) -> tuple[dict, dict]:
    from zwfw.catalog.demo import build_catalog
    from zwfw.catalog.services import catalog_export, catalog_import
    from zwfw.core.services.seed import seed_reference_data

    source = {"demo": True, "gd_items": False}
    seed_reference_data(actor=None)
    catalog_import(actor=None, data=build_catalog(), publish=True)
    if with_gd and GD_FILE.exists():
        from zwfw.catalog.interchange.gd_import import gd_catalog_import

        report = gd_catalog_import(actor=None, path=GD_FILE, publish=True)
        source["gd_items"] = True
        source["gd_records"] = report["records"]
    return catalog_export(), source


def counts(data: dict) -> dict[str, int]:
    from zwfw.catalog.interchange.excel import writer as W

    out = {sheet.name: sum(1 for _ in rows) for sheet, rows in W._data_rows(data)}
    out["rows"] = sum(out.values())
    return out


def measure(label: str, data: dict, repeat: int, full_read: bool) -> dict:
    print(f"{label}: {counts(data)}", flush=True)
    cpu, outputs = cpu_runs(data, repeat)
    memory = memory_runs(data)
    checks = same_cells(outputs, full_read=full_read)
    figures: dict[str, Any] = {"rows": counts(data), "repeat": repeat, "rows_only": cpu.pop("rows_only")}
    base = cpu["current"]["cpu_s_median"], memory["current"], len(outputs["current"])
    for name in WRITERS:
        m = memory[name]
        figures[name] = {
            **cpu[name],
            **{k: v for k, v in m.items() if k != "bytes"},
            "bytes": len(outputs[name]),
            "ratio_cpu": round(cpu[name]["cpu_s_median"] / base[0], 2),
            "ratio_rss_growth": round(m["rss_peak_growth_mib"] / base[1]["rss_peak_growth_mib"], 2)
            if base[1]["rss_peak_growth_mib"]
            else None,
            "ratio_tracemalloc": round(m["tracemalloc_peak_mib"] / base[1]["tracemalloc_peak_mib"], 2),
            "ratio_bytes": round(len(outputs[name]) / base[2], 2),
            **checks[name],
        }
    return figures


def print_table(label: str, f: dict) -> None:
    print(
        f"\n{label}: {f['rows']['rows']:,} data rows, median of {f['repeat']} "
        f"(rows only: {f['rows_only']['cpu_s_median']:.2f} s CPU)"
    )
    print(
        f"{'writer':<16} {'CPU s':>7} {'x':>6} {'wall s':>7} {'RSS+ MiB':>9} {'x':>6} "
        f"{'tracemalloc MiB':>16} {'x':>6} {'bytes':>12} {'x':>5}  same cells"
    )
    for name in WRITERS:
        w = f[name]
        print(
            f"{name:<16} {w['cpu_s_median']:>7.2f} {w['ratio_cpu']:>6.2f} {w['wall_s_median']:>7.2f} "
            f"{w['rss_peak_growth_mib']:>9.1f} {w['ratio_rss_growth'] or 0:>6.2f} {w['tracemalloc_peak_mib']:>16.1f} "
            f"{w['ratio_tracemalloc']:>6.2f} {w['bytes']:>12,} {w['ratio_bytes']:>5.2f}  {w['cells_equal_current']}"
        )


def _django_only() -> None:
    """Django set up on the parent's database, without migrating (the memory children)."""
    os.environ.setdefault("ZWFW_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwfw.settings.base")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="implementations in the large catalog (0: skip it)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per writer on the demo catalog")
    parser.add_argument("--repeat-large", type=int, default=3, help="runs per writer on the large catalog")
    parser.add_argument("--no-gd", action="store_true", help="the demo catalog without the Guangdong items")
    parser.add_argument("--full-read", action="store_true", help="also the import's parse on the large catalog")
    parser.add_argument("--json", type=Path, help="write the results here instead of bench/results/")
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        _django_only()
        print(json.dumps(memory_child(args.memory_child[0], Path(args.memory_child[1]))))
        return
    import openpyxl
    import xlsxwriter

    results: dict[str, Any] = {"loadavg_start": os.getloadavg()}
    results["database"] = django_setup().split(":", 1)[0]
    results["versions"] = {"openpyxl": openpyxl.__version__, "xlsxwriter": xlsxwriter.__version__}
    t: dict[str, float] = {}
    with timed("fill the database and export the demo catalog", t):
        data, source = demo_catalog(not args.no_gd)
    results["demo"] = {"source": source, **measure("demo", data, args.repeat, True)}
    del data
    if args.items:
        import catalog_import

        with timed(f"build the {args.items}-item catalog (bench/catalog_import.py build())", t):
            data = catalog_import.build(args.items)
        results["large"] = {
            "source": {"catalog_import_build_items": args.items},
            **measure("large", data, args.repeat_large, args.full_read),
        }
        del data
    print_table("demo catalog", results["demo"])
    if "large" in results:
        print_table(f"{args.items:,}-item catalog", results["large"])
    results["timings_s"] = t
    results["loadavg_end"] = os.getloadavg()
    results["machine"] = machine()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    else:
        write_results("catalog_excel_writer", results)


if __name__ == "__main__":
    main()
