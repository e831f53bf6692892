"""The FastAPI application: ``create_app(settings)``.

No state that correctness depends on is kept in process memory: everything is in the database,
so several workers may serve one PostgreSQL (``fieldkit server --workers N``, tested in
tests/server/test_postgres.py). No ``from __future__ import annotations`` here: FastAPI reads the
dependency aliases at run time.
"""

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware

from fieldkit import __version__
from fieldkit.models import SCHEMA_VERSION
from fieldkit.sync.protocol import (
    API_PREFIX,
    FEATURES_HEADER,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    REASON_PARAMS,
    SCHEMA_HEADER,
    AccountOpenRequest,
    AccountOpenResponse,
    ErrorResponse,
    LoginRequest,
    LoginResponse,
    PasswordSetRequest,
    PullPage,
    PushRequest,
    PushResponse,
    ScopeChecksum,
)

from . import attachments, crud, events, hardening, security, textcheck, throttle
from . import pull as pull_mod
from . import push as push_mod
from .db import create_schema, make_engine
from .messages import reason
from .settings import Settings

Clock = Callable[[], datetime]


class Refusal(HTTPException):
    """An HTTP refusal with its reason: answered as ``ErrorResponse {detail, code, params}``
    (``detail`` the Chinese text, ``params`` raw, for the client to render; domain.reasons)."""

    def __init__(
        self, status_code: int, code: str, *, headers: dict[str, str] | None = None, **params: Any
    ) -> None:
        super().__init__(status_code=status_code, detail=reason(code, **params), headers=headers)
        self.code = code
        self.params = params

    def body(self) -> ErrorResponse:
        return ErrorResponse(detail=str(self.detail), code=self.code, params=self.params)


def _dependency_calls(dependant: Any) -> set[Any]:
    """Every callable a route depends on, its dependencies' dependencies included."""
    calls: set[Any] = set()
    for dep in dependant.dependencies:
        if dep.call is not None:
            calls.add(dep.call)
        calls |= _dependency_calls(dep)
    return calls


def auth_first_route(
    check: Callable[[str | None, bool], object], kinds: dict[Callable[..., Any], bool]
) -> type[APIRoute]:
    """A route class whose authenticated endpoints decide the token before a malformed request
    is answered: a request FastAPI refuses as malformed (422, or the 400 of a body that is no
    JSON) is first checked with ``check(authorization header, last upload)``, which raises the
    401/403 of a bad token. The endpoints that depend on one of ``kinds`` (the token
    dependencies; True: the endpoint takes a revoked device's last upload) are the
    authenticated ones. Only a refused request pays for this look-up: a good one looks its token
    up once, as before (push and pull on the connection they then run on)."""

    class AuthFirstRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Any]:
            handler = super().get_route_handler()
            found = [kinds[c] for c in _dependency_calls(self.dependant) if c in kinds]
            if not found:
                return handler
            last_upload = any(found)

            async def authenticated_first(request: Request) -> Response:
                try:
                    response: Response = await handler(request)
                except RequestValidationError:
                    await run_in_threadpool(check, request.headers.get("authorization"), last_upload)
                    raise
                except HTTPException as exc:
                    if exc.status_code == 400 and not isinstance(exc, Refusal):  # no JSON text
                        await run_in_threadpool(check, request.headers.get("authorization"), last_upload)
                    raise
                return response

            return authenticated_first

    return AuthFirstRoute


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _version_problem(protocol: str | None, schema: str | None, settings: Settings) -> ErrorResponse | None:
    """What to tell a client that cannot talk to this server (None: it can)."""
    try:
        p = int(protocol or "")
        s = int(schema or "")
    except ValueError:
        return Refusal(426, "protocol").body()
    if p != PROTOCOL_VERSION:
        return Refusal(426, "protocol").body()
    if s < settings.min_schema_version:
        return Refusal(426, "client_too_old", client=s).body()
    if s > SCHEMA_VERSION:
        return Refusal(426, "server_too_old", server=SCHEMA_VERSION).body()
    return None


def _locked(until: datetime, now: datetime) -> HTTPException:
    """429 saying when to try again (the instant, shown in local time, and minutes rounded up)."""
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    return Refusal(
        429,
        "login_locked",
        headers={"Retry-After": str(seconds)},
        time=until.astimezone(UTC).isoformat(),
        minutes=max(1, (seconds + 59) // 60),
    )


def _refuse_unstorable(body: PushRequest) -> None:
    """422 (as FastAPI answers a malformed body) for a mutation that could not even be kept as
    rejected: an identifier holding a control character, or a lone surrogate anywhere."""
    errors: list[dict[str, object]] = []
    for i, m in enumerate(body.mutations):
        for f in textcheck.MUTATION_IDS:
            value = getattr(m, f)
            if isinstance(value, str) and textcheck.bad_char(value):
                errors.append(
                    {
                        "type": "value_error",
                        "loc": ("body", "mutations", i, f),
                        "msg": reason("control_chars_id", field=f),
                    }
                )
        if textcheck.unstorable(m.changes):
            errors.append(
                {
                    "type": "value_error",
                    "loc": ("body", "mutations", i, "changes"),
                    "msg": reason("control_chars_id", field="changes"),
                }
            )
    if errors:
        raise RequestValidationError(errors)


class _VersionCheck:
    """426 with what to do for a client this server cannot talk to (every /api/ request). Plain
    ASGI: nothing buffered, no task group around the endpoint."""

    def __init__(self, app: hardening.ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(
        self, scope: hardening.Scope, receive: hardening.Receive, send: hardening.Send
    ) -> None:
        if scope["type"] == "http" and str(scope.get("path", "")).startswith(API_PREFIX + "/"):
            headers = Headers(scope=scope)
            problem = _version_problem(
                headers.get(PROTOCOL_HEADER), headers.get(SCHEMA_HEADER), self.settings
            )
            if problem is not None:
                await JSONResponse(status_code=426, content=problem.model_dump(mode="json"))(
                    scope, receive, send
                )
                return
        await self.app(scope, receive, send)


#: answers at least this long are gzip-compressed when the client accepts it (requests does by
#: default). Level 1: a page of 360 rows (351 KB) to 75 KB in 10.7 ms of CPU, where level 6 made
#: it 60 KB in 32 ms — three times the CPU for a fifth fewer bytes, on the server that answers
#: every device (docs/benchmarks.md, issue 8 server-cpu; issue 9 chose 6)
GZIP_MINIMUM_SIZE = 1024
GZIP_LEVEL = 1
_ATTACHMENTS = f"{API_PREFIX}/attachments/"


class _GzipJson:
    """gzip for the JSON answers (pull pages, push results, checksums) when the client accepts
    it; attachment bytes pass as they are (a resumed download's Range and Content-Length stay
    those of the file, and photos do not shrink)."""

    def __init__(self, app: hardening.ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=GZIP_MINIMUM_SIZE, compresslevel=GZIP_LEVEL)

    async def __call__(
        self, scope: hardening.Scope, receive: hardening.Receive, send: hardening.Send
    ) -> None:
        if scope["type"] == "http" and not str(scope.get("path", "")).startswith(_ATTACHMENTS):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, clock: Clock = _utcnow
) -> FastAPI:
    settings = settings or Settings()
    security.configure(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    engine = engine or make_engine(settings)
    create_schema(engine)
    app = FastAPI(
        title="FieldKit server",
        version=__version__,
        description="The zone's central server: accounts, scope, push and pull, attachments (docs/sync-protocol.md).",
        responses={
            400: {"model": ErrorResponse, "description": "a body that is no JSON text"},
            413: {"model": ErrorResponse, "description": "request body over the limit"},
        },
    )
    app.state.engine = engine
    app.state.settings = settings
    ttl = timedelta(seconds=settings.token_ttl_seconds)
    limits = throttle.Limits(
        max_failures_per_login=settings.login_max_failures,
        max_failures_per_address=settings.login_max_failures_per_address,
        window=timedelta(seconds=settings.login_window_seconds),
        lockout=timedelta(seconds=settings.login_lockout_seconds),
    )

    def bearer(authorization: Annotated[str | None, Header()] = None) -> str:
        """The bearer token of the request (401 without one; nothing read from the database)."""
        scheme, _, raw = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not raw:
            raise Refusal(401, "token_invalid", headers={"WWW-Authenticate": "Bearer"})
        return raw.strip()

    def authorize(authorization: str | None, *, last_upload: bool) -> crud.Actor:
        raw = bearer(authorization)
        now = clock()
        with engine.connect() as conn:
            actor = crud.actor_for_token(conn, raw, now)
            revoked = actor is None and crud.token_device_revoked(conn, raw)
            final = crud.final_push_actor(conn, raw, now) if revoked and last_upload else None
        if final is not None:  # revoked with --final-push: its last pushes and uploads are taken
            events.record_apart(
                engine,
                at=now,
                kind=events.FINAL_PUSH,
                outcome="ok",
                staff_id=final.staff_id,
                device_id=final.device_id,
            )
            return final
        if revoked:  # 403 with its code: the client wipes its data (an expired token is a 401)
            with engine.begin() as conn:  # any other call ends a last upload still open
                ended = crud.end_final_push(conn, raw)
                if ended is not None:
                    events.record(conn, at=now, kind=events.FINAL_PUSH, outcome="ended", device_id=ended)
            raise Refusal(403, "device_revoked")
        if actor is None:
            raise Refusal(401, "token_invalid", headers={"WWW-Authenticate": "Bearer"})
        return actor

    def current_actor(authorization: Annotated[str | None, Header()] = None) -> crud.Actor:
        return authorize(authorization, last_upload=False)

    def uploading_actor(authorization: Annotated[str | None, Header()] = None) -> crud.Actor:
        """:func:`current_actor`, and for a device revoked with ``--final-push`` its last upload."""
        return authorize(authorization, last_upload=True)

    def refused(raw: str, *, last_upload: bool) -> crud.Actor:
        """What :func:`authorize` answers for a token the common path (a valid token, looked up
        on the request's own connection) did not accept: 401/403, or a final push's actor."""
        return authorize(f"Bearer {raw}", last_upload=last_upload)

    def uploading_bearer(authorization: Annotated[str | None, Header()] = None) -> str:
        """:func:`bearer` for an endpoint that takes a revoked device's last pushes (push)."""
        return bearer(authorization)

    def check_token(authorization: str | None, last_upload: bool) -> None:
        authorize(authorization, last_upload=last_upload)

    # the token before the body: a bad token is a 401/403 however malformed the request
    route_class = auth_first_route(
        check_token,
        {bearer: False, current_actor: False, uploading_bearer: True, uploading_actor: True},
    )
    app.router.route_class = route_class

    Bearer = Annotated[str, Depends(bearer)]
    UploadingBearer = Annotated[str, Depends(uploading_bearer)]
    CurrentActor = Annotated[crud.Actor, Depends(current_actor)]
    app.include_router(
        attachments.router(engine, settings, current_actor, clock, uploading_actor, route_class=route_class)
    )

    @app.get("/healthz")
    def healthz() -> dict[str, str | int]:
        """Alive; ``worker`` is the answering process (several serve one database)."""
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION, "worker": os.getpid()}

    @app.post(
        f"{API_PREFIX}/login",
        response_model=LoginResponse,
        responses={
            401: {"model": ErrorResponse},
            403: {"model": ErrorResponse},
            426: {"model": ErrorResponse},
            429: {"model": ErrorResponse},
        },
    )
    def login(body: LoginRequest, request: Request) -> LoginResponse:
        return sign_in(body.login, body.password, body.device_id, None, request)

    @app.post(
        f"{API_PREFIX}/password",
        response_model=LoginResponse,
        responses={
            401: {"model": ErrorResponse},
            403: {"model": ErrorResponse},
            409: {"model": ErrorResponse},
            426: {"model": ErrorResponse},
            429: {"model": ErrorResponse},
        },
    )
    def password(body: PasswordSetRequest, request: Request) -> LoginResponse:
        """Sign in with the current password and set a new one (an account opened with a one-time
        password: its first sign-in). Throttled and audited as a sign-in."""
        return sign_in(body.login, body.password, body.device_id, body.new_password, request)

    def sign_in(
        login_name: str, password_text: str, device_id: str, new_password: str | None, request: Request
    ) -> LoginResponse:
        body = LoginRequest(login=login_name, password=password_text, device_id=device_id)
        now = clock()
        address = request.client.host if request.client else None
        seen: dict[str, Any] = {
            "login": textcheck.escaped(body.login),
            "device_id": textcheck.escaped(body.device_id),
            "address": address,
        }
        texts = (body.login, body.password, body.device_id, new_password or "")
        if any(textcheck.bad_char(v) for v in texts):
            # no account has such a login; nothing a driver or the hash cannot encode goes further
            events.record_apart(engine, at=now, kind=events.SIGN_IN, outcome="bad_login", **seen)
            raise Refusal(401, "bad_login")
        with engine.connect() as conn:
            until = throttle.locked_until(conn, body.login, address, now)
        if until is not None:
            events.record_apart(engine, at=now, kind=events.SIGN_IN, outcome="locked", **seen)
            raise _locked(until, now)
        with engine.begin() as conn:
            got = crud.issue_token(
                conn,
                login=body.login,
                password=body.password,
                device_id=body.device_id,
                now=now,
                ttl=ttl,
                new_password=new_password,
            )
            if not isinstance(got, str):
                throttle.record_success(conn, body.login)
            outcome, staff = (got, None) if isinstance(got, str) else ("ok", got[1].staff_id)
            kind = events.SIGN_IN if new_password is None else events.PASSWORD_SET
            events.record(conn, at=now, kind=kind, outcome=outcome, staff_id=staff, **seen)
        if got == "bad_login":
            throttle.record_failure(engine, body.login, address, limits, now)
        if isinstance(got, str):
            status = {"device_revoked": 403, "password_change_required": 403}.get(got, 401)
            if got in ("weak_password", "same_password"):
                status = 409  # a 422 is FastAPI's malformed body; this one is well formed
            raise Refusal(status, got)
        raw, actor, expires = got
        return LoginResponse(
            token=raw,
            expires_at=expires,
            device_id=actor.device_id,
            staff_id=actor.staff_id,
            role=actor.role,
            zone_id=actor.zone_id,
        )

    @app.post(
        f"{API_PREFIX}/accounts",
        response_model=AccountOpenResponse,
        responses={
            401: {"model": ErrorResponse},
            403: {"model": ErrorResponse},
            404: {"model": ErrorResponse},
            409: {"model": ErrorResponse},
            426: {"model": ErrorResponse},
        },
    )
    def open_account(body: AccountOpenRequest, actor: CurrentActor) -> AccountOpenResponse:
        """Open a staff member's sign-in account: an admin for anyone, a supervisor for their own
        zone's assistants (decided from the token alone). Audited (``account_open``)."""
        now = clock()
        if textcheck.bad_char(body.staff_id) or (
            body.password is not None and textcheck.bad_char(body.password)
        ):
            raise RequestValidationError(
                [
                    {
                        "type": "value_error",
                        "loc": ("body",),
                        "msg": reason("control_chars_id", field="staff_id"),
                    }
                ]
            )
        with engine.begin() as conn:
            got = crud.account_open(conn, actor, staff_id=body.staff_id, password=body.password, now=now)
            outcome = got if isinstance(got, str) else "ok"
            detail: dict[str, Any] = {"for": body.staff_id, "typed": body.password is not None}
            events.record(
                conn,
                at=now,
                kind=events.ACCOUNT_OPEN,
                outcome=outcome,
                login=None if isinstance(got, str) else got[0],
                staff_id=actor.staff_id,
                device_id=actor.device_id,
                detail=detail,
            )
        if isinstance(got, str):
            status = {
                "account_role": 403,
                "account_scope": 403,
                "account_not_synced": 404,
            }.get(got, 409)
            raise Refusal(status, got)
        return AccountOpenResponse(staff_id=body.staff_id, login=got[0], initial_password=got[1])

    @app.post(
        f"{API_PREFIX}/push",
        response_model=PushResponse,
        responses={
            401: {"model": ErrorResponse},
            403: {"model": ErrorResponse},
            426: {"model": ErrorResponse},
        },
    )
    def push(
        body: PushRequest,
        raw: UploadingBearer,
        features: Annotated[str, Header(alias=FEATURES_HEADER)] = "",
    ) -> Response:
        now = clock()
        # the token is looked up on the connection the push then runs on (one checkout)
        with engine.connect() as conn:
            actor = crud.actor_for_token(conn, raw, now)
            conn.commit()
            if actor is not None:
                _refuse_unstorable(body)
                results = push_mod.push(conn, actor, body, now, settings.min_schema_version)
        if actor is None:  # refused (401/403), or a revoked device's final push
            actor = refused(raw, last_upload=True)
            _refuse_unstorable(body)
            results = push_mod.push(engine, actor, body, now, settings.min_schema_version)

        if actor.role == "admin":  # every admin action is audited, pushes included
            counts: dict[str, int] = {}
            for r in results:
                counts[r.status] = counts.get(r.status, 0) + 1
            events.record_apart(
                engine,
                at=now,
                kind=events.ADMIN_PUSH,
                outcome="ok",
                staff_id=actor.staff_id,
                device_id=actor.device_id,
                detail={"tables": ",".join(sorted({m.table for m in body.mutations})), **counts},
            )
        # serialised once (response_model above documents it), as pull's pages are; a result's
        # params only to a client that reads them (an older one refuses fields it does not know)
        knows = REASON_PARAMS in {f.strip() for f in features.split(",")}
        content = PushResponse(results=results).model_dump_json(
            exclude=None if knows else {"results": {"__all__": {"params"}}}
        )
        return Response(content=content, media_type="application/json")

    @app.get(
        f"{API_PREFIX}/pull",
        response_model=PullPage,
        responses={
            401: {"model": ErrorResponse},
            403: {"model": ErrorResponse},
            426: {"model": ErrorResponse},
        },
    )
    def pull(
        raw: Bearer, cursor: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1)] = 500
    ) -> Response:
        # the body is built from the stored row texts (response_model above documents it): no
        # row is decoded, validated and encoded again (docs/benchmarks.md, issue 8); the token is
        # looked up in the pull's first transaction, on its one connection
        limit = min(limit, settings.max_page)
        now = clock()
        built = pull_mod.build_for(engine, lambda conn: crud.actor_for_token(conn, raw, now), cursor, limit)
        if built is None:
            built = pull_mod.build(engine, refused(raw, last_upload=False), cursor, limit)
        return Response(content=built.body, media_type="application/json")

    @app.get(
        f"{API_PREFIX}/checksum",
        response_model=ScopeChecksum,
        responses={
            401: {"model": ErrorResponse},
            403: {"model": ErrorResponse},
            426: {"model": ErrorResponse},
        },
    )
    def checksum(actor: CurrentActor) -> ScopeChecksum:
        return pull_mod.checksum(engine, actor)

    @app.exception_handler(RequestValidationError)
    async def _invalid_body(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # as FastAPI answers, without echoing the input: it may hold a password, or a lone
        # surrogate no JSON encoder writes (a 500 otherwise)
        detail = [
            {
                "loc": [textcheck.escaped(p) if isinstance(p, str) else p for p in e.get("loc", ())],
                "msg": textcheck.escaped(str(e.get("msg", ""))),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors()
        ]
        return JSONResponse(status_code=422, content={"detail": detail})

    @app.exception_handler(HTTPException)
    async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI's "There was an error parsing the body"
            body = ErrorResponse(detail=reason("bad_body"), code="bad_body")
            return JSONResponse(status_code=400, content=body.model_dump())
        if isinstance(exc, Refusal):  # by code and params too: the client acts on it and renders it
            content: dict[str, Any] = exc.body().model_dump(mode="json")
        else:
            content = {"detail": exc.detail}
        return JSONResponse(status_code=exc.status_code, content=content, headers=exc.headers)

    app.add_middleware(_VersionCheck, settings=settings)
    app.add_middleware(_GzipJson)
    # the last added is the outermost: the headers go on every answer (a 413 or 500 too), CatchAll
    # sees every exception, BodyLimit refuses before anything reads the body
    app.add_middleware(hardening.BodyLimit, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(hardening.CatchAll)
    app.add_middleware(
        hardening.SecurityHeaders, behind_tls=settings.behind_tls, hsts_max_age=settings.hsts_max_age
    )
    return app
