"""`fieldkit` command line. No subcommand opens the desktop window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from fieldkit import __version__
from fieldkit.config import data_dir, db_path


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from fieldkit.db import open_store

    folder = data_dir(args.data_dir)
    return folder, open_store(db_path(folder))


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

    return run(data_dir_override=args.data_dir, demo=getattr(args, "demo", False),
               language=getattr(args, "lang", None))


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldkit.services.demo import generate

    folder, engine = _store(args)
    summary = generate(engine, enterprises=args.enterprises, seed=args.seed,
                       records=args.records, progress=None if args.quiet else print)
    print(f"demo data written to {db_path(folder)}: {summary}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from fieldkit.services.importing import run_cli_import

    folder, engine = _store(args)
    return run_cli_import(engine, Path(args.file), kind=args.kind, commit=args.commit,
                          assume_yes=args.yes, login=args.login, out=sys.stdout)


def cmd_search(args: argparse.Namespace) -> int:
    from fieldkit.db import session_factory
    from fieldkit.services.enterprises import EnterpriseFilter, search

    _folder, engine = _store(args)
    with session_factory(engine)() as s:
        for e in search(s, EnterpriseFilter(text=args.text, limit=args.limit)):
            print(f"{e.credit_code}  {e.name}  {e.contact_person} {e.contact_phone}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from fieldkit.forms.cli import run_print

    folder, engine = _store(args)
    return run_print(engine, folder, args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fieldkit", description="FieldKit 企业服务助手")
    p.add_argument("--version", action="version", version=f"fieldkit {__version__}")
    p.add_argument("--data-dir", help="data folder (default: $FIELDKIT_DATA_DIR or the user data folder)")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language")
    p.add_argument("--demo", action="store_true",
                   help="with no subcommand: create a demo dataset if the data folder is empty and sign in to it")
    sub = p.add_subparsers(dest="command")

    sp = sub.add_parser("run", help="open the desktop window (the default)")
    sp.set_defaults(func=cmd_run)

    sp = sub.add_parser("demo", help="create a realistic, deterministic demo dataset")
    sp.add_argument("--enterprises", type=int, default=300)
    sp.add_argument("--records", type=int, default=None,
                    help="number of service records (default: 20 per enterprise)")
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--quiet", action="store_true")
    sp.set_defaults(func=cmd_demo)

    sp = sub.add_parser("import", help="import enterprises from .csv or .xlsx")
    sp.add_argument("kind", choices=["enterprises"])
    sp.add_argument("file")
    sp.add_argument("--commit", action="store_true", help="write the valid rows (all or nothing)")
    sp.add_argument("--yes", action="store_true", help="with --commit: import the good rows even if some are bad")
    sp.add_argument("--login", default=None, help="assign imported enterprises to this staff login")
    sp.set_defaults(func=cmd_import)

    sp = sub.add_parser("search", help="search enterprises (name, credit code, contact, pinyin)")
    sp.add_argument("text")
    sp.add_argument("--limit", type=int, default=20)
    sp.set_defaults(func=cmd_search)

    sp = sub.add_parser("print", help="print a form or ledger to PDF or Excel")
    try:
        from fieldkit.forms.cli import add_arguments

        add_arguments(sp)
    except ImportError:
        pass
    sp.set_defaults(func=cmd_print)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.lang:
        _install_cli_translator(args.lang)
    func = getattr(args, "func", cmd_run)
    return int(func(args) or 0)
