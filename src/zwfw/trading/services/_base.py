"""Helpers shared by the trading services: actor checks, keyed hashes of personal data."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied

from zwfw.core.identifiers import validate_uscc
from zwfw.core.models import Role
from zwfw.core.permissions import require
from zwfw.core.types import Actor

from ..errors import TradingError, TradingErrorCode


def require_action(actor: Actor, action: str) -> None:
    if actor is None:
        raise PermissionDenied("no actor")
    require(actor, action)


def enterprise_uscc(user, who: str = "投标人") -> str:
    """The user's valid USCC; enterprise accounts only (投标人, 招标人, 招标代理)."""
    if getattr(user, "role", None) != Role.ENTERPRISE:
        raise TradingError(TradingErrorCode.NOT_ENTERPRISE, who=who)
    result = validate_uscc(user.uscc or "")
    if not result.valid:
        raise TradingError(TradingErrorCode.INVALID_USCC, reason=result.message)
    return result.value


def keyed_hash(value: str, purpose: str) -> str:
    """HMAC-SHA256 of a normalised personal value: equal inputs match, the value is not stored."""
    if not value:
        return ""
    norm = "".join(value.split()).upper()
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{norm}".encode(), hashlib.sha256).hexdigest()


def mask_account(value: str) -> str:
    v = "".join((value or "").split())
    return ("*" * max(0, len(v) - 4)) + v[-4:] if v else ""
