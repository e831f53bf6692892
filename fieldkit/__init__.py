"""FieldKit: offline-first field-service desktop tool for industrial-zone enterprise-service staff."""

from __future__ import annotations


def _version() -> str:
    """The version in pyproject.toml: read from the file beside the package (a source checkout, and
    the PyInstaller bundle, which ships it), else from the installed distribution's metadata."""
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
            if project.get("name") == "fieldkit" and isinstance(project.get("version"), str):
                return str(project["version"])
        except (OSError, ValueError):
            pass
    from importlib import metadata

    try:
        return metadata.version("fieldkit")
    except metadata.PackageNotFoundError:
        return "0+unknown"


__version__ = _version()
#: schema version the client speaks on the wire (sync protocol); bump with each migration
SCHEMA_VERSION = 3
