"""The HTTP side of a sync: one :class:`SyncClient` per server, on a ``requests.Session``.

Every request carries the protocol and schema headers (and the bearer token once signed in), has
a time-out, and is retried a bounded number of times with exponential backoff and jitter
(urllib3 ``Retry``) on connection errors, read time-outs and 5xx answers. Retrying a push is safe:
the server applies a mutation id once and answers a replay with the stored result. What is left
after the retries becomes one of the errors of :mod:`fieldkit.sync.errors`; nothing here touches
the local store.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from fieldkit.models import SCHEMA_VERSION
from fieldkit.services.filecrypt import PlainWriter
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N

from .errors import (
    AuthRequired,
    CertificateError,
    DeviceRevoked,
    HashMismatch,
    Incompatible,
    NotOnServer,
    Offline,
    PasswordChangeRequired,
    Refused,
    ServerError,
    SyncError,
)
from .protocol import (
    API_PREFIX,
    FEATURES_HEADER,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    REASON_PARAMS,
    SCHEMA_HEADER,
    AccountOpenRequest,
    AccountOpenResponse,
    LoginRequest,
    LoginResponse,
    PasswordSetRequest,
    PullPage,
    PushRequest,
    PushResponse,
    ScopeChecksum,
    UploadStatus,
    attachment_path,
    upload_path,
)

M = TypeVar("M", bound=BaseModel)

#: statuses worth a retry: the server (or a proxy in front of it) failed, not the request
RETRY_STATUSES = frozenset({500, 502, 503, 504})
DOWNLOAD_BLOCK = 64 * 1024


#: refusals the server names by code (ErrorResponse.code) that are no revocation nor a missing file
_REFUSALS = frozenset({"weak_password", "same_password", "login_locked"})


class _Session(requests.Session):
    """A ``requests.Session`` that reads the proxy and CA settings of the environment once per
    server origin: requests reads them on every request by walking the whole environment (about
    a millisecond, a tenth of a sync with nothing to do). A client lives for one sync or one window
    session; a proxy set in the environment meanwhile is seen by the next client."""

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[str, str, Any, Any, Any], dict[str, Any]] = {}

    def merge_environment_settings(
        self, url: str, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        if proxies:  # per-request proxies: as requests does it
            return dict(super().merge_environment_settings(url, proxies, stream, verify, cert))
        scheme, netloc = urlsplit(url)[:2]
        key = (scheme, netloc, stream, verify, cert)
        got = self._environment.get(key)
        if got is None:
            got = self._environment[key] = dict(
                super().merge_environment_settings(url, proxies, stream, verify, cert)
            )
        return {**got, "proxies": dict(got.get("proxies") or {})}


def make_retry(retries: int, backoff: float) -> Retry:
    """Bounded retries, exponential backoff (``backoff * 2**n``, at most 10 s) plus up to
    ``backoff`` seconds of random jitter, for every method (all our calls are idempotent)."""
    return Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        allowed_methods=None,
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff,
        backoff_jitter=backoff,
        backoff_max=10.0,
        raise_on_status=False,
        respect_retry_after_header=True,
    )


class SyncClient:
    """Calls of the sync protocol (docs/sync-protocol.md) against ``base_url``."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 0.5,
        ca_bundle: str | None = None,
    ) -> None:
        """``ca_bundle``: a PEM file of the certificate authorities to trust for an ``https://``
        server instead of the system's (a zone with its own CA). Certificates are always verified."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = _Session()
        self.ca_bundle = ca_bundle or None
        if self.ca_bundle:
            if not Path(self.ca_bundle).is_file():
                self.http.close()
                raise CertificateError(
                    N("Sync", "找不到 CA 证书文件：{path}"), code="ca_missing", path=self.ca_bundle
                )
            self.http.verify = self.ca_bundle
        adapter = HTTPAdapter(max_retries=make_retry(retries, backoff))
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)
        self.http.headers.update(
            {
                PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                SCHEMA_HEADER: str(SCHEMA_VERSION),
                FEATURES_HEADER: REASON_PARAMS,  # push results carry the reasons' raw parameters
            }
        )
        self.token = token

    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value
        if value:
            self.http.headers["Authorization"] = f"Bearer {value}"
        else:
            self.http.headers.pop("Authorization", None)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", self.timeout)
        if self.ca_bundle:  # per request: $REQUESTS_CA_BUNDLE would otherwise win over the session's
            kw["verify"] = self.ca_bundle
        try:
            return self.http.request(method, self.base_url + path, **kw)
        except requests.exceptions.SSLError:  # before ConnectionError, its base class
            raise CertificateError(code="certificate") from None
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise Offline(code="offline", detail=type(exc).__name__) from None
        except requests.RequestException as exc:
            raise ServerError(code="transport", detail=type(exc).__name__) from None

    @staticmethod
    def _body(r: requests.Response) -> tuple[str, str, dict[str, Any]]:
        """(detail, code, params) of an error answer (ErrorResponse; each may be missing)."""
        try:
            body = r.json()
        except ValueError:
            return "", "", {}
        if not isinstance(body, dict):
            return "", "", {}
        params = body.get("params")
        return (
            str(body.get("detail") or ""),
            str(body.get("code") or ""),
            params if isinstance(params, dict) else {},
        )

    @classmethod
    def _detail(cls, r: requests.Response) -> tuple[str, str]:
        detail, code, _params = cls._body(r)
        return detail, code

    def _check(self, r: requests.Response, *, login: bool = False) -> None:
        if r.status_code < 400:
            return
        detail, code, params = self._body(r)

        def told(exc: SyncError) -> SyncError:  # its detail is the server's reason
            if code:
                exc.server_reason = (code, params)
            return exc

        if r.status_code == 426:
            raise told(Incompatible(code=code or "incompatible", detail=detail))
        if r.status_code == 401:
            if login:
                raise AuthRequired(N("Sync", "账号或密码错误"), code="credentials")
            raise AuthRequired(code="token")
        if r.status_code == 403 and code == "password_change_required":
            raise PasswordChangeRequired(code=code)
        if code.startswith("account_") or code in _REFUSALS:
            raise told(Refused(code=code, detail=detail))
        if r.status_code == 403:  # the device is revoked (a token refused for another reason is a 401)
            raise DeviceRevoked(code="revoked")
        if r.status_code == 404:
            raise NotOnServer(code="not_found")
        raise told(ServerError(code=f"http_{r.status_code}", detail=detail or f"HTTP {r.status_code}"))

    def _parse(self, model: type[M], r: requests.Response) -> M:
        try:
            return model.model_validate_json(r.content)  # parsed and validated in one pass
        except (ValueError, ValidationError):
            raise ServerError(code="malformed", detail=N("Sync", "服务器的应答格式不对")) from None

    def _call(self, model: type[M], method: str, path: str, **kw: Any) -> M:
        r = self._request(method, path, **kw)
        self._check(r)
        return self._parse(model, r)

    # -- calls ---------------------------------------------------------------------------------

    def healthz(self) -> dict[str, Any]:
        r = self._request("GET", "/healthz")
        self._check(r)
        try:
            body = r.json()
        except ValueError:
            raise ServerError(code="malformed", detail=N("Sync", "服务器的应答格式不对")) from None
        if not isinstance(body, dict):
            raise ServerError(code="malformed", detail=N("Sync", "服务器的应答格式不对"))
        return body

    def login(self, login: str, password: str, device_id: str) -> LoginResponse:
        body = LoginRequest(login=login, password=password, device_id=device_id)
        r = self._request("POST", f"{API_PREFIX}/login", json=body.model_dump())
        self._check(r, login=True)
        resp = self._parse(LoginResponse, r)
        self.token = resp.token
        return resp

    def set_password(self, login: str, password: str, new_password: str, device_id: str) -> LoginResponse:
        """Sign in with the current (one-time) password and set ``new_password``; a token as
        :meth:`login` gives."""
        body = PasswordSetRequest(
            login=login, password=password, new_password=new_password, device_id=device_id
        )
        r = self._request("POST", f"{API_PREFIX}/password", json=body.model_dump())
        self._check(r, login=True)
        resp = self._parse(LoginResponse, r)
        self.token = resp.token
        return resp

    def open_account(self, staff_id: str, password: str | None = None) -> AccountOpenResponse:
        """Open a staff member's sign-in account (a supervisor or admin token)."""
        body = AccountOpenRequest(staff_id=staff_id, password=password)
        return self._call(AccountOpenResponse, "POST", f"{API_PREFIX}/accounts", json=body.model_dump())

    def push(self, request: PushRequest) -> PushResponse:
        resp = self._call(PushResponse, "POST", f"{API_PREFIX}/push", json=request.model_dump(mode="json"))
        if len(resp.results) != len(request.mutations):
            raise ServerError(code="malformed", detail=N("Sync", "服务器的应答格式不对"))
        return resp

    def pull(self, cursor: int, limit: int = 500) -> PullPage:
        return self._call(PullPage, "GET", f"{API_PREFIX}/pull", params={"cursor": cursor, "limit": limit})

    def checksum(self) -> ScopeChecksum:
        return self._call(ScopeChecksum, "GET", f"{API_PREFIX}/checksum")

    # -- attachments ---------------------------------------------------------------------------

    def upload_status(self, sha: str) -> UploadStatus:
        return self._call(UploadStatus, "GET", upload_path(sha))

    def upload_chunk(self, sha: str, offset: int, size: int, data: bytes) -> UploadStatus:
        """Send one chunk starting at ``offset`` of a file of ``size`` bytes. A 409 (the server
        holds another offset) answers the server's status: go on from ``received``."""
        r = self._request(
            "PUT",
            attachment_path(sha),
            params={"offset": offset, "size": size},
            data=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        if r.status_code == 409:
            return self._parse(UploadStatus, r)
        if r.status_code == 422:
            _detail, code = self._detail(r)
            if code == "hash_mismatch":
                raise HashMismatch(code="hash_mismatch")
        self._check(r)
        return self._parse(UploadStatus, r)

    def download(
        self,
        sha: str,
        dest: Path,
        progress: Callable[[int, int], None] | None = None,
        writer: WriterFactory | None = None,
    ) -> Path:
        """Fetch the bytes named ``sha`` to ``dest``: into ``dest.part`` first, resumed with a
        Range request when a part is already there, verified by hash, then renamed into place.
        ``writer`` makes the file writer (an encrypting one for an encrypted store: the part on
        disk is never plaintext); by default bytes are written as they come."""
        part = dest.with_name(dest.name + ".part")
        dest.parent.mkdir(parents=True, exist_ok=True)
        make = writer or _plain_writer
        out = make(part, resume=part.exists())
        have = out.have
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            r = self._request("GET", attachment_path(sha), headers=headers, stream=True)
        except BaseException:
            out.close()
            raise
        try:
            if r.status_code == 416:  # the part is already whole (or longer than the file)
                if have and out.sha256 == sha:
                    out.finish()
                    os.replace(part, dest)
                    return dest
                out.discard()
                raise HashMismatch(code="hash_mismatch")
            self._check(r)
            if r.status_code != 206 and have:  # the server sent the whole file
                out.discard()
                out = make(part, resume=False)
                have = 0
            total = _total_size(r, have)
            done = have
            try:
                for block in r.iter_content(DOWNLOAD_BLOCK):
                    out.write(block)
                    done += len(block)
                    if progress is not None:
                        progress(done, total)
            except (requests.ConnectionError, requests.Timeout) as exc:
                out.close()
                raise Offline(code="offline", detail=type(exc).__name__) from None
            except requests.RequestException as exc:
                out.close()
                raise ServerError(code="transport", detail=type(exc).__name__) from None
            except BaseException:
                out.close()
                raise
            got = out.finish()
        finally:
            r.close()
        if got != sha:
            part.unlink(missing_ok=True)
            raise HashMismatch(code="hash_mismatch")
        os.replace(part, dest)
        return dest


class _Writer(Protocol):
    @property
    def have(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    def write(self, data: bytes) -> None: ...
    def close(self) -> None: ...
    def finish(self) -> str: ...
    def discard(self) -> None: ...


class WriterFactory(Protocol):
    def __call__(self, path: Path, *, resume: bool = False) -> _Writer: ...


def _plain_writer(path: Path, *, resume: bool = False) -> _Writer:
    return PlainWriter(path, resume=resume)


def _total_size(r: requests.Response, have: int) -> int:
    rng = r.headers.get("Content-Range", "")
    if "/" in rng:
        tail = rng.rsplit("/", 1)[1]
        if tail.isdigit():
            return int(tail)
    length = r.headers.get("Content-Length", "")
    return have + int(length) if length.isdigit() else 0


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


__all__ = ["SyncClient", "SyncError", "file_sha256", "make_retry"]
