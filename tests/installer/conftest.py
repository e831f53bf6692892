"""The packages, built and installed for real (issue 13). These tests install .deb packages on the
machine with dpkg (as root) and remove and purge them at the end, so they run only when asked:
``FIELDKIT_INSTALLER_TESTS=1 python -m pytest -q -m installer tests/installer`` (.ci/run does so when
pyinstaller and dpkg-deb are present). The PyInstaller bundle comes from installer/build_bundle.sh's
cache when the sources are unchanged (seconds), else it is built (minutes: docs/benchmarks.md).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import time
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
    repacked from ``deb`` instead of a second run of the build script: only its control member is
    rewritten (the Version line); its data member (the files, the bulk) is carried over byte for byte,
    in the order dpkg-deb wrote them (debian-binary, control.tar.gz, data.tar.gz). dpkg installs it
    as the newer package."""
    members = _ar_read(deb)
    assert [name for name, _ in members] == ["debian-binary", "control.tar.gz", "data.tar.gz"], members
    control_tar = dict(members)["control.tar.gz"]
    out_members: list[tuple[str, bytes]] = []
    version = newer = ""
    with tarfile.open(fileobj=io.BytesIO(control_tar), mode="r:gz") as src:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.GNU_FORMAT) as dst:
            for info in src.getmembers():
                data = src.extractfile(info).read() if info.isfile() else None  # type: ignore[union-attr]
                if info.name in ("./control", "control") and data is not None:
                    text = data.decode("utf-8")
                    version = next(
                        line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Version: ")
                    )
                    upstream, _, revision = version.rpartition("-")
                    newer = f"{upstream}-{int(revision) + 1}"
                    data = text.replace(f"Version: {version}", f"Version: {newer}").encode("utf-8")
                    info.size = len(data)
                dst.addfile(info, io.BytesIO(data) if data is not None else None)
    assert newer, "no control file in the package"
    for name, body in members:
        out_members.append((name, buf.getvalue() if name == "control.tar.gz" else body))
    out = deb.with_name(deb.name.replace(f"_{version}_", f"_{newer}_"))
    _ar_write(out, out_members)
    return out


def _ar_read(path: Path) -> list[tuple[str, bytes]]:
    """The members of an ar archive (the container of a .deb: deb(5))."""
    raw = path.read_bytes()
    assert raw[:8] == b"!<arch>\n", f"{path} is not an ar archive"
    members, pos = [], 8
    while pos < len(raw):
        header = raw[pos : pos + 60]
        name = header[:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        members.append((name, raw[pos + 60 : pos + 60 + size]))
        pos += 60 + size + (size % 2)
    return members


def _ar_write(path: Path, members: list[tuple[str, bytes]]) -> None:
    """An ar archive as dpkg-deb writes one (mtime now, owner 0, mode 100644)."""
    now = int(time.time())
    with open(path, "wb") as fh:
        fh.write(b"!<arch>\n")
        for name, body in members:
            header = f"{name:<16}{now:<12}{0:<6}{0:<6}{'100644':<8}{len(body):<10}`\n"
            assert len(header) == 60
            fh.write(header.encode("ascii"))
            fh.write(body)
            if len(body) % 2:
                fh.write(b"\n")


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
