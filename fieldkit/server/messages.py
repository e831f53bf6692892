"""What the server tells a user: the reasons of :mod:`fieldkit.domain.reasons` (context
"Server"), shared with the client so it can show them in the user's language from the code and the
raw parameters the server sends beside the Chinese text.
"""

from __future__ import annotations

from typing import Any

from fieldkit.domain.reasons import TEXTS as TEXTS
from fieldkit.domain.reasons import source_text


def reason(code: str, **params: Any) -> str:
    """The Chinese text of ``code`` made from its raw parameters (see ``domain.reasons.PARAM_KINDS``)."""
    return source_text(code, **params)
