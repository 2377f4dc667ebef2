"""The search index: built once per published catalog state, stored, memory-mapped by every worker.

One document per active implementation whose published version is in force. Each document has
five fields, each a BM25 index (``bm25s``, sparse matrices) over the tokens of
:mod:`~zwfw.catalog.search.tokenize` (jieba words + CJK bigrams); a query's score is the
weighted sum of the field scores (:data:`FIELD_WEIGHTS`), plus the synonym expansion's scores
at :data:`EXPANSION_WEIGHT`. Filters become a boolean mask over the documents.

**Shared, not rebuilt per process** (issue 9 item 3). A build is saved under the store
(:mod:`~zwfw.catalog.search.store`): the bm25s matrices as ``.npy`` files, the documents as
JSON, and ``CURRENT`` names the build in use. Every process loads it with ``mmap`` (tens of
milliseconds, the matrices stay in the page cache shared by all workers) instead of building
it (seconds). Who builds:

* the task :func:`zwfw.catalog.tasks.search_index_build_task`, enqueued (by a hook in that
  module) when a transaction that published a version commits (task backends other than ``immediate``);
* ``zwfw catalog reindex`` (the CLI);
* otherwise the first process that notices the catalog changed, under a cross-process lock, so
  one process builds and the others load its result.

**Pick-up without restart.** Each search ``stat``\\ s ``CURRENT`` (microseconds) and loads a new
build when it changed. At most once per :data:`CHECK_INTERVAL` seconds (at once after a catalog
row was saved in this process) the catalog's *stamp* — a few aggregates over versions, base items
and implementations, plus today's date, since "in force" depends on it — is compared with the
loaded build's; a changed stamp makes the process load a matching build or build one. A loaded
index is never mutated, so readers take no lock.

Query tokens come from the index's own vocabulary (every substring of the query that is a token
of some document), so queries need no jieba at all: a worker that only serves searches never
loads jieba's dictionary.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import math
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np
from django.db.models import Count, Max, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from zwfw.catalog.in_force import implementation_list
from zwfw.catalog.models import (
    BaseItem,
    EnterpriseStage,
    ItemImplementation,
    ItemVersion,
    LifeEvent,
    Material,
    ServiceObject,
    VersionStatus,
)
from zwfw.catalog.search import store
from zwfw.catalog.search.understand import STOP_WORDS

FORMAT = 3
FIELDS = ("name", "keywords", "themes", "department", "conditions", "materials", "chars")
# Word fields: scored with the query's words (and, at EXPANSION_WEIGHT, the synonyms' official
# words). "chars" is the character field: the single CJK characters of an item's name and
# aliases, scored with the question's single characters (weight: search.CHAR_WEIGHT), so
# reordered or abbreviated words (约考 ~ 考试预约, 扣满12分 ~ 满分) still count.
FIELD_WEIGHTS = {
    "name": 3.0,
    "keywords": 2.0,
    "themes": 1.2,
    "department": 0.8,
    "conditions": 0.3,
    "materials": 0.8,
}
EXPANSION_WEIGHT = 0.8
# A query that appears whole in an item's name is what the resident typed from the guide.
NAME_CONTAINS_BONUS = 0.5
CHECK_INTERVAL = 1.0
MAX_TOKEN = 12
MASK_KEYS = ("objects", "events", "stages", "base_id")
logging.getLogger("bm25s").setLevel(logging.WARNING)
log = logging.getLogger(__name__)

_RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
_CJK_RUNS = re.compile(r"[\u3400-\u9fff]+")
_CJK_WORD = re.compile(r"[\u3400-\u9fff]+")
# Sounds that many residents (and the input methods' fuzzy settings) do not tell apart:
# zh/z, ch/c, sh/s and a final -ng/-n (出生 ~ 出身, 证 ~ 正).
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
# Characters of function words: a part of a question holding one is no typo of a catalog word
# (肢的 is not 治的, 这个 is not 者个).
_FILLERS = frozenset("的了个是我你他她它这那有在要吗呢吧啊和与及或也都就还又把被让给从对向")


def fuzzy_syllable(syllable: str) -> str:
    """A toneless pinyin syllable with zh/ch/sh → z/c/s and a final -ng → -n."""
    for a, b in _FUZZY_INITIALS:
        if syllable.startswith(a):
            syllable = b + syllable[2:]
            break
    return syllable[:-1] if syllable.endswith("ng") and len(syllable) > 2 else syllable


def sound_key(word: str, readings: dict[str, str]) -> str:
    """The fuzzy reading of ``word`` (syllables joined by spaces); "" when a character has none."""
    out = []
    for ch in word:
        r = readings.get(ch)
        if not r:
            return ""
        out.append(fuzzy_syllable(r))
    return " ".join(out)


@functools.cache
def character_readings() -> dict[str, str]:
    """Each character of the CJK basic block → its first reading without tone (pypinyin's
    table), for :meth:`SearchIndex.sound_alikes`. Needs pypinyin: called when a build is made
    (once per process; the same read-only mapping for every build)."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    out = {}
    for code in range(0x4E00, 0xA000):
        reading = pinyin_dict.get(code)
        if reading:
            first = unicodedata.normalize("NFKD", reading.split(",")[0])
            out[chr(code)] = "".join(c for c in first if c.isascii() and c.isalpha())
    return out


# Extra words for the theme fields: the label and what people call it.
THEME_WORDS = {
    LifeEvent.BIRTH: "出生 生育 新生儿",
    LifeEvent.EDUCATION: "教育 上学 入学",
    LifeEvent.EMPLOYMENT: "就业 工作 创业",
    LifeEvent.LIVING: "生活 居住",
    LifeEvent.HOUSING: "置业 买房 住房",
    LifeEvent.TRAVEL: "出行 交通",
    LifeEvent.MEDICAL: "就医 医疗 看病",
    LifeEvent.RELIEF: "救助 社会救助 困难",
    LifeEvent.ELDERLY: "养老 退休 老年人",
    LifeEvent.AFTER_DEATH: "身后 死亡 丧葬",
    EnterpriseStage.ACCESS: "准入准营 开办企业 设立",
    EnterpriseStage.HIRING: "招聘用工 招工 用工",
    EnterpriseStage.TAX: "纳税缴费 税务 缴费",
    EnterpriseStage.OPERATION: "经营发展 经营",
    EnterpriseStage.CONSTRUCTION: "工程建设 建设项目",
    EnterpriseStage.EXIT: "注销退出 注销 关闭",
}

SERVICE_OBJECTS = list(ServiceObject.values)
LIFE_EVENTS = list(LifeEvent.values)
STAGES = list(EnterpriseStage.values)


def _bits(values, universe: list[str]) -> int:
    return sum(1 << universe.index(v) for v in values or [] if v in universe)


@dataclass
class Doc:
    implementation_code: str
    base_id: int
    base_code: str
    name: str
    item_type: str
    department_code: str
    department_name: str
    region_code: str
    region_name: str
    region_path: str
    level: int
    keywords: list[str] = field(default_factory=list)


class SearchIndex:
    """An immutable snapshot of the searchable catalog (built here or loaded from the store)."""

    def __init__(
        self,
        *,
        docs: list[Doc],
        masks: dict[str, np.ndarray],
        retrievers: dict[str, bm25s.BM25],
        stamp_key: str,
        build_id: str = "",
        abbreviations: dict[str, list[str]] | None = None,
        readings: Mapping[str, str] | None = None,
        sound_words: dict[str, list[str]] | None = None,
    ) -> None:
        self.stored_sound_words = sound_words
        self.docs = docs
        self.abbreviations = abbreviations or {}
        # Each CJK character's first reading, toneless (built with pypinyin, stored with the
        # build, so serving processes need no pinyin package): for sound-alike typos.
        self.readings = readings or {}
        self.stamp_key = stamp_key
        self.build_id = build_id
        self.retrievers = retrievers
        self.names = [d.name.lower() for d in docs]
        self._name_chars: dict[int, tuple[tuple[tuple[str, float], ...], float]] = {}
        # What an item is called: its name and its aliases (keywords), for the coverage measure.
        self.titles = [" ".join([d.name, *d.keywords]).lower() for d in docs]
        self.arrays = {
            "item_type": np.array([d.item_type for d in docs], dtype=object),
            "department": np.array([d.department_code for d in docs], dtype=object),
            "region": np.array([d.region_code for d in docs], dtype=object),
            **masks,
        }
        self.region_paths = {d.region_code: d.region_path for d in docs}
        vocab: set[str] = set()
        for name, r in retrievers.items():
            if name != "chars":
                vocab.update(r.vocab_dict)
        vocab.discard("")
        self.vocab = frozenset(vocab)
        self.char_vocab = frozenset(retrievers["chars"].vocab_dict) - {""} if "chars" in retrievers else frozenset()

    def __len__(self) -> int:
        return len(self.docs)

    def name_char_weights(self, row: int) -> tuple[tuple[tuple[str, float], ...], float]:
        """The distinct CJK characters of a document's name with their IDF, and their sum
        (computed once per document and index, on first use)."""
        got = self._name_chars.get(row)
        if got is None:
            idf = self.char_idf
            weights = tuple((ch, idf.get(ch, 0.0)) for ch in set(self.names[row]) if "\u3400" <= ch <= "\u9fff")
            got = self._name_chars[row] = (weights, sum(w for _, w in weights))
        return got

    @functools.cached_property
    def char_idf(self) -> dict[str, float]:
        """log(N / df) of each character over the items' names and aliases."""
        df: dict[str, int] = {}
        for title in self.titles:
            for ch in set(title):
                df[ch] = df.get(ch, 0) + 1
        n = len(self.titles) + 1
        return {ch: math.log(n / c) for ch, c in df.items()}

    def query_tokens(self, text: str) -> list[str]:
        """The tokens of ``text`` that the index knows: every substring of 2–12 CJK characters
        that is a token of some document (a one-character query counts too), and latin words."""
        out: list[str] = []
        seen: set[str] = set()
        vocab = self.vocab
        for run in _RUNS.findall((text or "").lower()):
            if not ("\u3400" <= run[0] <= "\u9fff") or len(run) == 1:
                candidates = [run]
            else:
                n = len(run)
                candidates = [run[i:j] for i in range(n) for j in range(i + 2, min(n, i + MAX_TOKEN) + 1)]
            for t in candidates:
                if t in vocab and t not in seen and t not in STOP_WORDS:
                    seen.add(t)
                    out.append(t)
        return out

    def _document_frequency(self, token: str) -> int:
        """In how many documents' names and aliases ``token`` occurs (as an index token)."""
        total = 0
        for name in ("name", "keywords"):
            retriever = self.retrievers.get(name)
            tid = retriever.vocab_dict.get(token) if retriever is not None else None
            if tid is None:
                continue
            indptr = retriever.scores["indptr"]
            end = int(indptr[tid + 1]) if tid + 1 < len(indptr) else len(retriever.scores["data"])
            total += end - int(indptr[tid])
        return total

    @functools.cached_property
    def _sound_words(self) -> dict[str, list[str]]:
        return self.stored_sound_words if self.stored_sound_words is not None else self.sound_words_compute()

    def sound_words_compute(self) -> dict[str, list[str]]:
        """Fuzzy reading (see :func:`sound_key`) → the 2–4-character words of the names and
        aliases that sound so (computed once per index, on first use)."""
        out: dict[str, list[str]] = {}
        words: set[str] = set()
        for name in ("name", "keywords"):
            retriever = self.retrievers.get(name)
            if retriever is not None:
                words.update(
                    w
                    for w in retriever.vocab_dict
                    if 2 <= len(w) <= 4 and _CJK_WORD.fullmatch(w) and not _FILLERS.intersection(w)
                )
        for w in words:
            key = sound_key(w, self.readings)
            if key:
                out.setdefault(key, []).append(w)
        return out

    def sound_alikes(self, text: str) -> dict[str, list[str]]:
        """Words of ``text`` that look like a typo of a catalog word sounding the same (抱名 →
        报名, 准考正 → 准考证): a part of 2–4 characters that no name or alias holds, differing
        from a word of the names and aliases in one character of the same (fuzzy) reading. For
        two characters, the differing one must be in no name or alias at all (a common
        character is more likely meant than mistyped). ``{typed: [catalog words]}``."""
        if not self.readings or not self.docs:
            return {}
        table = self._sound_words
        out: dict[str, list[str]] = {}
        readings = self.readings
        for run in _CJK_RUNS.findall((text or "").lower()):
            syllables = [fuzzy_syllable(readings[ch]) if readings.get(ch) else "" for ch in run]
            for size in (4, 3, 2):
                for i in range(len(run) - size + 1):
                    typed = run[i : i + size]
                    if typed in self.vocab or any(typed in k for k in out) or _FILLERS.intersection(typed):
                        continue
                    parts = syllables[i : i + size]
                    if not all(parts):
                        continue
                    for word in table.get(" ".join(parts), ()):
                        diff = [j for j in range(size) if word[j] != typed[j]]
                        if len(diff) != 1:
                            continue
                        if size == 2 and typed[diff[0]] in self.char_vocab:
                            continue
                        if self._document_frequency(word) == 0:
                            continue
                        out.setdefault(typed, []).append(word)
        return out

    def query_chars(self, text: str) -> list[str]:
        """The single CJK characters of ``text`` that some item's name or aliases contain (for the
        character field), without the one-character fillers."""
        vocab = self.char_vocab
        out: list[str] = []
        for ch in (text or "").lower():
            if ch in vocab and ch not in out and ch not in STOP_WORDS:
                out.append(ch)
        return out

    def scores(self, terms: list[str], expanded: list[str]) -> np.ndarray:
        """Weighted BM25 of the word fields: the question's words, then its synonyms' words."""
        total = np.zeros(len(self.docs), dtype=np.float32)
        if not self.docs:
            return total
        for name, weight in FIELD_WEIGHTS.items():
            retriever = self.retrievers.get(name)
            if retriever is None:
                continue
            if terms:
                total += weight * retriever.get_scores(terms)
            if expanded:
                total += weight * EXPANSION_WEIGHT * retriever.get_scores(expanded)
        return total

    def char_scores(self, chars: list[str]) -> np.ndarray:
        """BM25 of the character field (names and aliases cut into single characters)."""
        if not self.docs or not chars or "chars" not in self.retrievers:
            return np.zeros(len(self.docs), dtype=np.float32)
        return self.retrievers["chars"].get_scores(chars)


# --- building ---------------------------------------------------------------------------------


def catalog_stamp() -> str:
    """A short key that changes whenever what the index holds may have changed."""
    versions = ItemVersion.objects.aggregate(
        max_id=Max("id"),
        published=Max("published_at"),
        released=Count("id", filter=Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])),
        retired=Count("id", filter=Q(status=VersionStatus.RETIRED)),
        closed=Count("effective_to"),
    )
    bases = BaseItem.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    impls = ItemImplementation.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    raw = repr((FORMAT, timezone.localdate(), tuple(versions.values()), tuple(bases.values()), tuple(impls.values())))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _collect(today: dt.date) -> tuple[list[Doc], dict[str, list[str]], dict[str, np.ndarray]]:
    rows = list(implementation_list(on=today).select_related("region", "department", "base"))
    version_ids = [r.current_version_id for r in rows]
    version_rows: dict[int, tuple[str, object]] = {}
    material_names: dict[int, list[str]] = {}
    for start in range(0, len(version_ids), 2000):
        chunk = version_ids[start : start + 2000]
        for vid, conditions, effective_to in ItemVersion.objects.filter(pk__in=chunk).values_list(
            "id", "conditions", "effective_to"
        ):
            version_rows[vid] = (conditions, effective_to)
        for vid, name in Material.objects.filter(version_id__in=chunk).values_list("version_id", "name"):
            material_names.setdefault(vid, []).append(name)
    docs: list[Doc] = []
    texts: dict[str, list[str]] = {f: [] for f in FIELDS}
    objects, events, stages = [], [], []
    for r in rows:
        conditions, effective_to = version_rows.get(r.current_version_id, ("", None))
        if effective_to is not None and effective_to < today:
            continue  # withdrawn
        b = r.base
        docs.append(
            Doc(
                implementation_code=r.code,
                base_id=b.pk,
                base_code=b.code,
                name=b.name,
                item_type=b.item_type,
                department_code=r.department.code,
                department_name=r.department.name,
                region_code=r.region_id,
                region_name=r.region.name,
                region_path=r.region.path,
                level=r.level,
                keywords=list(b.keywords or []),
            )
        )
        texts["name"].append(b.name)
        texts["keywords"].append(" ".join(b.keywords or []))
        theme_text = []
        for t in [*(b.life_events or []), *(b.enterprise_stages or [])]:
            label = LifeEvent(t).label if t in LIFE_EVENTS else (EnterpriseStage(t).label if t in STAGES else "")
            theme_text.append(f"{label} {THEME_WORDS.get(t, '')}")
        texts["themes"].append(" ".join(theme_text))
        texts["department"].append(f"{r.department.name} {r.department.short_name}")
        texts["conditions"].append(conditions or "")
        texts["materials"].append(" ".join(material_names.get(r.current_version_id, [])))
        texts["chars"].append(" ".join([b.name, *(b.keywords or [])]))
        objects.append(_bits(b.service_objects, SERVICE_OBJECTS))
        events.append(_bits(b.life_events, LIFE_EVENTS))
        stages.append(_bits(b.enterprise_stages, STAGES))
    masks = {
        "objects": np.array(objects, dtype=np.int64),
        "events": np.array(events, dtype=np.int64),
        "stages": np.array(stages, dtype=np.int64),
        "base_id": np.array([d.base_id for d in docs], dtype=np.int64),
    }
    return docs, texts, masks


def index_build(stamp_key: str | None = None) -> SearchIndex:
    """Build an index of the published catalog in force today (in memory; see :func:`index_save`)."""
    from zwfw.catalog.search import tokenize
    from zwfw.catalog.search.synonyms import shipped_synonyms

    stamp_key = stamp_key or catalog_stamp()
    docs, texts, masks = _collect(timezone.localdate())
    tokenize.add_words(w for d in docs for w in d.keywords)
    defaults = shipped_synonyms()
    tokenize.add_words(defaults)
    tokenize.add_words(w for ws in defaults.values() for w in ws)
    retrievers: dict[str, bm25s.BM25] = {}
    for name in FIELDS if docs else ():
        retriever = bm25s.BM25()
        cut = tokenize.characters if name == "chars" else tokenize.tokens
        retriever.index([cut(t) for t in texts[name]], show_progress=False)
        retrievers[name] = retriever
    abbreviations = mine_abbreviations((d.name, d.keywords) for d in docs)
    return SearchIndex(
        docs=docs,
        masks=masks,
        retrievers=retrievers,
        stamp_key=stamp_key,
        abbreviations=abbreviations,
        readings=character_readings(),
    )


_ALIAS_SPLIT = re.compile(r"[^\u3400-\u9fff]+")


def _tightest_span(short: str, name: str) -> str | None:
    """The shortest part of ``name`` that holds the characters of ``short`` in order."""
    best = None
    for start in (i for i, ch in enumerate(name) if ch == short[0]):
        at = start
        for ch in short[1:]:
            at = name.find(ch, at + 1)
            if at == -1:
                break
        else:
            if best is None or at + 1 - start < len(best):
                best = name[start : at + 1]
    return best


def mine_abbreviations(items) -> dict[str, list[str]]:
    """Abbreviations the catalog's own aliases teach (法考 → 法律职业资格考, 律师证 → 律师执业证,
    社保 → 社会保): an alias word (2–4 CJK characters) that is not in its item's name but whose
    characters occur in the name in order maps to the shortest part of the name holding them.
    Words found in three or more names are ordinary catalog words, not abbreviations; intent and
    filler words are skipped. The most frequent expansion wins. ``items``: (name, aliases) pairs."""
    from collections import Counter

    from zwfw.catalog.search.understand import INTENT_PHRASES

    items = [(name.lower(), [k.lower() for k in keywords]) for name, keywords in items]
    votes: dict[str, Counter] = {}
    for name, keywords in items:
        for keyword in keywords:
            for word in _ALIAS_SPLIT.split(keyword):
                if not 2 <= len(word) <= 4 or word in name or word in STOP_WORDS or word in INTENT_PHRASES:
                    continue
                span = _tightest_span(word, name)
                if span and len(span) <= min(MAX_TOKEN, 3 * len(word)):
                    votes.setdefault(word, Counter())[span] += 1
    names = [name for name, _ in items]
    out = {}
    for word, counter in votes.items():
        if sum(word in n for n in names) >= 3:
            continue
        out[word] = [counter.most_common(1)[0][0]]
    return out


def index_save(index: SearchIndex, directory: Path, *, build_seconds: float = 0.0) -> None:
    """Write ``index`` into the empty ``directory`` (meta.json last: its presence = complete)."""
    for name, retriever in index.retrievers.items():
        retriever.save(directory / name, show_progress=False)
    for key in MASK_KEYS:
        np.save(directory / f"{key}.npy", index.arrays[key])
    fields = [f.name for f in Doc.__dataclass_fields__.values()]
    rows = [[getattr(d, f) for f in fields] for d in index.docs]
    payload = {
        "fields": fields,
        "rows": rows,
        "abbreviations": index.abbreviations,
        # one string of characters and one of their readings: compact, fast to load
        "readings": _readings_dump(index.readings),
        "sound_words": index.sound_words_compute(),
    }
    (directory / "docs.json").write_text(json.dumps(payload, ensure_ascii=False))
    meta = {
        "format": FORMAT,
        "stamp_key": index.stamp_key,
        "documents": len(index),
        "fields": list(index.retrievers),
        "built_at": timezone.now().isoformat(),
        "build_seconds": round(build_seconds, 3),
    }
    (directory / "meta.json").write_text(json.dumps(meta))


def index_load(directory: Path, *, mmap: bool = True) -> SearchIndex:
    """Load a saved build; the score matrices are memory-mapped (read-only) by default."""
    meta = json.loads((directory / "meta.json").read_text())
    if meta.get("format") != FORMAT:
        raise ValueError(f"search index format {meta.get('format')} is not {FORMAT}")
    payload = json.loads((directory / "docs.json").read_text())
    fields = payload["fields"]
    docs = [Doc(**dict(zip(fields, row, strict=True))) for row in payload["rows"]]
    mode = "r" if mmap else None
    masks = {key: np.load(directory / f"{key}.npy", mmap_mode=mode) for key in MASK_KEYS}
    retrievers = {name: bm25s.BM25.load(directory / name, mmap=mmap, show_progress=False) for name in meta["fields"]}
    return SearchIndex(
        docs=docs,
        masks=masks,
        retrievers=retrievers,
        stamp_key=meta["stamp_key"],
        build_id=directory.name,
        abbreviations=payload.get("abbreviations") or {},
        readings=_readings_load(payload.get("readings")),
        sound_words=payload.get("sound_words"),
    )


_BLOCK = 0x4E00  # the CJK basic block, U+4E00–U+9FFF


def _readings_dump(readings) -> str:
    """One string: the reading of every code point of the CJK basic block, in order, separated
    by spaces (empty where none): loading it is one ``str.split``."""
    return " ".join(readings.get(chr(code), "") for code in range(_BLOCK, 0xA000))


class BlockReadings(Mapping):
    """Readings of the CJK basic block, held as the list of a split :func:`_readings_dump`
    string (loads in milliseconds; a dict of 20,000 entries took ~0.1 s of a worker's start)."""

    def __init__(self, stored: str) -> None:
        self._syllables = stored.split(" ")

    def __getitem__(self, ch: str) -> str:
        got = self.get(ch)
        if not got:
            raise KeyError(ch)
        return got

    def get(self, ch, default=None):
        offset = ord(ch) - _BLOCK if len(ch) == 1 else -1
        if 0 <= offset < len(self._syllables) and self._syllables[offset]:
            return self._syllables[offset]
        return default

    def __iter__(self):
        return (chr(_BLOCK + i) for i, s in enumerate(self._syllables) if s)

    @functools.cached_property
    def _count(self) -> int:
        return sum(1 for s in self._syllables if s)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return bool(self._syllables)


def _readings_load(stored) -> Mapping:
    return BlockReadings(stored) if isinstance(stored, str) and stored else {}


def search_index_build(*, force: bool = False) -> dict[str, object]:
    """Build the shared index for the catalog's current state and publish it to the store,
    unless the store already holds one for this state (``force`` builds anyway). Used by the
    publish task and ``zwfw catalog reindex``. Returns what happened."""
    root = store.store_root()
    stamp_key = catalog_stamp()
    with store.build_lock(root):
        current = store.current_build(root)
        meta = _meta(root / current) if current else {}
        if current and not force and meta.get("stamp_key") == stamp_key and meta.get("format") == FORMAT:
            return {"built": False, "build_id": current, **meta}
        build_id, seconds = _build_and_publish(root, stamp_key)
    _holder.dirty = True
    return {"built": True, "build_id": build_id, **_meta(root / build_id), "build_seconds": seconds}


def _meta(directory: Path) -> dict:
    try:
        return json.loads((directory / "meta.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _build_and_publish(root: Path, stamp_key: str) -> tuple[str, float]:
    started = time.perf_counter()
    index = index_build(stamp_key)
    seconds = time.perf_counter() - started
    directory = store.new_build_dir(root, stamp_key)
    index_save(index, directory, build_seconds=seconds)
    build_id = store.publish_build(root, directory)
    _holder.builds += 1
    _holder.last_build_seconds = seconds
    log.info("search index %s built: %d documents in %.2f s", build_id, len(index), seconds)
    return build_id, seconds


# --- the per-process holder -------------------------------------------------------------------


class _Holder:
    def __init__(self) -> None:
        self.index: SearchIndex | None = None
        self.root: Path | None = None
        self.pointer: tuple | None = None
        self.checked_at = 0.0
        self.dirty = True
        self.lock = threading.Lock()
        self.builds = 0
        self.loads = 0
        self.last_build_seconds = 0.0
        self.last_load_seconds = 0.0


_holder = _Holder()


def _load_current(h: _Holder, root: Path) -> bool:
    """Load the build ``CURRENT`` names when it is not the one held; True when one is held after."""
    pointer = store.pointer_signature(root)
    build_id = store.current_build(root)
    h.pointer = pointer
    if build_id is None:
        return h.index is not None
    if h.index is not None and h.index.build_id == build_id:
        return True
    started = time.perf_counter()
    try:
        h.index = index_load(root / build_id)
    except (FileNotFoundError, ValueError, json.JSONDecodeError):
        log.warning("search index build %s could not be loaded", build_id, exc_info=True)
        return h.index is not None
    h.loads += 1
    h.last_load_seconds = time.perf_counter() - started
    return True


def search_index() -> SearchIndex:
    """The index to search: the shared build for the catalog's current state."""
    h = _holder
    current = h.index
    if current is not None and not h.dirty:
        fresh = time.monotonic() - h.checked_at < CHECK_INTERVAL
        if fresh and h.root is not None and store.pointer_signature(h.root) == h.pointer:
            return current
    with h.lock:
        root = h.root = store.store_root()
        if store.pointer_signature(root) != h.pointer:
            _load_current(h, root)
        if h.index is not None and not h.dirty and time.monotonic() - h.checked_at < CHECK_INTERVAL:
            return h.index
        h.dirty = False
        stamp_key = catalog_stamp()
        if h.index is None or h.index.stamp_key != stamp_key:
            _load_current(h, root)
        if h.index is None or h.index.stamp_key != stamp_key:
            # Nobody has built this state yet: build it (one process at a time), unless another
            # process is building it right now and we can keep serving the previous one.
            with store.build_lock(root, blocking=h.index is None) as locked:
                if locked:
                    _load_current(h, root)
                    if h.index is None or h.index.stamp_key != stamp_key:
                        _build_and_publish(root, stamp_key)
                        _load_current(h, root)
        h.checked_at = time.monotonic()
        if h.index is None:
            return SearchIndex(docs=[], masks=_empty_masks(), retrievers={}, stamp_key="")
        return h.index


def _empty_masks() -> dict[str, np.ndarray]:
    return {k: np.zeros(0, dtype=np.int64) for k in MASK_KEYS}


def search_index_invalidate() -> None:
    """Forget this process's index (the next search loads the shared one, or builds it)."""
    with _holder.lock:
        _holder.index = None
        _holder.pointer = None
        _holder.dirty = True


def search_index_stats() -> dict[str, float | int | str]:
    """Builds and loads so far in this process, their last duration, and the held index."""
    index = _holder.index
    return {
        "builds": _holder.builds,
        "loads": _holder.loads,
        "last_build_seconds": _holder.last_build_seconds,
        "last_load_seconds": _holder.last_load_seconds,
        "documents": len(index) if index is not None else 0,
        "build_id": index.build_id if index is not None else "",
    }


def _mark_dirty(sender, instance=None, **kwargs) -> None:
    _holder.dirty = True


for _model in (ItemVersion, BaseItem, ItemImplementation):
    post_save.connect(_mark_dirty, sender=_model, dispatch_uid=f"catalog_search_dirty_save_{_model.__name__}")
    post_delete.connect(_mark_dirty, sender=_model, dispatch_uid=f"catalog_search_dirty_delete_{_model.__name__}")

__all__ = [
    "Doc",
    "SearchIndex",
    "catalog_stamp",
    "index_build",
    "index_load",
    "index_save",
    "search_index",
    "search_index_build",
    "search_index_invalidate",
    "search_index_stats",
]
