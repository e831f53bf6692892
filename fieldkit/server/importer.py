"""``fieldkit admin import enterprises|policies FILE --zone NAME [--commit] [--yes]``.

The same parser, validators and per-line report as the desktop's ``fieldkit import``
(:mod:`fieldkit.domain.import_files`); the rows are written through the server's row store
(:func:`.crud.admin_put`: validated by the ``fieldkit.models`` class, a change sequence each, the
zone for scope, the server audit), so devices pull them. All or nothing: one writing transaction,
in which the duplicates are checked again (another import or a push may have come in between).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Engine, false, select

from fieldkit.config import RESOURCES
from fieldkit.domain import import_files, import_policies
from fieldkit.domain.errors import FieldKitError
from fieldkit.domain.i18n import QT_TRANSLATE_NOOP, translate
from fieldkit.domain.import_files import ImportCommitError, ImportFileError, ImportReport
from fieldkit.domain.pinyin import name_keys
from fieldkit.models import Enterprise, Policy, new_id
from fieldkit.models.limits import text_limits

from . import crud
from .db import write_transaction
from .tables import server_row

KINDS = ("enterprises", "policies")
#: the desktop importer's translation context (written out: scripts/update_translations.py reads it)
CTX = "Import"


def _say(out: TextIO, message: str, **params: object) -> None:
    out.write(translate(CTX, message, **params) + "\n")


def existing_enterprises(conn: Connection) -> dict[str, str]:
    """Normalised credit code → name of the live enterprises on the server."""
    rows = conn.execute(
        select(server_row.c.natural_key, server_row.c.data).where(
            server_row.c.table_name == "enterprise", server_row.c.deleted == false()
        )
    ).all()
    return {str(k): str(d.get("name", "")) for k, d in rows if k}


def existing_policies(conn: Connection) -> dict[str, str]:
    """:func:`~fieldkit.domain.import_policies.policy_key` → title of the live policies."""
    rows = conn.scalars(
        select(server_row.c.data).where(server_row.c.table_name == "policy", server_row.c.deleted == false())
    ).all()
    return {
        import_policies.policy_key(str(d.get("title", "")), str(d.get("doc_no", ""))): str(d.get("title", ""))
        for d in rows
    }


def read(conn: Connection, kind: str, path: Path) -> ImportReport:
    limits = {"enterprise": text_limits(Enterprise), "policy": text_limits(Policy)}
    vocabulary = import_files.load_vocabulary(RESOURCES / "data", limits)
    if kind == "enterprises":
        return import_files.read_enterprises(path, existing=existing_enterprises(conn), vocabulary=vocabulary)
    return import_policies.read_policies(path, existing=existing_policies(conn), vocabulary=vocabulary)


def _enterprise_values(data: dict[str, Any], zone_id: str) -> dict[str, Any]:
    limits = text_limits(Enterprise)
    full, initials = name_keys(str(data["name"]), (limits["name_pinyin"], limits["name_initials"]))
    return {**data, "zone_id": zone_id, "name_pinyin": full, "name_initials": initials}


def write(engine: Engine, kind: str, report: ImportReport, zone_id: str, now: datetime) -> int:
    """Write every good row in one transaction (all or nothing); return how many.

    Raises :class:`ImportCommitError` naming the line when a row cannot be written (its credit code
    or policy arrived since the file was read, or the row store refuses it)."""
    table = "enterprise" if kind == "enterprises" else "policy"
    with write_transaction(engine) as conn:
        # read again under the write lock: what came in since the report was made counts too
        taken = existing_enterprises(conn) if table == "enterprise" else existing_policies(conn)
        for row in report.ok:
            try:
                if table == "enterprise":
                    code = str(row.data["credit_code"])
                    if code in taken:
                        raise ImportCommitError(
                            QT_TRANSLATE_NOOP(CTX, "统一社会信用代码 {code} 已在系统中（{name}）"),
                            "credit_code",
                            code=code,
                            name=taken[code],
                        )
                    values = _enterprise_values(row.data, zone_id)
                    taken[code] = str(row.data["name"])
                else:
                    key = import_policies.policy_key(str(row.data["title"]), str(row.data.get("doc_no", "")))
                    if key in taken:
                        raise ImportCommitError(
                            QT_TRANSLATE_NOOP(CTX, "政策“{title}”（文号 {doc_no}）已在系统中"),
                            "title",
                            title=row.data["title"],
                            doc_no=row.data.get("doc_no") or "—",
                        )
                    values = dict(row.data)
                    taken[key] = str(row.data["title"])
                rid = new_id()
                crud.admin_put(conn, table, rid, crud.validated(table, {**values, "id": rid}), now)
            except FieldKitError as e:
                raise ImportCommitError(
                    QT_TRANSLATE_NOOP(CTX, "第 {line} 行写入失败：{reason}"), line=row.line, reason=e.text()
                ) from e
            except ValueError as e:  # the model refused the row
                raise ImportCommitError(
                    QT_TRANSLATE_NOOP(CTX, "第 {line} 行写入失败：{reason}"),
                    line=row.line,
                    reason=str(e).splitlines()[0],
                ) from e
    return len(report.ok)


def run(
    engine: Engine,
    *,
    kind: str,
    path: Path,
    zone: str | None,
    commit: bool,
    assume_yes: bool,
    now: Callable[[], datetime],
    out: TextIO,
    stdin: TextIO | None = None,
) -> int:
    """Report, and with ``commit`` write the good rows (enterprises into zone ``zone``; policies
    are not zoned: every device pulls them, and ``zone`` is only checked when given).

        Exit codes as the desktop's ``fieldkit import``: 0 written (or a preview with no bad rows);
        1 nothing written because of bad rows, a refusal, an unknown zone or a write error; 2 the file
        cannot be read."""
    if kind == "enterprises" and not zone:
        _say(out, QT_TRANSLATE_NOOP(CTX, "请用 --zone 指定导入到哪个功能区，未写入任何数据"))
        return 1
    with engine.connect() as conn:
        try:
            zone_id = crud.zone_id_by_name(conn, zone) if zone else ""
        except crud.AdminError:
            _say(out, QT_TRANSLATE_NOOP(CTX, "找不到名为“{zone}”的功能区，未写入任何数据"), zone=zone)
            return 1
        try:
            report = read(conn, kind, path)
        except ImportFileError as e:
            out.write(e.text() + "\n")
            return 2
    import_files.print_report(report, out)
    if not commit:
        _say(
            out,
            QT_TRANSLATE_NOOP(CTX, "以上为预览，未写入任何数据。确认无误后加上 --commit 重新运行即可导入。"),
        )
        return 0 if not report.bad else 1
    if not report.ok:
        _say(out, QT_TRANSLATE_NOOP(CTX, "没有可导入的行，未写入任何数据。"))
        return 1
    if (
        report.bad
        and not assume_yes
        and not import_files.confirm(out, stdin, len(report.bad), len(report.ok))
    ):
        _say(out, QT_TRANSLATE_NOOP(CTX, "已取消，未写入任何数据。"))
        return 1
    try:
        n = write(engine, kind, report, zone_id, now())
    except ImportCommitError as e:
        out.write(e.text() + "\n")
        _say(out, QT_TRANSLATE_NOOP(CTX, "导入已回滚，未写入任何数据。"))
        return 1
    if kind == "enterprises":
        _say(out, QT_TRANSLATE_NOOP(CTX, "已导入 {n} 家企业到“{zone}”。"), n=n, zone=zone)
    else:
        _say(out, QT_TRANSLATE_NOOP(CTX, "已导入 {n} 条政策。"), n=n)
    return 0
