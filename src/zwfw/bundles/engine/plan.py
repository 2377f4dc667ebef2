"""The composed plan of a bundle and :func:`compose`, the engine's one entry point.

:func:`compose` runs the steps in order — stages (which also rejects cycles), materials, form —
and adds the **before/after figures**: the items done one by one versus the bundle.

=================  =====================================  =========================================
figure             before (one by one)                    after (the bundle)
=================  =====================================  =========================================
materials          every material of every item           merged materials the applicant provides
                                                          (produced ones excluded; 免提交
                                                          candidates included — see
                                                          ``materials_exempt_candidates``)
form_fields        every field of every item              distinct data elements
time_limit_days    Σ promised limits                      critical path (:mod:`.stages`)
trips              Σ visits                               Σ over stages of max visits
windows            distinct (department, place) pairs     1 (一窗受理), 0 for an empty bundle
=================  =====================================  =========================================

**Review gate** (辅助人工判定与复核验证): :attr:`Plan.publishable` is true only when no merge
suggestion is open and no form field conflicts — every uncertain merge has been decided by a
person. A form conflict is fixed in the catalog (align the items' field types), not by a decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from zwfw.bundles.engine.errors import BundleInputError
from zwfw.bundles.engine.forms import FormConflict, MergedField, merge_form
from zwfw.bundles.engine.inputs import Dependency, ItemSpec, MergeDecision
from zwfw.bundles.engine.materials import MergedMaterial, MergeSuggestion, merge_materials
from zwfw.bundles.engine.similarity import DEFAULT_THRESHOLD
from zwfw.bundles.engine.stages import Stage, Window, check_items, plan_stages


@dataclass(frozen=True)
class Figures:
    """One side of the before/after comparison."""

    materials: int
    form_fields: int
    time_limit_days: int
    trips: int
    windows: int
    materials_exempt_candidates: int = 0  # of ``materials``: covered by an e-licence or shared data


@dataclass(frozen=True)
class ItemSummary:
    code: str
    name: str
    department: str
    promised_limit_days: int
    visits: int
    stage: int
    earliest_finish_days: int  # working days from the start until its result is ready


@dataclass(frozen=True)
class DependencyHint:
    """``consumer`` needs what ``producer`` issues but does not depend on it in this bundle."""

    producer: str
    consumer: str
    licence_type: str


@dataclass(frozen=True)
class Plan:
    items: tuple[ItemSummary, ...]
    dependencies: tuple[Dependency, ...]
    materials: tuple[MergedMaterial, ...]
    form: tuple[MergedField, ...]
    stages: tuple[Stage, ...]
    critical_path: tuple[str, ...]
    time_limit_days: int
    trips: int
    windows: tuple[Window, ...]
    before: Figures
    after: Figures
    open_suggestions: tuple[MergeSuggestion, ...]
    conflicts: tuple[FormConflict, ...]
    suppressed_suggestions: int  # suggestions a stored rejection kept closed
    dependency_hints: tuple[DependencyHint, ...]
    threshold: float

    @property
    def publishable(self) -> bool:
        """True when no merge suggestion is open and no form field conflicts."""
        return not self.open_suggestions and not self.conflicts

    @property
    def applicant_materials(self) -> tuple[MergedMaterial, ...]:
        """The checklist the applicant provides (materials produced by earlier items left out)."""
        return tuple(m for m in self.materials if m.provided_by_applicant)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists, ``publishable`` included)."""
        data = _plain(self)
        data["publishable"] = self.publishable
        return data


def compose(
    items: Sequence[ItemSpec],
    *,
    dependencies: Iterable[Dependency] = (),
    decisions: Iterable[MergeDecision] = (),
    threshold: float = DEFAULT_THRESHOLD,
) -> Plan:
    """Compose the plan of a bundle of ``items`` (bundle order = the order given).

    ``dependencies`` say which item needs which other's result; ``decisions`` are the stored
    review answers; ``threshold`` (0–1) is the similarity at which two names are suggested.
    Pure and deterministic. Raises :class:`~zwfw.bundles.engine.errors.BundleInputError` for no
    items, duplicate items, unknown items in dependencies or a threshold outside (0, 1], and
    :class:`~zwfw.bundles.engine.errors.BundleCycleError` for a dependency cycle.
    """
    items = tuple(items)
    dependencies = tuple(dependencies)
    if not 0 < threshold <= 1:
        raise BundleInputError(
            f"相似度阈值应在0到1之间（不含0），实为{threshold}", f"the threshold must be in (0, 1], not {threshold}"
        )
    check_items(items, dependencies)
    staged = plan_stages(items, dependencies)
    materials = merge_materials(
        items, ancestors=staged.ancestors, order=staged.order, decisions=tuple(decisions), threshold=threshold
    )
    form = merge_form(items)

    stage_of = {code: stage.number for stage in staged.stages for code in stage.items}
    provided = [m for m in materials.materials if m.provided_by_applicant]
    before = Figures(
        materials=materials.uses_total,
        form_fields=form.fields_total,
        time_limit_days=sum(item.promised_limit_days for item in items),
        trips=sum(item.visits for item in items),
        windows=len(staged.windows),
        materials_exempt_candidates=sum(
            1 for item in items for m in item.materials if m.source in ("licence", "shared")
        ),
    )
    after = Figures(
        materials=len(provided),
        form_fields=len(form.fields),
        time_limit_days=staged.time_limit_days,
        trips=staged.trips,
        windows=1 if items else 0,
        materials_exempt_candidates=sum(1 for m in provided if m.exempt_candidate),
    )
    return Plan(
        items=tuple(
            ItemSummary(
                code=item.code,
                name=item.name,
                department=item.department,
                promised_limit_days=item.promised_limit_days,
                visits=item.visits,
                stage=stage_of[item.code],
                earliest_finish_days=staged.earliest_finish[item.code],
            )
            for item in items
        ),
        dependencies=dependencies,
        materials=materials.materials,
        form=form.fields,
        stages=staged.stages,
        critical_path=staged.critical_path,
        time_limit_days=staged.time_limit_days,
        trips=staged.trips,
        windows=staged.windows,
        before=before,
        after=after,
        open_suggestions=materials.open_suggestions,
        conflicts=form.conflicts,
        suppressed_suggestions=materials.suppressed,
        dependency_hints=_hints(items, staged.ancestors),
        threshold=threshold,
    )


def infer_dependencies(items: Sequence[ItemSpec]) -> tuple[Dependency, ...]:
    """Dependencies implied by the catalog: B needs an e-licence that A's result is.

    For free combination (an applicant picks items, nobody typed dependencies): for each item,
    in bundle order, each material whose licence type (or standard code) is another item's
    result licence type yields ``Dependency(producer, consumer)``. An edge that would close a
    cycle is skipped (the earlier edges win), so the result always composes.
    """
    producers: dict[str, list[str]] = {}
    for item in items:
        if item.result_licence_type:
            producers.setdefault(item.result_licence_type, []).append(item.code)
    edges: list[Dependency] = []
    needs: dict[str, set[str]] = {item.code: set() for item in items}
    for item in items:
        for material in item.materials:
            wanted = material.licence_type or material.standard_code
            for producer in producers.get(wanted, ()) if wanted else ():
                if producer == item.code or producer in needs[item.code] or _waits_for(producer, item.code, needs):
                    continue
                needs[item.code].add(producer)
                edges.append(Dependency(prerequisite=producer, dependent=item.code))
    return tuple(edges)


def _waits_for(code: str, other: str, needs: dict[str, set[str]]) -> bool:
    """Whether ``code`` waits, directly or through others, for ``other``."""
    stack, seen = [code], {code}
    while stack:
        for prerequisite in needs[stack.pop()]:
            if prerequisite == other:
                return True
            if prerequisite not in seen:
                seen.add(prerequisite)
                stack.append(prerequisite)
    return False


def _hints(items: Sequence[ItemSpec], ancestors: dict[str, frozenset[str]]) -> tuple[DependencyHint, ...]:
    producers: dict[str, list[str]] = {}
    for item in items:
        if item.result_licence_type:
            producers.setdefault(item.result_licence_type, []).append(item.code)
    hints: dict[tuple[str, str, str], None] = {}
    for item in items:
        for material in item.materials:
            wanted = material.licence_type or material.standard_code
            for producer in producers.get(wanted, ()) if wanted else ():
                if producer != item.code and producer not in ancestors[item.code]:
                    hints[(producer, item.code, wanted)] = None
    return tuple(DependencyHint(producer=p, consumer=c, licence_type=t) for p, c, t in hints)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value
