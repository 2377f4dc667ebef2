"""Guides rendered from an item's published version (同源): the 办事指南 view model
(:mod:`.guide`), the 百姓体 plain-language guide (:mod:`.plain`) and the 一图 SVG (:mod:`.diagram`)."""

from zwfw.catalog.guides.diagram import diagram_svg
from zwfw.catalog.guides.guide import Guide, build_guide, guide_data_for
from zwfw.catalog.guides.plain import PlainGuide, plain_guide

__all__ = ["Guide", "PlainGuide", "build_guide", "diagram_svg", "guide_data_for", "plain_guide"]
