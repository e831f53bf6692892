"""``fieldkit print FORM [selectors] -o FILE``: every document from the command line, so offices
can script their ledgers, e.g. ``fieldkit print work-ledger --staff wangxm --from 2026-01-01
--to 2026-03-31 -o 王小明-一季度台账.xlsx``.

Bad selectors (unknown login, bad date, unknown record) get a Chinese message and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine

from .catalog import FORM_TITLES

EXIT_USAGE = 2
EXIT_FAILED = 1

SELECTOR_HELP = {
    "record": "--record 记录编号",
    "staff": "--staff 登录名",
    "period": "--from 开始日期 --to 结束日期",
    "enterprise": "--enterprise 企业编号或统一社会信用代码",
    "proxy": "--proxy 帮办代办编号",
    "zone": "--zone 功能区",
}


class SelectorError(Exception):
    """A selector that does not name anything; the message is for the user (Chinese)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of the ``print`` subcommand (cheap: imports no reportlab)."""
    forms = "；".join(f"{name}（{title}）" for name, (_no, title) in FORM_TITLES.items())
    parser.description = "生成表单或台账（PDF，台账也可导出 Excel）。"
    parser.add_argument("form", metavar="FORM", help=f"表单：{forms}")
    parser.add_argument("--record", help="走访记录编号（完整编号或表上印的前 8 位）")
    parser.add_argument("--staff", metavar="LOGIN", help="服务人员登录名")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="开始日期，如 2026-01-01（默认本季度）")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="结束日期，如 2026-03-31")
    parser.add_argument("--enterprise", help="企业编号、统一社会信用代码或企业全称")
    parser.add_argument("--proxy", help="帮办代办编号（完整编号或前 8 位）")
    parser.add_argument("--zone", help="功能区编号、代码或名称（考核汇总表）")
    parser.add_argument("--photo", action="append", default=None, metavar="ID",
                        help="走访记录表上放置的照片附件编号（可多次指定；默认前 4 张）")
    parser.add_argument("--unit", help="表头的填报单位（默认为人员所在功能区）")
    parser.add_argument("--today", metavar="DATE", help="按此日期计算逾期和剩余天数（默认今天）")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件：.pdf 或 .xlsx（台账）")


# ----------------------------------------------------------------------------------- lookups


def _parse_day(text: str, what: str) -> date:
    from fieldkit.services.errors import ValidationError
    from fieldkit.services.validation import parse_date

    try:
        d = parse_date(text, what)
    except ValidationError as e:
        raise SelectorError(f"{'开始' if what == 'from' else '结束' if what == 'to' else ''}{e.text()}") from e
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
        raise SelectorError(f"开始日期 {start.isoformat()} 晚于结束日期 {end.isoformat()}")
    return start, end


def _by_id_prefix(session, model, text: str, what: str) -> str:  # type: ignore[no-untyped-def]
    from sqlmodel import col, select

    key = text.strip().lower()
    if len(key) < 6:
        raise SelectorError(f"{what}编号“{text}”太短，请至少输入 6 位")
    ids = session.exec(select(model.id).where(col(model.id).startswith(key), col(model.deleted).is_(False))
                       .limit(2)).all()
    if not ids:
        raise SelectorError(f"找不到{what}“{text}”")
    if len(ids) > 1:
        raise SelectorError(f"{what}编号“{text}”对应多条记录，请输入更多位")
    return str(ids[0])


def staff_id_of(session, login: str) -> str:  # type: ignore[no-untyped-def]
    from sqlmodel import col, select

    from fieldkit.models import Staff

    sid = session.exec(select(Staff.id).where(Staff.login == login.strip(), col(Staff.deleted).is_(False))).first()
    if sid is None:
        raise SelectorError(f"找不到登录名为“{login}”的人员")
    return str(sid)


def enterprise_id_of(session, text: str) -> str:  # type: ignore[no-untyped-def]
    from sqlmodel import col, or_, select

    from fieldkit.models import Enterprise
    from fieldkit.services.validation import normalise_credit_code

    t = text.strip()
    code = normalise_credit_code(t)
    rows = session.exec(select(Enterprise.id).where(
        col(Enterprise.deleted).is_(False),
        or_(Enterprise.id == t.lower(), Enterprise.credit_code == code, Enterprise.name == t)).limit(2)).all()
    if len(rows) == 1:
        return str(rows[0])
    if len(rows) > 1:
        raise SelectorError(f"“{text}”对应多家企业，请使用统一社会信用代码")
    if len(t) >= 6 and all(c in "0123456789abcdefABCDEF" for c in t):
        return _by_id_prefix(session, Enterprise, t, "企业")
    raise SelectorError(f"找不到企业“{text}”（可使用企业编号、统一社会信用代码或企业全称）")


def zone_id_of(session, text: str) -> str:  # type: ignore[no-untyped-def]
    from sqlmodel import col, or_, select

    from fieldkit.models import Zone

    t = text.strip()
    zid = session.exec(select(Zone.id).where(col(Zone.deleted).is_(False),
                                             or_(Zone.id == t.lower(), Zone.code == t, Zone.name == t))).first()
    if zid is None:
        raise SelectorError(f"找不到功能区“{text}”")
    return str(zid)


def selection_from_args(session, spec, args: argparse.Namespace, folder: Path):  # type: ignore[no-untyped-def]
    """Resolve the command-line selectors of ``spec`` into a :class:`~fieldkit.forms.Selection`."""
    from fieldkit.config import attachments_dir
    from fieldkit.models import ProxyService, ServiceRecord
    from fieldkit.services import store
    from fieldkit.services.attachments import AttachmentService
    from fieldkit.services.timeutil import local_today

    from .registry import Selection

    wanted = set(spec.needs) | set(spec.optional)
    missing = [SELECTOR_HELP[n] for n in spec.needs if n != "period" and not _given(args, n)]
    if missing:
        raise SelectorError(f"{spec.title}需要指定：{'、'.join(missing)}")
    today = _parse_day(args.today, "today") if args.today else local_today()
    kw: dict[str, object] = {"today": today, "unit": args.unit}
    if "record" in wanted:
        kw["record_id"] = _by_id_prefix(session, ServiceRecord, args.record, "走访记录")
        kw["attachments"] = AttachmentService(store.SYSTEM, attachments_dir(folder))
        if args.photo:
            kw["photo_ids"] = tuple(p.strip().lower() for p in args.photo)
    if "staff" in wanted and args.staff:
        kw["staff_id"] = staff_id_of(session, args.staff)
    if "period" in wanted:
        kw["start"], kw["end"] = period_of(args.date_from, args.date_to, today)
    if "enterprise" in wanted and args.enterprise:
        kw["enterprise_id"] = enterprise_id_of(session, args.enterprise)
    if "proxy" in wanted:
        kw["proxy_id"] = _by_id_prefix(session, ProxyService, args.proxy, "帮办代办")
    if "zone" in wanted and args.zone:
        kw["zone_id"] = zone_id_of(session, args.zone)
    return Selection(**kw)  # type: ignore[arg-type]


def _given(args: argparse.Namespace, selector: str) -> bool:
    return bool(getattr(args, {"record": "record", "staff": "staff", "enterprise": "enterprise",
                               "proxy": "proxy", "zone": "zone"}[selector], None))


def write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target and rename, so a failed run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def run_print(engine: Engine, folder: Path, args: argparse.Namespace, out: TextIO | None = None,
              err: TextIO | None = None) -> int:
    """Generate the document named by ``args.form`` and write it to ``args.output``."""
    out = out or sys.stdout
    err = err or sys.stderr
    name = (args.form or "").strip()
    if name not in FORM_TITLES:
        forms = "、".join(FORM_TITLES)
        print(f"错误：未知的表单“{name}”。可用的表单：{forms}", file=err)
        return EXIT_USAGE
    target = Path(args.output)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        print(f"错误：输出文件“{target}”须以 .pdf 或 .xlsx 结尾", file=err)
        return EXIT_USAGE

    from fieldkit.db import session_factory

    from .registry import FORMS

    spec = FORMS[name]
    if fmt == "xlsx" and spec.xlsx is None:
        print(f"错误：{spec.title}不能导出 Excel，请输出为 .pdf（可导出 Excel 的台账："
              f"{'、'.join(n for n, f in FORMS.items() if f.xlsx)}）", file=err)
        return EXIT_USAGE
    from fieldkit.services.errors import FieldKitError

    try:
        with session_factory(engine)() as session:
            sel = selection_from_args(session, spec, args, folder)
            data = spec.render(session, sel, fmt)
    except SelectorError as e:
        print(f"错误：{e}", file=err)
        return EXIT_USAGE
    except FieldKitError as e:
        print(f"错误：{e.text()}", file=err)
        return EXIT_USAGE
    try:
        write_atomically(target, data)
    except OSError as e:
        print(f"错误：无法写入“{target}”：{e.strerror or e}", file=err)
        return EXIT_FAILED
    print(f"已生成{spec.title}：{target}（{len(data) // 1024 + 1} KB）", file=out)
    return 0
