"""The offline password's slow salted hash (scrypt), without the ORM: the sign-in of the start's
first view (:mod:`fieldkit.services.first_view`) checks it before SQLAlchemy is imported;
:mod:`fieldkit.services.auth` keeps the credentials."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 8


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    dk = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(dk).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt_b64, dk_b64 = stored.split("$")
    except ValueError:
        return False
    if algo != "scrypt":
        return False
    try:  # a damaged stored hash is a failed sign-in, never a crash
        salt, expected = base64.b64decode(salt_b64, validate=True), base64.b64decode(dk_b64, validate=True)
        if not expected:
            return False
        dk = hashlib.scrypt(password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, OverflowError, MemoryError):  # binascii.Error is a ValueError
        return False
    return hmac.compare_digest(dk, expected)
