"""PyInstaller entry of the server bundle: `fieldkit-server [options]` is `fieldkit server [options]`,
`fieldkit-server admin …` is `fieldkit admin …`."""

import sys

from fieldkit.cli import main

args = sys.argv[1:]
if not args or args[0] not in ("server", "admin", "--version", "-h", "--help"):
    args = ["server", *args]
raise SystemExit(main(args))
