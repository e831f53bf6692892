"""HTTP hardening around the whole application (plain ASGI middleware: nothing buffered, no
cost on a big pull page):

- :class:`SecurityHeaders`: ``X-Content-Type-Options``, ``Referrer-Policy``, ``X-Frame-Options``
  and a ``Content-Security-Policy`` on every response (the docs pages get one that lets their
  script and styles load, everything else ``default-src 'none'``); ``Cache-Control: no-store``
  on everything but the docs; ``Strict-Transport-Security`` when the request came over TLS or
  the settings say the server is behind a TLS proxy.
- :class:`BodyLimit`: a request body over ``max_body_bytes`` is answered 413 before it is read
  whole (at once when ``Content-Length`` says so, else as soon as the count passes the limit).
  The attachment upload keeps its own, smaller chunk limit (attachments.py).
- :class:`CatchAll`: an unexpected exception is answered 500 with a Chinese message and logged
  as its type and stack only (logs.py), never with its message or the request.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from pydantic import BaseModel

from fieldkit.sync.protocol import ErrorResponse

from .logs import LOGGER, frames_only
from .messages import reason

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DOCS_PATHS = ("/docs", "/redoc")
#: the docs pages load swagger-ui / redoc from jsdelivr and run one inline script
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; connect-src 'self'; worker-src blob:; frame-ancestors 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"

_log = logging.getLogger(LOGGER)


class InvalidItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class InvalidRequest(BaseModel):
    """A malformed request (422), as FastAPI answers it, without the input echoed."""

    detail: list[InvalidItem]


def _json(status: int, body: dict[str, Any]) -> tuple[Message, Message]:
    raw = json.dumps(body, ensure_ascii=False).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())],
    }
    return start, {"type": "http.response.body", "body": raw}


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, behind_tls: bool = False, hsts_max_age: int = 31_536_000) -> None:
        self.app = app
        self.behind_tls = behind_tls
        self.hsts = f"max-age={hsts_max_age}; includeSubDomains".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        docs = path in DOCS_PATHS or path.startswith("/docs/")
        tls = self.behind_tls or scope.get("scheme") == "https"
        extra: list[tuple[bytes, bytes]] = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", (DOCS_CSP if docs else API_CSP).encode()),
        ]
        if not docs:
            extra.append((b"cache-control", b"no-store"))
        if tls:
            extra.append((b"strict-transport-security", self.hsts))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in extra if k not in have]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(BaseException):  # noqa: N818
    """Raised from ``receive``: a BaseException, so no ``except Exception`` on the way (FastAPI's
    body parsing turns those into 400) hides it from :class:`BodyLimit`."""


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def _refuse(self, send: Send) -> None:
        body = ErrorResponse(
            detail=reason("body_too_large", limit=self.limit),
            code="body_too_large",
            params={"limit": self.limit},
        )
        start, payload = _json(413, body.model_dump())
        start["headers"].append((b"connection", b"close"))
        await send(start)
        await send(payload)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                if not value.isdigit() or int(value) > self.limit:
                    await self._refuse(send)
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BaseException as exc:
            if not _too_large(exc):
                raise
            if not started:
                await self._refuse(send)


def _too_large(exc: BaseException) -> bool:
    """``exc`` is :class:`_TooLarge`, or a group holding one (a middleware running the endpoint
    in a task group wraps what it raised, beside its own complaint of getting no response)."""
    if isinstance(exc, BaseExceptionGroup):
        return any(_too_large(e) for e in exc.exceptions)
    return isinstance(exc, _TooLarge)


class CatchAll:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception as exc:  # the one place an unexpected error becomes an answer
            _log.error(
                "internal error on %s %s: %s", scope.get("method"), scope.get("path"), frames_only(exc)
            )
            if not started:
                start, payload = _json(
                    500, ErrorResponse(detail=reason("internal"), code="internal").model_dump()
                )
                await send(start)
                await send(payload)
