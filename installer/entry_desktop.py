"""PyInstaller entry of the desktop bundle: the `fieldkit` command (no subcommand opens the window)."""

from fieldkit.cli import main

raise SystemExit(main())
