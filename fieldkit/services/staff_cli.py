"""``fieldkit staff``: list, add and edit staff members and their specialist type from the command
line, as the signed-in supervisor or admin (:func:`fieldkit.services.staff.save_staff` decides)."""

from __future__ import annotations

from typing import Any, TextIO

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from fieldkit.db import session_factory, transaction
from fieldkit.domain.text_rules import escape_controls
from fieldkit.models import Staff

from . import store
from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate
from .staff import save_staff, staff_rows

CTX = "Cli"


def _say(out: TextIO, message: str, **params: object) -> None:
    out.write(translate(CTX, message, **params) + "\n")


def run_staff_cli(
    engine: Engine, actor: store.Actor, action: str, login: str | None, out: TextIO, **fields: Any
) -> int:
    """``action`` list / add / edit; ``fields`` the options given (None: not given). Exit codes: 0
    done, 1 refused (bad input or not allowed: the reason is printed, nothing is written)."""
    make = session_factory(engine)
    if action == "list":
        with make() as s:
            rows = staff_rows(s, actor)
        for r in rows:
            state = "" if r.active else translate(CTX, N(CTX, "（已停用）"))
            out.write(
                escape_controls(
                    f"{r.login}  {r.name}  {r.role_label}  {r.specialist_label}  {r.phone}  {r.department}"
                    + translate(CTX, N(CTX, "  包联 {n} 家"), n=r.enterprises)
                    + state
                )
                + "\n"
            )
        if not rows:
            _say(out, N(CTX, "没有可以管理的服务人员"))
        return 0
    given = {k: v for k, v in fields.items() if v is not None}
    try:
        with transaction(make) as s:
            if action == "add":
                sid = save_staff(s, actor, login=login or "", **given)
            else:
                staff_id = s.exec(
                    select(Staff.id).where(
                        Staff.login == (login or "").lower(), col(Staff.deleted).is_(False)
                    )
                ).first()
                if staff_id is None:
                    _say(out, N(CTX, "找不到登录名为“{login}”的人员"), login=escape_controls(login or ""))
                    return 1
                sid = save_staff(s, actor, staff_id, **given)
            st = s.get(Staff, sid)
            assert st is not None
            name, who = st.name, st.login
    except FieldKitError as e:
        out.write(e.text() + "\n")
        _say(out, N(CTX, "未写入任何数据。"))
        return 1
    _say(out, N(CTX, "已保存：{login} {name}"), login=escape_controls(who), name=escape_controls(name))
    if action == "add":
        _say(
            out,
            N(
                CTX,
                "同步后开通登录账号：fieldkit staff account {login}（或在窗口的人员管理中点“开通账号…”）",
            ),
            login=who,
        )
    return 0
