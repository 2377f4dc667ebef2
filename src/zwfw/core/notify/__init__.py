"""Notification channels: one adapter per channel behind :class:`~zwfw.core.notify.base.ChannelAdapter`.

:func:`adapter_for` answers the adapter of a channel (``inbox``, ``sms``, ``email``);
:func:`adapter_register` replaces one (a province's own SMS gateway, a test double).
"""

from __future__ import annotations

from collections.abc import Callable

from zwfw.core.notify.base import ChannelAdapter, DeliveryError, PermanentDeliveryError
from zwfw.core.notify.inbox import InboxAdapter
from zwfw.core.notify.mail import EmailAdapter
from zwfw.core.notify.sms import SmsAdapter

__all__ = [
    "ChannelAdapter",
    "DeliveryError",
    "EmailAdapter",
    "InboxAdapter",
    "PermanentDeliveryError",
    "SmsAdapter",
    "adapter_for",
    "adapter_register",
]

# Factories, not instances: adapters read settings when built, so overrides in tests apply.
_ADAPTERS: dict[str, Callable[[], ChannelAdapter]] = {
    "inbox": InboxAdapter,
    "sms": SmsAdapter,
    "email": EmailAdapter,
}


def adapter_register(channel: str, factory: Callable[[], ChannelAdapter]) -> Callable[[], ChannelAdapter] | None:
    """Use ``factory`` for ``channel`` from now on; returns the previous factory (to restore it)."""
    previous = _ADAPTERS.get(channel)
    _ADAPTERS[channel] = factory
    return previous


def adapter_for(channel: str) -> ChannelAdapter:
    try:
        return _ADAPTERS[channel]()
    except KeyError:
        raise PermanentDeliveryError(f"未知的消息渠道 / unknown channel: {channel}") from None
