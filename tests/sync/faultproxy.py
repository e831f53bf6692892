"""A fault-injecting HTTP proxy on 127.0.0.1 between sync clients and a real server process.

Every request that reaches the proxy asks a *plan* which fault to apply (``Fault.PASS`` for
none), then the proxy does it and logs a :class:`FaultEvent` (kind, method, path, what the
server answered), so a test can count the faults it injected by kind.

The proxy speaks just enough HTTP/1.1 for the sync client: it reads one request (Content-Length
or chunked body), forwards it upstream on a fresh connection with ``Connection: close``, reads
the whole answer until the server closes, and hands it back with ``Connection: close`` — one
request per client connection, so a fault never leaks into the next request.

Faults (issue 9, "Done means"):

- ``DROP``: close the client's connection without an answer; nothing reaches the server.
- ``DROP_RESPONSE``: forward, let the server answer (its transaction committed), then close the
  client's connection without that answer.
- ``REPLAY``: send the request to the server twice; the client gets the second answer.
- ``CUT_REQUEST``: the server receives the head and half the body, then the connection closes
  (the client gets no answer).
- ``CUT_RESPONSE``: the client receives the head and half the body of the server's answer.
- ``ERROR_500``: answer 500 without forwarding.
- ``DELAY``: wait ``delay_seconds`` before forwarding (the answer is intact).
- ``KILL_SERVER``: forward, SIGKILL the server process as soon as the request is sent (before,
  during or after its commit), restart it on the same port and data folder; no answer.
- ``KILL_AFTER_COMMIT``: forward, wait for the answer (committed), SIGKILL and restart the
  server; no answer.

Plans: :class:`Script` (a list consumed request by request) and :class:`Chaos` (a seeded
``random.Random``). Standard library only.
"""

from __future__ import annotations

import random
import socket
import socketserver
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO, Protocol

UPSTREAM_TIMEOUT = 120.0  # a server on a busy 2-core machine may be slow; bounded all the same


class Fault(StrEnum):
    PASS = "pass"
    DROP = "drop"
    DROP_RESPONSE = "drop_response"
    REPLAY = "replay"
    CUT_REQUEST = "cut_request"
    CUT_RESPONSE = "cut_response"
    ERROR_500 = "error_500"
    DELAY = "delay"
    KILL_SERVER = "kill_server"
    KILL_AFTER_COMMIT = "kill_after_commit"


#: every fault that does something (the kinds a chaos plan draws from by default)
FAULTS: tuple[Fault, ...] = tuple(f for f in Fault if f is not Fault.PASS)
#: faults that need control of the server process
KILLS = (Fault.KILL_SERVER, Fault.KILL_AFTER_COMMIT)


@dataclass(frozen=True)
class FaultEvent:
    kind: Fault
    method: str
    path: str
    #: the path with its query (``/api/v1/pull?cursor=3&limit=500``)
    target: str = ""
    #: HTTP status of each answer the server gave to this request (two for a replay), in order
    upstream_statuses: tuple[int, ...] = ()
    #: bytes of the request body the server received (less than the body for a cut request)
    forwarded_body: int = 0
    #: bytes the client received
    returned: int = 0


class Plan(Protocol):
    def __call__(self, method: str, path: str) -> Fault: ...


class ServerControl(Protocol):
    def kill(self) -> None: ...

    def start(self) -> None: ...


def _matches(path: str, only: Sequence[str] | None) -> bool:
    return only is None or any(path.startswith(p) for p in only)


class Script:
    """Faults in a given order, one per request whose path starts with one of ``only`` (all
    requests when None) and whose method is ``method`` (any when None); other requests, and every request once the list is used up, pass."""

    def __init__(
        self, faults: Iterable[Fault], only: Sequence[str] | None = None, method: str | None = None
    ) -> None:
        self._left: deque[Fault] = deque(faults)
        self._only = tuple(only) if only is not None else None
        self._method = method
        self._lock = threading.Lock()

    def __call__(self, method: str, path: str) -> Fault:
        if not _matches(path, self._only) or (self._method is not None and method != self._method):
            return Fault.PASS
        with self._lock:
            return self._left.popleft() if self._left else Fault.PASS

    @property
    def remaining(self) -> int:
        return len(self._left)


class Chaos:
    """Each matching request gets a fault with probability ``rate``, its kind drawn from
    ``kinds``; all from one seeded ``random.Random``, so a run is repeatable from its seed."""

    def __init__(
        self,
        rng: random.Random,
        rate: float,
        kinds: Sequence[Fault] = FAULTS,
        only: Sequence[str] | None = None,
    ) -> None:
        self.rng, self.rate, self.kinds = rng, rate, tuple(kinds)
        self._only = tuple(only) if only is not None else None
        self._lock = threading.Lock()

    def __call__(self, method: str, path: str) -> Fault:
        if not _matches(path, self._only):
            return Fault.PASS
        with self._lock:
            if self.rng.random() >= self.rate:
                return Fault.PASS
            return self.rng.choice(self.kinds)


def no_faults(method: str, path: str) -> Fault:
    return Fault.PASS


# --- HTTP framing --------------------------------------------------------------------------------


class _Closed(Exception):
    """The peer closed the connection before a whole message arrived."""


def _recv_head(rfile: BinaryIO) -> bytes:
    lines: list[bytes] = []
    while True:
        line = rfile.readline(65537)
        if not line:
            raise _Closed
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            return b"".join(lines)
        if len(lines) > 200:
            raise _Closed


def _headers(head: bytes) -> tuple[str, list[tuple[str, str]]]:
    text = head.decode("latin-1")
    first, *rest = text.split("\r\n")
    pairs = []
    for line in rest:
        if not line:
            continue
        name, _, value = line.partition(":")
        pairs.append((name.strip(), value.strip()))
    return first, pairs


def _header(pairs: list[tuple[str, str]], name: str) -> str | None:
    for k, v in pairs:
        if k.lower() == name:
            return v
    return None


def _recv_body(rfile: BinaryIO, pairs: list[tuple[str, str]]) -> bytes:
    te = (_header(pairs, "transfer-encoding") or "").lower()
    if "chunked" in te:
        out = bytearray()
        while True:
            size_line = rfile.readline(1024)
            if not size_line:
                raise _Closed
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return bytes(out)
            chunk = rfile.read(size + 2)
            if len(chunk) < size + 2:
                raise _Closed
            out += chunk[:size]
    length = int(_header(pairs, "content-length") or "0")
    body = rfile.read(length) if length else b""
    if len(body) < length:
        raise _Closed
    return body


def _build_head(first: str, pairs: list[tuple[str, str]], body_len: int | None) -> bytes:
    drop = {"connection", "keep-alive", "proxy-connection"}
    if body_len is not None:
        drop |= {"content-length", "transfer-encoding"}
    lines = [first] + [f"{k}: {v}" for k, v in pairs if k.lower() not in drop]
    if body_len is not None:
        lines.append(f"Content-Length: {body_len}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _split_response(raw: bytes) -> tuple[bytes, bytes]:
    """(head, rest) of a raw response; the head rewritten to say ``Connection: close``."""
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        return raw, b""
    first, pairs = _headers(raw[: end + 2])
    return _build_head(first, pairs, None), raw[end + 4 :]


def _status(raw: bytes) -> int:
    try:
        return int(raw.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


# --- the proxy -----------------------------------------------------------------------------------


class FaultProxy:
    """Listens on a free port of 127.0.0.1 in a thread; forwards to ``127.0.0.1:upstream_port``.

    ``plan`` may be replaced at any time (``proxy.plan = Script([...])``); ``server`` (something
    with ``kill()`` and ``start()``, e.g. the harness's ServerProcess) is needed for the kill
    faults. Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        upstream_port: int,
        plan: Plan = no_faults,
        *,
        server: ServerControl | None = None,
        delay_seconds: float = 0.5,
    ) -> None:
        self.upstream_port = upstream_port
        self.plan: Plan = plan
        self.server = server
        self.delay_seconds = delay_seconds
        self.events: list[FaultEvent] = []
        self._lock = threading.Lock()
        #: requests wait (bounded) while the server restarts after a kill fault
        self._restarting = threading.Lock()
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._handle(self)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._srv = Server(("127.0.0.1", 0), Handler)
        self.port = int(self._srv.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._srv.serve_forever, name="faultproxy", daemon=True)
        self._thread.start()

    # --- public ----------------------------------------------------------------------------------

    def counts(self) -> Counter[Fault]:
        """How many requests got each kind (``Fault.PASS`` included)."""
        with self._lock:
            return Counter(e.kind for e in self.events)

    def faults(self) -> list[FaultEvent]:
        """The events with a fault (not ``PASS``)."""
        with self._lock:
            return [e for e in self.events if e.kind is not Fault.PASS]

    def close(self) -> None:
        self._srv.shutdown()
        self._srv.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one connection --------------------------------------------------------------------------

    def _log(self, event: FaultEvent) -> None:
        with self._lock:
            self.events.append(event)

    def _upstream(self) -> socket.socket:
        with self._restarting:  # a request arriving during a restart waits for it to finish
            pass
        return socket.create_connection(("127.0.0.1", self.upstream_port), timeout=UPSTREAM_TIMEOUT)

    def _exchange(self, data: bytes, *, read: bool = True) -> tuple[socket.socket, bytes]:
        up = self._upstream()
        up.sendall(data)
        if not read:
            return up, b""
        chunks = []
        try:
            while True:
                b = up.recv(65536)
                if not b:
                    break
                chunks.append(b)
        except (ConnectionResetError, TimeoutError):
            pass
        up.close()
        return up, b"".join(chunks)

    def _restart_server(self, up: socket.socket | None) -> None:
        assert self.server is not None, "a kill fault needs FaultProxy(server=...)"
        with self._restarting:
            self.server.kill()
            if up is not None:
                up.close()
            self.server.start()

    def _handle(self, h: socketserver.StreamRequestHandler) -> None:
        try:
            head = _recv_head(h.rfile)
            first, pairs = _headers(head)
            body = _recv_body(h.rfile, pairs)
        except (_Closed, ConnectionError, TimeoutError, ValueError):
            return
        method, _, rest = first.partition(" ")
        target = rest.rpartition(" ")[0]
        path = target.split("?", 1)[0]
        kind = self.plan(method, path)
        out = _build_head(first, pairs, len(body)) + body
        send: bytes | None = None  # what the client gets; None: close without an answer
        statuses: tuple[int, ...] = ()
        forwarded = len(body)
        try:
            if kind is Fault.DROP:
                forwarded = 0
            elif kind is Fault.ERROR_500:
                forwarded = 0
                msg = b'{"detail":"fault proxy: 500"}'
                send = (
                    b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(msg) + msg
                )
            elif kind is Fault.CUT_REQUEST:
                head_out = _build_head(first, pairs, len(body))
                part = head_out + body[: len(body) // 2] if body else head_out[: len(head_out) // 2]
                forwarded = len(body) // 2
                up, _ = self._exchange(part, read=False)
                up.shutdown(socket.SHUT_RDWR)
                up.close()
            elif kind is Fault.KILL_SERVER:
                up, _ = self._exchange(out, read=False)
                self._restart_server(up)
            elif kind is Fault.KILL_AFTER_COMMIT:
                _, raw = self._exchange(out)
                statuses = (_status(raw),)
                self._restart_server(None)
            else:
                if kind is Fault.DELAY:
                    time.sleep(self.delay_seconds)  # the fault itself, not synchronisation
                _, raw = self._exchange(out)
                statuses = (_status(raw),)
                if kind is Fault.REPLAY:
                    _, raw = self._exchange(out)
                    statuses += (_status(raw),)
                    forwarded *= 2
                if kind is Fault.CUT_RESPONSE:
                    rhead, rbody = _split_response(raw)
                    send = rhead + rbody[: len(rbody) // 2] if rbody else rhead[: len(rhead) // 2]
                elif kind is not Fault.DROP_RESPONSE:
                    rhead, rbody = _split_response(raw)
                    send = rhead + rbody
        except OSError:
            send = None  # the server is down or went away: the client sees a dropped connection
        # logged before the client gets its answer, so a test reading the log after the request
        # returned always finds the event
        self._log(FaultEvent(kind, method, path, target, statuses, forwarded, len(send or b"")))
        if send is not None:
            try:
                h.wfile.write(send)
                h.wfile.flush()
            except OSError:
                pass
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
