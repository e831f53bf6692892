"""``fieldkit sync``: the same sync as the window, from a terminal.

First time ``fieldkit sync --server URL --login LOGIN`` (password from ``FIELDKIT_PASSWORD`` or a
prompt; an account opened with a one-time password (开通账号) sets its own at that first sign-in from
``FIELDKIT_NEW_PASSWORD``), later ``fieldkit sync``. A progress bar on a terminal, plain lines otherwise, then a
summary. Exit codes: 0 clean; 1 something needs a person (rejected changes or conflicts); 2 bad
input (not connected, wrong password prompt, demo store); 3 offline; 4 sign in again; 5 program
and server versions incompatible; 6 the server failed; 10 the server's certificate could not be
verified (``--ca-bundle FILE`` or ``FIELDKIT_CA_BUNDLE`` names a zone's own CA; remembered);
11 this device was revoked by the admin: after pushing what the server still took, the local data
was wiped (:func:`fieldkit.sync.revocation.revoked_wipe`); 130 cancelled (Ctrl-C). 7, 8 and 9
are the store-wide codes of :class:`fieldkit.services.store_health.StoreError` (unusable store,
busy, full disk / read-only) and are not used here.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from fieldkit.config import attachments_dir, db_path
from fieldkit.models import OutboxEntry
from fieldkit.services import search_upkeep
from fieldkit.services.errors import FieldKitError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate
from fieldkit.store_health import StoreError, classify

from . import account
from .engine import Progress, SyncEngine, SyncReport
from .errors import (
    AuthRequired,
    Cancelled,
    CertificateError,
    DeviceRevoked,
    Incompatible,
    Offline,
    PasswordChangeRequired,
    Refused,
    ServerError,
    SyncError,
)
from .labels import table_label
from .revocation import revoked_wipe

EXIT_OK = 0
EXIT_ATTENTION = 1
EXIT_INPUT = 2
EXIT_OFFLINE = 3
EXIT_AUTH = 4
EXIT_INCOMPATIBLE = 5
EXIT_SERVER = 6
EXIT_CERTIFICATE = 10  # 7-9 are the store-wide codes (store_health.StoreError)
EXIT_REVOKED = 11
EXIT_CANCELLED = 130

PHASES = {
    "push": N("Sync", "上传更改"),
    "upload": N("Sync", "上传附件"),
    "pull": N("Sync", "下载数据"),
    "download": N("Sync", "下载附件"),
    "check": N("Sync", "核对数据"),
    "index": N("Sync", "更新搜索索引"),
}


def _t(text: str, **params: object) -> str:
    return translate("Sync", text, **params)


def add_arguments(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--server", default=None, metavar="URL", help=_t(N("Sync", "服务器地址（首次同步时必填）"))
    )
    sp.add_argument(
        "--login",
        default=None,
        help=_t(N("Sync", "服务器账号（首次同步时必填）；之后为本机登录账号（默认：上次登录的账号）")),
    )
    sp.add_argument(
        "--ca-bundle",
        default=None,
        metavar="FILE",
        help=_t(N("Sync", "信任的 CA 证书文件（PEM，本区自建证书颁发机构时使用；会记住）")),
    )
    sp.add_argument("--quiet", action="store_true", help=_t(N("Sync", "不显示进度")))


class ProgressPrinter:
    """A bar redrawn in place on a terminal (a new line for each phase or file); elsewhere one
    plain line per phase and every 10 %."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.last: tuple[str, int] = ("", -1)
        self.open_line = ""  # the label of the line being redrawn

    def _line(self, label: str, text: str) -> None:
        if self.open_line and self.open_line != label:
            self.out.write("\n")
        self.open_line = label
        self.out.write(f"\r{text}   ")
        self.out.flush()

    def __call__(self, p: Progress) -> None:
        if p.phase == "push" and not p.total:
            return  # nothing to send
        label = _t(PHASES.get(p.phase, p.phase))
        if p.detail:
            label = f"{label} {p.detail}"
        if p.total:
            pct = min(100, int(p.done * 100 / p.total))
            eta = ""
            if p.eta_seconds is not None and p.eta_seconds >= 1 and p.done < p.total:
                eta = _t(N("Sync", "，还需约 {s} 秒"), s=int(p.eta_seconds + 0.5))
            if self.tty:
                bar = "#" * (pct // 5) + "-" * (20 - pct // 5)
                self._line(label, f"{label} [{bar}] {p.done}/{p.total}{eta}")
                return
            step = pct // 10
            if (label, step) == self.last:
                return
            self.last = (label, step)
            self.out.write(f"{label}: {p.done}/{p.total}{eta}\n")
            return
        if self.tty:
            self._line(label, f"{label}: {p.done}")
        elif self.last[0] != label:
            self.last = (label, 0)
            self.out.write(f"{label}…\n")

    def end(self) -> None:
        if self.tty and self.open_line:
            self.out.write("\n")
            self.out.flush()


def _index_progress(printer: ProgressPrinter) -> Callable[[int, int], None]:
    return lambda done, total: printer(Progress("index", done, total))


def _password() -> str | None:
    pw = os.environ.get("FIELDKIT_PASSWORD")
    if pw:
        return pw
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(_t(N("Sync", "密码：")))


def _summary(report: SyncReport) -> str:
    return _t(
        N(
            "Sync",
            "同步完成：上传 {pushed} 项更改，下载 {pulled} 行，冲突 {conflicts} 项，被拒绝 {rejected} 项",
        ),
        pushed=report.pushed,
        pulled=report.pulled,
        conflicts=report.conflicts,
        rejected=report.rejected,
    )


def _needing_attention(engine: Engine) -> tuple[list[tuple[OutboxEntry, str]], int]:
    """The rejected entries with their reasons in the interface language, and the conflicts."""
    from fieldkit.services import outbox

    with Session(engine) as s:
        rejected = list(s.exec(select(OutboxEntry).where(OutboxEntry.state == "rejected")).all())
        return [(e, outbox.reason_text(e)) for e in rejected], outbox.counts(s).conflicts


def run_sync(
    engine: Engine,
    folder: Path,
    args: argparse.Namespace,
    out: TextIO | None = None,
    key: bytes | None = None,
) -> int:
    """``fieldkit sync``; ``key`` is the unlocked store's data key (attachment files encrypted)."""
    out = out or sys.stdout
    err = sys.stderr
    bundle = getattr(args, "ca_bundle", None)
    if bundle is not None:
        bundle = str(Path(bundle).expanduser().resolve()) if bundle else ""
        if bundle and not Path(bundle).is_file():
            print(_t(N("Sync", "找不到 CA 证书文件：{path}"), path=bundle), file=err)
            return EXIT_INPUT
    try:
        if args.server:
            if not args.login:
                print(_t(N("Sync", "首次同步需要同时填写 --server 和 --login")), file=err)
                return EXIT_INPUT
            password = _password()
            if not password:
                print(_t(N("Sync", "请输入密码（或设置环境变量 FIELDKIT_PASSWORD）")), file=err)
                return EXIT_INPUT
            new_password = os.environ.get("FIELDKIT_NEW_PASSWORD") or None  # an account's first sign-in
            account.connect(
                engine, args.server, args.login, password, ca_bundle=bundle, new_password=new_password
            )
        elif bundle is not None:
            with Session(engine) as s:
                account.put_meta(s, account.CA_BUNDLE, bundle)
                s.commit()
        client = account.client_for(engine)
        printer = ProgressPrinter(out)
        cancel = threading.Event()
        sync = SyncEngine(engine, client, attachments_dir(folder), key=key)
        try:
            try:
                report = sync.sync(progress=None if args.quiet else printer, cancel=cancel)
            finally:
                client.close()
            # what the apply path left in the full-text queue (more than one commit drains) is
            # indexed now, a chunk per transaction, so `fieldkit search` finds it by the index
            search_upkeep.drain_all(engine, None if args.quiet else _index_progress(printer))
        except KeyboardInterrupt:
            cancel.set()
            raise Cancelled(code="cancelled") from None
        finally:
            printer.end()
    except DeviceRevoked:
        print(revoked_wipe(engine, folder), file=err)
        return EXIT_REVOKED
    except CertificateError as exc:
        print(exc.text(), file=err)
        return EXIT_CERTIFICATE
    except Offline as exc:
        print(exc.text(), file=err)
        return EXIT_OFFLINE
    except PasswordChangeRequired as exc:
        print(exc.text(), file=err)
        print(
            _t(
                N(
                    "Sync",
                    "设置新密码：在环境变量 FIELDKIT_NEW_PASSWORD 中填写新密码（至少 8 位）后再运行此命令",
                )
            ),
            file=err,
        )
        return EXIT_AUTH
    except Refused as exc:
        print(exc.text(), file=err)
        return EXIT_AUTH
    except AuthRequired as exc:
        print(exc.text(), file=err)
        if exc.code != "credentials":
            print(
                _t(N("Sync", "重新登录：fieldkit sync --server {url} --login {login}"), **_where(engine)),
                file=err,
            )
        return EXIT_AUTH
    except Incompatible as exc:
        print(exc.text(), file=err)
        return EXIT_INCOMPATIBLE
    except ServerError as exc:
        print(exc.text(), file=err)
        return EXIT_SERVER
    except Cancelled as exc:
        print(exc.text(), file=err)
        return EXIT_CANCELLED
    except SyncError as exc:
        print(exc.text(), file=err)
        return EXIT_INPUT
    except StoreError as exc:
        print(exc.text(), file=err)
        return exc.exit_code
    except FieldKitError as exc:  # demo store, a password too short for an offline sign-in, …
        print(exc.text(), file=err)
        return EXIT_INPUT
    except (DBAPIError, OSError) as exc:  # a full disk or a busy store while the pages are applied
        problem = classify(exc, db_path(folder))
        if problem is None:
            raise
        print(problem.text(), file=err)
        return problem.exit_code
    print(_summary(report), file=out)
    rejected, conflicts = _needing_attention(engine)
    for e, why in rejected:
        print(
            _t(
                N("Sync", "被拒绝（{table} {id}）：{reason}"),
                table=table_label(e.table_name),
                id=e.row_id[:8],
                reason=why,
            ),
            file=out,
        )
    if conflicts:
        print(_t(N("Sync", "有 {n} 处冲突待处理：请在程序的“同步冲突”页面逐项决定"), n=conflicts), file=out)
    return EXIT_ATTENTION if (rejected or conflicts or report.needs_attention) else EXIT_OK


def _where(engine: Engine) -> dict[str, str]:
    with Session(engine) as s:
        st = account.status(s)
    return {"url": st.server_url or "URL", "login": st.login or "LOGIN"}
