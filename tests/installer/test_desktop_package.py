"""The desktop .deb installed with dpkg: files in place, the installed app started offscreen on a
fresh user data folder (window shown, first view loaded, clean exit), a crash report, then the newer
package installed over it keeps the store, which the new copy migrates; removing and purging keep
the user's data."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from .conftest import Debs, dpkg, installed_version

#: building the packages takes minutes (docs/benchmarks.md); the suite's default is 300 s
pytestmark = [pytest.mark.installer, pytest.mark.timeout(3600)]

APP = Path("/usr/bin/fieldkit")


def _user_env(home: Path) -> dict[str, str]:
    """A fresh user: own HOME, nothing pointing at a data folder, offscreen, with the startup probe."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIELDKIT_", "XDG_"))}
    env.update(
        HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        FIELDKIT_STARTUP_PROBE="1",
        PATH="/usr/bin:/bin",
        PYTHONPATH="",  # nothing of the source tree: the bundle runs on its own
    )
    return env


def _start(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(APP), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


@contextmanager
def _engine(db: Path) -> Iterator[Engine]:
    """The installed app's store as it left it: encrypted (SQLCipher), its data key wrapped for the
    demo's login with the demo password in keys.json beside it."""
    from fieldkit import db as store
    from fieldkit import keystore
    from fieldkit.services.demo import DEMO_PASSWORD

    _login, key = keystore.open_key_any(db.parent, DEMO_PASSWORD)
    engine = store.cipher_engine(db, store.StoreKey(key))
    try:
        yield engine
    finally:
        engine.dispose()


def _scalar(db: Path, sql: str) -> object:
    with _engine(db) as engine, engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def _revision(db: Path) -> str:
    return str(_scalar(db, "SELECT version_num FROM alembic_version"))


def _count(db: Path, table: str) -> int:
    return int(str(_scalar(db, f"SELECT count(*) FROM {table}")))


def test_install_run_crash_upgrade_remove(debs: Debs, tmp_path, purge_after):
    purge_after.append("fieldkit")
    dpkg("-i", str(debs.desktop))
    assert installed_version("fieldkit") == f"{debs.version}-1"
    assert APP.is_symlink() and APP.resolve() == Path("/usr/lib/fieldkit/fieldkit")
    desktop = Path("/usr/share/applications/fieldkit.desktop").read_text(encoding="utf-8")
    assert "Exec=fieldkit" in desktop and "Icon=fieldkit" in desktop and "Categories=Office;" in desktop
    for size in (16, 32, 48, 128, 256):
        assert Path(f"/usr/share/icons/hicolor/{size}x{size}/apps/fieldkit.png").stat().st_size > 0
    assert Path("/usr/share/icons/hicolor/scalable/apps/fieldkit.svg").is_file()
    if shutil.which("desktop-file-validate"):
        out = subprocess.run(
            ["desktop-file-validate", "/usr/share/applications/fieldkit.desktop"],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stdout + out.stderr
    depends = subprocess.run(
        ["dpkg-query", "-W", "-f=${Depends}", "fieldkit"], capture_output=True, text=True
    ).stdout
    assert "libc6" in depends and "libxcb-cursor0" in depends and "libfontconfig1" in depends

    # first run of the installed copy, as a new user: the data goes to the platform's user data folder
    home = tmp_path / "home"
    home.mkdir()
    env = _user_env(home)
    out = _start(env, "--version", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == f"fieldkit {debs.version}", out.stdout + out.stderr
    out = _start(env, "--demo", cwd=tmp_path)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    assert any(line.startswith("FIELDKIT_STARTUP shown=") for line in out.stdout.splitlines()), out.stdout
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    folder = home / ".local" / "share" / "FieldKit"
    db = folder / "fieldkit.sqlite3"
    assert db.is_file()
    enterprises = _count(db, "enterprise")
    assert enterprises > 0

    # a crash in the packaged app: logged, shown in Chinese with the log's place, the store intact
    crash_env = dict(env, FIELDKIT_SELFTEST_CRASH="1")
    out = _start(crash_env, "--demo", cwd=tmp_path)
    log = folder / "logs" / "fieldkit.log"
    assert f"FIELDKIT_CRASH log={log}" in out.stdout, out.stdout[-2000:] + out.stderr[-3000:]
    assert out.returncode == 3, out.stderr[-3000:]
    text = log.read_text(encoding="utf-8")
    assert "SelfTestCrash" in text and "Traceback" in text
    assert _scalar(db, "PRAGMA integrity_check") == "ok"
    assert _count(db, "enterprise") == enterprises

    # a store written by an older release (one migration behind) ...
    head = _revision(db)
    _downgrade_one(db)
    older = _revision(db)
    assert older != head
    # ... is kept by the newer package and migrated by the newer app
    dpkg("-i", str(debs.desktop_newer))
    assert installed_version("fieldkit") == f"{debs.version}-2"
    out = _start(env, "--demo", cwd=tmp_path)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    assert _revision(db) == head
    assert _count(db, "enterprise") == enterprises

    # removing and purging the package leave the user's data alone
    dpkg("-r", "fieldkit")
    assert not APP.exists() and not Path("/usr/lib/fieldkit").exists()
    dpkg("--purge", "fieldkit")
    assert db.is_file() and _count(db, "enterprise") == enterprises


def _downgrade_one(db: Path) -> None:
    """Take the store one migration back with the source tree's migrations (what the previous
    release left)."""
    from fieldkit import db as store

    with _engine(db) as engine:
        current = store.current_revision(engine)
        assert current is not None
        store.downgrade(engine, f"{current}-1")


def test_lintian_finds_no_errors(debs: Debs):
    if shutil.which("lintian") is None:
        pytest.skip("lintian is not installed")
    if os.environ.get("FIELDKIT_INSTALLER_LINTIAN") != "1":
        pytest.skip("lintian takes 12 minutes on the two packages here: FIELDKIT_INSTALLER_LINTIAN=1 runs it")
    for deb in (debs.desktop, debs.server):
        out = subprocess.run(
            [
                "lintian",  # the packages carry their overrides (usr/share/lintian/overrides/<name>)
                "--tag-display-limit",
                "0",
                str(deb),
            ],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=Path(__file__).resolve().parents[2],
        )
        errors = [line for line in out.stdout.splitlines() if line.startswith("E:")]
        assert not errors, "\n".join(errors)
        assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
