"""Schemas of the notifications API (the caller's own inbox)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class NotificationOut(Schema):
    id: int
    subject: str
    body: str
    link: str
    event: str
    created_at: datetime
    read_at: datetime | None
    is_read: bool

    @staticmethod
    def resolve_is_read(obj) -> bool:
        return obj.read_at is not None


class UnreadCountOut(Schema):
    unread: int


class MarkedReadOut(Schema):
    marked: int
