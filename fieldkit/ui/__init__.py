"""PySide6 user interface. Only this package imports Qt (besides the CLI's translator)."""
