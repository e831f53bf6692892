"""Test-wide settings: Qt runs offscreen, every test gets its own data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# argon2id at its smallest cost for the stores' key wraps (fieldkit.keystore); inherited by the
# processes the tests start
os.environ.setdefault("FIELDKIT_CHEAP_KDF", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user data folder."""
    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path_factory.mktemp("fieldkit-data")))
