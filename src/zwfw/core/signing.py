"""Ed25519 signatures over canonical JSON (电子印章): the pure part, no database.

A signed document is verified with nothing but the public key list, so this module imports no
model: ``zwfw licences verify FILE --keys KEYS.json`` and the benchmark use it offline.

- :func:`canonical_json`: keys sorted, no spaces, UTF-8 (not ASCII-escaped), dates as ISO text.
  The same object always gives the same bytes, so one changed byte of a value changes the bytes.
- Keys and signatures travel as unpadded base64url of the raw bytes (32-byte public key,
  64-byte signature).
- Private keys are stored sealed: AES-GCM under a key derived (HKDF-SHA256) from ``SECRET_KEY``
  and the key id, so a database dump alone signs nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ALGORITHM = "Ed25519"
NONCE = 12


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text: str) -> bytes:
    text = (text or "").strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _default(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def canonical_json(obj: Any) -> bytes:
    """The bytes a signature covers: sorted keys, compact separators, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode()


def new_private_key() -> tuple[bytes, bytes]:
    """A fresh key pair as raw bytes: (private 32 bytes, public 32 bytes)."""
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw, pub


def sign(private_raw: bytes, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_raw).sign(data)


@lru_cache(maxsize=1024)
def _public(public_b64: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64u_decode(public_b64))


def verify(public_b64: str, data: bytes, signature_b64: str) -> bool:
    """True when ``signature_b64`` is ``public_b64``'s Ed25519 signature of ``data``; any bad input is False."""
    try:
        _public(public_b64).verify(b64u_decode(signature_b64), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _seal_key(secret: str, kid: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"zwfw-signing-key", info=kid.encode()).derive(
        secret.encode()
    )


def seal_private(private_raw: bytes, *, secret: str, kid: str) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_seal_key(secret, kid)).encrypt(nonce, private_raw, kid.encode())


def unseal_private(token: bytes, *, secret: str, kid: str) -> bytes:
    token = bytes(token)
    return AESGCM(_seal_key(secret, kid)).decrypt(token[:NONCE], token[NONCE:], kid.encode())
