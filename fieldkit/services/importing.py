"""Bulk import of enterprises (企业批量导入) from .csv and .xlsx files as Chinese offices make them.

Offices save CSV from Excel as GB18030/GBK, or as UTF-8 with or without a BOM; they put a title
row above the header, type codes and phone numbers with a Chinese IME (full-width digits), leave
blank lines and stray spaces, name columns in several ways (法人 / 法定代表人 / 法人代表), and paste
the same enterprise twice. Reading never writes: :func:`read_enterprises` returns a report of
good rows (cleaned, ready for :class:`EnterpriseService`) and bad rows with the real line number
and every reason; :func:`commit_import` then writes the good rows in one transaction. The parser,
validators and report are :mod:`fieldkit.domain.import_files`, shared with the server's
``fieldkit admin import``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from fieldkit.db import SessionFactory, session_factory, transaction
from fieldkit.domain import import_files
from fieldkit.domain.import_files import TEMPLATE_HEADERS as TEMPLATE_HEADERS
from fieldkit.domain.import_files import BadRow as BadRow
from fieldkit.domain.import_files import ImportCommitError as ImportCommitError
from fieldkit.domain.import_files import ImportFileError as ImportFileError
from fieldkit.domain.import_files import ImportReport as ImportReport
from fieldkit.domain.import_files import ImportRow as ImportRow
from fieldkit.domain.import_files import ImportValidationError as ImportValidationError
from fieldkit.domain.import_files import Vocabulary, confirm
from fieldkit.domain.import_files import print_report as print_report
from fieldkit.models import Assignment, Enterprise, Policy, Staff
from fieldkit.models.limits import text_limits

from . import reference, store
from .db_errors import store_error, translated
from .device import device_id
from .enterprises import EnterpriseService
from .errors import FieldKitError, NotFoundError
from .i18n import QT_TRANSLATE_NOOP, translate
from .timeutil import local_today
from .zones import ZoneChoiceError, choose_zone

CTX = "Import"


def vocabulary() -> Vocabulary:
    """The reference lists of resources/data the importer maps typed words onto."""
    ref = reference.load()
    return Vocabulary(
        industries=[(e.code, e.zh) for e in ref.industries],
        stages=[(e.code, e.zh) for e in ref.stages],
        policy_categories=[(e.code, e.zh) for e in ref.policy_categories],
        policy_levels=[(e.code, e.zh) for e in ref.policy_levels],
        limits=import_limits(),
    )


def import_limits() -> dict[str, dict[str, int]]:
    """The text limits of the tables the importers fill, from the models."""
    return {"enterprise": text_limits(Enterprise), "policy": text_limits(Policy)}


def _existing_codes(session: Session) -> dict[str, str]:
    rows = session.exec(
        select(Enterprise.credit_code, Enterprise.name).where(col(Enterprise.deleted).is_(False))
    )
    return {code: name for code, name in rows}


def read_enterprises(path: Path | str, *, session: Session | None = None) -> ImportReport:
    """Read and check an enterprise list (:func:`fieldkit.domain.import_files.read_enterprises`);
    writes nothing. With ``session``, credit codes already in the store are reported as duplicates
    too. Raises :class:`ImportFileError` when the file cannot be read as a list at all."""
    existing = _existing_codes(session) if session is not None else {}
    return import_files.read_enterprises(path, existing=existing, vocabulary=vocabulary())


# --------------------------------------------------------------------------------------------
# writing


def import_zone_id(
    session: Session, actor: store.Actor, *, zone: str | None = None, assign_to_staff_id: str | None = None
) -> str:
    """The zone the imported enterprises go to: the zone called ``zone`` (``--zone``); else the
    assignee's zone; else the store's only zone. Raises :class:`ZoneChoiceError` for an unknown name
    (listing the zones) or several zones and no ``zone``."""
    return choose_zone(
        session,
        actor,
        name=zone,
        staff_id=assign_to_staff_id,
        several=QT_TRANSLATE_NOOP(
            "Zones", "数据库中有多个功能区（{zones}），请用 --zone 指定导入到哪个功能区"
        ),
    )


def commit_import(
    make_session: SessionFactory,
    report: ImportReport,
    actor: store.Actor,
    *,
    assign_to_staff_id: str | None = None,
    zone: str | None = None,
) -> int:
    """Write every good row of ``report`` in one transaction: all or nothing.

    Each enterprise gets the zone of :func:`import_zone_id` unless the row has one; with
    ``assign_to_staff_id`` each also gets a current assignment (包联) to that person.
    Returns the number of enterprises written; raises :class:`ImportCommitError` or
    :class:`ZoneChoiceError` (nothing written).
    """
    svc = EnterpriseService(actor)
    today = local_today()
    with translated(), transaction(make_session) as session:  # the commit itself: disk full, in use
        staff: Staff | None = None
        if assign_to_staff_id:
            staff = store.get(session, Staff, assign_to_staff_id)
        zone_id = import_zone_id(session, actor, zone=zone, assign_to_staff_id=assign_to_staff_id)
        for row in report.ok:
            try:
                data = dict(row.data)
                if zone_id and not data.get("zone_id"):
                    data["zone_id"] = zone_id
                ent = svc.create(session, **data)
                if staff is not None:
                    store.insert(
                        session,
                        Assignment(
                            staff_id=staff.id, enterprise_id=ent.id, start_date=today, note="批量导入"
                        ),
                        actor,
                    )
            except FieldKitError as e:
                raise ImportCommitError(
                    QT_TRANSLATE_NOOP(CTX, "第 {line} 行写入失败：{reason}"), line=row.line, reason=e.text()
                ) from e
            except Exception as e:  # database errors: report the row, roll back everything
                err = store_error(e)
                raise ImportCommitError(
                    QT_TRANSLATE_NOOP(CTX, "第 {line} 行写入失败：{reason}"),
                    line=row.line,
                    reason=err.text() if err is not None else str(e).splitlines()[0],
                ) from e
    return len(report.ok)


# --------------------------------------------------------------------------------------------
# command line


def _say(out: TextIO, message: str, **params: object) -> None:
    out.write(translate(CTX, message, **params) + "\n")


def run_cli_import(
    engine: Engine,
    path: Path,
    *,
    kind: str,
    commit: bool,
    assume_yes: bool,
    login: str | None,
    out: TextIO,
    stdin: TextIO | None = None,
    zone: str | None = None,
    actor: store.Actor | None = None,
) -> int:
    """``fieldkit import`` as the signed-in ``actor`` (its role and zone decide what may be written;
    ``login`` is whom the enterprises are assigned to): report, and with ``commit`` write the good rows (all or nothing) into
    the zone ``zone`` (``--zone``; see :func:`import_zone_id`).

    Exit codes: 0 written (or a preview with no bad rows); 1 nothing written because of bad rows,
    a refusal or a write error; 2 the file cannot be read.
    """
    if kind != "enterprises":
        _say(out, QT_TRANSLATE_NOOP(CTX, "不支持导入“{kind}”"), kind=kind)
        return 2
    make = session_factory(engine)
    staff_id: str | None = None
    with make() as session:
        if login:
            staff = session.exec(
                select(Staff).where(Staff.login == login, col(Staff.deleted).is_(False))
            ).first()
            if staff is None:
                _say(
                    out, QT_TRANSLATE_NOOP(CTX, "找不到登录名为“{login}”的人员，未写入任何数据"), login=login
                )
                return 1
            staff_id = staff.id
        try:  # the zone is checked before the file, so a preview already tells what is missing
            import_zone_id(session, store.SYSTEM, zone=zone, assign_to_staff_id=staff_id)
        except ZoneChoiceError as e:
            out.write(e.text() + "\n")
            _say(out, QT_TRANSLATE_NOOP(CTX, "未写入任何数据。"))
            return 1
        finally:
            session.rollback()  # a store without zones would get its default zone only when writing
        try:
            report = read_enterprises(path, session=session)
        except ImportFileError as e:
            out.write(e.text() + "\n")
            return 2
        device = device_id(session)
        session.commit()  # a store asked for its device id the first time keeps it
    print_report(report, out)
    if not commit:
        _say(
            out,
            QT_TRANSLATE_NOOP(CTX, "以上为预览，未写入任何数据。确认无误后加上 --commit 重新运行即可导入。"),
        )
        return 0 if not report.bad else 1
    if not report.ok:
        _say(out, QT_TRANSLATE_NOOP(CTX, "没有可导入的行，未写入任何数据。"))
        return 1
    if report.bad and not assume_yes and not confirm(out, stdin, len(report.bad), len(report.ok)):
        _say(out, QT_TRANSLATE_NOOP(CTX, "已取消，未写入任何数据。"))
        return 1
    if actor is None:
        actor = store.Actor(staff_id, device)
    try:
        n = commit_import(make, report, actor, assign_to_staff_id=staff_id, zone=zone)
    except (ImportCommitError, NotFoundError, ZoneChoiceError) as e:
        out.write(e.text() + "\n")
        _say(out, QT_TRANSLATE_NOOP(CTX, "导入已回滚，未写入任何数据。"))
        return 1
    if login:
        _say(out, QT_TRANSLATE_NOOP(CTX, "已导入 {n} 家企业，并包联给 {login}。"), n=n, login=login)
    else:
        _say(out, QT_TRANSLATE_NOOP(CTX, "已导入 {n} 家企业。"), n=n)
    return 0


# --------------------------------------------------------------------------------------------
# template


def write_template(path: Path) -> Path:
    """Write an empty import template (.csv as UTF-8 with BOM, which Excel opens correctly, or .xlsx)."""
    if path.suffix.lower() == ".xlsx":
        _write_template_xlsx(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerow(TEMPLATE_HEADERS)
    return path


def _write_template_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    ref = reference.load()
    wb = Workbook()
    ws = wb.active
    ws.title = "企业信息"
    ws.append(["企业信息导入表（带 * 的列必填；统一社会信用代码、联系电话请保持文本格式）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TEMPLATE_HEADERS))
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([("*" + h) if i < 2 else h for i, h in enumerate(TEMPLATE_HEADERS)])
    for c in ws[2]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(horizontal="center")
    widths = (34, 24, 12, 12, 16, 36, 16, 10, 14, 10, 30, 24)
    for i, w in enumerate(widths):
        letter = chr(ord("A") + i)
        ws.column_dimensions[letter].width = w
        if TEMPLATE_HEADERS[i] in ("统一社会信用代码", "联系电话"):
            for r in range(3, 1003):
                ws[f"{letter}{r}"].number_format = "@"
    lists = {
        "G": [f"{e.code} {e.zh}" for e in ref.industries],
        "H": ["大型", "中型", "小型", "微型"],
        "I": [e.zh for e in ref.stages],
        "J": ["存续", "休眠", "注销"],
    }
    notes = wb.create_sheet("可选值")
    for col_i, (letter, values) in enumerate(lists.items(), 1):
        notes.cell(row=1, column=col_i, value=TEMPLATE_HEADERS[ord(letter) - ord("A")]).font = Font(bold=True)
        for r, v in enumerate(values, 2):
            notes.cell(row=r, column=col_i, value=v)
        src = chr(ord("A") + col_i - 1)
        dv = DataValidation(
            type="list", formula1=f"='可选值'!${src}$2:${src}${len(values) + 1}", allow_blank=True
        )
        dv.error = "请从下拉列表中选择"
        ws.add_data_validation(dv)
        dv.add(f"{letter}3:{letter}1002")
    ws.freeze_panes = "A3"
    wb.save(path)
