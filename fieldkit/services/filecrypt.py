"""Files encrypted at rest: AES-256-GCM in chunks (the STREAM construction), so a large photo is
encrypted and decrypted piece by piece and never held twice in memory.

Format of one file::

    b"FKA1" | salt (16 random bytes)            -- the header, also every chunk's associated data
    chunk 0 | chunk 1 | ... | chunk n-1         -- each CHUNK plaintext bytes + a 16-byte GCM tag

The last chunk holds 0..CHUNK bytes (0 only for an empty file). Each file has its own key, derived
with HKDF-SHA256 from the attachment key and the file's salt, so nonces never repeat across files;
a chunk's nonce is its index (11 bytes) and a last-chunk flag (1 byte), so reordering, dropping or
truncating chunks fails authentication instead of yielding a shorter file.

The attachment key itself is ``derive_subkey(data_key, "attachments")``: the data key is the
store's random key that the user's password unwraps (see docs/security.md). Nothing here writes
plaintext to disk. No Qt, no database.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldkit.fileio import fsync_dir_best_effort
from fieldkit.keystore import derive_subkey

from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP as N

MAGIC = b"FKA1"
SALT = 16
HEADER = len(MAGIC) + SALT
TAG = 16
#: plaintext bytes per chunk; divides the sync upload chunk (256 KiB) so a resumed upload starts on
#: a chunk boundary
CHUNK = 64 * 1024
_FILE_INFO = b"fieldkit attachment file v1"


class FileCryptError(FieldKitError):
    context = "Attachments"


def unreadable() -> FileCryptError:
    return FileCryptError(N("Attachments", "附件文件已损坏，或不是用本数据的密钥加密的，无法读取"))


def locked() -> FileCryptError:
    return FileCryptError(N("Attachments", "附件已加密：请先用密码解锁数据后再打开"))


def attachment_key(data_key: bytes) -> bytes:
    return derive_subkey(data_key, "attachments")


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_FILE_INFO).derive(key))


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def plaintext_size(encrypted_size: int) -> int:
    body = encrypted_size - HEADER
    if body < TAG:
        raise unreadable()
    chunks = -(-body // (CHUNK + TAG))
    return body - TAG * chunks


# -- reading -------------------------------------------------------------------------------------


class Reader(Protocol):
    size: int

    def seek(self, offset: int) -> None: ...
    def read(self, n: int = -1) -> bytes: ...
    def close(self) -> None: ...


class PlainReader:
    """A plaintext file behind the same interface as :class:`DecryptingReader` (stores without a key)."""

    def __init__(self, path: Path) -> None:
        self._fh: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by close()/__exit__
        self.size = os.fstat(self._fh.fileno()).st_size

    def seek(self, offset: int) -> None:
        self._fh.seek(offset)

    def read(self, n: int = -1) -> bytes:
        return self._fh.read(n)

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> PlainReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DecryptingReader:
    """Plaintext of an encrypted file, decrypted one chunk at a time; seekable (resumed uploads)."""

    def __init__(self, path: Path, key: bytes) -> None:
        self._fh: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by close()/__exit__
        try:
            header = self._fh.read(HEADER)
            if len(header) != HEADER or header[: len(MAGIC)] != MAGIC:
                raise unreadable()
            self._header = header
            self._aead = _file_key(key, header[len(MAGIC) :])
            self.size = plaintext_size(os.fstat(self._fh.fileno()).st_size)
        except BaseException:
            self._fh.close()
            raise
        self._chunks = max(1, -(-self.size // CHUNK))
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    def _chunk(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._fh.seek(HEADER + index * (CHUNK + TAG))
        blob = self._fh.read(CHUNK + TAG)
        try:
            plain = self._aead.decrypt(_nonce(index, index == self._chunks - 1), blob, self._header)
        except InvalidTag:
            raise unreadable() from None
        self._cached = (index, plain)
        return plain

    def seek(self, offset: int) -> None:
        self._pos = max(0, offset)

    def read(self, n: int = -1) -> bytes:
        end = self.size if n < 0 else min(self.size, self._pos + n)
        if self.size == 0:
            self._chunk(0)  # authenticate even an empty file
        pieces: list[bytes] = []
        while self._pos < end:
            index, skip = divmod(self._pos, CHUNK)
            plain = self._chunk(index)
            want = end - self._pos
            piece = plain if skip == 0 and want >= len(plain) else plain[skip : skip + want]
            pieces.append(piece)
            self._pos += len(piece)
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    def blocks(self) -> Iterator[bytes]:
        """Every chunk of plaintext in order, from the start."""
        for index in range(self._chunks):
            yield self._chunk(index)
        self._pos = self.size

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> DecryptingReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_reader(path: Path, key: bytes | None) -> PlainReader | DecryptingReader:
    """The plaintext of ``path``: decrypted with ``key`` when the file is encrypted. A file not yet
    migrated (plaintext under a key) is read as it is; an encrypted file without a key is refused."""
    if is_encrypted(path):
        if key is None:
            raise locked()
        return DecryptingReader(path, key)
    return PlainReader(path)


def read_plain(path: Path, key: bytes | None) -> bytes:
    with open_reader(path, key) as r:
        return r.read()


def plain_sha256(path: Path, key: bytes | None) -> str:
    h = hashlib.sha256()
    with open_reader(path, key) as r:
        while block := r.read(CHUNK):
            h.update(block)
    return h.hexdigest()


# -- writing -------------------------------------------------------------------------------------


class EncryptingWriter:
    """Appends plaintext and writes it encrypted. ``resume`` keeps the whole chunks a killed earlier
    run left in ``path`` (a partial download) and goes on after them; :attr:`have` says how many
    plaintext bytes that is. :meth:`finish` writes the last chunk and fsyncs; the plaintext's hash is
    :attr:`sha256`."""

    def __init__(self, path: Path, key: bytes, *, resume: bool = False) -> None:
        self.path = path
        self._key = key
        self._hash = hashlib.sha256()
        self._buf = bytearray()
        self._index = 0
        self._fh: BinaryIO | None = None
        if resume and path.exists() and self._resume():
            return
        salt = os.urandom(SALT)
        self._header = MAGIC + salt
        self._aead = _file_key(key, salt)
        self._fh = open(path, "wb")  # noqa: SIM115 - closed by finish()/discard()
        self._fh.write(self._header)

    def _resume(self) -> bool:
        fh = open(self.path, "r+b")  # noqa: SIM115 - kept as the writer's file
        try:
            header = fh.read(HEADER)
            if len(header) != HEADER or header[: len(MAGIC)] != MAGIC:
                fh.close()
                return False
            aead = _file_key(self._key, header[len(MAGIC) :])
            whole = (os.fstat(fh.fileno()).st_size - HEADER) // (CHUNK + TAG)
            for index in range(whole):
                blob = fh.read(CHUNK + TAG)
                self._hash.update(aead.decrypt(_nonce(index, False), blob, header))
        except InvalidTag:
            fh.close()
            return False
        fh.truncate(HEADER + whole * (CHUNK + TAG))
        fh.seek(0, os.SEEK_END)
        self._fh, self._header, self._aead, self._index = fh, header, aead, whole
        return True

    @property
    def have(self) -> int:
        return self._index * CHUNK + len(self._buf)

    def _emit(self, data: bytes, last: bool) -> None:
        assert self._fh is not None
        self._fh.write(self._aead.encrypt(_nonce(self._index, last), data, self._header))
        self._index += 1

    def write(self, data: bytes) -> None:
        self._hash.update(data)
        self._buf += data
        while len(self._buf) > CHUNK:  # keep at least one byte back: the last chunk is flagged
            self._emit(bytes(self._buf[:CHUNK]), False)
            del self._buf[:CHUNK]

    def finish(self) -> str:
        assert self._fh is not None
        self._emit(bytes(self._buf), True)
        self._buf.clear()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        return self.sha256

    def close(self) -> None:
        """Stop, keeping the whole chunks on disk (a resumable part); the held-back tail is lost."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def discard(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        with contextlib.suppress(OSError):
            self.path.unlink()


class PlainWriter:
    """The same interface for stores without a key: bytes as they are (resume appends)."""

    def __init__(self, path: Path, *, resume: bool = False) -> None:
        self.path = path
        self._hash = hashlib.sha256()
        self._have = 0
        if resume and path.exists():
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    self._hash.update(block)
                    self._have += len(block)
        self._fh: BinaryIO | None = open(path, "ab" if self._have else "wb")  # noqa: SIM115

    @property
    def have(self) -> int:
        return self._have

    def write(self, data: bytes) -> None:
        assert self._fh is not None
        self._fh.write(data)
        self._hash.update(data)
        self._have += len(data)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def finish(self) -> str:
        assert self._fh is not None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        return self.sha256

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def discard(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        with contextlib.suppress(OSError):
            self.path.unlink()


def open_writer(path: Path, key: bytes | None, *, resume: bool = False) -> EncryptingWriter | PlainWriter:
    return EncryptingWriter(path, key, resume=resume) if key is not None else PlainWriter(path, resume=resume)


class _Staged:
    """A writer into a hidden temporary file beside ``target``, renamed over it when done."""

    def __init__(self, target: Path, key: bytes | None) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        self.writer = open_writer(self.tmp, key)

    def __enter__(self) -> EncryptingWriter | PlainWriter:
        return self.writer

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            self.writer.discard()
            return
        try:
            self.writer.finish()
            os.replace(self.tmp, self.target)
        except BaseException:
            self.writer.discard()
            raise
        fsync_dir_best_effort(self.target.parent)


def write_atomic(target: Path, blocks: Iterable[bytes], key: bytes | None) -> str:
    """Write ``blocks`` (encrypted with ``key`` when given) to a temporary file in ``target``'s
    folder, fsync, rename over ``target``; returns the plaintext's sha256."""
    staged = _Staged(target, key)
    with staged as w:
        for block in blocks:
            w.write(block)
    return staged.writer.sha256


def file_blocks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        yield from iter(lambda: fh.read(size), b"")


def bytes_blocks(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), 1 << 20):
        yield bytes(view[start : start + (1 << 20)])


def encrypt_in_place(path: Path, key: bytes) -> bool:
    """Encrypt a plaintext file where it lies (temporary file, fsync, rename); False when it already
    was encrypted."""
    if is_encrypted(path):
        return False
    write_atomic(path, file_blocks(path), key)
    return True
