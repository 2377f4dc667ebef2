"""Errors of the composition engine: stable codes with zh/en messages (rendered as 422 by the API).

They subclass :class:`zwfw.core.errors.ZwfwError`, so the API's one handler renders them as
``{"code", "message", "detail"}`` when the Django side lets one through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zwfw.core.errors import ErrorCode, ZwfwError


class EngineErrorCode(ErrorCode):
    CYCLE = (
        "bundle_dependency_cycle",
        422,
        "一件事中的事项依赖形成循环，无法排定办理顺序：{cycle}",
        "The items' dependencies form a cycle, so no order exists: {cycle}",
    )
    INPUT_INVALID = (
        "bundle_input_invalid",
        422,
        "一件事的组成数据有误：{reason}",
        "The bundle's composition input is not valid: {reason}",
    )


class BundleEngineError(ZwfwError):
    """Any error of the composition engine."""


class BundleInputError(BundleEngineError):
    """Bad input: no items, a duplicate item code, a dependency on an unknown item, bad interchange data.

    ``reason_zh``/``reason_en`` say what is wrong; the message uses the active language.
    """

    def __init__(self, reason_zh: str, reason_en: str, detail: Any = None) -> None:
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        super().__init__(EngineErrorCode.INPUT_INVALID, detail=detail, reason=_Bilingual(reason_zh, reason_en))

    @property
    def message_zh(self) -> str:
        return EngineErrorCode.INPUT_INVALID.zh.format(reason=self.reason_zh)

    @property
    def message_en(self) -> str:
        return EngineErrorCode.INPUT_INVALID.en.format(reason=self.reason_en)


class BundleCycleError(BundleEngineError):
    """The dependencies between the bundle's items contain a cycle (no topological order exists).

    ``cycle`` holds the item codes along one cycle, first item repeated at the end
    (``("A", "B", "A")``); ``names`` the matching item names. The messages name the items.
    """

    def __init__(self, cycle: Sequence[str], names: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        self.names = tuple(names)
        zh = " → ".join(f"{name}（{code}）" for code, name in zip(self.cycle, self.names, strict=True))
        en = " -> ".join(f"{name} ({code})" for code, name in zip(self.cycle, self.names, strict=True))
        self._zh, self._en = zh, en
        super().__init__(
            EngineErrorCode.CYCLE,
            detail={"cycle": list(self.cycle), "names": list(self.names)},
            cycle=_Bilingual(zh, en),
        )

    @property
    def message_zh(self) -> str:
        return EngineErrorCode.CYCLE.zh.format(cycle=self._zh)

    @property
    def message_en(self) -> str:
        return EngineErrorCode.CYCLE.en.format(cycle=self._en)


class _Bilingual:
    """A message parameter rendered in the active language, like the template it is formatted into."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en

    def __format__(self, spec: str) -> str:
        from django.utils.translation import get_language

        lang = (get_language() or "zh-hans").lower()
        return format(self.en if lang.startswith("en") else self.zh, spec)

    def __str__(self) -> str:
        return self.__format__("")
