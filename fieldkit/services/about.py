"""What the About dialog shows: the version (pyproject.toml's) and what FieldKit ships with its
licence: the bundled font and every library of the installed (or bundled) distribution closure.

Library versions and licences are read from the distributions' metadata, which the PyInstaller
build copies into the bundle (installer/fieldkit.spec), so the list is the bundle's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata

from fieldkit import __version__
from fieldkit.config import font_path

#: the bundled CJK font (resources/fonts; its licence file is shipped beside it)
FONT_NAME = "WenQuanYi Zen Hei 文泉驿正黑"
FONT_LICENCE = "GPL-2.0 with font embedding exception"
#: Qt's own licence for the PySide6 wheels (their metadata names only the Python bindings' licence)
QT_LICENCE = "LGPL-3.0-only"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


def version() -> str:
    return __version__


def font_licence_text() -> str:
    """The font's licence file as shipped (empty when the file is missing)."""
    try:
        return (font_path().parent / "LICENSE-wqy-zenhei.txt").read_text(encoding="utf-8")
    except OSError:
        return ""


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta["License-Expression"] if "License-Expression" in meta else None
    if expression:
        return str(expression)
    classifiers = [
        c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    classifiers = [c for c in classifiers if c not in ("OSI Approved", "")]
    if classifiers:
        return ", ".join(dict.fromkeys(classifiers))
    text = (meta["License"] if "License" in meta else "").strip()
    if text and len(text) <= 60 and "\n" not in text:
        return text
    return ""


def _applies(marker: str) -> bool:
    """Whether a requirement's environment marker holds here; an optional extra never does (the
    server's libraries are not part of the desktop app)."""
    if not marker.strip():
        return True
    if "extra" in marker:
        return False
    try:
        from packaging.markers import InvalidMarker, Marker
    except ImportError:  # packaging is bundled; a bare interpreter without it lists a little more
        return True
    try:
        return bool(Marker(marker).evaluate())
    except InvalidMarker:
        return True


def _requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for spec in dist.requires or []:
        requirement, _, marker = spec.partition(";")
        m = _NAME.match(requirement)
        if m and _applies(marker):
            names.append(m.group(1))
    return names


def libraries(root: str = "fieldkit") -> list[Component]:
    """The installed distributions ``root`` needs, directly or not, sorted by name."""
    found: dict[str, Component] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a dependency of another platform (uvloop on Windows) or not bundled
        licence = _licence(dist)
        if key.startswith(("pyside6", "shiboken6")):  # Qt's LGPL, not the bindings' PyPI text
            licence = QT_LICENCE
        found[key] = Component(str(dist.metadata["Name"]), dist.version, licence)
        todo.extend(_requirements(dist))
    found.pop("fieldkit", None)
    return sorted(found.values(), key=lambda c: c.name.lower())


def components() -> list[Component]:
    """The font first, the interpreter, then the libraries."""
    import platform

    return [
        Component(FONT_NAME, "0.9.45", FONT_LICENCE),
        Component("Python", platform.python_version(), "PSF-2.0"),
        *libraries(),
    ]
