"""Offline sign-in: a slow salted hash (scrypt) per login kept on this device."""

from __future__ import annotations

from sqlmodel import Session, select

from fieldkit.models import LocalCredential, Staff, utcnow

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP as N

# the hash itself needs no ORM (the start's first view checks it before SQLAlchemy is imported)
from .password_hash import MIN_LENGTH as MIN_LENGTH
from .password_hash import hash_password as hash_password
from .password_hash import verify_password as verify_password


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
