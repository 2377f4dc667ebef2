"""The one interface every delivery channel implements."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zwfw.core.models import Notification


class DeliveryError(Exception):
    """Sending failed this time; the outbox keeps the row and tries again later."""


class PermanentDeliveryError(DeliveryError):
    """Sending can never succeed (no phone number, no e-mail address): no retries."""


class ChannelAdapter:
    """Sends one outbox row through one channel.

    ``send`` returns when the channel accepted the message and raises :class:`DeliveryError`
    (or any exception: treated as temporary) when it did not. It must not change the row: the
    outbox service records attempts, errors and status around the call.
    """

    channel: str = ""

    def send(self, notification: Notification) -> None:
        raise NotImplementedError
