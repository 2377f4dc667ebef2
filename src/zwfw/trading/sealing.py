"""Sealing bids: AES-GCM encryption of prices and documents with a key released at opening.

The key of a section is derived (HKDF-SHA256) from the server's ``SECRET_KEY`` and the section's
id; it is never stored in the database (a database dump alone opens nothing). :func:`unseal` is called only
by the opening service and refuses before the section's opening time, so a database dump, a staff
account or an API call cannot read a price early: the ciphertext is all there is until the
opening runs. The associated data binds each ciphertext to its bid, so a sealed price cannot be
moved to another bid.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils import timezone

NONCE = 12


def _key(section) -> bytes:
    info = f"zwfw.trading.seal:{section.pk}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"zwfw-trading", info=info).derive(
        settings.SECRET_KEY.encode()
    )


def seal(section, *, data: bytes, context: str) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_key(section)).encrypt(nonce, data, context.encode())


class StillSealed(PermissionError):
    """Raised when anything tries to unseal before the opening time."""


def unseal(section, *, token: bytes | memoryview, context: str) -> bytes:
    """Decrypt one sealed value; refuses before the section's opening time (the clock is the
    server's: no caller can pass a time of its own)."""
    if timezone.now() < section.opening_at:
        raise StillSealed(f"section {section.pk} opens at {section.opening_at.isoformat()}")
    token = bytes(token)
    return AESGCM(_key(section)).decrypt(token[:NONCE], token[NONCE:], context.encode())
