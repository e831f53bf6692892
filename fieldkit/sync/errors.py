"""What can go wrong in a sync, as errors the window and the command line can show.

Each carries a Chinese source text marked for translation in the context ``Sync`` (``.message``,
formatted with ``.params`` by :meth:`text`) and a stable machine code (``.code``). An error made
from the server's answer also keeps the server's reason (``.server_reason``: its code and raw
parameters), so its ``detail`` is shown in the user's language, not in the server's Chinese. None
of them loses local work: the outbox and the pulled rows stay as they were at the last commit.
"""

from __future__ import annotations

from typing import Any

from fieldkit.domain.reasons import render
from fieldkit.services.errors import FieldKitError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate


class SyncError(FieldKitError):
    """A sync that could not finish; ``.message`` is Chinese source text (context ``Sync``)."""

    context = "Sync"
    default_message = N("Sync", "同步失败")

    def __init__(self, message: str | None = None, code: str = "", **params: object) -> None:
        super().__init__(message or self.default_message, None, **params)
        self.code = code
        #: (code, raw params) of the server's reason the ``detail`` parameter holds, when known
        self.server_reason: tuple[str, dict[str, Any]] | None = None

    def text(self) -> str:
        """The message in the user's language; a ``detail`` from the server is rendered from the
        server's reason code and parameters (its Chinese text when the code is unknown here)."""
        if self.server_reason is None or "detail" not in self.params:
            return super().text()
        code, raw = self.server_reason
        detail = render(code, raw, fallback=str(self.params["detail"]))
        return translate(self.context, self.message, **{**self.params, "detail": detail})

    def source_text(self) -> str:
        """The Chinese source text with its parameters filled in (what ``last_error`` keeps)."""
        return self.message.format(**self.params) if self.params else self.message


class Offline(SyncError):
    """The server could not be reached (refused, unknown host, timed out) after the retries."""

    default_message = N("Sync", "无法连接服务器，请检查网络；更改已保存在本机，联网后再同步")


class CertificateError(SyncError):
    """The server's TLS certificate could not be verified (unknown CA, wrong name, expired), or the
    configured CA bundle is missing. Nothing was sent; verification is never switched off."""

    default_message = N(
        "Sync",
        "无法验证服务器的安全证书，连接已中止。如果本区使用自己的证书颁发机构，"
        "请在“高级”中填写其 CA 证书文件（命令行 --ca-bundle 或环境变量 FIELDKIT_CA_BUNDLE）",
    )


class AuthRequired(SyncError):
    """The server no longer accepts this device's token (expired, revoked, password reset, account
    disabled) or the password was wrong: sign in again. The outbox is kept."""

    default_message = N("Sync", "登录已失效，请重新登录服务器；未同步的更改仍保留在本机")


class DeviceRevoked(SyncError):
    """HTTP 403 ``device_revoked``: the admin revoked this device (lost, stolen, handed back). The
    sync pushed first what the server still took; the caller then wipes the local data
    (:func:`fieldkit.services.wipe.wipe_data_folder`). Not an :class:`AuthRequired`: signing in
    again would be refused too."""

    default_message = N("Sync", "此设备已被管理员停用")


class PasswordChangeRequired(SyncError):
    """HTTP 403 ``password_change_required`` at sign-in: the account was opened with a one-time
    initial password; sign in again with a new password of the user's own
    (:meth:`fieldkit.sync.client.SyncClient.set_password`)."""

    default_message = N("Sync", "这是开通账号时给的初始密码：请设置您自己的新密码后登录")


class Refused(SyncError):
    """HTTP 403/404/409/422 for a request the server will not do for this account (opening an
    account outside one's zone, as an assistant, ...); ``detail`` is the server's reason."""

    default_message = N("Sync", "服务器拒绝了此操作：{detail}")


class Incompatible(SyncError):
    """HTTP 426: this program and the server do not speak the same version; ``detail`` says what
    to do (the server's own text)."""

    default_message = N("Sync", "程序版本与服务器不兼容：{detail}")


class ServerError(SyncError):
    """A 5xx after the retries, or an answer that is not what the protocol says."""

    default_message = N("Sync", "服务器出错，请稍后再试（{detail}）")


class Cancelled(SyncError):
    """The caller asked to stop; everything committed before stays."""

    default_message = N("Sync", "同步已取消；已完成的部分已保存")


class NotOnServer(SyncError):
    """An attachment the server does not hold (or the caller may not see)."""

    default_message = N("Sync", "服务器上没有这个附件")


class HashMismatch(SyncError):
    """An uploaded or downloaded file does not hash to its name: it is dropped and sent again."""

    default_message = N("Sync", "附件校验失败，将重新传输")


class NotConnected(SyncError):
    """This store has never been connected to a server."""

    default_message = N("Sync", "尚未连接服务器，请先填写服务器地址和账号")
