"""The attachment endpoints (protocol.py, "attachments"): upload status, chunked upload, download.

HTTP only: reading the body within :data:`~fieldkit.sync.protocol.MAX_CHUNK`, the ``Range``
header, status codes and messages. What is stored and who may reach it is :mod:`.blobs`. No
``from __future__ import annotations``: FastAPI reads the annotations at run time.
"""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from fieldkit.sync.protocol import MAX_CHUNK, ErrorResponse, UploadStatus, attachment_path, upload_path

from . import blobs
from .crud import Actor
from .hardening import InvalidRequest
from .messages import reason
from .settings import Settings

_RANGE = re.compile(r"bytes=(\d+)-(\d*)")
_STATUS = {
    "not_uploaded": 404,
    "too_large": 413,
    "chunk_too_large": 413,
    "hash_mismatch": 422,
    "size_mismatch": 422,
    "chunk_past_end": 422,
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorResponse} for code in (401, 403, *codes, 426)
    }
    if 422 in codes:  # the server's own 422 (a hash or size that does not match) or a malformed request
        out[422] = {"model": ErrorResponse | InvalidRequest}
    return out


def _error(err: blobs.BlobError) -> JSONResponse:
    if isinstance(err, blobs.WrongOffset) and err.status is not None:
        return JSONResponse(status_code=409, content=err.status.model_dump())
    params = dict(err.params)  # raw byte counts: the text shows "50 MB" (domain.reasons)
    body = ErrorResponse(detail=reason(err.code, **params), code=err.code, params=params)
    return JSONResponse(status_code=_STATUS[err.code], content=body.model_dump(mode="json"))


async def _body(request: Request) -> bytes | None:
    """The request body, or None as soon as it is longer than one chunk may be."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_CHUNK:
        return None
    buf = bytearray()
    async for part in request.stream():
        buf += part
        if len(buf) > MAX_CHUNK:
            return None
    return bytes(buf)


def _range(header: str | None, size: int) -> tuple[int, int] | None:
    """[start, end) asked by ``Range: bytes=N-`` or ``bytes=N-M``; None for the whole file (no or
    an unsupported header, e.g. several ranges). Raises ValueError when N is past the end."""
    m = _RANGE.fullmatch((header or "").strip())
    if m is None or size == 0:
        return None
    start = int(m.group(1))
    end = min(size, int(m.group(2)) + 1) if m.group(2) else size
    if start >= size or end <= start:
        raise ValueError(start)
    return start, end


def router(
    engine: Engine,
    settings: Settings,
    current_actor: Callable[..., Actor],
    clock: Callable[[], datetime],
    uploading_actor: Callable[..., Actor] | None = None,
    *,
    route_class: type[APIRoute] = APIRoute,
) -> APIRouter:
    """``uploading_actor``: the caller of the upload endpoints (also a revoked device's last
    upload, see ``fieldkit admin revoke --final-push``); ``current_actor`` when not given.
    ``route_class``: the application's (a bad token refused before a malformed request)."""
    api = APIRouter(route_class=route_class)
    CurrentActor = Annotated[Actor, Depends(current_actor)]
    UploadingActor = Annotated[Actor, Depends(uploading_actor or current_actor)]

    @api.get(upload_path("{sha256}"), response_model=UploadStatus, responses=_errors(404))
    def upload_status(sha256: str, actor: UploadingActor) -> Response:
        try:
            st = blobs.status(engine, actor, sha256)
        except blobs.BlobError as err:
            return _error(err)
        return JSONResponse(content=st.model_dump())

    @api.put(
        attachment_path("{sha256}"),
        response_model=UploadStatus,
        responses={**_errors(404, 413, 422), 409: {"model": UploadStatus}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "the chunk's raw bytes (at most MAX_CHUNK)",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    )
    async def upload_chunk(
        sha256: str,
        request: Request,
        actor: UploadingActor,
        offset: Annotated[int, Query(ge=0)],
        size: Annotated[int, Query(ge=0)],
    ) -> Response:
        data = await _body(request)
        if data is None:
            return _error(blobs.BlobError("chunk_too_large", limit=MAX_CHUNK))
        try:
            st = await run_in_threadpool(
                blobs.append,
                engine,
                actor,
                sha256,
                offset=offset,
                size=size,
                data=data,
                now=clock(),
                max_bytes=settings.max_attachment_bytes,
            )
        except blobs.BlobError as err:
            return _error(err)
        return JSONResponse(content=st.model_dump())

    @api.get(
        attachment_path("{sha256}"),
        responses={
            **_errors(404, 416),
            200: {"content": {"application/octet-stream": {}}, "description": "the whole file"},
            206: {"content": {"application/octet-stream": {}}, "description": "from the asked offset"},
        },
    )
    def download(
        sha256: str, actor: CurrentActor, range_: Annotated[str | None, Header(alias="Range")] = None
    ) -> Response:
        try:
            held = blobs.held(engine, actor, sha256)
        except blobs.BlobError as err:
            return _error(err)
        headers = {"Accept-Ranges": "bytes", "ETag": f'"{held.sha256}"'}
        try:
            asked = _range(range_, held.size)
        except ValueError:
            body = ErrorResponse(
                detail=reason("range", size=held.size), code="range", params={"size": held.size}
            )
            return JSONResponse(
                status_code=416,
                content=body.model_dump(),
                headers={**headers, "Content-Range": f"bytes */{held.size}"},
            )
        start, end = asked or (0, held.size)
        headers["Content-Length"] = str(end - start)
        if asked is not None:
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{held.size}"
        return StreamingResponse(
            blobs.read(engine, held.sha256, start, end),
            status_code=206 if asked is not None else 200,
            media_type="application/octet-stream",
            headers=headers,
        )

    return api
