"""Offline sign-in slow-down: free attempts, exponential capped waits, kept in a file across
restarts, reset by a correct password, shared by the window and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.services.auth import set_password
from fieldkit.services.errors import ValidationError
from fieldkit.services.signin_throttle import (
    STATE_FILE,
    SignInThrottle,
    SignInThrottled,
    delay_for,
    sign_in,
)
from tests.unit.fixtures import DB, add_staff

GOOD = "德阳2026!secure"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_delay_grows_exponentially_after_the_free_attempts_and_is_capped() -> None:
    assert [delay_for(n, free=5, base=5, cap=60) for n in range(0, 11)] == [
        0,
        0,
        0,
        0,
        0,
        0,
        5,
        10,
        20,
        40,
        60,
    ]
    assert delay_for(10_000, free=5, base=5, cap=900) == 900


def test_count_survives_a_restart_and_a_correct_password_resets_it(db: DB, tmp_path: Path) -> None:
    with db.tx() as s:
        st = add_staff(s, "张伟", "zhangwei")
        set_password(s, "zhangwei", st.id, GOOD)
    clock = Clock()
    folder = tmp_path / "data"
    for _ in range(5):  # five wrong passwords are free
        with db.tx() as s, pytest.raises(ValidationError) as err:
            sign_in(s, SignInThrottle(folder, clock=clock), "zhangwei", "wrong-one")
        assert not isinstance(err.value, SignInThrottled)
    assert SignInThrottle(folder, clock=clock).wait_seconds() == 0
    with db.tx() as s, pytest.raises(ValidationError):
        sign_in(s, SignInThrottle(folder, clock=clock), "zhangwei", "wrong-six")
    # a new program run (a new throttle object on the same folder) still waits
    again = SignInThrottle(folder, clock=clock)
    assert again.failures == 6 and again.wait_seconds() == 5.0
    with db.tx() as s, pytest.raises(SignInThrottled) as throttled:
        sign_in(s, again, "zhangwei", GOOD)  # even the right password waits: it is not checked
    assert throttled.value.seconds == 5
    assert throttled.value.text() == "密码错误次数过多，请在 5 秒后再试"
    assert again.failures == 6  # a refused attempt is not counted
    clock.now += 5
    with db.tx() as s, pytest.raises(ValidationError):
        sign_in(s, again, "zhangwei", "wrong-seven")
    assert again.wait_seconds() == 10.0  # doubled
    clock.now += 4
    assert again.wait_seconds() == 6.0
    clock.now += 6
    with db.tx() as s:
        assert sign_in(s, again, "zhangwei", GOOD).id == st.id
    assert not (folder / STATE_FILE).exists()
    assert SignInThrottle(folder, clock=clock).failures == 0


def test_clock_set_back_waits_no_longer_than_the_delay(tmp_path: Path) -> None:
    clock = Clock()
    t = SignInThrottle(tmp_path, clock=clock, free=0, base=30, cap=30)
    t.record_failure()
    clock.now -= 86_400
    assert t.wait_seconds() == 30.0


@pytest.mark.parametrize("content", ["{not json", '{"failures": "x"}', '{"failures": -3}', "[1, 2]"])
def test_a_damaged_file_slows_down_rather_than_forgets(tmp_path: Path, content: str) -> None:
    clock = Clock()
    (tmp_path / STATE_FILE).write_text(content, encoding="utf-8")
    t = SignInThrottle(tmp_path, clock=clock)
    assert t.wait_seconds() > 0
    assert t.failures == 6  # rewritten as just over the free attempts
    clock.now += 3600
    assert t.wait_seconds() == 0  # one wait, never a lock-out for good


def test_any_password_check_can_go_through_attempt(tmp_path: Path) -> None:
    """As an encrypted store's key unwrap or the CLI prompt would: the same count, the same file."""
    from fieldkit.services.signin_throttle import attempt

    clock = Clock()
    t = SignInThrottle(tmp_path, clock=clock, free=1, base=5, cap=5)
    calls: list[str] = []

    def unwrap(password: str):  # type: ignore[no-untyped-def]
        def check() -> str:
            calls.append(password)
            if password != GOOD:
                raise ValidationError("账号或密码错误", "password")
            return "key"

        return check

    for _ in range(2):
        with pytest.raises(ValidationError):
            attempt(t, unwrap("bad"))
    with pytest.raises(SignInThrottled):
        attempt(t, unwrap(GOOD))
    assert calls == ["bad", "bad"]  # the refused attempt never reached the check
    clock.now += 5
    assert attempt(t, unwrap(GOOD)) == "key" and t.failures == 0
