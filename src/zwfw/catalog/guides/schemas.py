"""API schemas of the guides (``/api/v1/catalog/guides/…``): the 办事指南 view model and the
百姓体 guide, as rendered on the pages. ``GuideOut`` is made from the view model's attribute
list and the content spec (:mod:`zwfw.catalog.spec`), never written out twice."""

from __future__ import annotations

import functools

from ninja import Schema
from pydantic import create_model

from zwfw.catalog.guides.guide import GUIDE_MATERIAL_ATTRS, GUIDE_STEP_ATTRS, guide_attrs
from zwfw.catalog.spec import ContentSpec, current


def _schema(name: str, attrs) -> type[Schema]:
    return create_model(name, __base__=Schema, **{attr: (t, ...) for attr, t in attrs})


GuideMaterialOut = _schema("GuideMaterialOut", GUIDE_MATERIAL_ATTRS)
GuideStepOut = _schema("GuideStepOut", GUIDE_STEP_ATTRS)


@functools.cache
def guide_out_schema(spec: ContentSpec) -> type[Schema]:
    """The guide's API schema for ``spec``: the guide view model's attributes (one list,
    :data:`~zwfw.catalog.guides.guide.GUIDE_ATTRS`, plus the spec's generic elements)."""
    nested = {"GuideMaterial": GuideMaterialOut, "GuideStep": GuideStepOut}
    return _schema("GuideOut", [(a, list[nested[t[5:-1]]] if isinstance(t, str) else t) for a, t in guide_attrs(spec)])


GuideOut = guide_out_schema(current())


class PlainSectionOut(Schema):
    key: str
    title: str
    sentences: list[str]


class PlainGuideOut(Schema):
    code: str
    name: str
    version_number: int
    sections: list[PlainSectionOut]
