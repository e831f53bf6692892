"""`fieldkit server` and `fieldkit admin …` (imported lazily by fieldkit.cli)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine

from fieldkit.domain.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.domain.i18n import translate

from . import crud, events, importer, logs, security
from .db import create_schema, make_engine
from .settings import Settings

PASSWORD_ENV = "FIELDKIT_PASSWORD"


def _settings(args: argparse.Namespace) -> Settings:
    kw: dict[str, object] = {}
    if getattr(args, "data_dir", None):
        kw["data_dir"] = Path(args.data_dir)
    if getattr(args, "database_url", None):
        kw["database_url"] = args.database_url
    return Settings(**kw)  # type: ignore[arg-type]


def _tr(text: str) -> str:
    return translate("Server", text)


def add_server_arguments(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8765)
    sp.add_argument("--database-url", default=None)
    sp.add_argument("--workers", type=int, default=1)


def run_server(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    if args.workers > 1:
        if settings.resolved_database_url().startswith("sqlite"):
            # several processes on one SQLite file would work (WAL, busy timeout) but serialise on
            # its one write lock and need a local disk: the deployment for several is PostgreSQL
            message = N(
                "Server",
                "内置的 SQLite 数据库只由一个服务进程使用：要用多个进程（--workers {n}），"
                "请改用 PostgreSQL（--database-url postgresql+psycopg://…）",
            )
            sys.stderr.write(_tr(message).format(n=args.workers) + "\n")
            return 2
        # migrate once before the workers start (each would wait on the migration lock otherwise);
        # workers import the app by name and read their settings from the environment
        engine = make_engine(settings)
        create_schema(engine)
        engine.dispose()
        os.environ["FIELDKIT_SERVER_DATA_DIR"] = str(settings.data_dir)
        if settings.database_url:
            os.environ["FIELDKIT_SERVER_DATABASE_URL"] = settings.database_url
        uvicorn.run(
            "fieldkit.server.asgi:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=logs.log_config(),
            **_patient_supervisor(),
        )
        return 0
    from .app import create_app

    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_config=logs.log_config())
    return 0


def add_admin_arguments(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--database-url", default=None)
    sub = sp.add_subparsers(dest="admin_command", required=True)
    z = sub.add_parser("zone-add")
    z.add_argument("name")
    u = sub.add_parser("user-add")
    u.add_argument("login")
    u.add_argument("--name", required=True)
    u.add_argument("--role", required=True, choices=crud.ROLES)
    u.add_argument("--zone", required=True)
    u.add_argument("--specialist", default=None)  # None: the synced staff row's type, or 产业助理
    for name in ("user-disable", "user-enable", "password-reset"):
        sub.add_parser(name).add_argument("login")
    e = sub.add_parser("enterprise-add")
    e.add_argument("credit_code")
    e.add_argument("--name", required=True)
    e.add_argument("--zone", required=True)
    em = sub.add_parser("enterprise-move", help=_tr(N("Server", "把企业调整到另一个功能区")))
    em.add_argument("credit_code")
    em.add_argument("--zone", required=True, metavar="NAME")
    um = sub.add_parser("user-move", help=_tr(N("Server", "把人员调整到另一个功能区")))
    um.add_argument("login")
    um.add_argument("--zone", required=True, metavar="NAME")
    a = sub.add_parser("assign")
    a.add_argument("login")
    a.add_argument("credit_codes", nargs="+")
    r = sub.add_parser("reassign")
    r.add_argument("credit_code")
    r.add_argument("--to", required=True, dest="to_login")
    t = sub.add_parser("purge-tombstones")
    t.add_argument(
        "--older-than-days",
        type=int,
        required=True,
        help="longer than the longest offline period: older cursors then need a full resync",
    )
    sub.add_parser("devices")
    au = sub.add_parser("audit", help=_tr(N("Server", "列出登录记录和管理操作记录")))
    au.add_argument(
        "--since",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help=_tr(N("Server", "只列出此日期（本地时间）以来的记录")),
    )
    rv = sub.add_parser("revoke")
    rv.add_argument("device")
    rv.add_argument(
        "--final-push",
        action="store_true",
        help=_tr(
            N(
                "Server",
                "电脑交回而非丢失时用：设备在清除本机数据前还能上传一次尚未同步的更改（只能上传，不能下载）",
            )
        ),
    )
    im = sub.add_parser("import", help=_tr(N("Server", "从 .csv 或 .xlsx 文件批量导入企业或政策")))
    im.add_argument("kind", choices=importer.KINDS)
    im.add_argument("file", type=Path)
    im.add_argument(
        "--zone", default=None, metavar="NAME", help=_tr(N("Server", "企业导入到此功能区（导入企业时必填）"))
    )
    im.add_argument(
        "--commit", action="store_true", help=_tr(N("Server", "写入无误的行（不加此项只预览，不写入）"))
    )
    im.add_argument("--yes", action="store_true", help=_tr(N("Server", "有错误行时不再询问，导入其余各行")))


def _password(prompt: str) -> str:
    pw = os.environ.get(PASSWORD_ENV)
    if pw:
        return pw
    pw = getpass.getpass(prompt)
    if pw != getpass.getpass(N("Server", "再次输入密码：")):
        raise crud.AdminError("passwords differ")
    return pw


def run_admin(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    settings = _settings(args)
    security.configure(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    engine = make_engine(settings)
    create_schema(engine)
    now = datetime.now(UTC)
    cmd = args.admin_command
    if cmd == "audit":
        return _audit(engine, args.since, out)
    if cmd == "import":
        code = importer.run(
            engine,
            kind=args.kind,
            path=args.file,
            zone=args.zone,
            commit=args.commit,
            assume_yes=args.yes,
            now=lambda: datetime.now(UTC),
            out=out,
            stdin=stdin,
        )
        if args.commit:
            _audited(engine, args, "ok" if code == 0 else f"exit {code}")
        return code
    try:
        with engine.begin() as conn:
            if cmd == "zone-add":
                print(crud.zone_add(conn, name=args.name, now=now), file=out)
            elif cmd == "user-add":
                zone = crud.zone_id_by_name(conn, args.zone)
                pw = _password(N("Server", "密码："))
                print(
                    crud.user_add(
                        conn,
                        login=args.login,
                        name=args.name,
                        role=args.role,
                        zone_id=zone,
                        password=pw,
                        now=now,
                        specialist_type=args.specialist,
                    ),
                    file=out,
                )
            elif cmd in ("user-disable", "user-enable"):
                crud.user_set_active(conn, login=args.login, active=cmd == "user-enable", now=now)
            elif cmd == "password-reset":
                crud.password_reset(conn, login=args.login, password=_password(N("Server", "新密码：")))
            elif cmd == "enterprise-add":
                zone = crud.zone_id_by_name(conn, args.zone)
                print(
                    crud.enterprise_add(
                        conn, name=args.name, credit_code=args.credit_code, zone_id=zone, now=now
                    ),
                    file=out,
                )
            elif cmd == "enterprise-move":
                zone = crud.zone_id_by_name(conn, args.zone)
                crud.enterprise_move(conn, credit_code=args.credit_code, zone_id=zone, now=now)
            elif cmd == "user-move":
                zone = crud.zone_id_by_name(conn, args.zone)
                crud.user_move(conn, login=args.login, zone_id=zone, now=now)
            elif cmd == "assign":
                sid = crud.staff_id_by_login(conn, args.login)
                for code in args.credit_codes:
                    crud.assign(
                        conn,
                        staff_id=sid,
                        enterprise_id=crud.enterprise_id_by_code(conn, code),
                        today=date.today(),
                        now=now,
                    )
            elif cmd == "reassign":
                sid = crud.staff_id_by_login(conn, args.to_login)
                crud.assign(
                    conn,
                    staff_id=sid,
                    enterprise_id=crud.enterprise_id_by_code(conn, args.credit_code),
                    today=date.today(),
                    now=now,
                    replace=True,
                )
            elif cmd == "purge-tombstones":
                through = crud.seq_before(conn, now - timedelta(days=args.older_than_days))
                print(crud.purge_tombstones(conn, through_seq=through), file=out)
            elif cmd == "devices":
                for d in crud.devices(conn):
                    state = "revoked" if d["revoked_at"] else "active"
                    print(
                        f"{d['device_id']}  {d['login'] or '-'}  {d['last_seen']:%Y-%m-%d %H:%M}  {state}",
                        file=out,
                    )
            elif cmd == "revoke":
                crud.revoke_device(conn, device_id=args.device, now=now, final_push=args.final_push)
            if cmd not in READ_ONLY:
                events.record(conn, at=now, kind=events.ADMIN_COMMAND, outcome="ok", detail=_detail(args))
    except crud.AdminError as exc:
        print(f"error: {exc}", file=err)
        if cmd not in READ_ONLY:
            _audited(engine, args, "error")
        return 2
    return 0


#: admin commands that change nothing (not audited)
READ_ONLY = frozenset({"devices", "audit"})


def _detail(args: argparse.Namespace) -> dict[str, object]:
    """The command and its arguments as given (never a password: those are never arguments)."""
    skip = {"admin_command", "command", "func", "data_dir", "database_url", "yes", "demo"}
    out: dict[str, object] = {"command": args.admin_command}
    for k, v in sorted(vars(args).items()):
        if k not in skip and v is not None and not callable(v):
            out[k] = " ".join(map(str, v)) if isinstance(v, list) else str(v)
    return out


def _audited(engine: Engine, args: argparse.Namespace, outcome: str) -> None:
    events.record_apart(
        engine, at=datetime.now(UTC), kind=events.ADMIN_COMMAND, outcome=outcome, detail=_detail(args)
    )


def _audit(engine: Engine, since: date | None, out: TextIO) -> int:
    """``fieldkit admin audit [--since DATE]``: the security audit, oldest first."""
    start = datetime.combine(since, datetime.min.time()).astimezone() if since is not None else None
    with engine.connect() as conn:
        for event in events.since(conn, start):
            print(events.line(event), file=out)
    return 0


#: how long uvicorn's supervisor waits for a busy worker to answer its health ping before it kills
#: and replaces it, dropping the requests it was serving. Its default, 5 s, is the likely cause of a
#: connection closed unanswered in the 50-device benchmark at a load average of 19: a worker slow
#: because the machine is busy is not a dead one.
WORKER_HEALTHCHECK_S = 30.0


def _patient_supervisor() -> dict[str, Any]:
    import inspect

    import uvicorn

    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.run).parameters:  # newer uvicorn only
        return {"timeout_worker_healthcheck": WORKER_HEALTHCHECK_S}
    return {}
