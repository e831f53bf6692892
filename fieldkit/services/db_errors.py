"""Database errors in the user's language, at the services' boundary: what the driver says
("database is locked", "database or disk is full", "UNIQUE constraint failed: staff.login", an
autoflush hint) becomes a :class:`StoreWriteError` saying what happened and what to do, naming
the field the user acted on. The UI's worker (every read and write of a view) and the command
line pass their errors through :func:`translated`; opening a store is ``fieldkit.services``'s
store-open code's concern, not this module's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from fieldkit.domain.field_labels import field_labels
from fieldkit.domain.text_rules import escape_controls
from fieldkit.store_health import Problem, problem_of

from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate

CTX = "StoreErrors"

DISK_FULL = N(CTX, "磁盘已满，刚才的修改没有保存。请腾出磁盘空间（删除不需要的文件）后重试。")
IN_USE = N(
    CTX, "数据正被另一个程序使用（例如另一个 FieldKit 窗口或正在同步），刚才的修改没有保存。请稍后重试。"
)
READ_ONLY = N(CTX, "数据文件夹是只读的，无法保存修改。请检查文件夹的权限，或换一个可写入的数据文件夹。")
DISK_ERROR = N(CTX, "读写磁盘出错，刚才的修改没有保存。请检查磁盘或 U 盘是否已拔出，然后重试。")
CORRUPT = N(CTX, "数据文件已损坏，无法读写。请从备份恢复，或换一个数据文件夹。")
UNIQUE = N(CTX, "{label}“{value}”已被使用，请换一个")
UNIQUE_NO_VALUE = N(CTX, "{label}与已有的记录重复，请换一个")
NOT_NULL = N(CTX, "请填写{label}")
FOREIGN_KEY = N(CTX, "所引用的记录不存在或已被删除（可能已被同步删除），请刷新后重试")
CHECK = N(CTX, "{label}的值不允许")
OTHER = N(CTX, "数据库出错，刚才的修改没有保存：{detail}")


class StoreWriteError(FieldKitError):
    """A database error, said in the user's language (``detail``: the driver's text, for logs)."""

    context = CTX

    def text(self) -> str:
        params = dict(self.params)
        label = params.get("label")
        if isinstance(label, str):  # field names are marked in the Validation context
            params["label"] = translate("Validation", label)
        return translate(CTX, self.message, **params)


_CONSTRAINT = re.compile(r"(UNIQUE|NOT NULL|CHECK) constraint failed: ([\w.]+)", re.ASCII)


def _driver_text(exc: BaseException) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) else None
    return str(orig if orig is not None else exc)


_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+\S+\s*\(([^)]*)\)", re.IGNORECASE | re.ASCII)
_UPDATE_SET = re.compile(r"^\s*UPDATE\s+\S+\s+SET\s+(.*?)\s+WHERE\s", re.IGNORECASE | re.ASCII | re.DOTALL)


def _param_value(exc: DBAPIError, column: str) -> str | None:
    """The value the failed statement gave ``column`` (named or positional parameters)."""
    params: object = exc.params
    if isinstance(params, list) and params:  # executemany: the first row is as good a guess as any
        params = params[0]
    if isinstance(params, dict):
        value = params.get(column)
        return value if isinstance(value, str) else None
    if not isinstance(params, tuple):
        return None
    statement = exc.statement or ""
    columns: list[str] = []
    m = _INSERT.match(statement)
    if m:
        columns = [c.strip().strip('"') for c in m[1].split(",")]
    else:
        m = _UPDATE_SET.match(statement)
        if m:
            columns = [c.split("=")[0].strip().strip('"') for c in m[1].split(",")]
    if column in columns and columns.index(column) < len(params):
        value = params[columns.index(column)]
        return value if isinstance(value, str) else None
    return None


#: a write's message for each store problem (fieldkit/store_health.py classifies the driver's error:
#: one classification for the window, the command line and the store's opening)
_WRITE_MESSAGES = {
    Problem.DISK_FULL: DISK_FULL,
    Problem.BUSY: IN_USE,
    Problem.READ_ONLY: READ_ONLY,
    Problem.CORRUPT: CORRUPT,
    Problem.UNREADABLE: DISK_ERROR,
}


def store_error(exc: BaseException) -> FieldKitError | None:
    """The user's message for a database or disk error, or None when ``exc`` is not one."""
    if isinstance(exc, OSError):
        problem = problem_of(exc)
        return StoreWriteError(_WRITE_MESSAGES[problem]) if problem in _WRITE_MESSAGES else None
    if not isinstance(exc, SQLAlchemyError):
        return None
    text = _driver_text(exc)
    low = text.lower()
    field: str | None = None
    if isinstance(exc, IntegrityError):
        if "foreign key" in low:
            return StoreWriteError(FOREIGN_KEY)
        m = _CONSTRAINT.search(text)
        if m:
            kind, target = m[1], m[2].split(",")[0].strip()
            table, _, column = target.partition(".")
            field = column or None
            label = field_labels(table).get(column, N("Validation", "填写的内容"))
            if kind == "UNIQUE":
                value = _param_value(exc, column)
                if value is not None:
                    return StoreWriteError(UNIQUE, field, label=label, value=escape_controls(value))
                return StoreWriteError(UNIQUE_NO_VALUE, field, label=label)
            if kind == "NOT NULL":
                return StoreWriteError(NOT_NULL, field, label=label)
            return StoreWriteError(CHECK, field, label=label)
    if isinstance(exc, OperationalError | DBAPIError):
        problem = problem_of(exc)
        if problem in _WRITE_MESSAGES:
            return StoreWriteError(_WRITE_MESSAGES[problem])
        if "full" in low and ("disk" in low or "database" in low):
            return StoreWriteError(DISK_FULL)
        if "locked" in low or "busy" in low:
            return StoreWriteError(IN_USE)
        if "readonly" in low or "read-only" in low or "read only" in low:
            return StoreWriteError(READ_ONLY)
        if "malformed" in low or "not a database" in low:
            return StoreWriteError(CORRUPT)
        if "disk i/o" in low or "unable to open" in low:
            return StoreWriteError(DISK_ERROR)
    return StoreWriteError(OTHER, field, detail=escape_controls(text.splitlines()[0] if text else ""))


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise a database or disk error inside the block as a :class:`StoreWriteError`."""
    try:
        yield
    except (SQLAlchemyError, OSError) as exc:
        err = store_error(exc)
        if err is None:
            raise
        err.params.setdefault("detail", _driver_text(exc))
        raise err from exc
