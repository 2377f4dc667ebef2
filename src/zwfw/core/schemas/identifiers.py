"""Schemas of ``GET /api/v1/identifiers/validate`` (公民身份号码 / 统一社会信用代码 live check)."""

from __future__ import annotations

from ninja import Schema

from zwfw.core.identifiers import IdentifierResult, mask_id_number


class IdentifierProblemOut(Schema):
    code: str
    message: str
    message_en: str


class IdentifierValidateOut(Schema):
    """The answer: valid or not, and why.

    A 公民身份号码 is personal data: its ``value`` is answered masked (5101**********123X) and its
    ``info`` stays empty (birth date and sex are exactly the part the mask hides). A 统一社会信用代码
    is public register data and comes back normalised, with its authority, region and
    organisation code in ``info``.
    """

    kind: str
    value: str
    valid: bool
    problems: list[IdentifierProblemOut]
    message: str
    info: dict[str, str]

    @staticmethod
    def from_result(result: IdentifierResult) -> IdentifierValidateOut:
        personal = result.kind == "id_number"
        return IdentifierValidateOut(
            kind=result.kind,
            value=mask_id_number(result.value) if personal else result.value,
            valid=result.valid,
            problems=[IdentifierProblemOut(code=p.code, message=p.zh, message_en=p.en) for p in result.problems],
            message=result.message,
            info={} if personal else {k: str(v) for k, v in result.info.items()},
        )
