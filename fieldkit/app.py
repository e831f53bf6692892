"""Composition root: settings, store, sign-in, services, QApplication, translators, font, main window.

``run()`` is what ``fieldkit`` (no subcommand) calls. With ``--demo`` an empty data folder gets the
demo zone and a demo store signs in as its demo account without a password.

Start-up probe (for ``bench/bench_ui.py``): with ``FIELDKIT_STARTUP_PROBE=1`` the process prints
``FIELDKIT_STARTUP shown=<s> usable=<s> rss_mb=<MB> cpu=<s>`` (seconds since process start, peak
RSS, CPU seconds of all threads) when the window is shown and its first view has loaded its
data, then quits. It also prints ``FIELDKIT_SPLASH shown=<s> cpu=<s>`` when the splash is on the
screen and ``FIELDKIT_DIALOG shown=<s> cpu=<s>`` when the sign-in dialog is; with
``FIELDKIT_STARTUP_PROBE=signin-dialog`` the sign-in dialog is then closed (the program ends).

Start order (issue 11 §3): ``fieldkit`` reads the window's arguments without the parser
(fieldkit/cli.py), :func:`run` creates the QApplication and shows the splash importing only Qt and
the few modules it needs, then imports SQLAlchemy, SQLModel, the models and SQLCipher on the task
runner (:class:`fieldkit.ui.preload.StoreModules`) while the splash is up and the event loop turns.
An encrypted store does not wait for them: its key file is read and the sign-in dialog shown while
they go on; a password typed before they end is derived (argon2id) at once and the sign-in waits
for them only before it opens the store. Whatever uses the ORM waits for the imports first (one
thread imports them). A password known at the start (``--demo``, the probe's) is derived after the
imports, beside the GUI thread's import of the main window (:func:`_known_sign_in` says why).

The first view (issue 11 §3): when the password is known at the start of an encrypted store at the
current schema, nothing waits for those imports. :func:`run` begins the key's derivation on a
thread of its own before even PySide6 is imported (:class:`fieldkit.ui.preload.FirstViewRead`,
:func:`fieldkit.services.first_view.read_first_view`: argon2id, then Today's board through the
store's DB-API driver); the GUI thread builds the application and the splash meanwhile. The main
window's frame (:class:`~fieldkit.ui.main_window.MainWindow` with ``ctx`` None) shows that board;
then the store's modules are imported on the runner, the ORM's sign-in runs with the key already
unwrapped, and :meth:`~fieldkit.ui.main_window.MainWindow.attach` gives the window its context
(the other views, the sync, the idle lock, Today loaded again with its reminders and policy card).
Anything the first view cannot read so (a wrong password, a store to migrate, a damaged file, a
restore midway) leaves it to the ordinary start, which says what is wrong; an attach refused
closes the frame and does the same.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from fieldkit import __version__
from fieldkit.config import ENV_DATA_DIR, Settings, data_dir, db_path, log_file

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from fieldkit.models import Staff
    from fieldkit.services.context import ServiceContext
    from fieldkit.services.demo import DemoSummary
    from fieldkit.services.overview import StoreInfo
    from fieldkit.services.unlock import Vault
    from fieldkit.ui.language import LanguageManager
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.preload import FirstViewRead, StoreModules
    from fieldkit.ui.workers import TaskRunner

ENV_PROBE = "FIELDKIT_STARTUP_PROBE"


def process_start_time() -> float:
    """Wall-clock time at which this process started (falls back to now)."""
    try:
        import psutil  # type: ignore[import-untyped, import-not-found, unused-ignore]

        return float(psutil.Process().create_time())
    except Exception:  # psutil is optional
        pass
    try:  # Linux: /proc/self/stat field 22 is the start time in clock ticks since boot
        with open("/proc/self/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except Exception:
        return time.time()


def peak_rss_mb() -> float:
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb / 1024 / (1024 if sys.platform == "darwin" else 1)
    except ImportError:  # Windows
        return 0.0


def resolve_folder(data_dir_override: str | None) -> Path:
    from fieldkit.config import read_saved_data_dir

    override = data_dir_override
    if not override and not os.environ.get(ENV_DATA_DIR):
        override = read_saved_data_dir()
    try:
        return data_dir(override)
    except OSError:  # a file, or a folder that cannot be created: open_or_ask says so
        return Path(override or os.environ.get(ENV_DATA_DIR) or ".")


#: restore the store at the given path from a backup the user picks (the widget is the dialog's
#: parent) and return whether a store was restored; it is then opened again. None: the dialog's
#: "从备份恢复…" is disabled.
RestoreHook = Callable[[Path, Any], bool]


def restore_from_backup(db_file: Path, parent: Any) -> bool:
    """The restore for a store that cannot be opened (the store-problem dialog, a sign-in that
    found the encrypted store damaged): :class:`~fieldkit.ui.dialogs.restore_dialog.RestoreDialog`
    over the store's folder — a backup, its password, restored off the GUI thread
    (fieldkit/services/backup_unlock.py); True once a backup was restored."""
    from fieldkit.ui.dialogs.restore_dialog import RestoreDialog

    dlg = RestoreDialog(db_file.parent, parent=parent)
    dlg.exec()
    return dlg.restored is not None


restore_hook: RestoreHook | None = restore_from_backup

T = TypeVar("T")


def open_or_ask(folder: Path, open_: Callable[[Path], T]) -> tuple[Path, T] | None:
    """``open_(folder)`` (which opens the folder's store); when the store cannot be used
    (:class:`fieldkit.store_health.StoreError`, or a driver error it classifies) a dialog says why
    and offers another data folder, a restore from a backup, or quitting (None)."""
    from fieldkit.store_health import StoreError, check_folder, classify
    from fieldkit.ui.dialogs.settings_dialog import save_data_dir

    chosen_here = False
    while True:
        problem: StoreError | None = None
        try:
            check_folder(folder)
            opened = open_(folder)
            if chosen_here:
                save_data_dir(str(folder))
            return folder, opened
        except StoreError as exc:
            text, restorable = exc.text(), exc.restorable
        except Exception as exc:
            # imported here: on the way to a store that opens, the runner imports it (with SQLCipher)
            from fieldkit.services.unlock import StoreLocked

            if isinstance(exc, StoreLocked):  # an encrypted store's key file damaged: a backup has it
                text, restorable = exc.text(), True
            else:
                problem = classify(exc, db_path(folder))
                if problem is None:
                    raise
                text, restorable = problem.text(), problem.restorable
        from fieldkit.ui.dialogs.store_problem_dialog import Choice, StoreProblemDialog, choose_folder

        dlg = StoreProblemDialog(text, can_restore=restore_hook is not None and restorable)
        dlg.exec()
        if dlg.choice is Choice.OTHER_FOLDER:
            picked = choose_folder(folder.parent, dlg)
            if picked is not None:
                folder, chosen_here = picked, True
            continue
        if dlg.choice is Choice.RESTORE and restore_hook is not None:
            restore_hook(db_path(folder), dlg)
            continue
        return None


def open_vault(folder: Path, ready: Callable[[], None] | None = None) -> Vault:
    """The folder's store as a :class:`~fieldkit.services.unlock.Vault`: a restore killed midway is
    finished first (the old store back); a plaintext store is opened (migrating only when the
    schema is behind), an encrypted one stays locked until the sign-in's password unwraps its key.
    ``ready`` (the store's modules imported, :meth:`fieldkit.ui.preload.StoreModules.wait`) is
    called first unless the store is encrypted (a locked vault reads only its key file)."""
    from fieldkit.services.backup import finish_interrupted_restore
    from fieldkit.services.unlock import Vault, store_state

    finish_interrupted_restore(folder)
    if ready is not None and store_state(folder) != "encrypted":
        ready()
    vault = Vault(folder)
    try:
        vault.check_openable()  # not a database and no key file: damaged, or not FieldKit's
    except BaseException:
        vault.close()
        raise
    return vault


class LocalStore:
    """The store for the sign-in dialog: sessions for the runner's service calls (the dialog never
    opens one itself), the sign-in (which unlocks an encrypted store: the password unwraps its key
    first) and the writer of the demo zone. Built on a :class:`~fieldkit.services.unlock.Vault`
    (the window) or on an engine already open (a plaintext store of the tests and scripts)."""

    def __init__(
        self,
        engine: Engine | None = None,
        *,
        vault: Vault | None = None,
        ready: Callable[[], None] | None = None,
    ) -> None:
        if vault is None and engine is None:
            raise TypeError("LocalStore needs an engine or a vault")
        self.vault = vault
        self._engine = engine
        self._factory: Callable[[], Session] | None = None
        #: returns once the store's modules are imported (:meth:`fieldkit.ui.preload.StoreModules.wait`):
        #: called before anything here uses SQLAlchemy, on whichever thread
        self.ready: Callable[[], None] = ready or (lambda: None)

    @property
    def engine(self) -> Engine:
        """The store's engine: a locked vault builds it (SQLAlchemy) only when first asked."""
        self.ready()
        if self.vault is not None:
            return self.vault.engine
        assert self._engine is not None
        return self._engine

    @property
    def key(self) -> bytes | None:
        return self.vault.key if self.vault is not None else None

    def make_session(self) -> Session:
        if self._factory is None:
            self.ready()
            from fieldkit.db import session_factory

            self._factory = session_factory(self.engine)
        return self._factory()

    def locked_info(self) -> StoreInfo | None:
        """For a locked (encrypted) store, what the sign-in page can know without its key (None:
        the store is open; read it). A missing or damaged key file raises its own message."""
        from fieldkit.services.store_facts import StoreInfo

        if self.vault is None or not self.vault.locked:
            return None
        info = self.vault.locked_info()
        return StoreInfo(
            has_credentials=True,
            is_demo=info.demo_login is not None,
            demo_login=info.demo_login,
            staff_count=max(1, len(info.logins)),
        )

    def sign_in(self, login: str, password: str) -> Staff:
        """Offline sign-in (a worker thread): the password unwraps the store's key and opens it, or,
        on a plaintext store, is checked and then encrypts it with a new key for that login."""
        if self.vault is not None:  # argon2id first, then (once the ORM is imported) the store
            return self.vault.unlock(login, password, ready=self.ready)
        self.ready()
        from fieldkit.services.auth import check_login

        with self.make_session() as s:
            return check_login(s, login, password)

    def write_demo(
        self, *, enterprises: int, seed: int = 1, progress: Callable[..., Any] | None = None
    ) -> DemoSummary:
        self.ready()
        from fieldkit.services.demo import DEMO_PASSWORD, generate

        summary = generate(self.engine, enterprises=enterprises, seed=seed, progress=progress)
        if self.vault is not None and summary.demo_login:
            self.vault.secure_demo(summary.demo_login, DEMO_PASSWORD)  # the demo's known password
        return summary


def demo_account(store: LocalStore) -> Staff | None:
    """With ``--demo`` on a demo store: its demo account, signed in with the demo's known password
    (which unwraps the key of the encrypted demo store, or encrypts an older plaintext one; one
    argon2id derivation before any window exists). None otherwise. A locked store's derivation
    begins before the models are imported (its key file says whether it is a demo)."""
    from fieldkit.services.errors import FieldKitError
    from fieldkit.services.store_facts import DEMO_PASSWORD

    try:
        info = store.locked_info()
        if info is None:
            store.ready()
            from fieldkit.services.overview import store_info

            with store.make_session() as s:
                info = store_info(s)
        if not (info.is_demo and info.demo_login):
            return None
        if store.vault is None:
            store.ready()
            from fieldkit.services.overview import staff_by_login

            with store.make_session() as s:
                return staff_by_login(s, info.demo_login)
        return store.sign_in(info.demo_login, DEMO_PASSWORD)
    except FieldKitError:  # the sign-in dialog says what is wrong
        return None


def store_device(engine, db_file: Path) -> str:  # type: ignore[no-untyped-def]
    """The store's device id; a store found in another folder or on another computer asks whether
    it is a copy (then it becomes a new device) or was moved."""
    from fieldkit.db import session_factory, transaction
    from fieldkit.services import device
    from fieldkit.ui.dialogs.copied_store_dialog import ask_copied

    make = session_factory(engine)
    with transaction(make) as s:
        check = device.check_origin(s, db_file)
    if not check.elsewhere:
        return check.device_id
    copied = ask_copied(check)
    if copied is None:  # asked again next time; meanwhile nothing is pushed under a doubtful id
        return check.device_id
    with transaction(make) as s:
        return device.adopt_as_copy(s, db_file) if copied else device.confirm_moved(s, db_file)


def run(
    data_dir_override: str | None = None,
    demo: bool = False,
    language: str | None = None,
    argv: list[str] | None = None,
) -> int:
    started = process_start_time() if os.environ.get(ENV_PROBE) else time.time()
    _PROBE_START[0] = started
    # a password known at the start (--demo on a demo store, the probe's): its argon2id begins now,
    # on a thread of its own, beside building the application, the splash and the window's imports
    early = _early_first_view(data_dir_override, demo)
    # only Qt and the few modules the splash needs before it is on the screen: SQLAlchemy, SQLModel,
    # the models and the store come after it, on the task runner (tests/ui/test_splash.py checks)
    from PySide6.QtWidgets import QApplication

    from fieldkit.ui import crash
    from fieldkit.ui.language import LanguageManager
    from fieldkit.ui.splash import StartSplash
    from fieldkit.ui.style import app_icon, apply_font, apply_style

    app = QApplication.instance()
    if app is not None and not isinstance(app, QApplication):
        # `fieldkit --lang en` made a QCoreApplication for the terminal's translator; widgets need
        # a QApplication, and our LanguageManager installs the translators again
        app.shutdown()
        app = None
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("FieldKit")
    app.setOrganizationName("FieldKit")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("fieldkit")  # the task bar (Wayland, GNOME) finds the menu entry's icon by it
    app.setWindowIcon(app_icon())
    apply_font(app)
    apply_style(app)
    from fieldkit.ui.gc_thread import GuiThreadCollector

    # cycles holding Qt objects are freed on this thread, never on a task runner's worker
    collector = GuiThreadCollector(app)  # noqa: F841 - a child of the application, kept with it

    folder = resolve_folder(data_dir_override)
    crash.install(log_file(folder))  # from here on an uncaught error is logged and shown in a dialog
    settings = Settings.load(folder)
    lang = LanguageManager(app)
    lang.apply(language or settings.language)
    # something on the screen at once: the imports below, opening (migrating, unlocking) the store
    # and the demo's sign-in take seconds on a loaded machine; it closes when a window shows
    splash = StartSplash()  # held here: a window without a parent lives as long as its Python object
    splash.show_now()
    if os.environ.get(ENV_PROBE):
        _probe_mark("FIELDKIT_SPLASH", started)

    from fieldkit.ui.dialogs.migration_dialog import MigrationProgress
    from fieldkit.ui.preload import StoreModules
    from fieldkit.ui.workers import TaskRunner

    runner = TaskRunner(app)
    migrations = MigrationProgress(app)  # a store whose schema is behind: the dialog while it migrates
    # the store's modules (SQLAlchemy, SQLCipher, the models: about a second of CPU) are imported on
    # the runner while the splash is up and the event loop turns; an encrypted store's sign-in
    # (its dialog, argon2id) goes on meanwhile and waits for them only where it needs the ORM.
    # A password known at the start shows the first view before them (_first_view_window)
    modules = StoreModules(SIGN_IN_MODULES, after=partial(_after_store_modules, migrations.report))
    if early is not None and early[0] != folder:  # (the same folder: resolved the same way)
        early = None
    if early is None:
        modules.start(runner)
    try:
        return _run_window(app, folder, settings, lang, runner, demo, started, modules, early)
    finally:
        if modules.finish():  # the runner may still be importing when the dialog was cancelled
            from fieldkit.db import set_migration_listener

            set_migration_listener(modules.after_result)
        migrations.deleteLater()


#: what the runner imports before the store is opened (:class:`~fieldkit.ui.preload.StoreModules`):
#: what opening it and the sign-in need, so that the GUI thread imports only the windows' own
#: modules afterwards (one thread at a time imports SQLAlchemy's module graph)
SIGN_IN_MODULES = (
    "fieldkit.services.context",  # the models, SQLModel, SQLAlchemy's ORM
    "fieldkit.services.overview",  # the sign-in page's first reads
    "fieldkit.db",
    "fieldkit.services.auth",  # the offline password check once the key is unwrapped
    "sqlcipher3.dbapi2",
    "fieldkit.models.search_index",
    "fieldkit.services.demo",  # the demo's sign-in and writer
    "fieldkit.sync.account",  # the sign-in dialog's connect panel (sync.protocol's pydantic models)
)


def _after_store_modules(listener: Callable[[float, str], None]) -> Any:
    """On the runner once the store's modules are imported: SQLAlchemy's mappers configured (the
    first query would do it, ≈ 0.1 s; here it overlaps the sign-in's argon2id) and migrations told
    to ``listener``; returns the migration listener it replaced."""
    from sqlalchemy.orm import configure_mappers

    from fieldkit.db import set_migration_listener

    configure_mappers()
    return set_migration_listener(listener)


def _import_main_window(modules: StoreModules) -> None:
    """The main window's modules, imported on the GUI thread while a sign-in's argon2id runs on the
    runner (it releases the GIL): the window is built as soon as the key is unwrapped. The store's
    modules first (the event loop turns while the runner imports them)."""
    modules.wait()
    import fieldkit.ui.main_window  # noqa: F401


def _known_sign_in(runner: TaskRunner, sign_in: Callable[[], T], modules: StoreModules) -> T:
    """A sign-in whose password is known at the start (``--demo``, the probe's): begun once the
    store's modules are imported, its argon2id beside the GUI thread's import of the main window.
    Begun earlier, beside the runner's imports, it finished later on this 2-core machine under
    load (argon2id's 64 MiB pass and the imports slowed each other: the import 1.3 → 2.5 s, the
    derivation 0.35 → 1.1 s; docs/benchmarks.md, branch start-usable), so it waits for them."""
    from fieldkit.ui.dialogs.migration_dialog import run_off_ui_thread

    modules.wait()
    return run_off_ui_thread(runner, sign_in, meanwhile=partial(_import_main_window, modules))


def known_password(folder: Path, demo: bool, settings: Settings) -> tuple[str, str] | None:
    """The login and password known at the start of an encrypted store (the demo's with ``--demo``
    on a demo store, the start-up probe's ``FIELDKIT_PASSWORD``): the window's first view is then
    read without the ORM (:func:`_first_view_window`). None: the ordinary start."""
    from fieldkit import keystore

    if not (keystore.exists(folder) and db_path(folder).exists()):
        return None
    from fieldkit.services.unlock import ENV_LOGIN, ENV_PASSWORD

    password = os.environ.get(ENV_PASSWORD)
    login = os.environ.get(ENV_LOGIN) or settings.current_login
    if os.environ.get(ENV_PROBE) and password and login:
        return login, password
    if not demo:
        return None
    from fieldkit.services.store_facts import DEMO_PASSWORD

    try:
        demo_login = keystore.load(folder).demo_login
    except Exception:  # a damaged key file: the ordinary sign-in says so
        return None
    return (demo_login, DEMO_PASSWORD) if demo_login else None


def _early_first_view(data_dir_override: str | None, demo: bool) -> tuple[Path, FirstViewRead] | None:
    """The first view's read begun (:class:`~fieldkit.ui.preload.FirstViewRead`) when the password is
    known at the start (:func:`known_password`), with the folder it reads; None otherwise."""
    try:
        folder = resolve_folder(data_dir_override)
        if (folder / RESTORE_JOURNAL).exists():  # a restore killed midway: finished first (open_vault)
            return None
        known = known_password(folder, demo, Settings.load(folder))
    except Exception:  # noqa: BLE001 - the ordinary start meets (and says) it
        return None
    if known is None:
        return None
    from fieldkit.ui.preload import FirstViewRead

    return folder, FirstViewRead(folder, *known)


def _first_view_window(
    runner: TaskRunner, folder: Path, settings: Settings, lang: LanguageManager, early: FirstViewRead
) -> MainWindow | None:
    """The main window's frame showing Today, read without the ORM (``early``'s thread: argon2id
    unwraps the key, then the board; the GUI thread imports the window's modules meanwhile). None
    when it cannot be read so (a wrong password, a store to migrate, a damaged file...): the
    ordinary start then says what is wrong."""

    def frame_modules() -> None:
        import fieldkit.ui.main_window  # noqa: F401

    try:
        first = early.result(meanwhile=frame_modules)
    except Exception as exc:  # noqa: BLE001 - whatever it is, the ordinary start handles (or says) it
        import logging

        logging.getLogger(__name__).info("first view without the ORM: %s", exc)
        return None
    first.language = lang.language
    if os.environ.get(ENV_PROBE):
        t0 = _PROBE_START[0]
        sys.stdout.write(f"FIELDKIT_SIGNIN began={early.began - t0:.3f} ended={early.ended - t0:.3f}\n")
    from fieldkit.ui.main_window import MainWindow

    return MainWindow(None, runner, settings, lang, folder, first=first)


#: the journal of a restore in progress (:data:`fieldkit.services.backup.JOURNAL`; a test checks they agree)
RESTORE_JOURNAL = "restore-journal.json"

#: the process's start (seconds since the epoch) for the probe's marks, set by run()
_PROBE_START = [0.0]


def _probe_mark(name: str, started: float) -> None:
    """``<name> shown=<s> cpu=<s>`` on stdout for bench/bench_ui.py (``FIELDKIT_STARTUP_PROBE``
    only): seconds since the process started, CPU seconds of all its threads."""
    sys.stdout.write(f"{name} shown={time.time() - started:.3f} cpu={time.process_time():.3f}\n")
    sys.stdout.flush()


def _run_window(
    app: Any,
    folder: Path,
    settings: Settings,
    lang: LanguageManager,
    runner: TaskRunner,
    demo: bool,
    started: float,
    modules: StoreModules,
    early: tuple[Path, FirstViewRead] | None = None,
) -> int:
    """Open the store (off the GUI thread), sign in, show the main window; again after a restore,
    a revocation's wipe or "连接服务器…". ``modules``: the store's modules being imported on the
    runner (a plaintext store waits for them before it is opened; an encrypted one at its sign-in);
    not yet started when ``early`` (the first view's read, :func:`_early_first_view`) is given: the
    first view is then shown first (:func:`_first_view_window`), the modules imported and the
    window attached afterwards."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    from fieldkit.ui import crash
    from fieldkit.ui.dialogs.migration_dialog import run_off_ui_thread

    start_page = ""
    notice = ""
    while True:
        # off the GUI thread (a migration may take a minute); the store-problem dialog when it cannot be used
        opened = open_or_ask(
            folder, lambda f: run_off_ui_thread(runner, lambda: open_vault(f, ready=modules.wait))
        )
        if opened is None:
            return 1
        if opened[0] != folder:  # another data folder chosen in the dialog
            settings = Settings.load(opened[0])
        folder, vault = opened
        try:
            store = LocalStore(vault=vault, ready=modules.wait)
            framed = None
            if early is not None and not start_page and early[0] == folder:
                framed = _first_view_window(runner, folder, settings, lang, early[1])
            early = None
            if framed is not None:
                win = framed
                crash.schedule_selftest(win.first_view_loaded)
                if os.environ.get(ENV_PROBE):
                    _install_probe(win, started, app)
                win.show_first()  # the first paint shows the board
                win.show()

                # then the ORM, on the runner (once the board is painted: its import holds the GIL),
                # and the window is attached (the sign-in's job waits for the import it started)
                QTimer.singleShot(
                    0,
                    win,
                    partial(_attach_when_signed_in, modules, win, store, folder, settings, lang, runner),
                )
            else:
                if not modules.started:
                    modules.start(runner)
                # the demo's sign-in (argon2id, and opening the unlocked store) off the GUI thread too
                staff = (
                    _known_sign_in(runner, partial(demo_account, store), modules)
                    if demo and not start_page
                    else None
                )
                if staff is None and not start_page:
                    staff = _probe_sign_in(store, settings, runner, started, modules)
                if staff is None:
                    from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog

                    dlg = SignInDialog(
                        store,
                        folder,
                        settings,
                        runner,
                        lang,
                        auto_demo=demo,
                        start_page=start_page,
                        notice=notice,
                        restore=_sign_in_restore(vault, folder),
                    )
                    notice = ""
                    if os.environ.get(ENV_PROBE):
                        _probe_dialog(dlg, started)
                    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.staff is None:
                        if dlg.restore_done:  # a backup replaced the damaged store: open it, sign in
                            start_page, demo = "", False
                            continue
                        return 0
                    staff = dlg.staff
                    settings = dlg.settings
                win = _signed_in_window(store, staff, folder, settings, lang, runner)
                crash.schedule_selftest(win.first_view_loaded)
                if os.environ.get(ENV_PROBE):
                    _install_probe(win, started, app)
                win.show()
                win.start_auto_backup()  # daily, rotating, off the GUI thread
            rc = app.exec()
            runner.wait(10_000)
            if win.attach_error is not None:  # the first view's window could not be attached:
                win.deleteLater()  # the ordinary start (sign-in dialog, store-problem dialog) says why
                continue
            if win.revoked:  # the admin revoked this device: wipe, then back to the first-run page
                # the vault's engine (and its key) is disposed inside before any file is deleted
                notice = wipe_after_revocation(store.engine, folder)
                settings = Settings.load(folder)
                start_page = ""
                demo = False
                win.deleteLater()
                continue
            if win.restart_requested:  # a backup was restored: open it and sign in again
                start_page = ""
                demo = False
                win.deleteLater()
                continue
            if not win.connect_requested:
                return int(rc)
            # 连接服务器… from a demo (or a store never connected): a real store beside it
            folder = connected_store_folder(folder, demo=win.facts is None or win.facts.demo)
            settings = Settings.load(folder)
            settings.language = lang.language
            start_page = "connect"
            win.deleteLater()
        finally:
            vault.close()  # its engine, when one was built


def _signed_in_window(
    store: LocalStore,
    staff: Staff,
    folder: Path,
    settings: Settings,
    lang: LanguageManager,
    runner: TaskRunner,
) -> MainWindow:
    """The main window for ``staff``, signed in on ``store`` (the ORM's)."""
    from fieldkit.ui.main_window import MainWindow

    return MainWindow(
        _signed_in_context(store, staff, folder, settings, lang), runner, settings, lang, folder
    )


def _signed_in_context(
    store: LocalStore, staff: Staff, folder: Path, settings: Settings, lang: LanguageManager
) -> ServiceContext:
    """The services' context of ``staff`` signed in on ``store``: its device id (a copied store
    asks), the last login remembered."""
    from fieldkit.services.context import ServiceContext

    engine = store.engine
    device_id = store_device(engine, db_path(folder))
    settings.current_login = staff.login
    settings.save(folder)
    return ServiceContext(engine, folder, staff, device_id=device_id, language=lang.language, key=store.key)


def _attach_when_signed_in(
    modules: StoreModules,
    win: MainWindow,
    store: LocalStore,
    folder: Path,
    settings: Settings,
    lang: LanguageManager,
    runner: TaskRunner,
) -> None:
    """The first view's window (:func:`_first_view_window`) attached to the signed-in context once
    the ORM is imported: the sign-in through it on the runner (the key already unwrapped: no
    second argon2id), then, on the GUI thread, as :func:`_signed_in_window`. A failure closes the
    window with :attr:`~fieldkit.ui.main_window.MainWindow.attach_error` set: the ordinary start
    follows and says what is wrong. Called once the first view's board is painted: the store's
    modules are imported from here on the runner, and the sign-in's job waits for that import
    (started after it, never beside it: two threads importing SQLAlchemy at once fail)."""
    modules.start(runner)
    first = win.first_view
    assert first is not None and store.vault is not None
    vault, login, password, key = store.vault, first.staff.login, first.password, first.key

    def sign_in() -> Staff:
        return vault.unlock(login, password, ready=store.ready, key=key)

    def signed_in(staff: Staff) -> None:
        if not win.isVisible():  # closed meanwhile: the program is ending
            return
        try:
            win.attach(_signed_in_context(store, staff, folder, settings, lang))
        except Exception as exc:  # noqa: BLE001 - said by the ordinary start
            failed(exc)
            return
        win.start_auto_backup()  # daily, rotating, off the GUI thread

    def failed(exc: BaseException) -> None:
        import logging

        logging.getLogger(__name__).warning("attaching the first view's window: %s", exc, exc_info=exc)
        win.attach_error = exc
        win.close()

    runner.run(sign_in, signed_in, failed, owner=win)


def _sign_in_restore(vault: Vault, folder: Path) -> Callable[[Any], bool] | None:
    """The sign-in dialog's 从备份恢复… (shown when the password opened the key but not the store):
    the store's connections are closed first, then :data:`restore_hook` runs."""
    hook = restore_hook
    if hook is None:
        return None

    def restore(parent: Any) -> bool:
        vault.close()  # no connection of the damaged store outlives the swap
        return hook(db_path(folder), parent)

    return restore


def wipe_after_revocation(engine: Engine, folder: Path) -> str:
    """The window closed because this device was revoked: the store is closed, the data folder
    wiped (:func:`fieldkit.sync.revocation.revoked_wipe`); the message for the first-run page."""
    from fieldkit.sync.revocation import revoked_wipe

    return revoked_wipe(engine, folder)


def connected_store_folder(folder: Path, *, demo: bool) -> Path:
    """Where the real store opened from "连接服务器…" lives: a demo's data is never pushed, so a
    demo folder gets a sibling ``<folder>-work`` (remembered as the data folder for later runs);
    a store that is not a demo is connected in place. See docs/decisions.md."""
    from fieldkit.ui.dialogs.settings_dialog import save_data_dir

    if not demo:
        return folder
    target = folder.with_name(f"{folder.name}-work")
    target.mkdir(parents=True, exist_ok=True)
    save_data_dir(str(target))
    return target


def _probe_sign_in(
    store: LocalStore, settings: Settings, runner: TaskRunner, started: float, modules: StoreModules
) -> Staff | None:
    """For the start-up benchmark only (``FIELDKIT_STARTUP_PROBE``): an existing store signed in as
    the sign-in dialog would, with ``FIELDKIT_PASSWORD`` (and ``FIELDKIT_LOGIN``, else the last
    login) instead of a person typing it; prints when the sign-in began and ended. None: not probing."""
    from fieldkit.services.unlock import ENV_LOGIN, ENV_PASSWORD

    password = os.environ.get(ENV_PASSWORD)
    login = os.environ.get(ENV_LOGIN) or settings.current_login
    if not (os.environ.get(ENV_PROBE) and password and login):
        return None
    modules.wait()  # the sign-in begins once the store's modules are imported (_known_sign_in)
    began = time.time() - started
    staff = _known_sign_in(runner, lambda: store.sign_in(login, password), modules)
    sys.stdout.write(f"FIELDKIT_SIGNIN began={began:.3f} ended={time.time() - started:.3f}\n")
    return staff


#: ``FIELDKIT_STARTUP_PROBE=signin-dialog``: the sign-in dialog closes (the program ends) once shown
PROBE_SIGNIN_DIALOG = "signin-dialog"


def _probe_dialog(dlg: Any, started: float) -> None:
    """Prints ``FIELDKIT_DIALOG shown=<s>`` once the sign-in dialog's event loop runs (it is on the
    screen); with :data:`PROBE_SIGNIN_DIALOG` it is then closed, as if the user cancelled."""
    from PySide6.QtCore import QTimer

    def shown() -> None:
        _probe_mark("FIELDKIT_DIALOG", started)
        if os.environ.get(ENV_PROBE) == PROBE_SIGNIN_DIALOG:
            dlg.reject()

    QTimer.singleShot(0, dlg, shown)


def _install_probe(win: MainWindow, started: float, app: Any) -> None:
    from PySide6.QtCore import QTimer

    marks: dict[str, float] = {}

    def shown() -> None:
        marks["shown"] = time.time() - started

    def usable() -> None:
        from fieldkit.ui import crash

        if crash.crashed():  # the crash dialog's answer ends the process (with its own exit code)
            return
        marks["usable"] = time.time() - started
        marks.setdefault("shown", marks["usable"])
        sys.stdout.write(
            f"FIELDKIT_STARTUP shown={marks['shown']:.3f} usable={marks['usable']:.3f} "
            f"rss_mb={peak_rss_mb():.1f} cpu={time.process_time():.3f}\n"
        )  # read by the benchmark
        sys.stdout.flush()
        if win.attached:
            attached()
        else:  # the first view's window: every view, the sync and the idle lock once attached
            win.window_attached.connect(attached)

    def attached() -> None:
        """``FIELDKIT_ATTACHED at=<s> cpu=<s>``: everything of the window works (at once for a
        window built signed in; later for the first view's), then the program ends."""
        at = max(time.time() - started, marks["usable"])
        sys.stdout.write(f"FIELDKIT_ATTACHED at={at:.3f} cpu={time.process_time():.3f}\n")
        sys.stdout.flush()
        QTimer.singleShot(0, app.quit)

    QTimer.singleShot(0, shown)  # runs once the event loop has shown the window
    # usable once the event loop has turned with the board filled (shown and painted with it)
    win.first_view_loaded.connect(lambda: QTimer.singleShot(0, usable))
