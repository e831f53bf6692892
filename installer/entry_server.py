"""PyInstaller entry of the server bundle.

``fieldkit-server [options]`` is ``fieldkit server [options]`` and ``fieldkit-server admin …`` is
``fieldkit admin …``. The settings file of the package (``/etc/fieldkit-server/server.env``, or
``$FIELDKIT_SERVER_ENV_FILE``) is read first, so that an administrator's ``sudo -u fieldkit
fieldkit-server admin …`` works on the same database as the service; variables already set win.
"""

import os
import sys
from pathlib import Path

from fieldkit.cli import main

ENV_FILE = Path(os.environ.get("FIELDKIT_SERVER_ENV_FILE", "/etc/fieldkit-server/server.env"))


def load_env_file(path: Path) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return  # not installed as the package, or not readable by this user
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip('"'))


def arguments(argv: list[str]) -> list[str]:
    args = list(argv)
    if not args or args[0] not in ("server", "admin", "--version", "-h", "--help"):
        args = ["server", *args]
    given = any(a.startswith(("--data-dir", "--database-url")) for a in args)
    folder = os.environ.get("FIELDKIT_SERVER_DATA_DIR")
    if (
        args[0] in ("server", "admin")
        and folder
        and not given
        and not os.environ.get("FIELDKIT_SERVER_DATABASE_URL")
    ):
        args[1:1] = ["--data-dir", folder]
    return args


load_env_file(ENV_FILE)
raise SystemExit(main(arguments(sys.argv[1:])))
