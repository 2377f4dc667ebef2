"""Reading labelled training files (see the package docstring)."""

from __future__ import annotations

import csv
import io
from pathlib import Path


class TrainingDataError(ValueError):
    """A training file that cannot be read; the message names the file and the reason."""


def _clean(text: object) -> str:
    return str(text or "").strip()


def read_csv(path: Path) -> list[tuple[str, str]]:
    raw = path.read_bytes().decode("utf-8-sig", errors="replace")
    rows = []
    for i, row in enumerate(csv.reader(io.StringIO(raw)), start=1):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2:
            raise TrainingDataError(f"{path.name} 第{i}行应为“类别,文本”两列")
        label, text = _clean(row[0]), _clean(",".join(row[1:]))
        if label and text:
            rows.append((label, text))
    return rows


def read_xlsx(path: Path) -> list[tuple[str, str]]:
    """Rows of an attachment2-style workbook: 留言主题 + 留言详情 → text, 一级分类 → label."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception as exc:
        raise TrainingDataError(f"{path.name} 不是可读取的xlsx文件：{exc}") from None
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = [_clean(c) for c in next(it, [])]
    need = ["留言主题", "留言详情", "一级分类"]
    missing = [n for n in need if n not in header]
    if missing:
        wb.close()
        raise TrainingDataError(f"{path.name} 缺少列：{'、'.join(missing)}")
    t, d, lab = (header.index(n) for n in need)
    rows = []
    for row in it:
        if row is None:
            continue
        label = _clean(row[lab] if lab < len(row) else "")
        text = _clean(row[t] if t < len(row) else "") + _clean(row[d] if d < len(row) else "")
        if label and text:
            rows.append((label, text))
    wb.close()
    return rows


def read_training_file(path: str | Path) -> list[tuple[str, str]]:
    p = Path(path)
    if not p.is_file():
        raise TrainingDataError(f"找不到训练文件 {p}")
    if p.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx(p)
    return read_csv(p)


def read_input_csv(path: str | Path) -> list[tuple[str, str]]:
    """``id,text`` rows of a classify input (header required, other columns ignored)."""
    p = Path(path)
    if not p.is_file():
        raise TrainingDataError(f"找不到输入文件 {p}")
    raw = p.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(raw))
    fields = [f.strip() for f in (reader.fieldnames or [])]
    if "id" not in fields or "text" not in fields:
        raise TrainingDataError(f"{p.name} 的表头须包含 id 和 text 两列")
    reader.fieldnames = fields
    return [(_clean(r.get("id")), str(r.get("text") or "")) for r in reader]


def dedupe(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop repeated texts (compared without whitespace); the first label wins."""
    seen: set[str] = set()
    out = []
    for label, text in rows:
        key = "".join(text.split())
        if key in seen:
            continue
        seen.add(key)
        out.append((label, text))
    return out


def near_duplicate_groups(texts: list[str], *, containment: float = 0.3, n: int = 5) -> list[int]:
    """A group number per text: two texts are near-duplicates when the character ``n``-grams they
    share are at least ``containment`` of the smaller text's n-grams (a re-posted message with a
    new subject line, a few words changed, or one quoted inside another); groups are the
    connected components. Whitespace is ignored and runs of masking ``*`` count as one. Pairs are
    looked at only where the TF-IDF cosine of their character trigrams is at least 0.3 (one
    sparse product; every near-duplicate pair seen on the Teddy Cup data is far above it)."""
    import re

    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return []
    norm = [re.sub(r"\*{3,}", "*", "".join(t.split())) for t in texts]
    x = TfidfVectorizer(analyzer="char", ngram_range=(3, 3)).fit_transform(norm)
    sim = (x @ x.T).tocoo()
    pairs = (sim.row < sim.col) & (sim.data >= 0.3)

    def grams(t: str) -> set[str]:
        return {t[i : i + n] for i in range(max(1, len(t) - n + 1))}

    rows, cols = [], []
    for i, j in zip(sim.row[pairs].tolist(), sim.col[pairs].tolist(), strict=True):
        a, b = grams(norm[i]), grams(norm[j])
        if len(a & b) >= containment * min(len(a), len(b)):
            rows.append(i)
            cols.append(j)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(texts)))
    return connected_components(graph, directed=False)[1].tolist()


def near_dedupe(rows: list[tuple[str, str]], **kw) -> list[tuple[str, str]]:
    """:func:`dedupe`, then keep only the first text of each :func:`near_duplicate_groups` group."""
    rows = dedupe(rows)
    groups = near_duplicate_groups([t for _, t in rows], **kw)
    seen: set[int] = set()
    out = []
    for g, row in zip(groups, rows, strict=True):
        if g not in seen:
            seen.add(g)
            out.append(row)
    return out
