"""Offline sign-in slow-down: after :data:`FREE_ATTEMPTS` wrong passwords every further attempt
waits longer (``BASE_DELAY_S * 2**k``, at most :data:`MAX_DELAY_S`); a correct password resets it.

The count is kept outside the database, in ``signin_throttle.json`` in the data folder: the
database may be unreadable before sign-in (it is encrypted with a key from the password), and the
count must survive restarting the program. The window's sign-in dialog and the command line's
sign-in both go through :func:`sign_in` (or :class:`SignInThrottle` directly).

Times are wall-clock seconds (``time.time``, injectable). A clock set back does not lengthen the
wait beyond the current delay; deleting the file resets the count (anyone who can delete files in
the data folder can also copy the database and attack it offline: that is what the key
derivation's cost is for, see docs/security.md).
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from fieldkit.fileio import atomic_write

from .errors import FieldKitError, ValidationError
from .i18n import QT_TRANSLATE_NOOP as N

if TYPE_CHECKING:
    from sqlmodel import Session

    from fieldkit.models import Staff

STATE_FILE = "signin_throttle.json"
#: wrong passwords allowed before attempts are slowed down
FREE_ATTEMPTS = 5
#: the wait after the first wrong password beyond the free ones (seconds)
BASE_DELAY_S = 5.0
#: the longest wait between two attempts (seconds)
MAX_DELAY_S = 15 * 60.0

Clock = Callable[[], float]
T = TypeVar("T")


class SignInThrottled(FieldKitError):
    """Too many wrong passwords: the next attempt is allowed in ``seconds`` (whole seconds, ≥ 1)."""

    context = "Validation"

    def __init__(self, seconds: int) -> None:
        super().__init__(
            N("Validation", "密码错误次数过多，请在 {seconds} 秒后再试"), "password", seconds=seconds
        )
        self.seconds = seconds


@dataclass
class ThrottleState:
    failures: int = 0
    last_failure: float = 0.0  # wall-clock seconds of the last wrong password


def delay_for(
    failures: int, *, free: int = FREE_ATTEMPTS, base: float = BASE_DELAY_S, cap: float = MAX_DELAY_S
) -> float:
    """The wait imposed after ``failures`` wrong passwords in a row (0 while within the free ones)."""
    extra = failures - free
    if extra < 1:
        return 0.0
    return min(cap, base * 2.0 ** min(extra - 1, 32))


class SignInThrottle:
    """The wrong-password count of one data folder."""

    def __init__(
        self,
        folder: Path,
        *,
        clock: Clock = time.time,
        free: int = FREE_ATTEMPTS,
        base: float = BASE_DELAY_S,
        cap: float = MAX_DELAY_S,
    ) -> None:
        self.path = Path(folder) / STATE_FILE
        self.clock = clock
        self.free, self.base, self.cap = free, base, cap

    def load(self) -> ThrottleState:
        """The saved state. A damaged file is replaced by "just over the free attempts, now" (the
        count it held is unknown): one wait, never a lock-out for good."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            failures = int(raw.get("failures", 0))
            last = float(raw.get("last_failure", 0.0))
            if failures < 0 or not math.isfinite(last):
                raise ValueError(failures)
        except FileNotFoundError:
            return ThrottleState()
        except (OSError, ValueError, AttributeError, TypeError):
            state = ThrottleState(self.free + 1, self.clock())
            with contextlib.suppress(OSError):
                self._save(state)
            return state
        return ThrottleState(failures, last)

    def _save(self, state: ThrottleState) -> None:
        atomic_write(
            self.path,
            json.dumps({"failures": state.failures, "last_failure": state.last_failure}),
            make_parents=True,
        )

    def wait_seconds(self) -> float:
        """How long until the next attempt is allowed (0 now)."""
        state = self.load()
        delay = delay_for(state.failures, free=self.free, base=self.base, cap=self.cap)
        if delay <= 0:
            return 0.0
        elapsed = self.clock() - state.last_failure
        if elapsed < 0:  # the clock was set back: wait the current delay, never longer
            elapsed = 0.0
        return max(0.0, delay - elapsed)

    def check(self) -> None:
        """Raise :class:`SignInThrottled` while an attempt is not yet allowed."""
        wait = self.wait_seconds()
        if wait > 0:
            raise SignInThrottled(max(1, math.ceil(wait)))

    def record_failure(self) -> float:
        """Count one wrong password; the wait it imposes (0 within the free attempts)."""
        state = self.load()
        state.failures += 1
        state.last_failure = self.clock()
        self._save(state)
        return delay_for(state.failures, free=self.free, base=self.base, cap=self.cap)

    def reset(self) -> None:
        """A correct password: no more wait. Nothing is written when there is nothing to reset: a
        read-only data folder (which refuses even the removal of a file that is not there, EROFS
        before ENOENT) still signs in for reading."""
        if not self.path.exists():
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    @property
    def failures(self) -> int:
        return self.load().failures


def attempt(throttle: SignInThrottle, check: Callable[[], T]) -> T:
    """Run one password check under the slow-down: refused with :class:`SignInThrottled` (``check``
    is not even called) while a wait runs; a wrong login or password (a :class:`ValidationError`
    on the ``password`` field) counts; success resets the count. Any password check can go
    through here: the offline sign-in below, an encrypted store's key unwrap, the CLI prompt."""
    throttle.check()
    try:
        result = check()
    except ValidationError as exc:
        if exc.field == "password":  # wrong login or password (a disabled account is not a guess)
            throttle.record_failure()
        raise
    throttle.reset()
    return result


def sign_in(session: Session, throttle: SignInThrottle, login: str, password: str) -> Staff:
    """:func:`fieldkit.services.auth.check_login` under the slow-down (:func:`attempt`)."""
    from .auth import check_login

    return attempt(throttle, lambda: check_login(session, login, password))


__all__ = [
    "BASE_DELAY_S",
    "FREE_ATTEMPTS",
    "MAX_DELAY_S",
    "STATE_FILE",
    "SignInThrottle",
    "SignInThrottled",
    "delay_for",
    "attempt",
    "sign_in",
]
