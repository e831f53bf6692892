"""The packages, built and installed for real (issue 13). These tests install .deb packages on the
machine with dpkg (as root) and remove and purge them at the end, so they run only when asked:
``FIELDKIT_INSTALLER_TESTS=1 python -m pytest -q -m installer tests/installer`` (.ci/run does so when
pyinstaller and dpkg-deb are present). The PyInstaller bundle comes from installer/build_bundle.sh's
cache when the sources are unchanged (seconds), else it is built (minutes: docs/benchmarks.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_RUN = "FIELDKIT_INSTALLER_TESTS"
#: package the bundle already in build/dist as it is (no PyInstaller run, no cache check)
ENV_PREBUILT = "FIELDKIT_INSTALLER_PREBUILT"


def _why_not() -> str | None:
    if os.environ.get(ENV_RUN) != "1":
        return f"installs packages on this machine: set {ENV_RUN}=1 to run"
    if sys.platform != "linux" or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root on Linux (dpkg -i)"
    tools = ["dpkg-deb", "dpkg-shlibdeps", "fakeroot"]
    if os.environ.get(ENV_PREBUILT) != "1":
        tools.append("pyinstaller")
    for tool in tools:
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _why_not()
    for item in items:
        if "tests/installer/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.installer)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@dataclass(frozen=True)
class Debs:
    desktop: Path
    desktop_newer: Path
    server: Path
    server_newer: Path
    version: str


def _build(*args: str) -> list[Path]:
    out = subprocess.run(
        ["bash", "installer/build_deb.sh", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return [
        Path(ROOT, line.split(": ", 1)[1]) for line in out.stdout.splitlines() if line.startswith("deb: ")
    ]


@pytest.fixture(scope="session")
def debs() -> Debs:
    """Revision 1 (bundle built or taken from the cache) and revision 2 of the same bundle: a newer
    package of each, to upgrade over the first."""
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    prebuilt = ["--no-bundle"] if os.environ.get(ENV_PREBUILT) == "1" else []
    desktop, server = _build("--revision", "1", *prebuilt)
    return Debs(desktop, _newer(desktop), server, _newer(server), version)


def _newer(deb: Path) -> Path:
    """The same package with the next Debian revision (what an update of the package is to dpkg),
    repacked from ``deb`` with dpkg-deb instead of a second run of the build script."""
    work = deb.with_suffix(".newer")
    subprocess.run(["rm", "-rf", str(work)], check=True)
    subprocess.run(["dpkg-deb", "-R", str(deb), str(work)], check=True, timeout=900)
    control = work / "DEBIAN" / "control"
    text = control.read_text(encoding="utf-8")
    version = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Version: "))
    upstream, _, revision = version.rpartition("-")
    newer = f"{upstream}-{int(revision) + 1}"
    control.write_text(text.replace(f"Version: {version}", f"Version: {newer}"), encoding="utf-8")
    out = deb.with_name(deb.name.replace(f"_{version}_", f"_{newer}_"))
    subprocess.run(
        ["fakeroot", "dpkg-deb", "--build", "-Zgzip", "-z1", str(work), str(out)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    subprocess.run(["rm", "-rf", str(work)], check=True)
    return out


def dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        ["dpkg", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
    )
    assert out.returncode == 0, f"dpkg {' '.join(args)}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


def installed_version(package: str) -> str | None:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status} ${Version}", package], capture_output=True, text=True
    )
    if out.returncode != 0 or not out.stdout.startswith("install ok installed"):
        return None
    return out.stdout.rsplit(" ", 1)[1]


@pytest.fixture
def purge_after():
    """Packages named here are purged at the end of the test, whatever happened."""
    names: list[str] = []
    yield names
    for name in names:
        subprocess.run(["dpkg", "--purge", name], capture_output=True, timeout=600)
