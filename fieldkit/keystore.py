"""The store's data key and its wraps: one random 32-byte key encrypts the database (SQLCipher)
and, through subkeys, the attachments and backups; it is kept only wrapped, once per local login,
under a key derived from that login's password (argon2id), with AES-256-GCM.

``keys.json`` beside the store::

    {"version": 1, "demo_login": null,
     "wraps": {"<login>": {"kdf": "argon2id", "t": 3, "m": 65536, "p": 1,
                           "salt": "<b64>", "nonce": "<b64>", "wrapped": "<b64>"}}}

A password change re-wraps the same key (nothing is re-encrypted). A wrong password fails at the
unwrap (the GCM tag does not match), before the database is touched. The file is written
atomically (temporary file, fsync, rename); each wrap carries its own KDF parameters, so cheap
test parameters (``FIELDKIT_CHEAP_KDF=1``) never weaken a real store's wraps.

No Qt and nothing above :mod:`fieldkit.fileio`.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldkit.fileio import atomic_write

KEY_BYTES = 32
KEYS_FILE = "keys.json"
ENV_CHEAP_KDF = "FIELDKIT_CHEAP_KDF"
VERSION = 1

#: argon2id cost of a real wrap: ~0.2 s and 64 MiB on a field laptop (OWASP's second profile)
TIME_COST, MEMORY_KIB, PARALLELISM = 3, 64 * 1024, 1
#: the tests' cost (FIELDKIT_CHEAP_KDF=1): the smallest argon2 accepts
CHEAP_TIME_COST, CHEAP_MEMORY_KIB = 1, 8


class KeyProblem(Exception):
    """Base of the key-file problems (``code`` names the case; the services word it)."""

    code = "key"


class WrongPassword(KeyProblem):
    """No wrap for this login, or the password does not open it (the two are not told apart)."""

    code = "wrong_password"


class KeyFileDamaged(KeyProblem):
    """keys.json is unreadable or a wrap in it is malformed: not a password problem."""

    code = "key_file_damaged"


def keys_path(folder: Path) -> Path:
    return folder / KEYS_FILE


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def derive_subkey(data_key: bytes, purpose: str) -> bytes:
    """A 32-byte key for one purpose ("attachments", "backups", …) derived from the data key by
    HKDF-SHA256: the purposes' keys are independent, and none reveals the data key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if len(data_key) != KEY_BYTES:
        raise ValueError("data key must be 32 bytes")
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"fieldkit:" + purpose.encode()
    ).derive(data_key)


def key_id(data_key: bytes) -> str:
    return derive_subkey(data_key, "key-id")[:8].hex()


def _kdf_params() -> tuple[int, int, int]:
    if os.environ.get(ENV_CHEAP_KDF) == "1":
        return CHEAP_TIME_COST, CHEAP_MEMORY_KIB, PARALLELISM
    return TIME_COST, MEMORY_KIB, PARALLELISM


def _kek(password: str, salt: bytes, t: int, m: int, p: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=t,
        memory_cost=m,
        parallelism=p,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _aad(login: str) -> bytes:
    """The wrap is bound to its login: moving a wrap to another login's entry does not open."""
    return f"fieldkit-keys/{VERSION}/{login}".encode()


def wrap(data_key: bytes, login: str, password: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    t, m, p = _kdf_params()
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(_kek(password, salt, t, m, p)).encrypt(nonce, data_key, _aad(login))
    b64 = base64.b64encode
    return {
        "kdf": "argon2id",
        "t": t,
        "m": m,
        "p": p,
        "salt": b64(salt).decode(),
        "nonce": b64(nonce).decode(),
        "wrapped": b64(wrapped).decode(),
    }


def unwrap(entry: dict[str, Any], login: str, password: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        if entry.get("kdf") != "argon2id":
            raise KeyFileDamaged(f"unknown kdf {entry.get('kdf')!r}")
        t, m, p = int(entry["t"]), int(entry["m"]), int(entry["p"])
        if not (1 <= t <= 100 and 8 <= m <= 4 * 1024 * 1024 and 1 <= p <= 64):
            raise KeyFileDamaged("kdf parameters out of range")
        salt = base64.b64decode(entry["salt"], validate=True)
        nonce = base64.b64decode(entry["nonce"], validate=True)
        wrapped = base64.b64decode(entry["wrapped"], validate=True)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KeyFileDamaged(str(exc)) from exc
    if len(nonce) != 12 or len(wrapped) != KEY_BYTES + 16 or len(salt) < 8:
        raise KeyFileDamaged("malformed wrap")
    try:
        return AESGCM(_kek(password, salt, t, m, p)).decrypt(nonce, wrapped, _aad(login))
    except InvalidTag:
        raise WrongPassword() from None


@dataclass
class KeyFile:
    """The parsed keys.json of one data folder."""

    wraps: dict[str, dict[str, Any]]
    demo_login: str | None = None
    #: a fingerprint of the data key (HKDF, not the key): every wrap must hold the same key
    key_id: str | None = None

    @property
    def logins(self) -> list[str]:
        return sorted(self.wraps)


def exists(folder: Path) -> bool:
    return keys_path(folder).exists()


def load(folder: Path) -> KeyFile:
    try:
        text = keys_path(folder).read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise KeyFileDamaged(str(exc)) from exc
    return parse(text)


def parse(text: bytes | str) -> KeyFile:
    """A key file's content (a folder's keys.json, or the copy inside a backup)."""
    try:
        raw = json.loads(text)
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise KeyFileDamaged(str(exc)) from exc
    if not isinstance(raw, dict) or raw.get("version") != VERSION or not isinstance(raw.get("wraps"), dict):
        raise KeyFileDamaged("not a FieldKit key file")
    demo, key_id = raw.get("demo_login"), raw.get("key_id")
    return KeyFile(
        wraps=dict(raw["wraps"]),
        demo_login=demo if isinstance(demo, str) else None,
        key_id=key_id if isinstance(key_id, str) else None,
    )


def save(folder: Path, keys: KeyFile) -> None:
    body = {"version": VERSION, "key_id": keys.key_id, "demo_login": keys.demo_login, "wraps": keys.wraps}
    atomic_write(keys_path(folder), json.dumps(body, ensure_ascii=False, indent=1), make_parents=True)
    if os.name == "posix":  # the wraps resist guessing (argon2id), but other users need not try
        os.chmod(keys_path(folder), 0o600)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_key(folder: Path, login: str, password: str) -> bytes:
    """The data key, unwrapped with ``login``'s password (:class:`WrongPassword` otherwise)."""
    keys = load(folder)
    entry = keys.wraps.get(login)
    if entry is None:
        # the same cost and the same answer as a wrong password: which logins exist is not told
        _kek(password, b"\0" * 16, *_kdf_params())
        raise WrongPassword()
    return unwrap(entry, login, password)


def open_key_any(folder: Path, password: str, prefer: str | None = None) -> tuple[str, bytes]:
    """The login whose wrap ``password`` opens, and the data key (``prefer`` is tried first)."""
    return open_key_in(load(folder), password, prefer)


def open_key_in(keys: KeyFile, password: str, prefer: str | None = None) -> tuple[str, bytes]:
    """:func:`open_key_any` on a parsed key file (a backup's)."""
    if not keys.wraps:
        _kek(password, b"\0" * 16, *_kdf_params())
        raise WrongPassword()
    order = sorted(keys.wraps, key=lambda lg: lg != prefer)
    for login in order:
        try:
            return login, unwrap(keys.wraps[login], login, password)
        except WrongPassword:
            continue
    raise WrongPassword()


def set_wrap(
    folder: Path, data_key: bytes, login: str, password: str, *, demo_login: str | None = None
) -> None:
    """Wrap ``data_key`` for ``login`` (a new login, a changed password): keys.json is rewritten
    atomically, the other logins' wraps kept. Creates keys.json when there is none."""
    try:
        keys = load(folder)
    except FileNotFoundError:
        keys = KeyFile(wraps={})
    kid = key_id(data_key)
    if keys.wraps and keys.key_id not in (None, kid):
        raise KeyFileDamaged("keys.json holds another key")
    keys.key_id = kid
    keys.wraps[login] = wrap(data_key, login, password)
    if demo_login is not None:
        keys.demo_login = demo_login
    save(folder, keys)
