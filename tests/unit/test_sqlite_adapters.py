"""Issue 12 §23: explicit sqlite3 date/datetime adapters (Python 3.12 deprecates the defaults), for
the standard driver and SQLCipher's, storing what the defaults stored."""

from __future__ import annotations

import sqlite3
import warnings
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fieldkit.models import sqlite_adapters
from fieldkit.store_crypt import cipher_connect

DAY = date(2026, 11, 21)
AT = datetime(2026, 11, 21, 2, 0, 0, 123456)


def test_the_standard_driver_uses_our_adapters() -> None:
    import fieldkit.models  # noqa: F401  (registers on import)

    assert sqlite3.adapters[(date, sqlite3.PrepareProtocol)] is sqlite_adapters.adapt_date
    assert sqlite3.adapters[(datetime, sqlite3.PrepareProtocol)] is sqlite_adapters.adapt_datetime


@pytest.mark.parametrize("driver", ["sqlite3", "sqlcipher3"])
def test_raw_dates_bind_without_a_warning_as_the_defaults_stored_them(driver: str, tmp_path: Path) -> None:
    if driver == "sqlite3":
        conn = sqlite3.connect(":memory:")
        protocol = sqlite3.PrepareProtocol
        adapters = sqlite3.adapters
    else:
        import sqlcipher3.dbapi2 as sqlcipher

        conn = cipher_connect(tmp_path / "c.sqlite3", None)
        protocol, adapters = sqlcipher.PrepareProtocol, sqlcipher.adapters
    assert adapters[(datetime, protocol)] is sqlite_adapters.adapt_datetime
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Python 3.12's DeprecationWarning fails here
        row = conn.execute("select ?, ?, ?", (DAY, AT, AT.replace(tzinfo=UTC))).fetchone()
    conn.close()
    assert row == ("2026-11-21", "2026-11-21 02:00:00.123456", "2026-11-21 02:00:00.123456+00:00")
