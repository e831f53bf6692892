"""Password hashes (argon2id) and bearer tokens (only their sha256 is stored)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def configure(*, time_cost: int, memory_kib: int) -> None:
    """Cost of new hashes (a stored hash carries its own parameters, so verifying never depends
    on this)."""
    global _hasher, _DUMMY
    if (_hasher.time_cost, _hasher.memory_cost) != (time_cost, memory_kib):
        _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        _DUMMY = _hasher.hash("fieldkit-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """A wrong password or a damaged stored hash is a failed login, never a crash."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def verify_dummy(password: str) -> None:
    """Spend the same time on an unknown login as on a known one."""
    verify_password(_DUMMY, password)


_DUMMY = _hasher.hash("fieldkit-dummy-password")
