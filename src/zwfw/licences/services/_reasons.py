"""The reason a licence or a signed document is revoked: required, at most 300 characters."""

from __future__ import annotations

from zwfw.licences.errors import LicenceError, LicenceErrorCode

REASON_MAX = 300


def revocation_reason_clean(reason: str | None, *, missing: LicenceErrorCode, label: str) -> str:
    """``reason`` stripped; 422 ``missing`` when empty, ``licence_bad_input`` naming ``label`` when too long."""
    reason = (reason or "").strip()
    if not reason:
        raise LicenceError(missing)
    if len(reason) > REASON_MAX:
        raise LicenceError(
            LicenceErrorCode.BAD_INPUT, detail={"field": "reason"}, field=label, reason=f"不超过{REASON_MAX}个字符"
        )
    return reason
