"""Reading enterprise and policy lists (企业、政策批量导入) from .csv and .xlsx files as Chinese
offices make them: the one parser, validators and per-line report of the desktop's ``fieldkit
import`` and the server's ``fieldkit admin import`` (pure: reads the file, writes nothing).

Offices save CSV from Excel as GB18030/GBK, or as UTF-8 with or without a BOM; they put a title
row above the header, type codes and phone numbers with a Chinese IME (full-width digits), leave
blank lines and stray spaces, name columns in several ways (法人 / 法定代表人 / 法人代表), and paste
the same enterprise twice. :func:`read_enterprises` / :func:`read_policies` return a report of good
rows (cleaned, ready to be written) and bad rows with the real line number and every reason; the
caller passes what its store already holds (credit codes, policy titles) so duplicates are
reported per line, and the reference vocabulary (:class:`Vocabulary`, from resources/data).
Policy lists: :mod:`fieldkit.domain.import_policies`.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from .enterprise_fields import SCALES, STAGES, STATUSES, clean_enterprise_fields
from .errors import FieldKitError, ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP, translate
from .identifiers import normalise_credit_code, to_halfwidth
from .text_rules import escape_controls

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
_SCIENTIFIC = re.compile(r"^[0-9](\.[0-9]+)?E\+[0-9]+$", re.IGNORECASE)
#: zero-width characters pasted from web pages and chat apps, and a BOM left inside a file
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BRACKET_NOTE = re.compile(r"[(（][^)）]*[)）]$")


@dataclass(frozen=True)
class Vocabulary:
    """The reference lists the importer maps typed words onto: (code, Chinese name) pairs of the
    GB/T 4754 sections, the lifecycle stages, the policy categories and levels (resources/data)."""

    industries: Sequence[tuple[str, str]] = ()
    stages: Sequence[tuple[str, str]] = ()
    policy_categories: Sequence[tuple[str, str]] = ()
    policy_levels: Sequence[tuple[str, str]] = ()
    #: table name ("enterprise", "policy") → field → the longest text its column holds
    #: (``fieldkit.models.limits.text_limits``): a longer cell is reported on its line
    limits: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


def load_vocabulary(folder: Path, limits: Mapping[str, Mapping[str, int]] | None = None) -> Vocabulary:
    """The :class:`Vocabulary` from the reference files in ``folder`` (resources/data): for a caller
    without the desktop's reference service (the server); ``limits`` as in :class:`Vocabulary`."""
    import json

    def pairs(name: str, *keys: str) -> list[tuple[str, str]]:
        raw: Any = json.loads((folder / name).read_text(encoding="utf-8"))
        for k in keys:
            raw = raw[k]
        return [(str(item["code"]), str(item["zh"])) for item in raw]

    return Vocabulary(
        industries=pairs("industries.json", "industries"),
        stages=pairs("stages.json", "stages"),
        policy_categories=pairs("policy_categories.json", "categories"),
        policy_levels=pairs("policy_categories.json", "levels"),
        limits=dict(limits or {}),
    )


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


@dataclass(frozen=True)
class TableSpec:
    """What a list of one kind looks like: its columns, the required ones, the columns of which one
    must be in the header row, and what to say when no header row is found."""

    synonyms: Mapping[str, Sequence[str]]
    required: Sequence[str]
    anchors: Sequence[str]
    no_header: str

    def index(self) -> dict[str, str]:
        return {_norm_header(word): fld for fld, words in self.synonyms.items() for word in (*words, fld)}


def _find_header(
    rows: Sequence[tuple[int, list[str]]], spec: TableSpec
) -> tuple[int, dict[int, str], list[str]] | None:
    """The first row (among the first few) naming at least two known columns, one an anchor."""
    index = spec.index()
    for k, (_line, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, str] = {}
        ignored: list[str] = []
        for i, cell in enumerate(cells):
            fld = index.get(_norm_header(cell))
            if fld and fld not in mapping.values():
                mapping[i] = fld
            elif cell.strip():
                ignored.append(cell.strip())
        if len(mapping) >= 2 and any(a in mapping.values() for a in spec.anchors):
            return k, mapping, ignored
    return None


ENTERPRISE_TABLE = TableSpec(
    HEADER_SYNONYMS,
    REQUIRED,
    ("name", "credit_code"),
    QT_TRANSLATE_NOOP(CTX, "找不到表头：文件前 {n} 行中没有同时包含“企业名称”“统一社会信用代码”等列名的一行"),
)


def read_table(
    path: Path, spec: TableSpec
) -> tuple[ImportReport, list[tuple[int, list[str]]], dict[int, str]]:
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
            found = _find_header(rows, spec)
            if found is None:
                continue
            k, mapping, ignored = found
            missing = [f for f in spec.required if f not in mapping.values()]
            if missing:
                raise ImportFileError(
                    QT_TRANSLATE_NOOP(CTX, "第 {line} 行的表头缺少“{column}”列"),
                    line=rows[k][0],
                    column=spec.synonyms[missing[0]][0],
                )
            report.sheet, report.encoding, report.header_line = sheet, encoding, rows[k][0]
            report.columns = {fld: rows[k][1][i].strip() for i, fld in mapping.items()}
            report.ignored_columns = ignored
            return report, rows[k + 1 :], mapping
    except csv.Error as e:
        raise ImportFileError(QT_TRANSLATE_NOOP(CTX, "CSV 文件格式错误：{detail}"), detail=str(e)) from e
    raise ImportFileError(spec.no_header, n=HEADER_SCAN_ROWS)


# --------------------------------------------------------------------------------------------
# cleaning one row


def industry_codes(vocabulary: Vocabulary) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, zh in vocabulary.industries:
        out[code.lower()] = code
        out[_norm_header(zh)] = code
        out[_norm_header(zh.replace("、", ""))] = code
    return out


def stage_codes(vocabulary: Vocabulary) -> dict[str, str]:
    out = dict(STAGE_WORDS)
    for code, zh in vocabulary.stages:
        out[zh] = code
    for code in STAGES:
        out[code] = code
    return out


def map_choice(value: str, words: dict[str, str], codes: Sequence[str]) -> str | None:
    v = re.sub(r"\s+", "", to_halfwidth(value))
    if v.lower() in codes:
        return v.lower()
    return words.get(v) or words.get(v.removesuffix("企业"))


def map_industry(value: str, codes: dict[str, str]) -> str | None:
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
    def __init__(self, existing: Mapping[str, str], vocabulary: Vocabulary) -> None:
        self.existing = existing  # credit code → name, in the store
        self.seen: dict[str, int] = {}  # credit code → first line in the file
        self.industries = industry_codes(vocabulary)
        self.stages = stage_codes(vocabulary)
        self.limits = vocabulary.limits.get("enterprise", {})

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
            ind = map_industry(values["industry"], self.industries)
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
                code = map_choice(values[fld], words, codes)
                if code is None:
                    errors.append(_choice_error(fld, values[fld]))
                else:
                    data[fld] = code
        if values.get("tags"):
            data["tags"] = [
                t.strip() for t in TAG_SEPARATORS.split(to_halfwidth_tags(values["tags"])) if t.strip()
            ]
        try:
            data = clean_enterprise_fields(data, self.limits)
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


def data_rows(
    report: ImportReport, rows: list[tuple[int, list[str]]], mapping: dict[int, str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, field → cleaned cell text) of the data rows; blank rows are counted, not yielded."""
    for line, cells in rows:
        values = {
            fld: _ZERO_WIDTH.sub("", cells[i]).replace("\u00a0", " ").strip()
            for i, fld in mapping.items()
            if i < len(cells)
        }
        if not any(values.values()):  # blank, or only a pre-filled 序号 in an unknown column
            report.blank_lines += 1
            continue
        yield line, values


def read_enterprises(
    path: Path | str, *, existing: Mapping[str, str] | None = None, vocabulary: Vocabulary
) -> ImportReport:
    """Read and check an enterprise list; writes nothing.

    ``existing`` (normalised credit code → name) is what the store holds: those codes are reported
    as duplicates too. Raises :class:`ImportFileError` when the file cannot be read as a list at all.
    """
    path = Path(path)
    report, rows, mapping = read_table(path, ENTERPRISE_TABLE)
    cleaner = _RowCleaner(existing or {}, vocabulary)
    for line, values in data_rows(report, rows, mapping):
        result = cleaner.clean(line, values)
        if isinstance(result, ImportRow):
            report.ok.append(result)
        else:
            report.bad.append(result)
    return report


# --------------------------------------------------------------------------------------------
# the report and the confirmation, as the command lines print them


def _say(out: TextIO, message: str, **params: object) -> None:
    """One line of the report; the file's text in it with control characters escaped."""
    out.write(escape_controls(translate(CTX, message, **params)) + "\n")


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


def confirm(out: TextIO, stdin: TextIO | None, bad: int, ok: int) -> bool:
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
