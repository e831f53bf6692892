"""Bulk import of enterprises (企业批量导入) from .csv and .xlsx files as Chinese offices make them.

Offices save CSV from Excel as GB18030/GBK, or as UTF-8 with or without a BOM; they put a title
row above the header, type codes and phone numbers with a Chinese IME (full-width digits), leave
blank lines and stray spaces, name columns in several ways (法人 / 法定代表人 / 法人代表), and paste
the same enterprise twice. Reading never writes: :func:`read_enterprises` returns a report of
good rows (cleaned, ready for :class:`EnterpriseService`) and bad rows with the real line number
and every reason; :func:`commit_import` then writes the good rows in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from fieldkit.db import SessionFactory, session_factory, transaction
from fieldkit.models import Assignment, Enterprise, Staff

from . import reference, store
from .device import device_id
from .enterprises import SCALES, STAGES, STATUSES, EnterpriseService, clean_enterprise_fields
from .errors import FieldKitError, NotFoundError, ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP, translate
from .timeutil import local_today
from .validation import normalise_credit_code, to_halfwidth
from .zones import ZoneChoiceError, choose_zone

CTX = "Import"

#: field → accepted header texts (compared after normalising, see :func:`_norm_header`)
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("企业名称", "单位名称", "名称", "企业名", "公司名称", "企业(单位)名称"),
    "credit_code": ("统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码", "统一代码"),
    "legal_representative": ("法定代表人", "法人", "法人代表", "法定代表人姓名"),
    "contact_person": ("联系人", "企业联系人", "联系人姓名"),
    "contact_phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系人电话", "联系方式"),
    "address": ("地址", "注册地址", "企业地址", "经营地址", "详细地址"),
    "industry": ("所属行业", "行业", "行业门类", "行业分类", "国民经济行业分类"),
    "scale": ("企业规模", "规模"),
    "stage": ("生命周期阶段", "阶段", "所处阶段", "企业阶段"),
    "status": ("企业状态", "状态", "经营状态", "登记状态"),
    "tags": ("企业标签", "标签", "企业画像", "画像标签"),
    "notes": ("备注", "说明"),
}
#: column order of the template and of reasons in a report
FIELDS = tuple(HEADER_SYNONYMS)
#: the header texts of the shipped template
TEMPLATE_HEADERS = (
    "企业名称",
    "统一社会信用代码",
    "法定代表人",
    "联系人",
    "联系电话",
    "企业地址",
    "所属行业",
    "企业规模",
    "生命周期阶段",
    "企业状态",
    "企业标签",
    "备注",
)
REQUIRED = ("name", "credit_code")

SCALE_WORDS = {
    "大型": "large",
    "大": "large",
    "中型": "medium",
    "中": "medium",
    "小型": "small",
    "小": "small",
    "微型": "micro",
    "微": "micro",
    "大型企业": "large",
    "中型企业": "medium",
    "小型企业": "small",
    "微型企业": "micro",
    "小微": "micro",
}
STATUS_WORDS = {
    "存续": "operating",
    "存续经营": "operating",
    "经营": "operating",
    "在业": "operating",
    "开业": "operating",
    "正常": "operating",
    "在营": "operating",
    "营业": "operating",
    "休眠": "hibernating",
    "歇业": "hibernating",
    "已歇业": "hibernating",
    "注销": "deregistered",
    "已注销": "deregistered",
}
STAGE_WORDS = {
    "开办": "startup",
    "企业开办": "startup",
    "建设": "construction",
    "项目建设": "construction",
    "工程建设": "construction",
    "经营": "operation",
    "生产经营": "operation",
    "运营": "operation",
    "升级": "upgrading",
    "转型升级": "upgrading",
    "变更": "change",
    "变更登记": "change",
    "注销": "deregistration",
    "企业注销": "deregistration",
}
TAG_SEPARATORS = re.compile(r"[，,;；、]")
HEADER_SCAN_ROWS = 30
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)
#: zero-width characters pasted from web pages and chat apps, and a BOM left inside a file
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BRACKET_NOTE = re.compile(r"[(（][^)）]*[)）]$")

YES_WORDS = {"y", "yes", "是", "是的", "好", "确定", "确认", "ok"}


class ImportFileError(FieldKitError):
    """The file cannot be read as an enterprise list at all (no rows are judged)."""

    context = CTX


class ImportValidationError(ValidationError):
    """A problem of one row found while importing (message context "Import")."""

    context = CTX


class ImportCommitError(FieldKitError):
    """Writing failed; the whole import was rolled back."""

    context = CTX


@dataclass
class ImportRow:
    """A good row: its line in the file and the cleaned fields for ``EnterpriseService.create``."""

    line: int
    data: dict[str, Any]


@dataclass
class BadRow:
    """A row that will not be imported, with every reason (translated when read)."""

    line: int
    errors: list[FieldKitError]
    values: dict[str, str] = field(default_factory=dict)

    @property
    def reasons(self) -> list[str]:
        return [e.text() for e in self.errors]


@dataclass
class ImportReport:
    path: Path
    encoding: str = ""
    sheet: str = ""
    header_line: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # field → header text found in the file
    ignored_columns: list[str] = field(default_factory=list)
    ok: list[ImportRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    blank_lines: int = 0

    @property
    def total_rows(self) -> int:
        return len(self.ok) + len(self.bad)


# --------------------------------------------------------------------------------------------
# reading the file into (line number, cells)


def _norm_header(text: str) -> str:
    s = re.sub(r"\s+", "", to_halfwidth(_ZERO_WIDTH.sub("", text or ""))).strip("*:：")
    s = _BRACKET_NOTE.sub("", s).strip("*:：")
    return s.lower()


_HEADER_INDEX: dict[str, str] = {
    _norm_header(word): fld for fld, words in HEADER_SYNONYMS.items() for word in (*words, fld)
}


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text the user sees (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16"), "UTF-16"
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030"
    except UnicodeDecodeError as e:
        raise ImportFileError(
            QT_TRANSLATE_NOOP(CTX, "无法识别文件编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx 格式"),
            detail=str(e),
        ) from e


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line of the record, cells); a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    prev = 0
    for cells in reader:
        yield prev + 1, cells
        prev = reader.line_num


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
    import openpyxl  # imported here: only needed for .xlsx
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as e:
        raise ImportFileError(QT_TRANSLATE_NOOP(CTX, "无法打开 Excel 文件：{detail}"), detail=str(e)) from e
    try:
        for ws in wb.worksheets:
            rows = [
                (n, [_cell_text(v) for v in row]) for n, row in enumerate(ws.iter_rows(values_only=True), 1)
            ]
            yield ws.title, rows
    finally:
        wb.close()


def _find_header(rows: Sequence[tuple[int, list[str]]]) -> tuple[int, dict[int, str], list[str]] | None:
    """The first row (among the first few) naming at least two known columns."""
    for k, (_line, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, str] = {}
        ignored: list[str] = []
        for i, cell in enumerate(cells):
            fld = _HEADER_INDEX.get(_norm_header(cell))
            if fld and fld not in mapping.values():
                mapping[i] = fld
            elif cell.strip():
                ignored.append(cell.strip())
        if len(mapping) >= 2 and ("name" in mapping.values() or "credit_code" in mapping.values()):
            return k, mapping, ignored
    return None


def _table(path: Path) -> tuple[ImportReport, list[tuple[int, list[str]]], dict[int, str]]:
    """Open the file, find the header; return the report shell, the data rows and the column map."""
    report = ImportReport(path=path)
    if not path.is_file():
        raise ImportFileError(QT_TRANSLATE_NOOP(CTX, "找不到文件：{path}"), path=str(path))
    suffix = path.suffix.lower()
    candidates: Iterable[tuple[str, str, list[tuple[int, list[str]]]]]
    if suffix in (".xlsx", ".xlsm"):
        candidates = ((sheet, "xlsx", rows) for sheet, rows in _xlsx_sheets(path))
    elif suffix in (".csv", ".txt", ".tsv"):
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise ImportFileError(QT_TRANSLATE_NOOP(CTX, "无法读取文件：{detail}"), detail=str(e)) from e
        text, encoding = _decode(raw)
        delimiters = ("\t", ",", ";") if suffix == ".tsv" or encoding == "UTF-16" else (",", "\t", ";")
        candidates = (("", encoding, list(_csv_rows(text, d))) for d in delimiters)
    elif suffix == ".xls":
        raise ImportFileError(
            QT_TRANSLATE_NOOP(CTX, "不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")
        )
    else:
        raise ImportFileError(
            QT_TRANSLATE_NOOP(CTX, "不支持的文件类型“{suffix}”，请使用 .csv 或 .xlsx"), suffix=path.suffix
        )
    try:
        for sheet, encoding, rows in candidates:
            found = _find_header(rows)
            if found is None:
                continue
            k, mapping, ignored = found
            missing = [f for f in REQUIRED if f not in mapping.values()]
            if missing:
                raise ImportFileError(
                    QT_TRANSLATE_NOOP(CTX, "第 {line} 行的表头缺少“{column}”列"),
                    line=rows[k][0],
                    column=HEADER_SYNONYMS[missing[0]][0],
                )
            report.sheet, report.encoding, report.header_line = sheet, encoding, rows[k][0]
            report.columns = {fld: rows[k][1][i].strip() for i, fld in mapping.items()}
            report.ignored_columns = ignored
            return report, rows[k + 1 :], mapping
    except csv.Error as e:
        raise ImportFileError(QT_TRANSLATE_NOOP(CTX, "CSV 文件格式错误：{detail}"), detail=str(e)) from e
    raise ImportFileError(
        QT_TRANSLATE_NOOP(
            CTX, "找不到表头：文件前 {n} 行中没有同时包含“企业名称”“统一社会信用代码”等列名的一行"
        ),
        n=HEADER_SCAN_ROWS,
    )


# --------------------------------------------------------------------------------------------
# cleaning one row


def _industry_codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for e in reference.load().industries:
        out[e.code.lower()] = e.code
        out[_norm_header(e.zh)] = e.code
        out[_norm_header(e.zh.replace("、", ""))] = e.code
    return out


def _stage_codes() -> dict[str, str]:
    out = dict(STAGE_WORDS)
    for e in reference.load().stages:
        out[e.zh] = e.code
    for code in STAGES:
        out[code] = code
    return out


def _map_choice(value: str, words: dict[str, str], codes: Sequence[str]) -> str | None:
    v = re.sub(r"\s+", "", to_halfwidth(value))
    if v.lower() in codes:
        return v.lower()
    return words.get(v) or words.get(v.removesuffix("企业"))


def _map_industry(value: str, codes: dict[str, str]) -> str | None:
    v = re.sub(r"\s+", "", to_halfwidth(value))
    hit = codes.get(v.lower()) or codes.get(_norm_header(v))
    if hit:
        return hit
    m = re.match(r"^([A-Ta-t])[\s.、\-:：]*(.*)$", v)  # "C 制造业", "C-制造业", "C制造业"
    if m and (not m[2] or codes.get(_norm_header(m[2])) == m[1].upper()):
        return m[1].upper()
    return None


def _choice_error(fld: str, value: str) -> ValidationError:
    messages = {
        "scale": QT_TRANSLATE_NOOP(CTX, "企业规模“{value}”无效，应为 大型、中型、小型 或 微型"),
        "stage": QT_TRANSLATE_NOOP(
            CTX, "生命周期阶段“{value}”无效，应为 企业开办、项目建设、生产经营、转型升级、变更 或 企业注销"
        ),
        "status": QT_TRANSLATE_NOOP(CTX, "企业状态“{value}”无效，应为 存续、休眠 或 注销"),
        "industry": QT_TRANSLATE_NOOP(
            CTX, "所属行业“{value}”无效，应为国民经济行业分类门类字母 A–T 或门类名称（如“制造业”）"
        ),
    }
    return ImportValidationError(messages[fld], fld, value=value)


class _RowCleaner:
    def __init__(self, existing: dict[str, str]) -> None:
        self.existing = existing  # credit code → name, in the store
        self.seen: dict[str, int] = {}  # credit code → first line in the file
        self.industries = _industry_codes()
        self.stages = _stage_codes()

    def clean(self, line: int, values: dict[str, str]) -> ImportRow | BadRow:
        errors: list[ValidationError] = []
        data: dict[str, Any] = {"name": values.get("name", ""), "credit_code": values.get("credit_code", "")}
        for fld in ("legal_representative", "contact_person", "address", "notes", "contact_phone"):
            if values.get(fld):
                data[fld] = values[fld]
        scientific = {f for f in ("credit_code", "contact_phone") if _SCIENTIFIC.match(values.get(f, ""))}
        for fld in sorted(scientific):
            errors.append(
                ImportValidationError(
                    QT_TRANSLATE_NOOP(
                        CTX, "“{value}”被 Excel 转成了科学计数法，请把该列设为文本格式后重新填写"
                    ),
                    fld,
                    value=values[fld],
                )
            )
        if values.get("industry"):
            ind = _map_industry(values["industry"], self.industries)
            if ind is None:
                errors.append(_choice_error("industry", values["industry"]))
            else:
                data["industry"] = ind
        for fld, words, codes in (
            ("scale", SCALE_WORDS, SCALES),
            ("stage", self.stages, STAGES),
            ("status", STATUS_WORDS, STATUSES),
        ):
            if values.get(fld):
                code = _map_choice(values[fld], words, codes)
                if code is None:
                    errors.append(_choice_error(fld, values[fld]))
                else:
                    data[fld] = code
        if values.get("tags"):
            data["tags"] = [
                t.strip() for t in TAG_SEPARATORS.split(to_halfwidth_tags(values["tags"])) if t.strip()
            ]
        try:
            data = clean_enterprise_fields(data)
        except ValidationErrors as e:
            errors.extend(x for x in e.errors if x.field not in scientific)
        code = normalise_credit_code(values.get("credit_code", ""))
        if code and not any(x.field == "credit_code" for x in errors):
            if code in self.seen:
                errors.append(
                    ImportValidationError(
                        QT_TRANSLATE_NOOP(CTX, "统一社会信用代码 {code} 与第 {line} 行重复"),
                        "credit_code",
                        code=code,
                        line=self.seen[code],
                    )
                )
            elif code in self.existing:
                errors.append(
                    ImportValidationError(
                        QT_TRANSLATE_NOOP(CTX, "统一社会信用代码 {code} 已在系统中（{name}）"),
                        "credit_code",
                        code=code,
                        name=self.existing[code],
                    )
                )
            else:
                self.seen[code] = line
        elif code:
            # remember even an invalid code so that a copy of the row is reported against the first one
            self.seen.setdefault(code, line)
        if errors:
            order = {f: i for i, f in enumerate(FIELDS)}
            errors.sort(key=lambda x: order.get(x.field or "", len(order)))
            return BadRow(line, list(errors), values)
        return ImportRow(line, data)


def to_halfwidth_tags(text: str) -> str:
    """Full-width Latin letters and digits in tags to half-width; Chinese punctuation kept for splitting."""
    return "".join(to_halfwidth(ch) if "\uff10" <= ch <= "\uff5a" else ch for ch in text)


def _existing_codes(session: Session) -> dict[str, str]:
    rows = session.exec(
        select(Enterprise.credit_code, Enterprise.name).where(col(Enterprise.deleted).is_(False))
    )
    return {code: name for code, name in rows}


def read_enterprises(path: Path | str, *, session: Session | None = None) -> ImportReport:
    """Read and check an enterprise list; writes nothing.

    With ``session``, credit codes already in the store are reported as duplicates too.
    Raises :class:`ImportFileError` when the file cannot be read as a list at all.
    """
    path = Path(path)
    report, rows, mapping = _table(path)
    cleaner = _RowCleaner(_existing_codes(session) if session is not None else {})
    for line, cells in rows:
        values = {
            fld: _ZERO_WIDTH.sub("", cells[i]).replace("\u00a0", " ").strip()
            for i, fld in mapping.items()
            if i < len(cells)
        }
        if not any(values.values()):  # blank, or only a pre-filled 序号 in an unknown column
            report.blank_lines += 1
            continue
        result = cleaner.clean(line, values)
        if isinstance(result, ImportRow):
            report.ok.append(result)
        else:
            report.bad.append(result)
    return report


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
    with transaction(make_session) as session:
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
                raise ImportCommitError(
                    QT_TRANSLATE_NOOP(CTX, "第 {line} 行写入失败：{reason}"),
                    line=row.line,
                    reason=str(e).splitlines()[0],
                ) from e
    return len(report.ok)


# --------------------------------------------------------------------------------------------
# command line


def _say(out: TextIO, message: str, **params: object) -> None:
    out.write(translate(CTX, message, **params) + "\n")


def print_report(report: ImportReport, out: TextIO) -> None:
    _say(
        out,
        QT_TRANSLATE_NOOP(CTX, "文件：{name}（{encoding}，表头在第 {line} 行）"),
        name=report.path.name,
        encoding=(f"{report.encoding} / {report.sheet}" if report.sheet else report.encoding),
        line=report.header_line,
    )
    if report.ignored_columns:
        _say(
            out,
            QT_TRANSLATE_NOOP(CTX, "未识别的列（已忽略）：{columns}"),
            columns="、".join(report.ignored_columns),
        )
    _say(
        out,
        QT_TRANSLATE_NOOP(CTX, "共 {total} 行数据：可导入 {ok} 行，有问题 {bad} 行；跳过空行 {blank} 行。"),
        total=report.total_rows,
        ok=len(report.ok),
        bad=len(report.bad),
        blank=report.blank_lines,
    )
    for bad in report.bad:
        _say(
            out,
            QT_TRANSLATE_NOOP(CTX, "第 {line} 行：{reason}"),
            line=bad.line,
            reason="；".join(bad.reasons),
        )


def _confirm(out: TextIO, stdin: TextIO | None, bad: int, ok: int) -> bool:
    out.write(
        translate(
            CTX,
            QT_TRANSLATE_NOOP(CTX, "有 {bad} 行有问题，将被跳过。是否导入其余 {ok} 行？[y/N] "),
            bad=bad,
            ok=ok,
        )
    )
    out.flush()
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        out.write("\n")
        return False
    try:
        answer = stream.readline()
    except (OSError, ValueError):  # closed or not readable
        answer = ""
    if not answer or not getattr(stream, "isatty", lambda: False)():
        out.write("\n")  # a typed answer ends its own line; a piped one does not
    return answer.strip().lower() in YES_WORDS


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
) -> int:
    """``fieldkit import``: report, and with ``commit`` write the good rows (all or nothing) into
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
    if report.bad and not assume_yes and not _confirm(out, stdin, len(report.bad), len(report.ok)):
        _say(out, QT_TRANSLATE_NOOP(CTX, "已取消，未写入任何数据。"))
        return 1
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
