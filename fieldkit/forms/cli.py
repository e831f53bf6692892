"""``fieldkit print FORM [selectors] -o FILE``: every document from the command line, so offices
can script their ledgers, e.g. ``fieldkit print work-ledger --staff wangxm --from 2026-01-01
--to 2026-03-31 -o 王小明-一季度台账.xlsx``.

Help and messages follow the interface language (``fieldkit --lang en print …``: the translator is
installed before the parser is built); the documents are always Chinese. Bad selectors (unknown
login, bad date, unknown record) get a message and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine

from fieldkit.fileio import atomic_write
from fieldkit.services.errors import FieldKitError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate
from fieldkit.services.store import Actor

from .catalog import FORM_TITLES, display_title

CTX = "PrintCli"

EXIT_USAGE = 2
EXIT_FAILED = 1

SELECTOR_HELP = {
    "record": N(CTX, "--record 记录编号"),
    "staff": N(CTX, "--staff 登录名"),
    "period": N(CTX, "--from 开始日期 --to 结束日期"),
    "enterprise": N(CTX, "--enterprise 企业编号或统一社会信用代码"),
    "proxy": N(CTX, "--proxy 帮办代办编号"),
    "zone": N(CTX, "--zone 功能区"),
}

#: the message for an invalid --from / --to / --today
BAD_DATE = {
    "from": N(CTX, "开始日期“{value}”无效，请按 2026-11-21 的格式填写"),
    "to": N(CTX, "结束日期“{value}”无效，请按 2026-11-21 的格式填写"),
    "today": N(CTX, "--today 的日期“{value}”无效，请按 2026-11-21 的格式填写"),
}


def tr(text: str, **params: object) -> str:
    return translate(CTX, text, **params)


def _join(items: list[str]) -> str:
    return tr(N(CTX, "、")).join(items)


class SelectorError(FieldKitError):
    """A selector that names nothing, or is missing; the message is translatable (``PrintCli``)."""

    context = CTX


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of the ``print`` subcommand (cheap: imports no reportlab). The help is in the
    interface language: the caller installs the translator before building the parser."""
    forms = tr(N(CTX, "；")).join(
        tr(N(CTX, "{name}（{title}）"), name=name, title=display_title(name)) for name in FORM_TITLES
    )
    parser.description = tr(N(CTX, "生成表单或台账（PDF，台账也可导出 Excel）。表单内容始终为中文。"))
    parser.add_argument("form", metavar="FORM", help=tr(N(CTX, "表单：{forms}"), forms=forms))
    parser.add_argument("--record", help=tr(N(CTX, "走访记录编号（完整编号或表上印的前 8 位）")))
    parser.add_argument("--staff", metavar="LOGIN", help=tr(N(CTX, "服务人员登录名")))
    parser.add_argument(
        "--from", dest="date_from", metavar="DATE", help=tr(N(CTX, "开始日期，如 2026-01-01（默认本季度）"))
    )
    parser.add_argument("--to", dest="date_to", metavar="DATE", help=tr(N(CTX, "结束日期，如 2026-03-31")))
    parser.add_argument("--enterprise", help=tr(N(CTX, "企业编号、统一社会信用代码或企业全称")))
    parser.add_argument("--proxy", help=tr(N(CTX, "帮办代办编号（完整编号或前 8 位）")))
    parser.add_argument("--zone", help=tr(N(CTX, "功能区编号、代码或名称（考核汇总表）")))
    parser.add_argument(
        "--photo",
        action="append",
        default=None,
        metavar="ID",
        help=tr(N(CTX, "走访记录表上放置的照片附件编号（可多次指定；默认前 4 张）")),
    )
    parser.add_argument("--unit", help=tr(N(CTX, "表头的填报单位（默认为人员所在功能区）")))
    parser.add_argument("--today", metavar="DATE", help=tr(N(CTX, "按此日期计算逾期和剩余天数（默认今天）")))
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=tr(N(CTX, "输出文件：.pdf 或 .xlsx（台账）"))
    )


# ----------------------------------------------------------------------------------- lookups


def _parse_day(text: str, which: str) -> date:
    """``which``: from, to or today (it names the option in the message)."""
    from fieldkit.services.errors import ValidationError
    from fieldkit.services.validation import parse_date

    try:
        d = parse_date(text, which)
    except ValidationError as e:
        raise SelectorError(BAD_DATE[which], which, value=text) from e
    assert d is not None
    return d


def period_of(date_from: str | None, date_to: str | None, today: date) -> tuple[date, date]:
    """--from/--to with defaults: the current quarter; one side given → up to today / from 1 January."""
    from fieldkit.services.timeutil import quarter_bounds

    if not date_from and not date_to:
        return quarter_bounds(today)
    end = _parse_day(date_to, "to") if date_to else today
    start = _parse_day(date_from, "from") if date_from else date(end.year, 1, 1)
    if start > end:
        raise SelectorError(
            N(CTX, "开始日期 {start} 晚于结束日期 {end}"),
            "from",
            start=start.isoformat(),
            end=end.isoformat(),
        )
    return start, end


def selection_from_args(session, spec, args: argparse.Namespace, folder: Path, actor=None):  # type: ignore[no-untyped-def]
    """Resolve the command-line selectors of ``spec`` into a :class:`~fieldkit.forms.Selection`;
    a selector naming nothing raises a :class:`~fieldkit.services.errors.FieldKitError`, one the
    signed-in ``actor`` may not see a :class:`~fieldkit.services.permissions.PermissionDenied`."""
    from fieldkit.config import attachments_dir
    from fieldkit.services import lookup, store
    from fieldkit.services.attachments import AttachmentService
    from fieldkit.services.timeutil import local_today

    from .registry import Selection

    wanted = set(spec.needs) | set(spec.optional)
    missing = [tr(SELECTOR_HELP[n]) for n in spec.needs if n != "period" and not _given(args, n)]
    if missing:
        raise SelectorError(
            N(CTX, "{title}需要指定：{missing}"), title=display_title(spec.name), missing=_join(missing)
        )
    today = _parse_day(args.today, "today") if args.today else local_today()
    kw: dict[str, object] = {"today": today, "unit": args.unit}
    if "record" in wanted:
        kw["record_id"] = lookup.resolve_record(session, args.record)
        kw["attachments"] = AttachmentService(
            store.SYSTEM, attachments_dir(folder), getattr(args, "key", None)
        )
        if args.photo:
            kw["photo_ids"] = tuple(p.strip().lower() for p in args.photo)
    if "staff" in wanted and args.staff:
        kw["staff_id"] = lookup.staff_by_login(session, args.staff).id
    if "period" in wanted:
        kw["start"], kw["end"] = period_of(args.date_from, args.date_to, today)
    if "enterprise" in wanted and args.enterprise:
        kw["enterprise_id"] = lookup.resolve_enterprise(session, args.enterprise)
    if "proxy" in wanted:
        kw["proxy_id"] = lookup.resolve_proxy(session, args.proxy)
    if "zone" in wanted and args.zone:
        kw["zone_id"] = lookup.resolve_zone(session, args.zone)
    if actor is not None:
        _check_scope(session, spec, actor, kw)
    return Selection(**kw)  # type: ignore[arg-type]


def _check_scope(session, spec, actor, kw: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """Refuse what the actor may not see; an assistant's ledgers default to their own work and a
    supervisor's zone summary to their zone."""
    from fieldkit.models import ProxyService, ServiceRecord
    from fieldkit.services import permissions, store

    wanted = set(spec.needs) | set(spec.optional)
    staff_id, zone_id = permissions.scope_of(session, actor)
    if "staff" in wanted and kw.get("staff_id") is None and staff_id is not None and spec.name != "survey":
        kw["staff_id"] = staff_id
    if "zone" in wanted and kw.get("zone_id") is None:
        if staff_id is not None:
            permissions.check_zone(session, actor, None)
        kw["zone_id"] = zone_id
    if isinstance(kw.get("staff_id"), str):
        permissions.check_staff(session, actor, str(kw["staff_id"]))
    if isinstance(kw.get("zone_id"), str):
        permissions.check_zone(session, actor, str(kw["zone_id"]))
    if isinstance(kw.get("enterprise_id"), str):
        permissions.check_enterprise(session, actor, str(kw["enterprise_id"]))
    if isinstance(kw.get("record_id"), str):
        rec = store.get(session, ServiceRecord, str(kw["record_id"]))
        permissions.check_enterprise(session, actor, rec.enterprise_id)
    if isinstance(kw.get("proxy_id"), str):
        proxy = store.get(session, ProxyService, str(kw["proxy_id"]))
        permissions.check_enterprise(session, actor, proxy.enterprise_id)


def _given(args: argparse.Namespace, selector: str) -> bool:
    return bool(
        getattr(
            args,
            {
                "record": "record",
                "staff": "staff",
                "enterprise": "enterprise",
                "proxy": "proxy",
                "zone": "zone",
            }[selector],
            None,
        )
    )


def _error(err: TextIO, message: str) -> None:
    print(tr(N(CTX, "错误：{message}"), message=message), file=err)


def run_print(
    engine: Engine,
    folder: Path,
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    actor: Actor | None = None,
) -> int:
    """Generate the document named by ``args.form`` and write it to ``args.output``, as the
    signed-in ``actor`` (None: unchecked, for callers inside the program)."""
    out = out or sys.stdout
    err = err or sys.stderr
    name = (args.form or "").strip()
    if name not in FORM_TITLES:
        _error(
            err,
            tr(N(CTX, "未知的表单“{name}”。可用的表单：{forms}"), name=name, forms=_join(list(FORM_TITLES))),
        )
        return EXIT_USAGE
    target = Path(args.output)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        _error(err, tr(N(CTX, "输出文件“{path}”须以 .pdf 或 .xlsx 结尾"), path=str(target)))
        return EXIT_USAGE

    from fieldkit.db import session_factory

    from .registry import FORMS

    spec = FORMS[name]
    if fmt == "xlsx" and spec.xlsx is None:
        _error(
            err,
            tr(
                N(CTX, "{title}不能导出 Excel，请输出为 .pdf（可导出 Excel 的台账：{ledgers}）"),
                title=display_title(name),
                ledgers=_join([n for n, f in FORMS.items() if f.xlsx]),
            ),
        )
        return EXIT_USAGE
    try:
        with session_factory(engine)() as session:
            sel = selection_from_args(session, spec, args, folder, actor)
            data = spec.render(session, sel, fmt)  # always in Chinese
    except FieldKitError as e:  # text() here, outside the render: in the interface language
        _error(err, e.text())
        return EXIT_USAGE
    try:
        atomic_write(target, data, make_parents=True)
    except OSError as e:
        _error(err, tr(N(CTX, "无法写入“{path}”：{reason}"), path=str(target), reason=e.strerror or str(e)))
        return EXIT_FAILED
    print(
        tr(
            N(CTX, "已生成{title}：{path}（{size} KB）"),
            title=display_title(name),
            path=str(target),
            size=len(data) // 1024 + 1,
        ),
        file=out,
    )
    return 0
