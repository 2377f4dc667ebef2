"""站内信: the outbox row *is* the message; the recipient reads it in their inbox."""

from __future__ import annotations

from zwfw.core.notify.base import ChannelAdapter


class InboxAdapter(ChannelAdapter):
    channel = "inbox"

    def send(self, notification) -> None:
        return None
