"""The 一件事 composition engine: pure functions from published item specs to a bundle plan.

No database, no Django models: the caller builds :class:`ItemSpec` objects from the items'
published versions (:meth:`ItemSpec.from_interchange` takes the catalog's interchange dicts,
``docs/catalog-format.md``), names the dependencies and passes the stored review decisions::

    from zwfw.bundles.engine import Dependency, ItemSpec, MergeDecision, compose

    plan = compose(items, dependencies=[Dependency("A", "B")], decisions=stored)
    plan.after.materials, plan.time_limit_days, plan.open_suggestions, plan.publishable
    plan.to_dict()  # JSON for the API

One module per concern: :mod:`.inputs` (specs), :mod:`.normalise` and :mod:`.similarity` (names),
:mod:`.materials` (材料去重), :mod:`.forms` (表单整合), :mod:`.stages` (stages, critical path,
trips, windows), :mod:`.plan` (figures, review gate, :func:`compose`), :mod:`.errors`.
See ``docs/bundles-engine.md``.
"""

from zwfw.bundles.engine.errors import BundleCycleError, BundleEngineError, BundleInputError, EngineErrorCode
from zwfw.bundles.engine.forms import FieldVariant, FormConflict, MergedField
from zwfw.bundles.engine.inputs import Dependency, FieldSpec, GraphSummary, ItemSpec, MaterialSpec, MergeDecision
from zwfw.bundles.engine.materials import PRODUCED_NOTE, MaterialUse, MergedMaterial, MergeSuggestion
from zwfw.bundles.engine.normalise import name_key, normalise_name
from zwfw.bundles.engine.plan import DependencyHint, Figures, ItemSummary, Plan, compose, infer_dependencies
from zwfw.bundles.engine.similarity import DEFAULT_THRESHOLD, score
from zwfw.bundles.engine.stages import Stage, Window

__all__ = [
    "DEFAULT_THRESHOLD",
    "PRODUCED_NOTE",
    "BundleCycleError",
    "BundleEngineError",
    "BundleInputError",
    "Dependency",
    "DependencyHint",
    "EngineErrorCode",
    "FieldSpec",
    "FieldVariant",
    "Figures",
    "FormConflict",
    "GraphSummary",
    "ItemSpec",
    "ItemSummary",
    "MaterialSpec",
    "MaterialUse",
    "MergeDecision",
    "MergeSuggestion",
    "MergedField",
    "MergedMaterial",
    "Plan",
    "Stage",
    "Window",
    "compose",
    "infer_dependencies",
    "name_key",
    "normalise_name",
    "score",
]
