"""百姓体: a plain-language guide generated from the same published version as the 办事指南.

:func:`plain_guide` is a pure function of the version data
(:func:`zwfw.catalog.guides.guide.guide_data_for`): nothing is typed in by hand, so the plain
guide can never disagree with the formal one (同源). It answers what a resident asks, in this
order: 要准备什么、去哪办、最快几天、要不要钱、能不能网上办、办好了拿到什么.

Rules of the text (tested):

- short sentences: at most :data:`MAX_SENTENCE` characters each; longer data text (a note, an
  address) is split at its punctuation;
- no legal jargon where a plain word exists: :data:`JARGON` maps each term to its plain word and
  is applied to every sentence, including text that comes from the data (material names, notes);
- numbers come straight from the data: days (working days, explained once), fees in yuan from
  integer fen, material counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from zwfw.catalog.glossary import JARGON
from zwfw.catalog.guides.guide import yuan

MAX_SENTENCE = 40


_JARGON_RE = re.compile("|".join(re.escape(k) for k in sorted(JARGON, key=len, reverse=True)))
_SPLIT_RE = re.compile(r"(?<=[。；;！？!?，,、])")


@dataclass(frozen=True)
class PlainSection:
    key: str
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class PlainGuide:
    code: str
    name: str
    version_number: int
    sections: tuple[PlainSection, ...]

    def section(self, key: str) -> PlainSection:
        return next(s for s in self.sections if s.key == key)

    @property
    def sentences(self) -> list[str]:
        return [t for s in self.sections for t in s.sentences]


def plainify(text: str) -> str:
    """Replace every jargon term of :data:`JARGON` with its plain word (one pass, longest first)."""
    return _JARGON_RE.sub(lambda m: JARGON[m.group(0)], text)


def _sentences(text: str) -> list[str]:
    """``text`` plainified and cut into sentences of at most :data:`MAX_SENTENCE` characters.

    Clauses are joined greedily up to the limit at the text's own punctuation; a clause longer
    than the limit on its own (rare: a long address) is cut at the limit.
    """
    text = plainify(" ".join(text.split()))
    if not text:
        return []
    limit = MAX_SENTENCE - 1  # room for the full stop added below
    out: list[str] = []
    current = ""
    for clause in (c for c in _SPLIT_RE.split(text) if c):
        while len(clause) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(clause[:limit])
            clause = clause[limit:]
        if len(current) + len(clause) <= limit:
            current += clause
        else:
            out.append(current)
            current = clause
    if current:
        out.append(current)
    return [s if s[-1] in "。！？!?" else s.rstrip("，,、；;") + "。" for s in out]


def _days(n: int) -> str:
    return f"{n}个工作日"


def _materials(el: dict[str, Any], licence_names: dict[str, str]) -> list[str]:
    materials = el.get("materials", [])
    if not materials:
        return ["不用准备材料。"]
    to_bring = [m for m in materials if m["source"] == "applicant"]
    out = [f"一共{len(materials)}样材料，要您自己带的有{len(to_bring)}样。"]
    for i, m in enumerate(materials, 1):
        name = m["name"]
        if m["source"] == "licence":
            licence = licence_names.get(m["licence_type"], "")
            what = f"不用带，我们能调取您的电子证{f'（{licence}）' if licence and licence != name else ''}。"
        elif m["source"] == "shared":
            what = "不用带，部门之间能直接查到。"
        elif m["source"] == "produced":
            what = "不用带，由办事部门出具。"
        else:
            counts = []
            if m["originals"]:
                counts.append(f"原件{m['originals']}份")
            if m["copies"]:
                counts.append(f"复印件{m['copies']}份")
            if "electronic" in m["forms"]:
                counts.append("也可交电子版")
            what = ("、".join(counts) or "带上") + "。"
        out += _sentences(f"{i}. {name}：{what}")
        if not m["required"]:
            out.append("这一样不是必须的，有就带上。")
        else:
            if m["shortfall_allowed"] and el.get("shortfall_allowed"):
                out.append("这一样缺了也能先办，之后再补。")
            if m.get("pledge_allowed") and el.get("pledge_allowed"):
                out.append("这一样可以签承诺书代替。")
        if m["blank_form"]:
            out.append("这张表可以先下载，填好带来。")
        out += _sentences(m["note"])
    if el.get("shortfall_allowed"):
        out.append("次要材料缺一点，也能先收下、之后补齐。")
    if el.get("pledge_allowed"):
        out += ["有的材料可以签一份承诺书代替，窗口先收下。", "部门审批以后，还会再来核实。"]
    return out


def _where(data: dict[str, Any], el: dict[str, Any]) -> list[str]:
    out = _sentences(f"找{data['department_name']}办。")
    if el.get("place"):
        out += _sentences(f"地址：{el['place']}。")
    if el.get("hours"):
        out += _sentences(f"时间：{el['hours']}。")
    channels = el.get("channels", [])
    if "online" in channels or "mobile" in channels:
        out.append("也可以在网上或手机上申请。")
    if "post" in channels:
        out.append("办好的结果可以寄给您。")
    if el.get("consult_phone"):
        out += _sentences(f"不清楚就打电话问：{el['consult_phone']}。")
    return out


def _how_fast(el: dict[str, Any], graph: dict[str, Any]) -> list[str]:
    promised, legal = el.get("promised_limit_days"), el.get("legal_limit_days")
    out: list[str] = []
    if el.get("case_type") == "instant" or promised == 0:
        out.append("材料齐全的，当场就能办好。")
    elif promised is not None:
        out.append(f"最快{_days(promised)}办好。")
    if legal is not None and legal != promised:
        out.append(f"最晚不超过{_days(legal)}。")
    if promised is None and legal is None:
        out.append("没有固定天数，请打电话问。")
    if promised or legal:
        out.append("工作日不算周末和节假日。")
    stopped = [s["name"] for s in graph.get("steps", []) if s.get("stops_clock")]
    if stopped:
        out += _sentences(f"{'、'.join(stopped)}的时间不算在里面。")
    return out


def _fee(el: dict[str, Any]) -> list[str]:
    fee = el.get("fee", {})
    if not fee.get("charged"):
        return ["不收费。"]
    amount = int(fee.get("amount_fen") or 0)
    if not amount:
        return ["要收费，具体多少请打电话问。"]
    out = [f"要交{yuan(amount)}元。"]
    out += _sentences(fee.get("description", ""))
    return out


def _online(el: dict[str, Any]) -> list[str]:
    depth, visits = el.get("online_depth", 1), el.get("visits", 0)
    if depth >= 4 and visits == 0:
        return ["可以全程网上办、不用跑腿。"]
    if depth >= 4:
        return ["可以在网上申请。", f"但还要到现场跑{visits}趟。"]
    lines = ["可以先在网上交材料，让部门先看一遍。"] if depth == 3 else ["网上可以查怎么办、下载表格。"]
    lines.append(f"要到现场跑{visits}趟。" if visits else "不用跑腿，结果会送给您。")
    return lines


def _result(el: dict[str, Any], licence_names: dict[str, str]) -> list[str]:
    result = el.get("result", {})
    if not result.get("name"):
        return ["办好后会告诉您结果。"]
    out = _sentences(f"办好后您会拿到：{result['name']}。")
    if result.get("licence_type"):
        out.append("同时会发电子证，在手机上就能亮证。")
    if el.get("validity"):
        out += _sentences(f"有效期：{el['validity']}。")
    return out


def plain_guide(version_data: dict[str, Any]) -> PlainGuide:
    """The 百姓体 guide of one published version (pure: same input, same text)."""
    el, graph = version_data["elements"], version_data["graph"]
    licence_names = version_data.get("names", {}).get("licence_types", {})
    sections = (
        PlainSection("prepare", "要准备什么", tuple(_materials(el, licence_names))),
        PlainSection("where", "去哪办", tuple(_where(version_data, el))),
        PlainSection("how_fast", "最快几天", tuple(_how_fast(el, graph))),
        PlainSection("fee", "要不要钱", tuple(_fee(el))),
        PlainSection("online", "能不能网上办", tuple(_online(el))),
        PlainSection("result", "办好了拿到什么", tuple(_result(el, licence_names))),
    )
    # Every sentence, including the fixed ones above, goes through the jargon table once more.
    sections = tuple(PlainSection(s.key, s.title, tuple(plainify(t) for t in s.sentences)) for s in sections)
    return PlainGuide(
        code=version_data["code"],
        name=version_data["name"],
        version_number=version_data["version"]["number"],
        sections=sections,
    )
