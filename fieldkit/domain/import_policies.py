"""Reading policy lists (惠企政策批量导入): the columns of ``fieldkit.models.Policy`` under their usual
Chinese names, with the enterprise importer's file reading, per-line report and duplicate check
(:mod:`fieldkit.domain.import_files`); duplicates by title and 文号 (document number)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .enterprise_fields import SCALES, STAGES
from .errors import ValidationError
from .field_labels import field_labels
from .i18n import QT_TRANSLATE_NOOP
from .identifiers import to_halfwidth
from .import_files import (
    SCALE_WORDS,
    TAG_SEPARATORS,
    BadRow,
    ImportReport,
    ImportRow,
    ImportValidationError,
    TableSpec,
    Vocabulary,
    data_rows,
    industry_codes,
    map_choice,
    map_industry,
    read_table,
    stage_codes,
    to_halfwidth_tags,
)
from .text_rules import FALLBACK_LABEL, problem_error, text_problem
from .validation import parse_date, require

CTX = "Import"


POLICY_HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("政策名称", "政策标题", "标题", "名称", "政策"),
    "doc_no": ("文号", "发文字号", "政策文号", "文件编号"),
    "issuer": ("发文单位", "发布单位", "发文机关", "发布机构", "制定机关"),
    "interpreting_unit": ("解读单位", "政策解读单位"),
    "competent_department": ("主管部门", "政策主管部门"),
    "accepting_department": ("受理部门", "受理单位", "申报受理部门"),
    "level": ("政策级别", "级别", "层级", "政策层级"),
    "category": ("政策类别", "类别", "政策类型", "类型", "政策分类"),
    "industries": ("适用行业", "行业", "所属行业", "行业范围"),
    "scales": ("适用规模", "企业规模", "规模"),
    "stages": ("适用阶段", "生命周期阶段", "阶段", "企业阶段"),
    "tags": ("政策标签", "标签"),
    "window_start": ("申报开始日期", "申报开始", "开始日期", "申报起始日期"),
    "window_end": ("申报截止日期", "申报截止", "截止日期", "截止时间", "申报截止时间"),
    "materials": ("申报材料", "所需材料", "材料"),
    "summary": ("政策摘要", "摘要", "简介", "主要内容", "政策简介"),
    "full_text": ("政策原文", "原文", "全文"),
    "url": ("链接", "网址", "原文链接", "政策链接"),
}
POLICY_FIELDS = tuple(POLICY_HEADER_SYNONYMS)
POLICY_TABLE = TableSpec(
    POLICY_HEADER_SYNONYMS,
    ("title",),
    ("title",),
    QT_TRANSLATE_NOOP(CTX, "找不到表头：文件前 {n} 行中没有同时包含“政策名称”“文号”等列名的一行"),
)
#: the columns of free text (tab and newline allowed); the others are one line
POLICY_MULTILINE = frozenset({"materials", "summary", "full_text"})
LEVEL_WORDS = {"国家": "national", "省": "provincial", "市": "city", "区": "district", "县": "district"}


def policy_key(title: str, doc_no: str) -> str:
    """What makes two policy rows the same policy: the title and the document number, compared
    without spaces and full-width letters."""
    return re.sub(r"\s+", "", to_halfwidth(f"{title}|{doc_no}")).lower()


def _code_words(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, zh in pairs:
        out[code] = code
        out[zh] = code
        out[zh.removesuffix("类").removesuffix("级")] = code
    return out


class _PolicyCleaner:
    def __init__(self, existing: Mapping[str, str], vocabulary: Vocabulary) -> None:
        self.existing = existing  # policy_key → title, in the store
        self.seen: dict[str, int] = {}
        self.industries = industry_codes(vocabulary)
        self.stages = stage_codes(vocabulary)
        self.categories = _code_words(vocabulary.policy_categories)
        self.levels = {**_code_words(vocabulary.policy_levels), **LEVEL_WORDS}
        self.limits = vocabulary.limits.get("policy", {})
        self.labels = field_labels("policy")
        self.category_names = "、".join(zh for _c, zh in vocabulary.policy_categories)
        self.level_names = "、".join(zh for _c, zh in vocabulary.policy_levels)

    def _list(
        self, fld: str, text: str, lookup: Any, errors: list[ValidationError], message: str
    ) -> list[str]:
        out: list[str] = []
        for word in (w.strip() for w in TAG_SEPARATORS.split(to_halfwidth_tags(text))):
            if not word:
                continue
            code = lookup(word)
            if code is None:
                errors.append(ImportValidationError(message, fld, value=word))
            elif code not in out:
                out.append(code)
        return out

    def clean(self, line: int, values: dict[str, str]) -> ImportRow | BadRow:
        errors: list[ValidationError] = []
        data: dict[str, Any] = {}
        try:
            data["title"] = require(
                to_halfwidth_tags(values.get("title", "")),
                "title",
                QT_TRANSLATE_NOOP("Validation", "政策名称"),
            )
        except ValidationError as e:
            errors.append(e)
        for fld in ("doc_no", "issuer", "interpreting_unit", "competent_department", "accepting_department"):
            if values.get(fld):
                data[fld] = to_halfwidth_tags(values[fld])
        for fld in ("materials", "summary", "full_text", "url"):
            if values.get(fld):
                data[fld] = values[fld]
        for fld, value in values.items():  # every cell: control characters, surrogates, length
            if any(e.field == fld for e in errors):
                continue
            text = data.get(fld, value) if isinstance(data.get(fld, value), str) else value
            problem = text_problem(text, max_length=self.limits.get(fld), multiline=fld in POLICY_MULTILINE)
            if problem is not None:
                errors.append(problem_error(problem, fld, self.labels.get(fld, FALLBACK_LABEL)))
        if errors:  # a cell that cannot be stored is not judged further
            return self._bad(line, errors, values)
        if values.get("level"):
            level = self.levels.get(
                re.sub(r"\s+", "", values["level"]).removesuffix("级")
            ) or self.levels.get(re.sub(r"\s+", "", values["level"]))
            if level is None:
                errors.append(
                    ImportValidationError(
                        QT_TRANSLATE_NOOP(CTX, "政策级别“{value}”无效，应为 {choices}"),
                        "level",
                        value=values["level"],
                        choices=self.level_names,
                    )
                )
            else:
                data["level"] = level
        if values.get("category"):
            cat = self.categories.get(re.sub(r"\s+", "", values["category"]))
            if cat is None:
                errors.append(
                    ImportValidationError(
                        QT_TRANSLATE_NOOP(CTX, "政策类别“{value}”无效，应为 {choices}"),
                        "category",
                        value=values["category"],
                        choices=self.category_names,
                    )
                )
            else:
                data["category"] = cat
        if values.get("industries"):
            data["industries"] = self._list(
                "industries",
                values["industries"],
                lambda w: map_industry(w, self.industries),
                errors,
                QT_TRANSLATE_NOOP(
                    CTX, "适用行业“{value}”无效，应为国民经济行业分类门类字母 A–T 或门类名称（如“制造业”）"
                ),
            )
        if values.get("scales"):
            data["scales"] = self._list(
                "scales",
                values["scales"],
                lambda w: map_choice(w, SCALE_WORDS, SCALES),
                errors,
                QT_TRANSLATE_NOOP(CTX, "适用规模“{value}”无效，应为 大型、中型、小型 或 微型"),
            )
        if values.get("stages"):
            data["stages"] = self._list(
                "stages",
                values["stages"],
                lambda w: map_choice(w, self.stages, STAGES),
                errors,
                QT_TRANSLATE_NOOP(
                    CTX,
                    "适用阶段“{value}”无效，应为 企业开办、项目建设、生产经营、转型升级、变更 或 企业注销",
                ),
            )
        if values.get("tags"):
            data["tags"] = sorted(
                {t.strip() for t in TAG_SEPARATORS.split(to_halfwidth_tags(values["tags"])) if t.strip()}
            )
        for fld in ("window_start", "window_end"):
            if values.get(fld):
                try:
                    data[fld] = parse_date(values[fld], fld)
                except ValidationError as e:
                    errors.append(e)
        start, end = data.get("window_start"), data.get("window_end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            errors.append(
                ImportValidationError(
                    QT_TRANSLATE_NOOP(CTX, "申报截止日期 {end} 早于开始日期 {start}"),
                    "window_end",
                    end=end.isoformat(),
                    start=start.isoformat(),
                )
            )
        if data.get("title"):
            key = policy_key(data["title"], data.get("doc_no", ""))
            if key in self.seen:
                errors.append(
                    ImportValidationError(
                        QT_TRANSLATE_NOOP(CTX, "政策“{title}”（文号 {doc_no}）与第 {line} 行重复"),
                        "title",
                        title=data["title"],
                        doc_no=data.get("doc_no") or "—",
                        line=self.seen[key],
                    )
                )
            elif key in self.existing:
                errors.append(
                    ImportValidationError(
                        QT_TRANSLATE_NOOP(CTX, "政策“{title}”（文号 {doc_no}）已在系统中"),
                        "title",
                        title=data["title"],
                        doc_no=data.get("doc_no") or "—",
                    )
                )
            else:
                self.seen[key] = line
        if errors:
            return self._bad(line, errors, values)
        return ImportRow(line, data)

    @staticmethod
    def _bad(line: int, errors: list[ValidationError], values: dict[str, str]) -> BadRow:
        order = {f: i for i, f in enumerate(POLICY_FIELDS)}
        errors.sort(key=lambda x: order.get(x.field or "", len(order)))
        return BadRow(line, list(errors), values)


def read_policies(
    path: Path | str, *, existing: Mapping[str, str] | None = None, vocabulary: Vocabulary
) -> ImportReport:
    """Read and check a policy list (columns of ``fieldkit.models.Policy``); writes nothing.

    ``existing`` (:func:`policy_key` → title) is what the store holds: those are reported as
    duplicates too. Dates are ``date`` objects in the good rows' data."""
    path = Path(path)
    report, rows, mapping = read_table(path, POLICY_TABLE)
    cleaner = _PolicyCleaner(existing or {}, vocabulary)
    for line, values in data_rows(report, rows, mapping):
        result = cleaner.clean(line, values)
        if isinstance(result, ImportRow):
            report.ok.append(result)
        else:
            report.bad.append(result)
    return report
