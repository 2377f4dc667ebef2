"""表单整合: one application form for the bundle (一表申请), keyed by data element.

Fields are keyed by their data element (``zwfw.catalog.elements``): the same element is the same
datum, so the applicant fills it once for every item that asks for it. The merged field takes the
first item's label (in bundle order) and is required if any item requires it.

A **conflict** is the same element asked with a different ``type``, different ``choices`` (compared
as sets: order is presentation) or a different ``rule``. Such a field cannot be shown once with one
check, so it is listed with every variant and the items asking for each, for a reviewer; the
catalog entries must be aligned (the element dictionary is the one source of a field's type).
Different labels or ``required`` flags are not conflicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zwfw.bundles.engine.inputs import FieldSpec, ItemSpec


@dataclass(frozen=True)
class FieldVariant:
    """One way an element is asked for, and the items asking for it that way."""

    type: str
    choices: tuple[str, ...]
    rule: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class MergedField:
    element: str
    label: str
    type: str  # the first variant's type (see ``conflict``)
    required: bool
    choices: tuple[str, ...]
    rule: str
    items: tuple[str, ...]  # item codes asking for it, in bundle order
    labels: tuple[str, ...]  # every distinct label used
    conflict: bool


@dataclass(frozen=True)
class FormConflict:
    """One element asked for in incompatible ways (two or more variants)."""

    element: str
    label: str
    variants: tuple[FieldVariant, ...]


@dataclass(frozen=True)
class FormResult:
    fields: tuple[MergedField, ...]
    conflicts: tuple[FormConflict, ...]
    fields_total: int  # every (item, field): the one-by-one count


def _signature(field: FieldSpec) -> tuple[str, frozenset[str], str]:
    return (field.type, frozenset(field.choices), field.rule)


def merge_form(items: Sequence[ItemSpec]) -> FormResult:
    """Merge the forms of ``items`` by element (see the module docstring)."""
    order: list[str] = []
    asked: dict[str, list[tuple[str, FieldSpec]]] = {}
    total = 0
    for item in items:
        for field in item.form:
            total += 1
            if field.element not in asked:
                asked[field.element] = []
                order.append(field.element)
            asked[field.element].append((item.code, field))

    fields: list[MergedField] = []
    conflicts: list[FormConflict] = []
    for element in order:
        entries = asked[element]
        first = entries[0][1]
        variants: dict[tuple[str, frozenset[str], str], tuple[FieldSpec, list[str]]] = {}
        for code, field in entries:
            signature = _signature(field)
            if signature not in variants:
                variants[signature] = (field, [])
            if code not in variants[signature][1]:
                variants[signature][1].append(code)
        conflict = len(variants) > 1
        fields.append(
            MergedField(
                element=element,
                label=first.label,
                type=first.type,
                required=any(f.required for _, f in entries),
                choices=first.choices,
                rule=first.rule,
                items=tuple(dict.fromkeys(code for code, _ in entries)),
                labels=tuple(dict.fromkeys(f.label for _, f in entries)),
                conflict=conflict,
            )
        )
        if conflict:
            conflicts.append(
                FormConflict(
                    element=element,
                    label=first.label,
                    variants=tuple(
                        FieldVariant(type=f.type, choices=f.choices, rule=f.rule, items=tuple(codes))
                        for f, codes in variants.values()
                    ),
                )
            )
    return FormResult(fields=tuple(fields), conflicts=tuple(conflicts), fields_total=total)
