"""The translation marker for domain rules (the same contract as fieldkit.services.i18n).

Domain code cannot import the services, yet its texts (action labels, reminder notes) must reach
Qt's translation system: :func:`QT_TRANSLATE_NOOP` returns the Chinese source text unchanged and
``scripts/update_translations.py`` extracts the calls (also through ``as N`` aliases).
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name fixed by lupdate
    return text
