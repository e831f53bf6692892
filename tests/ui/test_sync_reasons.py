"""What a real server refuses at sign-in or for a version, shown in the window's language: the
client keeps the server's reason code and raw parameters and renders them when shown (the
server's Chinese text is only the fallback)."""

from __future__ import annotations

import pytest

from fieldkit.sync.client import SyncClient
from fieldkit.sync.errors import AuthRequired, Incompatible, Refused
from fieldkit.sync.protocol import SCHEMA_HEADER
from fieldkit.ui.sync_texts import error_text

from .sync_fixtures import SyncServer


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_locked_sign_in_and_an_old_client_are_told_in_the_chosen_language(
    language, sync_server: SyncServer
) -> None:
    with SyncClient(sync_server.url, retries=0) as client:
        for _ in range(5):
            with pytest.raises(AuthRequired):
                client.login("zhang", "wrong-password", "dev-1")
        with pytest.raises(Refused) as locked:
            client.login("zhang", "wrong-password", "dev-1")
    exc = locked.value
    assert exc.server_reason is not None and exc.server_reason[0] == "login_locked"
    assert exc.server_reason[1]["minutes"] == 15
    chinese = error_text(exc)
    assert "登录失败次数过多" in chinese and "约 15 分钟后" in chinese
    assert language.apply("en")
    english = error_text(exc)
    assert (
        english.startswith("The server refused: Too many failed sign-ins") and "(in about 15 min)" in english
    )
    assert not _cjk(english)

    with SyncClient(sync_server.url, retries=0) as old:
        old.http.headers[SCHEMA_HEADER] = "0"  # a client too old for this server
        with pytest.raises(Incompatible) as too_old:
            old.login("zhang", "pw-123456", "dev-2")
    english = error_text(too_old.value)
    assert "This FieldKit is too old (data version 0)" in english and not _cjk(english)
    language.apply("zh_CN")
    assert "FieldKit 版本过旧（数据版本 0）" in error_text(too_old.value)
