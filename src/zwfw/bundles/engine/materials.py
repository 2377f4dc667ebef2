"""材料去重: one set of materials for the whole bundle (一套材料).

Every material of every item is a *use* (``"<item code>/<material key>"``). Uses are grouped:

1. **Produced** (``reason="produced"``): a use whose e-licence type (or, without one, standard code)
   is the result licence type of an item it depends on, directly or through others, is taken from
   that earlier item's result — the applicant hands in nothing (由前序事项办理结果自动获取). The
   nearest such prerequisite in the stage order is named as producer. An item's own result never
   satisfies the item's own materials (出生登记 needs the parents' 户口簿 and produces the updated one).
2. **Certain** (``reason="certain"``): uses with the same ``licence_type`` (same e-licence) or the
   same ``standard_code`` (the catalog's rule: same code = same material across items) merge.
3. **Accepted** (``reason="accepted"``): a reviewer's accepted :class:`MergeDecision` merges two
   uses (by reference) or all uses of two normalised names (by name key), whatever their score.
4. **Suggested**: among the remaining groups, a pair whose names score at least ``threshold``
   (:mod:`zwfw.bundles.engine.similarity`) from uses of two *different items* is a candidate,
   unless a rejection covers it (a rejected pair is never suggested again). Two groups that both
   carry an e-licence type are different e-licences and are never candidates (the e-licence
   register says so with certainty). Each group is offered its **best partner** only — highest
   score, then a partner with a licence type or standard code, then the earliest — and the
   distinct pairs so chosen are the open :class:`MergeSuggestion` list. Deciding one reveals the
   group's next partner, if any, at the next composition; the reviewer sees a short list
   (at most one per group) instead of every pairing of, say, ten 身份证复印件.

Quantities: within one item, uses in one group add up (父亲 and 母亲的居民身份证 are two originals);
across items the largest need counts. A group is ``required`` if any use is, allows 容缺
(``shortfall_allowed``) only if every use does, and is a 免提交 candidate (``exempt_candidate``)
if any use comes from an e-licence or shared data (the cases app decides per applicant).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from zwfw.bundles.engine.inputs import EXEMPTABLE_SOURCES, ItemSpec, MaterialSpec, MergeDecision
from zwfw.bundles.engine.normalise import name_key, normalise_name
from zwfw.bundles.engine.similarity import similar_pairs

PRODUCED_NOTE = "由前序事项办理结果自动获取"


@dataclass(frozen=True)
class MaterialUse:
    """One item's material, as listed in that item's element table."""

    ref: str  # "<item code>/<material key>"
    item: str
    key: str
    name: str
    normalised: str
    required: bool
    source: str


@dataclass(frozen=True)
class MergedMaterial:
    """One material of the bundle's checklist, serving one or more items."""

    key: str  # licence:<type> | standard:<code> | item:<ref> | produced:<producer code>/<type>
    name: str
    names: tuple[str, ...]  # every distinct wording among the uses
    reason: str  # single | certain | accepted | produced
    items: tuple[str, ...]  # item codes it serves, in bundle order
    uses: tuple[MaterialUse, ...]
    provided_by_applicant: bool  # False when produced by an earlier item
    produced_by: str  # producer item code ("" unless produced)
    note: str
    source: str  # licence | shared | applicant | produced (strongest among the uses)
    licence_types: tuple[str, ...]
    standard_codes: tuple[str, ...]
    exempt_candidate: bool  # 免提交 candidate: an e-licence or shared data covers it
    required: bool
    shortfall_allowed: bool
    originals: int
    copies: int
    forms: tuple[str, ...]


@dataclass(frozen=True)
class MergeSuggestion:
    """An open suggestion: two materials that may be the same, for a reviewer to accept or reject.

    Store the answer as ``MergeDecision(material_a_key, material_b_key, accepted)`` (precise) or
    with :attr:`name_key_a`/:attr:`name_key_b` (every material so named, in every bundle).
    """

    material_a_key: str  # material ref "<item code>/<material key>"
    material_b_key: str
    name_a: str
    name_b: str
    name_key_a: str
    name_key_b: str
    score: float
    merged_a: str  # MergedMaterial.key of each side
    merged_b: str


@dataclass(frozen=True)
class MaterialsResult:
    materials: tuple[MergedMaterial, ...]  # applicant groups first (bundle order), then produced
    open_suggestions: tuple[MergeSuggestion, ...]
    suppressed: int  # suggestions a rejection kept closed
    uses_total: int  # every (item, material) listed: the one-by-one count


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra  # the smaller index (earlier use) stays root: stable keys
        return ra


def merge_materials(
    items: Sequence[ItemSpec],
    *,
    ancestors: Mapping[str, frozenset[str]],
    order: Mapping[str, int],
    decisions: Sequence[MergeDecision] = (),
    threshold: float,
) -> MaterialsResult:
    """Merge the materials of ``items`` (see the module docstring for the rules).

    ``ancestors`` maps each item code to the codes it depends on directly or transitively;
    ``order`` gives each item's position in a topological order (used to name the nearest
    producer). Deterministic: the same input gives the same groups, keys and suggestion order.
    """
    by_code = {item.code: item for item in items}
    uses: list[MaterialUse] = []
    specs: list[MaterialSpec] = []
    for item in items:
        for material in item.materials:
            uses.append(
                MaterialUse(
                    ref=item.material_ref(material),
                    item=item.code,
                    key=material.key,
                    name=material.name,
                    normalised=normalise_name(material.name),
                    required=material.required,
                    source=material.source,
                )
            )
            specs.append(material)

    # 1. produced by an earlier item
    producers: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if item.result_licence_type:
            producers[item.result_licence_type].append(item.code)
    produced: dict[tuple[str, str], list[int]] = {}
    applicant: list[int] = []
    for index, (use, spec) in enumerate(zip(uses, specs, strict=True)):
        wanted = spec.licence_type or spec.standard_code
        candidates = [p for p in producers.get(wanted, ()) if p in ancestors.get(use.item, ())] if wanted else []
        if candidates:
            producer = max(candidates, key=lambda code: order[code])
            produced.setdefault((producer, wanted), []).append(index)
        else:
            applicant.append(index)

    # 2. certain merges
    forest = _UnionFind(len(uses))
    first_with: dict[str, int] = {}
    for index in applicant:
        spec = specs[index]
        for token in (
            f"licence:{spec.licence_type}" if spec.licence_type else "",
            f"standard:{spec.standard_code}" if spec.standard_code else "",
        ):
            if token:
                if token in first_with:
                    forest.union(first_with[token], index)
                else:
                    first_with[token] = index

    # 3. accepted decisions
    accepted_pairs, rejected_pairs = _split_decisions(decisions)
    by_ref = {uses[i].ref: i for i in applicant}
    by_name_key: dict[str, list[int]] = defaultdict(list)
    for index in applicant:
        by_name_key["name:" + uses[index].normalised].append(index)
    accepted_roots_marks: list[int] = []
    for pair in accepted_pairs:
        left, right = _members(pair, by_ref, by_name_key)
        for a in left:
            for b in right:
                if a != b:
                    accepted_roots_marks.append(forest.union(a, b))
    accepted_roots = {forest.find(i) for i in accepted_roots_marks}

    groups: dict[int, list[int]] = defaultdict(list)
    for index in applicant:
        groups[forest.find(index)].append(index)

    # 4. suggestions between groups
    rejected_root_pairs: set[frozenset[int]] = set()
    for pair in rejected_pairs:
        left, right = _members(pair, by_ref, by_name_key)
        for a in left:
            for b in right:
                ra, rb = forest.find(a), forest.find(b)
                if ra != rb:
                    rejected_root_pairs.add(frozenset((ra, rb)))
    has_licence = {root: any(specs[i].licence_type for i in members) for root, members in groups.items()}
    has_code = {r: any(specs[i].licence_type or specs[i].standard_code for i in m) for r, m in groups.items()}
    names = sorted({uses[i].normalised for i in applicant})
    name_index = {name: n for n, name in enumerate(names)}
    uses_by_name_root: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index in applicant:
        uses_by_name_root[name_index[uses[index].normalised]][forest.find(index)].append(index)
    best_for: dict[int, tuple[tuple[float, bool, int], frozenset[int], tuple[int, int], float]] = {}
    suppressed: set[frozenset[int]] = set()

    def consider(ra: int, uses_a: list[int], rb: int, uses_b: list[int], score: float) -> bool:
        if ra == rb or (has_licence[ra] and has_licence[rb]):
            return False
        pair_key = frozenset((ra, rb))
        if pair_key in rejected_root_pairs:
            suppressed.add(pair_key)
            return False
        chosen = next(((a, b) for a in uses_a for b in uses_b if uses[a].item != uses[b].item), None)
        if chosen is None:  # only one item's own materials: two documents that item asks for
            return False
        for root, partner in ((ra, rb), (rb, ra)):
            rank = (-score, not has_code[partner], partner)
            if root not in best_for or rank < best_for[root][0]:
                best_for[root] = (rank, pair_key, chosen, score)
        return True

    for i, j, score in similar_pairs(names, threshold):
        for ra, uses_a in uses_by_name_root[i].items():
            for rb, uses_b in uses_by_name_root[j].items():
                consider(ra, uses_a, rb, uses_b, score)
    for by_root in uses_by_name_root.values():  # one normalised name in several groups: a star
        roots = sorted(by_root)
        for position, root in enumerate(roots[1:], start=1):
            for partner in roots[:position]:
                if consider(partner, by_root[partner], root, by_root[root], 1.0):
                    break
    best: dict[frozenset[int], tuple[float, int, int]] = {}
    for _, pair_key, (a, b), score in best_for.values():
        best[pair_key] = (score, *sorted((a, b)))

    merged_by_root = {root: _merged(members, uses, specs, root in accepted_roots) for root, members in groups.items()}
    applicant_materials = [merged_by_root[root] for root in sorted(groups)]
    produced_materials = [
        _produced(producer, licence_type, members, uses, specs, by_code[producer])
        for (producer, licence_type), members in sorted(produced.items(), key=lambda kv: kv[1][0])
    ]
    suggestions = []
    for score, a, b in best.values():
        ra, rb = forest.find(a), forest.find(b)
        suggestions.append(
            MergeSuggestion(
                material_a_key=uses[a].ref,
                material_b_key=uses[b].ref,
                name_a=uses[a].name,
                name_b=uses[b].name,
                name_key_a=name_key(uses[a].name),
                name_key_b=name_key(uses[b].name),
                score=score,
                merged_a=merged_by_root[ra].key,
                merged_b=merged_by_root[rb].key,
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.material_a_key, s.material_b_key))
    return MaterialsResult(
        materials=tuple(applicant_materials + produced_materials),
        open_suggestions=tuple(suggestions),
        suppressed=len(suppressed),
        uses_total=len(uses),
    )


def _split_decisions(decisions: Sequence[MergeDecision]) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    rejected = {d.pair for d in decisions if not d.accepted}
    accepted = {d.pair for d in decisions if d.accepted} - rejected
    return sorted(accepted, key=sorted), sorted(rejected, key=sorted)


def _members(
    pair: frozenset[str], by_ref: Mapping[str, int], by_name_key: Mapping[str, list[int]]
) -> tuple[list[int], list[int]]:
    """The applicant uses each side of a decision designates (empty when stale or unknown)."""
    keys = sorted(pair)
    left_key, right_key = (keys[0], keys[0]) if len(keys) == 1 else (keys[0], keys[1])

    def side(key: str) -> list[int]:
        if key.startswith("name:"):
            return list(by_name_key.get(key, ()))
        return [by_ref[key]] if key in by_ref else []

    return side(left_key), side(right_key)


def _display_name(members: Sequence[int], uses: Sequence[MaterialUse], specs: Sequence[MaterialSpec]) -> str:
    counts = Counter(uses[i].name for i in members)
    licensed = {uses[i].name for i in members if specs[i].licence_type}
    first = {}
    for i in members:
        first.setdefault(uses[i].name, i)
    return min(counts, key=lambda n: (-counts[n], n not in licensed, len(n), first[n]))


def _quantity(members: Sequence[int], uses: Sequence[MaterialUse], values: Mapping[int, int]) -> int:
    per_item: dict[str, int] = defaultdict(int)
    for i in members:
        per_item[uses[i].item] += values[i]
    return max(per_item.values(), default=0)


def _common(members: Sequence[int], uses: Sequence[MaterialUse], specs: Sequence[MaterialSpec]) -> dict:
    items = tuple(dict.fromkeys(uses[i].item for i in members))
    forms = tuple(dict.fromkeys(f for i in members for f in specs[i].forms))
    return {
        "names": tuple(dict.fromkeys(uses[i].name for i in members)),
        "items": items,
        "uses": tuple(uses[i] for i in members),
        "licence_types": tuple(sorted({specs[i].licence_type for i in members} - {""})),
        "standard_codes": tuple(sorted({specs[i].standard_code for i in members} - {""})),
        "required": any(specs[i].required for i in members),
        "shortfall_allowed": all(specs[i].shortfall_allowed for i in members),
        "originals": _quantity(members, uses, {i: specs[i].originals for i in members}),
        "copies": _quantity(members, uses, {i: specs[i].copies for i in members}),
        "forms": forms,
    }


def _merged(
    members: Sequence[int], uses: Sequence[MaterialUse], specs: Sequence[MaterialSpec], accepted: bool
) -> MergedMaterial:
    common = _common(members, uses, specs)
    sources = {specs[i].source for i in members}
    source = next((s for s in ("licence", "shared", "produced") if s in sources), "applicant")
    if common["licence_types"]:
        key = f"licence:{common['licence_types'][0]}"
    elif common["standard_codes"]:
        key = f"standard:{common['standard_codes'][0]}"
    else:
        key = f"item:{uses[members[0]].ref}"
    reason = "accepted" if accepted else ("certain" if len(members) > 1 else "single")
    notes = tuple(dict.fromkeys(specs[i].note for i in members if specs[i].note))
    return MergedMaterial(
        key=key,
        name=_display_name(members, uses, specs),
        reason=reason,
        provided_by_applicant=True,
        produced_by="",
        note="；".join(notes),
        source=source,
        exempt_candidate=bool(sources & set(EXEMPTABLE_SOURCES)),
        **common,
    )


def _produced(
    producer: str,
    licence_type: str,
    members: Sequence[int],
    uses: Sequence[MaterialUse],
    specs: Sequence[MaterialSpec],
    producer_item: ItemSpec,
) -> MergedMaterial:
    common = _common(members, uses, specs)
    return MergedMaterial(
        key=f"produced:{producer}/{licence_type}",
        name=producer_item.result_name or _display_name(members, uses, specs),
        reason="produced",
        provided_by_applicant=False,
        produced_by=producer,
        note=f"{PRODUCED_NOTE}（{producer_item.name}）",
        source="produced",
        exempt_candidate=False,
        **common,
    )
