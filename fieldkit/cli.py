"""`fieldkit` command line. No subcommand opens the desktop window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from fieldkit import __version__
from fieldkit.config import data_dir, db_path
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate


def _folder(args: argparse.Namespace) -> Path:
    """The data folder (created if missing); a path that is a file is refused, not a traceback."""
    import os

    from fieldkit.config import ENV_DATA_DIR
    from fieldkit.store_health import Problem, StoreError, check_folder, classify

    named = args.data_dir or os.environ.get(ENV_DATA_DIR)
    if named:
        check_folder(Path(named))
    try:
        folder = data_dir(args.data_dir)
    except OSError as exc:  # the folder cannot be created
        raise classify(exc, Path(named or ".")) or StoreError(Problem.READ_ONLY, Path(named or ".")) from exc
    args.store_path = db_path(folder)
    return folder


def safe(text: str) -> str:
    """Stored text as the terminal may show it: control characters and lone surrogates escaped
    (an ESC in a name must not drive the terminal, a surrogate must not end in UnicodeEncodeError)."""
    from fieldkit.domain.text_rules import escape_controls

    return escape_controls(text)


def _vault(args: argparse.Namespace, prefer: str | None = None):  # type: ignore[no-untyped-def]
    """The data folder and its store, unlocked (an encrypted store: the password of ``prefer``, the
    last signed-in login or any login of this computer, from FIELDKIT_PASSWORD or a prompt)."""
    from fieldkit.config import Settings
    from fieldkit.services.backup import finish_interrupted_restore
    from fieldkit.services.unlock import open_for_cli

    folder = _folder(args)
    finish_interrupted_restore(folder)  # a restore killed midway: the old store back first
    vault, _staff = open_for_cli(
        folder,
        prefer=prefer or Settings.load(folder).current_login or None,
        prompt=translate("Cli", N("Cli", "本机数据已加密，请输入密码：")),
    )
    return folder, vault


def _store(args: argparse.Namespace, prefer: str | None = None):  # type: ignore[no-untyped-def]
    folder, vault = _vault(args, prefer)
    return folder, vault.engine


def _install_cli_translator(lang: str) -> None:
    """Translate service messages for the terminal with the same .qm files as the window."""
    if not lang.startswith("en"):
        return  # source strings are Chinese
    from PySide6.QtCore import QCoreApplication, QTranslator

    from fieldkit.config import RESOURCES
    from fieldkit.services.i18n import set_language, set_translator

    app = QCoreApplication.instance() or QCoreApplication([])
    tr = QTranslator(app)
    if tr.load(str(RESOURCES / "translations" / "fieldkit_en.qm")):
        app.installTranslator(tr)
        set_translator(lambda ctx, text: QCoreApplication.translate(ctx, text))
        set_language(lang)


class MigrationLines:
    """A store's migration told on stderr (the command's output stays clean): a line per step and
    per 5 % of a long step, then the end."""

    def __init__(self) -> None:
        self.last: tuple[int, str] | None = None

    def __call__(self, fraction: float, text: str) -> None:
        pct = int(fraction * 100)
        mark = (pct // 5, text.split("：")[0])
        if mark == self.last and fraction < 1.0:
            return
        self.last = mark
        print(f"{text} {pct}%" if fraction < 1.0 else text, file=sys.stderr, flush=True)


def _tell_migrations() -> Callable[[], object]:
    """Install the stderr lines for the command's migrations; returns what puts the previous back."""
    from fieldkit.db import set_migration_listener

    previous = set_migration_listener(MigrationLines())
    return lambda: set_migration_listener(previous)


def cmd_run(args: argparse.Namespace) -> int:
    from fieldkit.app import run

    return run(
        data_dir_override=args.data_dir,
        demo=getattr(args, "demo", False),
        language=getattr(args, "lang", None),
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldkit.services.demo import DEMO_PASSWORD, generate

    folder, vault = _vault(args)
    engine = vault.engine
    summary = generate(
        engine,
        enterprises=args.enterprises,
        seed=args.seed,
        records=args.records,
        progress=None if args.quiet else print,
    )
    if summary.demo_login:  # the demo accounts' known password opens the (now encrypted) store
        key = vault.secure_demo(summary.demo_login, DEMO_PASSWORD)
        # the signatures the demo wrote are encrypted with the store's key too
        from fieldkit.config import attachments_dir
        from fieldkit.services.attachments import AttachmentService
        from fieldkit.services.store import SYSTEM

        AttachmentService(SYSTEM, attachments_dir(folder), key).migrate()
    print(
        translate("Cli", N("Cli", "演示数据已写入 {path}：{summary}"), path=db_path(folder), summary=summary)
    )
    from fieldkit.config import Settings

    settings = Settings.load(folder)
    if not settings.current_login and summary.demo_login:  # later commands sign in as the demo account
        settings.current_login = summary.demo_login
        settings.save(folder)
    return 0


def _signed_in(args: argparse.Namespace, *, read_only: bool = False):  # type: ignore[no-untyped-def]
    """The command's store and actor, after the sign-in (fieldkit/cli_signin.py); ``read_only``
    for commands that only read (nothing is written to the file, and they work on a read-only
    folder and while another program writes)."""
    from fieldkit.cli_signin import sign_in

    _folder(args)  # a data folder that is a file is refused before anything is created
    return sign_in(args.data_dir, getattr(args, "login", None), read_only=read_only)


def cmd_import(args: argparse.Namespace) -> int:
    from fieldkit.services.importing import run_cli_import

    who = _signed_in(args)
    return run_cli_import(
        who.engine,
        Path(args.file),
        kind=args.kind,
        commit=args.commit,
        assume_yes=args.yes,
        login=args.assign_to,
        out=sys.stdout,
        zone=args.zone,
        actor=who.actor,
    )


def cmd_search(args: argparse.Namespace) -> int:
    from fieldkit.db import session_factory
    from fieldkit.services.enterprises import EnterpriseFilter, search
    from fieldkit.services.permissions import scope_of

    who = _signed_in(args, read_only=True)
    with session_factory(who.engine)() as s:
        staff_id, zone_id = scope_of(s, who.actor)
        if args.records:
            return _search_records(s, args.text, args.limit, staff_id, zone_id)
        found = search(
            s, EnterpriseFilter(text=args.text, limit=args.limit, staff_id=staff_id, zone_id=zone_id)
        )
        for e in found:
            print(safe(f"{e.credit_code}  {e.name}  {e.contact_person} {e.contact_phone}"))
        if not found:  # say so (on stderr: a script reading the list gets an empty one)
            print(
                translate("Cli", N("Cli", "没有找到与“{what}”相符的企业"), what=safe(args.text)),
                file=sys.stderr,
            )
    return 0


def _search_records(session, text: str, limit: int, staff_id: str | None, zone_id: str | None) -> int:  # type: ignore[no-untyped-def]
    """Full-text search of service records, demands and policies; matches in 【】."""
    from fieldkit.services import fulltext

    scope = fulltext.Scope(staff_id=staff_id, zone_id=zone_id)
    groups = fulltext.search_all(session, text, scope=scope, limit=limit, kinds=fulltext.TEXT_KINDS)
    titles = {"record": N("Cli", "服务记录"), "demand": N("Cli", "诉求"), "policy": N("Cli", "政策")}
    for g in groups:
        count = (
            translate("Cli", N("Cli", "{n} 条以上"), n=g.total)
            if g.more
            else translate("Cli", N("Cli", "{n} 条"), n=g.total)
        )
        print(f"== {translate('Cli', titles[g.kind])}：{count}")
        if not g.complete:
            print(translate("Cli", N("Cli", "（单个字只查找最近的 {n} 条）"), n=fulltext.SCAN_ROWS))
        for h in g.hits:
            marked, last = [], 0
            for a, b in h.snippet.spans:
                marked += [h.snippet.text[last:a], "【", h.snippet.text[a:b], "】"]
                last = b
            marked.append(h.snippet.text[last:])
            print(safe(f"{h.row_id[:8]}  {h.title}  {h.detail}"))
            print(f"    {safe(''.join(marked))}")
    return 0


def _open_account(engine, login: str | None) -> int:  # type: ignore[no-untyped-def]
    """``fieldkit staff account LOGIN``: 开通账号 on the connected server (as the window's 人员管理
    does); the one-time password is printed once, or ``$FIELDKIT_INITIAL_PASSWORD`` is used."""
    from sqlmodel import Session, col, select

    from fieldkit.domain.text_rules import escape_controls
    from fieldkit.models import Staff
    from fieldkit.sync import account
    from fieldkit.sync.errors import SyncError

    with Session(engine) as s:
        sid = s.exec(
            select(Staff.id).where(Staff.login == (login or "").lower(), col(Staff.deleted).is_(False))
        ).first()
    if sid is None:
        print(translate("Cli", N("Cli", "找不到登录名为“{login}”的人员"), login=escape_controls(login or "")))
        return 1
    try:
        got = account.open_account(engine, sid, os.environ.get("FIELDKIT_INITIAL_PASSWORD") or None)
    except SyncError as e:
        print(e.text())  # noqa: T201
        return 1
    print(translate("Cli", N("Cli", "已开通登录账号：{login}"), login=escape_controls(got.login)))
    if got.initial_password:
        print(
            translate(
                "Cli",
                N(
                    "Cli",
                    "一次性初始密码（只显示这一次）：{password}；本人第一次连接服务器时须设置自己的新密码",
                ),
                password=got.initial_password,
            )
        )
    return 0


def cmd_staff(args: argparse.Namespace) -> int:
    from fieldkit.services.staff_cli import run_staff_cli

    who = _signed_in(args)
    if args.action == "account":
        return _open_account(who.engine, args.staff_login)
    active = None if args.active is None else args.active == "yes"
    return run_staff_cli(
        who.engine,
        who.actor,
        args.action,
        args.staff_login,
        sys.stdout,
        name=args.name,
        specialist_type=args.specialist,
        role=args.role,
        phone=args.phone,
        department=args.department,
        active=active,
    )


def cmd_print(args: argparse.Namespace) -> int:
    from fieldkit.forms.cli import run_print

    who = _signed_in(args, read_only=True)
    args.key = who.key  # photos and signatures are decrypted in memory for the form
    return run_print(who.engine, who.folder, args, actor=who.actor)


def _backup_connect(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Connections for backups through the store's own engine (keyed when the store is encrypted);
    plain SQLite when there is no store yet or it does not open (a damaged store being restored)."""
    from fieldkit.services.backup import engine_connect, plain_connect

    if not db_path(data_dir(args.data_dir)).exists():
        return plain_connect, None
    try:
        _folder, engine = _store(args)
    except Exception:  # noqa: BLE001 - a damaged store is what a restore replaces
        return plain_connect, None
    return engine_connect(engine), engine


def _backup_key_connect(folder: Path, archive: Path):  # type: ignore[no-untyped-def]
    """For an encrypted backup restored over a store that cannot be opened: the password that
    protects the backup (``FIELDKIT_PASSWORD`` or a prompt) opens the backup's key file, under the
    folder's slow-down; connections keyed by it. None: a plaintext backup, or not a backup (the
    restore then says what is wrong with the file)."""
    from fieldkit.services import backup_unlock
    from fieldkit.services.backup import BackupError
    from fieldkit.services.signin_throttle import SignInThrottle
    from fieldkit.services.unlock import StoreLocked, cli_password

    try:
        if not archive.is_file() or not backup_unlock.needs_password(archive):
            return None
    except BackupError:
        return None
    password = cli_password(translate("Cli", N("Cli", "备份已加密，请输入制作备份时的登录密码：")))
    if not password:
        raise StoreLocked(
            N("Unlock", "本机数据已加密：请输入密码（或设置环境变量 FIELDKIT_PASSWORD）"), code="no_password"
        )
    opened = backup_unlock.open_backup_key(archive, password, SignInThrottle(folder))
    return backup_unlock.key_connect(opened[1]) if opened else None


def cmd_backup(args: argparse.Namespace) -> int:
    from fieldkit.services.backup import backup_cli

    connect, engine = _backup_connect(args)
    try:
        return backup_cli(
            data_dir(args.data_dir), to=args.to, list_only=args.list, keep=args.keep, connect=connect
        )
    finally:
        if engine is not None:
            engine.dispose()


def cmd_restore(args: argparse.Namespace) -> int:
    from fieldkit.services.backup import restore_cli

    connect, engine = _backup_connect(args)
    if engine is None:  # no store, or one that does not open: the backup's own key file unlocks it
        connect = _backup_key_connect(data_dir(args.data_dir), Path(args.file)) or connect
    try:
        return restore_cli(data_dir(args.data_dir), Path(args.file), assume_yes=args.yes, connect=connect)
    finally:
        if engine is not None:
            engine.dispose()


def cmd_password(args: argparse.Namespace) -> int:
    """``fieldkit password``: change the signed-in login's local password (the window's 修改密码);
    the old one signs in (``FIELDKIT_PASSWORD`` or a prompt), the new one from
    ``FIELDKIT_NEW_PASSWORD`` or typed twice at a prompt."""
    import getpass
    import os

    from fieldkit.cli_signin import current_login, read_password, sign_in
    from fieldkit.services.password_change import PasswordChangeFailed, change_password, result_text

    folder = _folder(args)
    old = read_password(current_login(folder, getattr(args, "login", None)))
    who = sign_in(args.data_dir, getattr(args, "login", None), password=old)
    try:
        new = os.environ.get("FIELDKIT_NEW_PASSWORD") or ""
        repeat = new
        if not new:
            if not sys.stdin or not sys.stdin.isatty():
                raise PasswordChangeFailed(N("Cli", "请输入新密码（或设置环境变量 FIELDKIT_NEW_PASSWORD）"))
            try:
                new = getpass.getpass(translate("Cli", N("Cli", "新密码：")))
                repeat = getpass.getpass(translate("Cli", N("Cli", "再次输入新密码：")))
            except (EOFError, KeyboardInterrupt):
                print(translate("Cli", N("Cli", "已取消，密码未改动")), file=sys.stderr)
                return 1
        result = change_password(who.engine, who.folder, who.staff.login, old, new, repeat, key=who.key)
    finally:
        who.engine.dispose()
    print(result_text(result))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from fieldkit.sync.cli import run_sync

    if args.server or _connected_login(args) is None:
        # the first connection signs in on the server (fieldkit/sync/cli.py); never connected and
        # no --server: run_sync says how to connect
        folder, vault = _vault(args)
        return run_sync(vault.engine, folder, args, key=vault.key)
    connected_as = _connected_login(args)
    from fieldkit.cli_signin import sign_in
    from fieldkit.config import Settings

    default = Settings.load(data_dir(args.data_dir)).current_login or connected_as
    who = sign_in(args.data_dir, args.login or default)
    return run_sync(who.engine, who.folder, args, key=who.key)


def _connected_login(args: argparse.Namespace) -> str | None:
    """The login this data folder syncs as (None: never connected to a server)."""
    from fieldkit.db import session_factory
    from fieldkit.services.unlock import Vault
    from fieldkit.sync import account

    folder = _folder(args)
    if not db_path(folder).exists():
        return None
    vault = Vault(folder)
    if vault.locked:  # encrypted: nothing is read before the sign-in (a demo store never connects)
        try:
            vault.check_openable()  # not a database and no key file: the store's problem
            info = vault.locked_info()
        except BaseException:
            vault.close()
            raise
        vault.close()
        return None if info.demo_login is not None or not info.logins else info.logins[0]
    engine = vault.engine
    try:
        with session_factory(engine)() as s:
            st = account.status(s)
            return st.login if st.server_url else None
    finally:
        engine.dispose()


def _server_data_dir(args: argparse.Namespace) -> None:
    """The server's data folder: --data-dir, else a "server" folder in the user's data folder."""
    if not args.data_dir and not getattr(args, "database_url", None):
        args.data_dir = str(data_dir(None) / "server")


def _no_server() -> int:
    """The desktop package does not carry the server (it is the fieldkit-server package)."""
    message = N("Cli", "这个安装不含同步服务器：请安装 fieldkit-server 软件包，用 fieldkit-server 命令启动。")
    print(translate("Cli", message), file=sys.stderr)
    return 2


def cmd_server(args: argparse.Namespace) -> int:
    try:
        from fieldkit.server.cli import run_server
    except ImportError:
        return _no_server()

    _server_data_dir(args)
    return run_server(args)


def cmd_admin(args: argparse.Namespace) -> int:
    try:
        from fieldkit.server.cli import run_admin
    except ImportError:
        return _no_server()

    _server_data_dir(args)
    return run_admin(args)


def _specialist_codes() -> list[str]:
    from fieldkit.services.reference import load

    return [t.code for t in load().specialist_types]


def _data_options() -> argparse.ArgumentParser:
    """--data-dir and --lang, accepted before or after the subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help=translate("Cli", N("Cli", "数据文件夹（默认：$FIELDKIT_DATA_DIR 或用户数据文件夹）")),
    )
    common.add_argument(
        "--lang",
        choices=["zh_CN", "en"],
        default=argparse.SUPPRESS,
        help=translate("Cli", N("Cli", "界面语言")),
    )
    return common


def _login_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--login",
        default=None,
        help=translate(
            "Cli",
            N("Cli", "以此账号登录（默认：上次登录的账号）；密码从提示输入或环境变量 FIELDKIT_PASSWORD"),
        ),
    )


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in the raw arguments (None: the window)."""
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--data-dir", "--lang"):
            skip = True
        elif not a.startswith("-"):
            return a
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; the arguments of ``print``, ``sync``, ``server`` and ``admin`` (which import the
    forms, the sync client and the server) are added only when ``argv`` names that subcommand (None:
    all of them)."""
    command = _command_in(argv) if argv is not None else None
    everything = argv is None
    common = _data_options()
    p = argparse.ArgumentParser(
        prog="fieldkit", parents=[common], description=translate("Cli", N("Cli", "FieldKit 企业服务助手"))
    )
    p.add_argument("--version", action="version", version=f"fieldkit {__version__}")
    p.add_argument(
        "--demo",
        action="store_true",
        help=translate("Cli", N("Cli", "不带子命令时：数据文件夹为空则创建演示数据，并登录演示账号")),
    )
    sub = p.add_subparsers(dest="command")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=translate("Cli", help_text))

    sp = add("run", N("Cli", "打开桌面窗口（默认）"))
    sp.set_defaults(func=cmd_run)

    sp = add("demo", N("Cli", "创建逼真、可重现的演示数据"))
    sp.add_argument("--enterprises", type=int, default=300, help=translate("Cli", N("Cli", "企业数量")))
    sp.add_argument(
        "--records",
        type=int,
        default=None,
        help=translate("Cli", N("Cli", "服务记录数量（默认：每家企业 20 条）")),
    )
    sp.add_argument(
        "--seed", type=int, default=1, help=translate("Cli", N("Cli", "随机种子（相同种子生成相同数据）"))
    )
    sp.add_argument("--quiet", action="store_true", help=translate("Cli", N("Cli", "不显示进度")))
    sp.set_defaults(func=cmd_demo)

    sp = add("import", N("Cli", "从 .csv 或 .xlsx 导入企业"))
    sp.add_argument("kind", choices=["enterprises"])
    sp.add_argument("file")
    sp.add_argument(
        "--commit", action="store_true", help=translate("Cli", N("Cli", "写入有效的行（全部成功或全部不写）"))
    )
    sp.add_argument(
        "--yes",
        action="store_true",
        help=translate("Cli", N("Cli", "与 --commit 同用：有错误行时仍导入其余各行，不再询问")),
    )
    _login_option(sp)
    sp.add_argument(
        "--assign-to",
        default=None,
        metavar="LOGIN",
        help=translate("Cli", N("Cli", "把导入的企业分配给此账号包联")),
    )
    sp.add_argument(
        "--zone",
        default=None,
        metavar="NAME",
        help=translate("Cli", N("Cli", "导入到此功能区（名称或代码；数据库中有多个功能区时必填）")),
    )
    sp.set_defaults(func=cmd_import)

    sp = add("search", N("Cli", "查找企业（名称、信用代码、联系人、拼音）"))
    sp.add_argument("text")
    sp.add_argument(
        "--records",
        action="store_true",
        help=translate("Cli", N("Cli", "改为全文查找服务记录、诉求和政策的内容（两个字以上）")),
    )
    sp.add_argument("--limit", type=int, default=20, help=translate("Cli", N("Cli", "最多显示的条数")))
    _login_option(sp)
    sp.set_defaults(func=cmd_search)

    sp = add("staff", N("Cli", "列出、新建或修改服务人员及其人员类型（主管或管理员）"))
    sp.add_argument("action", choices=["list", "add", "edit", "account"])
    sp.add_argument("staff_login", nargs="?", default=None, metavar="LOGIN")
    sp.add_argument("--name", default=None, help=translate("Cli", N("Cli", "姓名")))
    sp.add_argument(
        "--specialist",
        default=None,
        choices=_specialist_codes(),
        help=translate("Cli", N("Cli", "人员类型")),
    )
    sp.add_argument("--role", default=None, choices=["assistant", "supervisor", "admin"])
    sp.add_argument("--phone", default=None, help=translate("Cli", N("Cli", "联系电话")))
    sp.add_argument("--department", default=None, help=translate("Cli", N("Cli", "所在部门")))
    sp.add_argument(
        "--active", default=None, choices=["yes", "no"], help=translate("Cli", N("Cli", "是否在岗"))
    )
    _login_option(sp)
    sp.set_defaults(func=cmd_staff)

    sp = add("print", N("Cli", "把表单或台账输出为 PDF 或 Excel"))
    if everything or command == "print":
        from fieldkit.forms.cli import add_arguments

        add_arguments(sp)
    _login_option(sp)
    sp.set_defaults(func=cmd_print)

    sp = add("backup", N("Cli", "备份本机数据（加密，自动保留最近几份）；--to 导出整份数据用于交接"))
    sp.add_argument(
        "--to",
        metavar="FILE",
        default=None,
        help=translate("Cli", N("Cli", "写到这个文件（交接电脑时的整份导出）")),
    )
    sp.add_argument("--list", action="store_true", help=translate("Cli", N("Cli", "只列出已有的备份")))
    sp.add_argument("--keep", type=int, default=7, help=translate("Cli", N("Cli", "保留最近几份备份")))
    sp.set_defaults(func=cmd_backup)

    sp = add("restore", N("Cli", "用备份文件恢复本机数据（当前数据先另存为一份备份）"))
    sp.add_argument("file")
    sp.add_argument("--yes", action="store_true", help=translate("Cli", N("Cli", "不再询问，直接恢复")))
    sp.set_defaults(func=cmd_restore)

    sp = add("password", N("Cli", "修改本机登录密码（重新包装数据密钥，不重新加密数据）"))
    _login_option(sp)
    sp.set_defaults(func=cmd_password)

    sp = add("sync", N("Cli", "与功能区服务器同步（首次：--server URL --login 账号）"))
    if everything or command == "sync":  # the sync client (requests, the engine) only for `sync`
        from fieldkit.sync.cli import add_arguments as add_sync_arguments

        add_sync_arguments(sp)
    sp.set_defaults(func=cmd_sync)

    server = add("server", N("Cli", "启动功能区服务器（默认 127.0.0.1:8765）"))
    server.set_defaults(func=cmd_server)
    admin = add("admin", N("Cli", "管理服务器：功能区、账号、包联、设备"))
    admin.set_defaults(func=cmd_admin)
    if everything or command in ("server", "admin"):
        try:  # the server's dependencies are the [server] extra
            from fieldkit.server.cli import add_admin_arguments, add_server_arguments

            add_server_arguments(server)
            add_admin_arguments(admin)
        except ImportError:
            pass
    return p


def _option_in(argv: Sequence[str], name: str) -> str | None:
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(f"{name}="):
            return a.split("=", 1)[1]
    return None


def _language_in(argv: Sequence[str]) -> str | None:
    """--lang from the raw arguments, so that help texts are built in that language; without it
    the language chosen in the window's settings of the data folder (--data-dir, else
    $FIELDKIT_DATA_DIR, else the user's), so a user who switched the window to English gets the
    commands in English too. Nothing is created to find it out."""
    lang = _option_in(argv, "--lang")
    if lang:
        return lang
    import platformdirs

    from fieldkit.config import APP_NAME, ENV_DATA_DIR, Settings

    given = _option_in(argv, "--data-dir") or os.environ.get(ENV_DATA_DIR)
    folder = Path(given) if given else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    try:
        if not (folder / "settings.json").is_file():
            return None
        return Settings.load(folder).language or None
    except OSError:  # an unreadable folder: the default language, and the command says what is wrong
        return None


def _unreadable_argument(argv: Sequence[str]) -> str | None:
    """An argument holding bytes that are not text in the terminal's encoding (Python keeps them
    as lone surrogates, which nothing can store or print), shown escaped; None when all are text."""
    from fieldkit.domain.text_rules import escape_controls, is_surrogate

    for a in argv:
        if any(is_surrogate(ch) for ch in a):
            return escape_controls(a)
    return None


#: options the window's start reads itself (``fieldkit [--data-dir D] [--lang L] [--demo] [run]``)
_WINDOW_VALUES = ("--data-dir", "--lang")
_LANGUAGES = ("zh_CN", "en")


def window_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's arguments read without building the parser (which imports the reference data
    and argparse's messages for every subcommand): ``--data-dir``, ``--lang``, ``--demo`` and an
    optional ``run``. None for anything else (a subcommand, ``--help``, ``--version``, an
    abbreviated or unknown option, a bad value, unreadable bytes): the full parser reads those and
    says what is wrong."""
    values: dict[str, str | None] = {"data_dir": None, "lang": None}
    demo = False
    commands = 0
    items = list(argv)
    i = 0
    while i < len(items):
        a = items[i]
        name, eq, value = a.partition("=")
        if a == "--demo":
            demo = True
        elif a == "run":
            commands += 1
        elif name in _WINDOW_VALUES:
            if not eq:
                if i + 1 >= len(items) or items[i + 1].startswith("-"):
                    return None
                i += 1
                value = items[i]
            values[name[2:].replace("-", "_")] = value
        else:
            return None
        i += 1
    if commands > 1 or (values["lang"] is not None and values["lang"] not in _LANGUAGES):
        return None
    if values["data_dir"] == "" or _unreadable_argument(argv) is not None:
        return None
    return argparse.Namespace(command="run" if commands else None, demo=demo, func=cmd_run, **values)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    window = window_args(argv)
    if window is not None:  # the window: its splash before SQLAlchemy or the parser is imported
        return _run_command(cmd_run, window)
    from fieldkit import cli_i18n

    lang = _language_in(argv)
    if lang:
        _install_cli_translator(lang)
    cli_i18n.install()
    bad = _unreadable_argument(argv)
    if bad is not None:
        message = translate(
            "Cli", N("Cli", "参数“{value}”含有无法识别的字符（不是 UTF-8 文本），请重新输入"), value=bad
        )
        print(translate("Cli", N("Cli", "错误：{message}"), message=message), file=sys.stderr)
        return 2
    args = build_parser(argv).parse_args(argv)
    args.data_dir = getattr(args, "data_dir", None)
    args.lang = getattr(args, "lang", None)
    func = getattr(args, "func", cmd_run)
    # the window shows a migration in a dialog instead
    untell = _tell_migrations() if func not in (cmd_run, cmd_server, cmd_admin) else None
    try:
        return _run_command(func, args)
    finally:
        if untell is not None:  # a caller running several commands in one process (the tests)
            untell()


def _run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """``func(args)``; an error it raises that is the store's or the user's is said on stderr in the
    user's words with its exit code, never as a traceback (anything else is raised: a bug)."""
    try:
        return int(func(args) or 0)
    except Exception as exc:
        code = error_exit(exc, args)
        if code is None:
            raise
        return code


def error_exit(exc: BaseException, args: argparse.Namespace) -> int | None:
    """Say ``exc`` on stderr and return the exit code; None when it is not an error the user can act
    on. The error classes are imported here: the window's start does not pay for SQLAlchemy's
    before its splash, and a SQLAlchemy error can only come once SQLAlchemy was imported."""
    from fieldkit.services.errors import FieldKitError
    from fieldkit.store_health import StoreError, classify

    if isinstance(exc, StoreError):
        print(translate("Cli", N("Cli", "错误：{message}"), message=exc.text()), file=sys.stderr)
        return exc.exit_code
    if isinstance(exc, FieldKitError):
        print(translate("Cli", N("Cli", "错误：{message}"), message=safe(exc.text())), file=sys.stderr)
        return 2
    database_error = False
    if "sqlalchemy" in sys.modules:
        from sqlalchemy.exc import SQLAlchemyError

        database_error = isinstance(exc, SQLAlchemyError)
    if not (database_error or isinstance(exc, OSError)):
        return None
    # a full disk, a busy or read-only store in the middle of a command: the store's problem
    # (its own exit code); any other database error (a constraint) in the user's words
    data_dir_arg = getattr(args, "data_dir", None)
    problem = classify(exc, getattr(args, "store_path", None) or Path(data_dir_arg or "."))
    if problem is not None:
        print(translate("Cli", N("Cli", "错误：{message}"), message=problem.text()), file=sys.stderr)
        return problem.exit_code
    from fieldkit.services.db_errors import store_error

    err = store_error(exc)
    if err is None:
        return None
    print(translate("Cli", N("Cli", "错误：{message}"), message=safe(err.text())), file=sys.stderr)
    return 2
