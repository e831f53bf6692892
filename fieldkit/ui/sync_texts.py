"""What the window says about a sync: a progress line, a summary, and the reason it stopped, in
the user's language (context ``SyncTexts``); never an internal code or a traceback."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication

from fieldkit.services.errors import FieldKitError
from fieldkit.services.outbox import DemoStoreError
from fieldkit.sync.errors import AuthRequired, Cancelled, Incompatible, Offline, SyncError

CTX = "SyncTexts"


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def phase_label(phase: str) -> str:
    return {
        "push": tr("正在上传修改"),
        "upload": tr("正在上传附件"),
        "pull": tr("正在下载数据"),
        "download": tr("正在下载附件"),
        "check": tr("正在核对数据"),
    }.get(phase, tr("正在同步"))


def time_left(seconds: float | None) -> str:
    if seconds is None or seconds < 0 or math.isinf(seconds) or math.isnan(seconds):
        return ""
    if seconds < 60:
        return tr("剩余约 {n} 秒").format(n=max(1, int(seconds)))
    return tr("剩余约 {n} 分钟").format(n=math.ceil(seconds / 60))


def progress_text(p: Any) -> str:
    """ "正在下载数据：1,200 / 5,000 行 · 剩余约 2 分钟" for an engine Progress."""
    unit = tr("个文件") if p.phase in ("upload", "download") else tr("行")
    parts = [phase_label(p.phase)]
    if p.total:
        parts[0] += tr("：{done} / {total} {unit}").format(
            done=f"{p.done:,}", total=f"{p.total:,}", unit=unit
        )
    elif p.done:
        parts[0] += tr("：{done} {unit}").format(done=f"{p.done:,}", unit=unit)
    left = time_left(p.eta_seconds)
    if left:
        parts.append(left)
    return " · ".join(parts)


def summary_text(report: Any) -> str:
    """What a finished sync did, in one line."""
    text = tr("同步完成：上传 {pushed} 项，下载 {pulled} 项").format(
        pushed=report.pushed, pulled=report.pulled
    )
    if report.conflicts:
        text += tr("，冲突 {n} 项").format(n=report.conflicts)
    if report.rejected:
        text += tr("，被退回 {n} 项").format(n=report.rejected)
    return text


def error_text(exc: BaseException, *, server_url: str = "") -> str:
    """Why a connection or a sync stopped, for the user."""
    if isinstance(exc, AuthRequired):
        # the engine's own words: wrong password, device revoked by the admin, sign-in expired
        return exc.text()
    if isinstance(exc, Offline):
        where = server_url or tr("服务器")
        return tr("无法连接 {url}：请检查服务器地址和网络连接。修改已保存在本机，联网后再同步。").format(
            url=where
        )
    if isinstance(exc, Incompatible):
        return tr("{message}（同步已暂停）").format(message=exc.text())
    if isinstance(exc, Cancelled):
        return tr("同步已取消；已下载的内容已保存，下次同步时从中断处继续。")
    if isinstance(exc, DemoStoreError | SyncError | FieldKitError):
        return exc.text()
    return tr("同步出错：{error}").format(error=str(exc) or type(exc).__name__)
