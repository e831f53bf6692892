"""Offline sign-in: slow salted hashes, one message for every failure, minimum length."""

from __future__ import annotations

import pytest

from fieldkit.models import LocalCredential, Staff
from fieldkit.services import store
from fieldkit.services.auth import (
    MIN_LENGTH,
    check_login,
    has_credentials,
    hash_password,
    set_password,
    verify_password,
)
from fieldkit.services.errors import ValidationError
from tests.unit.fixtures import ACTOR, DB, add_staff

GOOD = "德阳2026!secure"


@pytest.fixture
def staff(db: DB) -> Staff:
    with db.tx() as s:
        st = add_staff(s, "张伟", "zhangwei")
        set_password(s, "zhangwei", st.id, GOOD)
    return st


def test_hash_and_verify() -> None:
    h = hash_password(GOOD)
    assert h.startswith("scrypt$16384$8$1$")
    assert GOOD not in h
    assert verify_password(GOOD, h)
    assert not verify_password(GOOD + " ", h)
    assert not verify_password("德阳2026!Secure", h)
    assert hash_password(GOOD) != h  # a fresh salt every time


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain-text-password",
        "bcrypt$x$y$z$a$b",
        "scrypt$abc$8$1$AAAA$AAAA",
        "scrypt$16384$8$1$!!notbase64$x",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==",
    ],
)
def test_a_damaged_stored_hash_never_verifies_and_never_crashes(stored: str) -> None:
    assert verify_password(GOOD, stored) is False


def test_check_login(db: DB, staff: Staff) -> None:
    with db.session() as s:
        assert has_credentials(s)
        assert check_login(s, "zhangwei", GOOD).id == staff.id
        assert check_login(s, "  zhangwei ", GOOD).id == staff.id


def test_wrong_password_and_unknown_login_look_the_same(db: DB, staff: Staff) -> None:
    with db.session() as s:
        with pytest.raises(ValidationError) as wrong:
            check_login(s, "zhangwei", "wrong-password")
        with pytest.raises(ValidationError) as unknown:
            check_login(s, "nobody", GOOD)
    assert wrong.value.text() == unknown.value.text() == "账号或密码错误"
    assert wrong.value.field == unknown.value.field


def test_short_password_is_refused(db: DB, staff: Staff) -> None:
    with pytest.raises(ValidationError) as info, db.tx() as s:
        set_password(s, "zhangwei", staff.id, "1234567")
    assert info.value.params == {"n": MIN_LENGTH} and MIN_LENGTH == 8
    assert "8" in info.value.text()
    with db.session() as s:  # the old password still works
        assert check_login(s, "zhangwei", GOOD).id == staff.id
    with db.tx() as s:
        set_password(s, "zhangwei", staff.id, "12345678")  # exactly the minimum
    with db.session() as s:
        assert check_login(s, "zhangwei", "12345678").id == staff.id
        with pytest.raises(ValidationError):
            check_login(s, "zhangwei", GOOD)  # replaced
    assert db.count(LocalCredential) == 1


def test_disabled_or_removed_account(db: DB, staff: Staff) -> None:
    with db.tx() as s:
        store.update(s, s.get(Staff, staff.id), ACTOR, active=False)
    with db.session() as s, pytest.raises(ValidationError) as info:
        check_login(s, "zhangwei", GOOD)
    assert info.value.field == "login" and info.value.text() == "该账号已停用"
    with db.tx() as s:
        st = s.get(Staff, staff.id)
        store.update(s, st, ACTOR, active=True)
        store.delete(s, st, ACTOR)
    with db.session() as s, pytest.raises(ValidationError) as info:
        check_login(s, "zhangwei", GOOD)
    assert info.value.text() == "该账号已停用"


def test_no_credentials_on_a_fresh_device(db: DB) -> None:
    with db.session() as s:
        assert not has_credentials(s)


def test_signed_in_context_scopes_by_role(db: DB, staff: Staff, tmp_path) -> None:
    from fieldkit.services.context import ServiceContext

    with db.tx() as s:
        boss = add_staff(s, "赵敏", "zhaomin", role="supervisor")
    with db.session() as s:
        me = check_login(s, "zhangwei", GOOD)
    ctx = ServiceContext(db.engine, tmp_path / "data", me, device_id="laptop-3")
    assert not ctx.is_supervisor and ctx.scope_staff_id == staff.id
    assert ctx.actor.staff_id == staff.id and ctx.actor.device_id == "laptop-3"
    assert ctx.records.actor is ctx.actor and ctx.demands.actor is ctx.actor
    assert ctx.attachments.folder.is_dir()
    sup = ServiceContext(db.engine, tmp_path / "data", boss)
    assert sup.is_supervisor and sup.scope_staff_id is None
    with ctx.make_session() as s:  # sessions of the context see the same store
        assert s.get(Staff, boss.id).name == "赵敏"
