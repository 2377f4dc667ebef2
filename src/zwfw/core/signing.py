"""Signatures over canonical JSON (电子印章): the pure part, no database.

Two algorithms, chosen per department key:

- ``Ed25519`` (RFC 8032, through ``cryptography``): 32-byte public key, 64-byte signature.
- ``SM2`` with SM3 digests (GB/T 32918.2—2016 signature, GB/T 32905—2016 hash, through the
  pure-Python ``gmalg`` package): the public key is the 65-byte uncompressed point ``04‖x‖y``,
  the signature ``r‖s`` (64 bytes), the signer's identity the default ``1234567812345678``
  (GB/T 35276—2017 §5.3, the ID both sides use when none is agreed).

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

ED25519 = "Ed25519"
SM2 = "SM2"
ALGORITHMS = (ED25519, SM2)
#: The default algorithm (what a department's first key uses).
ALGORITHM = ED25519
#: GB/T 35276—2017 §5.3: the default signer identity when the parties agreed on none.
SM2_DEFAULT_UID = b"1234567812345678"
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


def _check_alg(alg: str) -> str:
    if alg not in ALGORITHMS:
        raise ValueError(f"unknown signature algorithm {alg!r}: expected one of {ALGORITHMS}")
    return alg


def new_private_key(alg: str = ED25519) -> tuple[bytes, bytes]:
    """A fresh key pair as raw bytes: (private, public); Ed25519 32/32 bytes, SM2 32/65 bytes."""
    if _check_alg(alg) == SM2:
        import gmalg

        private, public = gmalg.SM2().generate_keypair()
        return bytes(private), bytes(public)
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw, pub


def sign(private_raw: bytes, data: bytes, alg: str = ED25519) -> bytes:
    """The signature of ``data``: Ed25519 (64 bytes) or SM2 over the SM3 digest with Z_A (r‖s, 64 bytes)."""
    if _check_alg(alg) == SM2:
        import gmalg

        private = bytes(private_raw)
        signer = gmalg.SM2(private, SM2_DEFAULT_UID, _sm2_public_of(private))
        r, s = signer.sign(data)
        return bytes(r).rjust(32, b"\0") + bytes(s).rjust(32, b"\0")
    return Ed25519PrivateKey.from_private_bytes(private_raw).sign(data)


@lru_cache(maxsize=256)
def _sm2_public_of(private: bytes) -> bytes:
    import gmalg

    return bytes(gmalg.SM2().generate_pk(private))


@lru_cache(maxsize=1024)
def _public(public_b64: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64u_decode(public_b64))


@lru_cache(maxsize=1024)
def _sm2_verifier(public_b64: str):
    import gmalg

    public = b64u_decode(public_b64)
    if len(public) != 65 or public[0] != 4:
        raise ValueError("SM2 public key: expected the 65-byte uncompressed point")
    verifier = gmalg.SM2(pk=public, uid=SM2_DEFAULT_UID)
    if not verifier.verify_pk(public):
        raise ValueError("SM2 public key: not a point of the curve")
    return verifier


def verify(public_b64: str, data: bytes, signature_b64: str, alg: str = ED25519) -> bool:
    """True when ``signature_b64`` is ``public_b64``'s ``alg`` signature of ``data``; any bad input is False."""
    try:
        if alg == SM2:
            sig = b64u_decode(signature_b64)
            if len(sig) != 64:
                return False
            return bool(_sm2_verifier(public_b64).verify(data, sig[:32], sig[32:]))
        if alg != ED25519:
            return False
        _public(public_b64).verify(b64u_decode(signature_b64), data)
    except (InvalidSignature, ValueError, TypeError, ArithmeticError):
        return False
    return True


def sm3_hex(data: bytes) -> str:
    """The SM3 digest of ``data`` (GB/T 32905—2016), hex."""
    import gmalg

    h = gmalg.SM3()
    h.update(data)
    return bytes(h.value()).hex()


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
