"""Printable forms and ledgers (reportlab PDF, A4, embedded CJK font) and their Excel export.

One module per document, each with a ``*_pdf(session, …) -> bytes`` function (and ``*_xlsx`` for
the ledgers); :data:`FORMS` lists them all for the command line (``fieldkit print``) and the window.
No Qt here: the window calls these on a worker thread. The registry is imported on first use so
that ``fieldkit`` commands that print nothing do not load reportlab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import FORMS, FormSpec, Selection, render

__all__ = ["FORMS", "FormSpec", "Selection", "render"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import registry

        return getattr(registry, name)
    raise AttributeError(name)
