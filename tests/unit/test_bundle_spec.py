"""The PyInstaller spec's desktop bundle leaves the zone server's libraries out (SERVER_ONLY). A
module listed there but imported by the desktop side is missing from the installed app and fails only
there, at run time: the desktop's key derivation (argon2id) once did, and the installed app's demo
hung on its error message. This reads the list from installer/fieldkit.spec and every import of the
code outside fieldkit.server (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "fieldkit.spec"


def _server_only() -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "SERVER_ONLY" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(v) for v in value]
    raise AssertionError("SERVER_ONLY not found in installer/fieldkit.spec")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _desktop_sources() -> list[Path]:
    package = ROOT / "fieldkit"
    server = package / "server"
    return [p for p in package.rglob("*.py") if server not in p.parents]


def _excluded(module: str, excluded: list[str]) -> bool:
    return any(module == e or module.startswith(e + ".") for e in excluded)


def test_the_desktop_bundle_excludes_nothing_the_desktop_imports():
    excluded = _server_only()
    assert "fieldkit.server" in excluded and "uvicorn" in excluded  # the list was read
    found = {
        (str(p.relative_to(ROOT)), m)
        for p in _desktop_sources()
        for m in _imports(p)
        if _excluded(m, excluded) and not m.startswith("fieldkit.server")
    }
    assert not found, f"imported by the desktop but left out of its bundle: {sorted(found)}"


def test_the_check_sees_function_level_imports():
    keystore = ROOT / "fieldkit" / "keystore.py"
    assert "argon2.low_level" in _imports(keystore)
    assert _excluded("argon2.low_level", ["argon2"]) and not _excluded("argon2x", ["argon2"])
