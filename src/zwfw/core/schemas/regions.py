"""Region schemas (GB/T 2260)."""

from __future__ import annotations

from ninja import Schema

from zwfw.core.models import RegionLevel
from zwfw.core.selectors.regions import region_ancestors, region_children


class RegionRefOut(Schema):
    code: str
    name: str
    level: int


class RegionOut(RegionRefOut):
    level_display: str
    parent: str | None
    path: str

    @staticmethod
    def resolve_level_display(obj) -> str:
        return str(RegionLevel(obj.level).label)

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent_id


class RegionDetailOut(RegionOut):
    ancestors: list[RegionRefOut]
    children: list[RegionRefOut]

    @staticmethod
    def resolve_ancestors(obj) -> list:
        return region_ancestors(obj)

    @staticmethod
    def resolve_children(obj) -> list:
        return list(region_children(obj))
