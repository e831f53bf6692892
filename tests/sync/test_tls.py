"""Client TLS against a real HTTPS endpoint (a TLS proxy with its own CA in front of the real
server): refused without the zone's CA bundle, with a clear Chinese message and nothing sent;
accepted with it (``connect(ca_bundle=…)``, ``fieldkit sync --ca-bundle``, $FIELDKIT_CA_BUNDLE)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from fieldkit.sync import account
from fieldkit.sync.cli import EXIT_CERTIFICATE, EXIT_OK
from fieldkit.sync.client import SyncClient
from fieldkit.sync.errors import CertificateError

from .conftest import PASSWORD, ROOT, World
from .tlsproxy import TlsProxy, make_ca_and_server_cert


@pytest.fixture
def https(world: World, tmp_path: Path) -> Iterator[tuple[TlsProxy, Path]]:
    ca, cert, key = make_ca_and_server_cert(tmp_path / "pki")
    proxy = TlsProxy(world.server.port, cert, key)
    try:
        yield proxy, ca
    finally:
        proxy.close()


def test_unknown_ca_is_refused_and_the_zone_ca_is_accepted(
    world: World, https: tuple[TlsProxy, Path]
) -> None:
    proxy, ca = https
    world.zone.user("zhang")
    world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop()
    with pytest.raises(CertificateError) as refused:
        account.connect(lap.engine, proxy.url, "zhang", PASSWORD)
    assert "无法验证服务器的安全证书" in refused.value.text() and "CA 证书" in refused.value.text()
    assert proxy.handshake_failed.wait(30)  # the client hung up during the handshake
    with Session(lap.engine) as s:  # nothing was stored: the sign-in never reached the server
        assert account.status(s).server_url is None and account.token(s) is None
    with pytest.raises(CertificateError) as missing:
        SyncClient(proxy.url, ca_bundle=str(ca.with_name("nope.pem")))
    assert missing.value.text().startswith("找不到 CA 证书文件")

    account.connect(lap.engine, proxy.url, "zhang", PASSWORD, ca_bundle=str(ca))
    with Session(lap.engine) as s:
        assert account.ca_bundle(s) == str(ca)
    client = account.client_for(lap.engine)  # later syncs use the remembered bundle
    try:
        assert client.http.verify == str(ca)
        from fieldkit.config import attachments_dir
        from fieldkit.sync.engine import SyncEngine

        report = SyncEngine(lap.engine, client, attachments_dir(lap.folder)).sync()
    finally:
        client.close()
    assert report.pulled >= 2  # the staff row, the enterprise, … came over HTTPS


def _cli(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fieldkit", "sync", "--data-dir", str(folder), *args],
        cwd=ROOT,
        env={**os.environ, "FIELDKIT_PASSWORD": PASSWORD, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_ca_bundle_option_and_environment(
    world: World, https: tuple[TlsProxy, Path], tmp_path: Path
) -> None:
    proxy, ca = https
    world.zone.user("zhang")
    folder = tmp_path / "cli"
    refused = _cli(folder, "--server", proxy.url, "--login", "zhang")
    assert refused.returncode == EXIT_CERTIFICATE, refused.stderr
    assert "无法验证服务器的安全证书" in refused.stderr and "Traceback" not in refused.stderr
    by_env = _cli(folder, "--server", proxy.url, "--login", "zhang", FIELDKIT_CA_BUNDLE=str(ca))
    assert by_env.returncode == EXIT_OK, by_env.stderr
    # the environment was not remembered: without it the store's (empty) setting refuses again
    assert _cli(folder).returncode == EXIT_CERTIFICATE
    remembered = _cli(folder, "--ca-bundle", str(ca))
    assert remembered.returncode == EXIT_OK, remembered.stderr
    assert _cli(folder).returncode == EXIT_OK  # remembered in the store
