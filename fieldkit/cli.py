"""`fieldkit` command line. No subcommand opens the desktop window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
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


def _store(args: argparse.Namespace, *, read_only: bool = False):  # type: ignore[no-untyped-def]
    """The data folder and its store; ``read_only`` for commands that only read (nothing is
    written to the file, and they work on a read-only folder and while another program writes)."""
    from fieldkit.db import open_store

    folder = _folder(args)
    return folder, open_store(db_path(folder), read_only=read_only)


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


def cmd_run(args: argparse.Namespace) -> int:
    from fieldkit.app import run

    return run(
        data_dir_override=args.data_dir,
        demo=getattr(args, "demo", False),
        language=getattr(args, "lang", None),
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldkit.services.demo import generate

    folder, engine = _store(args)
    summary = generate(
        engine,
        enterprises=args.enterprises,
        seed=args.seed,
        records=args.records,
        progress=None if args.quiet else print,
    )
    print(
        translate("Cli", N("Cli", "演示数据已写入 {path}：{summary}"), path=db_path(folder), summary=summary)
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from fieldkit.services.importing import run_cli_import

    folder, engine = _store(args)
    return run_cli_import(
        engine,
        Path(args.file),
        kind=args.kind,
        commit=args.commit,
        assume_yes=args.yes,
        login=args.login,
        out=sys.stdout,
        zone=args.zone,
    )


def cmd_search(args: argparse.Namespace) -> int:
    from fieldkit.db import session_factory
    from fieldkit.services.enterprises import EnterpriseFilter, search

    _data, engine = _store(args, read_only=True)
    with session_factory(engine)() as s:
        if args.records:
            return _search_records(s, args.text, args.limit)
        for e in search(s, EnterpriseFilter(text=args.text, limit=args.limit)):
            print(f"{e.credit_code}  {e.name}  {e.contact_person} {e.contact_phone}")
    return 0


def _search_records(session, text: str, limit: int) -> int:  # type: ignore[no-untyped-def]
    """Full-text search of service records, demands and policies; matches in 【】."""
    from fieldkit.services import fulltext

    groups = fulltext.search_all(session, text, limit=limit, kinds=fulltext.TEXT_KINDS)
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
            print(f"{h.row_id[:8]}  {h.title}  {h.detail}")
            print(f"    {''.join(marked)}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from fieldkit.forms.cli import run_print

    folder, engine = _store(args, read_only=True)
    return run_print(engine, folder, args)


def cmd_sync(args: argparse.Namespace) -> int:
    from fieldkit.sync.cli import run_sync

    folder, engine = _store(args)
    return run_sync(engine, folder, args)


def _server_data_dir(args: argparse.Namespace) -> None:
    """The server's data folder: --data-dir, else a "server" folder in the user's data folder."""
    if not args.data_dir and not getattr(args, "database_url", None):
        args.data_dir = str(data_dir(None) / "server")


def cmd_server(args: argparse.Namespace) -> int:
    from fieldkit.server.cli import run_server

    _server_data_dir(args)
    return run_server(args)


def cmd_admin(args: argparse.Namespace) -> int:
    from fieldkit.server.cli import run_admin

    _server_data_dir(args)
    return run_admin(args)


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
    """The parser; the arguments of ``print``, ``server`` and ``admin`` (which import the forms and
    the server) are added only when ``argv`` names that subcommand (None: all of them)."""
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
    sp.add_argument("--login", default=None, help=translate("Cli", N("Cli", "把导入的企业分配给此账号包联")))
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
    sp.set_defaults(func=cmd_search)

    sp = add("print", N("Cli", "把表单或台账输出为 PDF 或 Excel"))
    if everything or command == "print":
        from fieldkit.forms.cli import add_arguments

        add_arguments(sp)
    sp.set_defaults(func=cmd_print)

    sp = add("sync", N("Cli", "与功能区服务器同步（首次：--server URL --login 账号）"))
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


def _language_in(argv: Sequence[str]) -> str | None:
    """--lang from the raw arguments, so that help texts are built in that language."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from sqlalchemy.exc import DBAPIError

    from fieldkit.services.errors import FieldKitError
    from fieldkit.store_health import StoreError, classify

    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language_in(argv)
    if lang:
        _install_cli_translator(lang)
    args = build_parser(argv).parse_args(argv)
    args.data_dir = getattr(args, "data_dir", None)
    args.lang = getattr(args, "lang", None)
    func = getattr(args, "func", cmd_run)
    try:
        return int(func(args) or 0)
    except StoreError as exc:
        print(translate("Cli", N("Cli", "错误：{message}"), message=exc.text()), file=sys.stderr)
        return exc.exit_code
    except FieldKitError as exc:
        print(translate("Cli", N("Cli", "错误：{message}"), message=exc.text()), file=sys.stderr)
        return 2
    except (DBAPIError, OSError) as exc:  # a full disk or a busy store in the middle of a command
        problem = classify(exc, getattr(args, "store_path", None) or Path(args.data_dir or "."))
        if problem is None:
            raise
        print(translate("Cli", N("Cli", "错误：{message}"), message=problem.text()), file=sys.stderr)
        return problem.exit_code
