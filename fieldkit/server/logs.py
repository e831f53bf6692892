"""What the server process logs, and what it never does: no token, password, Authorization
header, phone number or name reaches a log line.

- uvicorn's access log loses its query strings (``GET /api/v1/pull 200``): a query may carry
  anything a client put there.
- An exception is logged by :mod:`.hardening` as its type and the places in FieldKit's code it
  passed through, never its message (a driver error quotes the SQL parameters, a validation
  error the input, i.e. a phone number or a name).
- Every record through the process's handlers is scrubbed once more by :class:`Scrub`: Bearer
  tokens, ``password``/``token`` values, runs of 7+ digits (phone numbers) and CJK text (names)
  are replaced, and a traceback attached to a record by a library is cut to its frames.

``fieldkit server`` runs uvicorn with :func:`log_config`; tests/server/test_logs.py captures the
process's whole output through a scenario and finds none of its secrets or personal data.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

LOGGER = "fieldkit.server"

_PATTERNS = [
    (re.compile(r"(?i)(bearer|basic)\s+[^\s\"',;]+"), r"\1 ***"),
    (
        re.compile(r"(?i)(authorization|password|passwd|token|secret)([\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+"),
        r"\1\2***",
    ),
    (re.compile(r"\+?\d[\d\- ]{5,}\d"), "***"),
    (re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"), "***"),
]


def scrub(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def frames_only(exc: BaseException) -> str:
    """An exception as its type and its stack (file, line, function), without its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {where or '?'}"


class Scrub(logging.Filter):
    """Attached to the process's handlers: the last line of defence."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            args[2] = str(args[2]).split("?", 1)[0]
            record.args = tuple(args)
            return True
        message = scrub(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            message += " | " + frames_only(record.exc_info[1])
        record.msg, record.args = message, None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`Scrub` on every handler and FieldKit's own
    logger (:data:`LOGGER`) writing through the same handler as uvicorn's errors."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {
        **LOGGING_CONFIG,
        "filters": {"scrub": {"()": "fieldkit.server.logs.Scrub"}},
        "handlers": {k: {**v, "filters": ["scrub"]} for k, v in LOGGING_CONFIG["handlers"].items()},
        "loggers": {
            **LOGGING_CONFIG["loggers"],
            LOGGER: {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
    }
    return config
