"""Offline sign-in: a slow salted hash (scrypt) per login kept on this device."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from sqlmodel import Session, select

from fieldkit.models import LocalCredential, Staff, utcnow

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP as N

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


def set_password(session: Session, login: str, staff_id: str, password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(N("Validation", "密码至少需要{n}位"), "password", n=MIN_LENGTH)
    cred = session.get(LocalCredential, login) or LocalCredential(
        login=login, staff_id=staff_id, password_hash=""
    )
    cred.staff_id = staff_id
    cred.password_hash = hash_password(password)
    cred.updated_at = utcnow()
    session.add(cred)


def has_credentials(session: Session) -> bool:
    return session.exec(select(LocalCredential.login)).first() is not None


def check_login(session: Session, login: str, password: str) -> Staff:
    """The signed-in staff member, or a ValidationError that does not say which part was wrong."""
    cred = session.get(LocalCredential, login.strip())
    if cred is None or not verify_password(password, cred.password_hash):
        raise ValidationError(N("Validation", "账号或密码错误"), "password")
    staff = session.get(Staff, cred.staff_id)
    if staff is None or not staff.active or staff.deleted:
        raise ValidationError(N("Validation", "该账号已停用"), "login")
    return staff
