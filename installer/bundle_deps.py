"""What the PyInstaller specs bundle, read from the installed distributions' metadata.

Both specs (desktop and server) walk the dependency closure of the ``fieldkit`` distribution (with the
``server`` extra for the server) as the interpreter that builds sees it, so a dependency added to
pyproject.toml (sqlcipher3, cryptography, ...) is bundled without editing a hand list: its top-level
modules become hidden imports and its metadata (version, licence) is copied for the About dialog.
"""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(root: str = "fieldkit", extras: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[str]:
    """Names of the installed distributions that ``root`` (with ``extras``) needs, ``root`` first."""
    seen: dict[str, str] = {}
    todo: list[tuple[str, tuple[str, ...]]] = [(root, extras)]
    skip = {_norm(e) for e in exclude}
    while todo:
        name, want = todo.pop()
        key = _norm(name)
        if key in seen or key in skip:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency for another platform
        seen[key] = dist.metadata["Name"]
        for spec in dist.requires or []:
            req = Requirement(spec)
            envs = [{"extra": e} for e in (want or ("",))]
            if req.marker is not None and not any(req.marker.evaluate(env) for env in envs):
                continue
            todo.append((req.name, tuple(req.extras)))
    return list(seen.values())


def top_level_modules(dists: list[str]) -> list[str]:
    """Importable top-level names of ``dists`` (from the installed files, as pip recorded them)."""
    wanted = {_norm(d) for d in dists}
    names: set[str] = set()
    for module, owners in metadata.packages_distributions().items():
        if module.startswith("_") or not module.isidentifier():
            continue
        if any(_norm(o) in wanted for o in owners):
            names.add(module)
    names.discard("fieldkit")  # analysed from the entry script
    return sorted(n for n in names if _importable(n))


def _importable(module: str) -> bool:
    """Whether ``module`` can be found (a distribution may record a name that is not a module, as
    shiboken6 records ``Shiboken``)."""
    from importlib.util import find_spec

    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False
