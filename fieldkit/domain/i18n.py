"""Marking user-visible strings in non-Qt code, and translating them (the domain's and the services').

Domain rules and services must not import Qt, yet their messages must go through Qt's translation
system. They mark each message with :func:`QT_TRANSLATE_NOOP` (which ``pyside6-lupdate`` recognises
and ``scripts/update_translations.py`` extracts, also through ``as N`` aliases) and raise or return
the untranslated Chinese source text together with its context; the UI and the CLI install a
translator (``QCoreApplication.translate``) with :func:`set_translator`, and :func:`translate`
looks the text up and then formats it. Without one (the server) the Chinese source text is used.
``fieldkit.services.i18n`` re-exports all of this.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Translator = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name fixed by lupdate
    return text


def identity(_context: str, text: str) -> str:
    return text


#: installed by the UI / CLI at start-up; services never call Qt themselves
_translator: Translator = identity


#: the interface language, for reference data that carries its own zh / en labels
_language = "zh_CN"


def set_translator(fn: Translator) -> None:
    global _translator
    _translator = fn


def set_language(language: str) -> None:
    global _language
    _language = "en" if language.lower().startswith("en") else "zh_CN"


#: per thread: inside :func:`source_language` (a form being rendered) text stays Chinese
_local = threading.local()


def _in_source_language() -> bool:
    return bool(getattr(_local, "depth", 0))


@contextmanager
def source_language() -> Iterator[None]:
    """Within the block, on this thread only, :func:`translate` returns the Chinese source text and
    :func:`current_language` is ``zh_CN``, whatever the interface language: printed forms are
    official Chinese documents, rendered on a worker thread while the window stays in English."""
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1


def current_language() -> str:
    return "zh_CN" if _in_source_language() else _language


def translate(context: str, text: str, **params: object) -> str:
    out = text if _in_source_language() else _translator(context, text)
    return out.format(**params) if params else out
