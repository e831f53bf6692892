"""What the window says about a sync: a progress line, a summary, and the reason it stopped, in
the user's language (context ``SyncTexts``); never an internal code or a traceback."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication

from fieldkit.services.errors import FieldKitError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.outbox import DemoStoreError
from fieldkit.sync.errors import AuthRequired, Cancelled, Incompatible, Offline, SyncError

CTX = "SyncTexts"


def _t(source: str) -> str:
    """The translation of a string marked with ``N(CTX, ...)``."""
    return QCoreApplication.translate(CTX, source)


def phase_label(phase: str) -> str:
    return {
        "push": _t(N(CTX, "正在上传修改")),
        "upload": _t(N(CTX, "正在上传附件")),
        "pull": _t(N(CTX, "正在下载数据")),
        "download": _t(N(CTX, "正在下载附件")),
        "check": _t(N(CTX, "正在核对数据")),
    }.get(phase, _t(N(CTX, "正在同步")))


def time_left(seconds: float | None) -> str:
    if seconds is None or seconds < 0 or math.isinf(seconds) or math.isnan(seconds):
        return ""
    if seconds < 60:
        return _t(N(CTX, "剩余约 {n} 秒")).format(n=max(1, int(seconds)))
    return _t(N(CTX, "剩余约 {n} 分钟")).format(n=math.ceil(seconds / 60))


def progress_text(p: Any) -> str:
    """ "正在下载数据：1,200 / 5,000 行 · 剩余约 2 分钟" for an engine Progress."""
    unit = _t(N(CTX, "个文件")) if p.phase in ("upload", "download") else _t(N(CTX, "行"))
    parts = [phase_label(p.phase)]
    if p.total:
        parts[0] += _t(N(CTX, "：{done} / {total} {unit}")).format(
            done=f"{p.done:,}", total=f"{p.total:,}", unit=unit
        )
    elif p.done:
        parts[0] += _t(N(CTX, "：{done} {unit}")).format(done=f"{p.done:,}", unit=unit)
    left = time_left(p.eta_seconds)
    if left:
        parts.append(left)
    return " · ".join(parts)


def summary_text(report: Any) -> str:
    """What a finished sync did, in one line."""
    text = _t(N(CTX, "同步完成：上传 {pushed} 项，下载 {pulled} 项")).format(
        pushed=report.pushed, pulled=report.pulled
    )
    if report.conflicts:
        text += _t(N(CTX, "，冲突 {n} 项")).format(n=report.conflicts)
    if report.rejected:
        text += _t(N(CTX, "，被退回 {n} 项")).format(n=report.rejected)
    return text


def error_text(exc: BaseException, *, server_url: str = "") -> str:
    """Why a connection or a sync stopped, for the user."""
    if isinstance(exc, AuthRequired):
        # the engine's own words: wrong password, device revoked by the admin, sign-in expired
        return exc.text()
    if isinstance(exc, Offline):
        where = server_url or _t(N(CTX, "服务器"))
        return _t(
            N(CTX, "无法连接 {url}：请检查服务器地址和网络连接。修改已保存在本机，联网后再同步。")
        ).format(url=where)
    if isinstance(exc, Incompatible):
        return _t(N(CTX, "{message}（同步已暂停）")).format(message=exc.text())
    if isinstance(exc, Cancelled):
        return _t(N(CTX, "同步已取消；已下载的内容已保存，下次同步时从中断处继续。"))
    if isinstance(exc, DemoStoreError | SyncError | FieldKitError):
        return exc.text()
    return _t(N(CTX, "同步出错：{error}")).format(error=str(exc) or type(exc).__name__)
