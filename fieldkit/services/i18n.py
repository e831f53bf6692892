"""Marking and translating user-visible strings in non-Qt code: the implementation is
:mod:`fieldkit.domain.i18n` (the domain rules and the server use it too); re-exported here."""

from __future__ import annotations

from fieldkit.domain.i18n import QT_TRANSLATE_NOOP as QT_TRANSLATE_NOOP
from fieldkit.domain.i18n import Translator as Translator
from fieldkit.domain.i18n import current_language as current_language
from fieldkit.domain.i18n import identity as identity
from fieldkit.domain.i18n import set_language as set_language
from fieldkit.domain.i18n import set_translator as set_translator
from fieldkit.domain.i18n import source_language as source_language
from fieldkit.domain.i18n import translate as translate


def __getattr__(name: str) -> object:
    """``_translator``: the translator installed now (kept in :mod:`fieldkit.domain.i18n`), for
    callers that save it and put it back."""
    if name == "_translator":
        from fieldkit.domain import i18n

        return i18n._translator
    raise AttributeError(name)
