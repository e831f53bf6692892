"""A device the admin revoked: after the sync pushed what the server still took, the local data
goes (:func:`fieldkit.services.wipe.wipe_data_folder`) and the user is told, in Chinese, what
happened and how many changes could not be sent. The command line and the window both call
:func:`revoked_wipe`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate


def _t(text: str, **params: object) -> str:
    return translate("Sync", text, **params)


def unsent_changes(engine: Engine) -> int:
    """Changes still waiting in the outbox (lost when a revoked device is wiped)."""
    from fieldkit.services import outbox

    with Session(engine) as s:
        c = outbox.counts(s)
    return int(c.waiting + c.rejected)


def revoked_wipe(engine: Engine, folder: Path) -> str:
    """The device was revoked: close the store, wipe the folder's data, say what happened."""
    from fieldkit.services.wipe import wipe_data_folder

    try:
        lost = unsent_changes(engine)
    except Exception:  # the store may be unreadable: the wipe goes on all the same
        lost = 0
    engine.dispose()
    report = wipe_data_folder(folder)
    text = _t(
        N(
            "Sync",
            "此设备已被管理员停用。服务器仍接受的更改已上传；本机的数据（数据库、附件、密钥和备份）已清除。"
            "如需继续使用，请联系管理员，然后重新连接服务器。",
        )
    )
    if lost:
        text += "\n" + _t(N("Sync", "有 {n} 项更改未能上传，已随本机数据一起清除。"), n=lost)
    if report.failed:
        text += "\n" + _t(N("Sync", "以下文件未能删除，请手动删除：{files}"), files="、".join(report.failed))
    return text
