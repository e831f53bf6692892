"""Policies (惠企政策) library: search and filters (category, level, open application window),
detail with eligibility, which of the user's enterprises match and why (推荐依据, seed 003 §7.3),
push / apply actions, and application tracking 申报 → 受理 → 初审 → 结果 → 兑现."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldkit.models import Policy
from fieldkit.services.context import ServiceContext
from fieldkit.services.labels import choices, label
from fieldkit.services.policies import PolicyPane, policy_pane, policy_rows
from fieldkit.services.reference import load as load_reference
from fieldkit.ui.dialogs.policy_dialogs import AdvanceApplicationDialog, EnterprisePushDialog
from fieldkit.ui.itemmodels.policy_table_model import (
    ApplicationRow,
    ApplicationTableModel,
    MatchedEnterpriseTableModel,
    MatchRow,
    PolicyRow,
    PolicyTableModel,
)
from fieldkit.ui.views.base import LoadingView
from fieldkit.ui.widgets.builders import button_row, combo_box, make_table, push_button, search_box
from fieldkit.ui.widgets.workflow_support import replace_rows, select_row, selected_row
from fieldkit.ui.workers import DEBOUNCE, TaskRunner, in_session

ADVANCE_ORDER = ("accepted", "preliminary", "approved", "rejected", "redeemed")


@dataclass
class PolicyDetail:
    """The policy pane as shown: what the service read, and the policy's text as HTML."""

    pane: PolicyPane
    html: str

    @property
    def policy(self) -> Policy:
        return self.pane.policy

    @property
    def matches(self) -> list[MatchRow]:
        return self.pane.matches

    @property
    def applications(self) -> list[ApplicationRow]:
        return self.pane.applications

    @property
    def enterprises(self) -> list[tuple[str, str]]:
        return self.pane.enterprises


def detail_html(p: Policy, lang: str) -> str:
    ref = load_reference()
    from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
    from fieldkit.services.i18n import translate

    def t(text: str) -> str:
        return translate("PoliciesView", text)

    def esc(v: object) -> str:
        return html.escape(str(v)) if v else "—"

    anyone = t(N("PoliciesView", "不限"))
    rows = [
        (N("PoliciesView", "文号"), esc(p.doc_no)),
        (N("PoliciesView", "发布单位"), esc(p.issuer)),
        (N("PoliciesView", "解读单位"), esc(p.interpreting_unit)),
        (N("PoliciesView", "主管部门"), esc(p.competent_department)),
        (N("PoliciesView", "受理部门"), esc(p.accepting_department)),
        (
            N("PoliciesView", "级别 / 类别"),
            f"{label('policy_level', p.level)} · {label('policy_category', p.category)}",
        ),
        (
            N("PoliciesView", "适用行业"),
            "、".join(ref.label("industries", c, lang) for c in p.industries) or anyone,
        ),
        (N("PoliciesView", "企业规模"), "、".join(label("scale", c) for c in p.scales) or anyone),
        (N("PoliciesView", "生命周期阶段"), "、".join(label("stage", c) for c in p.stages) or anyone),
        (N("PoliciesView", "画像标签"), esc(load_reference().tag_labels(p.tags))),
        (N("PoliciesView", "申报期"), f"{p.window_start or ''} ~ {p.window_end or ''}"),
        (N("PoliciesView", "申报材料"), esc(p.materials)),
    ]
    body = "".join(
        f"<tr><td style='color:#616161;padding-right:12px;white-space:nowrap'>{t(k)}</td><td>{v}</td></tr>"
        for k, v in rows
    )
    out = f"<h3>{html.escape(p.title)}</h3><table>{body}</table>"
    if p.summary:
        out += f"<p><b>{t(N('PoliciesView', '政策要点'))}</b><br>{html.escape(p.summary)}</p>"
    if p.full_text:
        out += f"<p>{html.escape(p.full_text).replace(chr(10), '<br>')}</p>"
    if p.url:
        out += f"<p><a href='{html.escape(p.url)}'>{html.escape(p.url)}</a></p>"
    return out


class PoliciesView(LoadingView):
    """惠企政策."""

    detail_loaded = Signal()

    data: list[PolicyRow] | None

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.detail: PolicyDetail | None = None
        self._build()

    @property
    def rows(self) -> list[PolicyRow] | None:
        """The policies listed (None until the first load)."""
        return self.data

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def title(self) -> str:
        return self.tr("惠企政策")

    def _build(self) -> None:
        root, bar = self.toolbar_layout()
        self.search = search_box("policy_search", self.tr("搜索政策名称、文号、发布单位、标签"))
        bar.addWidget(self.search, 2)
        self.category = combo_box(
            "policy_category", [(None, self.tr("全部类别")), *choices("policy_category")]
        )
        bar.addWidget(self.category)
        self.level = combo_box("policy_level", [(None, self.tr("全部级别")), *choices("policy_level")])
        bar.addWidget(self.level)
        self.open_only = QCheckBox(self.tr("仅申报期内"))
        self.open_only.setObjectName("policy_open_only")
        bar.addWidget(self.open_only)
        bar.addStretch(1)

        split = QSplitter()
        root.addWidget(split, 1)
        self.model = PolicyTableModel(self)
        self.table = make_table(self.model, "policy_table")
        split.addWidget(self.table)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("policy_tabs")
        rl.addWidget(self.tabs)
        self.text = QTextBrowser()
        self.text.setObjectName("policy_text")
        self.text.setOpenExternalLinks(True)
        self.tabs.addTab(self.text, self.tr("政策详情"))

        mw = QWidget()
        ml = QVBoxLayout(mw)
        self.match_label = QLabel()
        self.match_label.setObjectName("match_label")
        self.match_label.setWordWrap(True)
        ml.addWidget(self.match_label)
        self.match_model = MatchedEnterpriseTableModel(self)
        self.match_table = make_table(self.match_model, "match_table")
        self.match_table.setWordWrap(True)
        ml.addWidget(self.match_table, 1)
        self.push_button = push_button(self.tr("记录宣讲推送"), "push_to_enterprise")
        self.apply_button = push_button(self.tr("登记申报"), "apply_for_enterprise")
        ml.addLayout(button_row(self.push_button, self.apply_button))
        self.tabs.addTab(mw, self.tr("匹配企业"))

        aw = QWidget()
        al = QVBoxLayout(aw)
        self.app_model = ApplicationTableModel(self)
        self.app_table = make_table(self.app_model, "application_table")
        self.app_table.setColumnHidden(1, True)
        al.addWidget(self.app_table, 1)
        # the selected application's 补正 in full (the column cuts it)
        self.correction_label = QLabel()
        self.correction_label.setObjectName("application_corrections")
        self.correction_label.setWordWrap(True)
        self.correction_label.setStyleSheet("color:#b26a00;")
        self.correction_label.hide()
        al.addWidget(self.correction_label)
        flow = QLabel(
            self.tr(
                "办理流程：申报 → 受理 → 初审 → 结果 → 兑现；材料不齐的，一次性告知补正，补正完成后回到受理"
            )
        )
        flow.setWordWrap(True)
        flow.setStyleSheet("color:#616161;")
        al.addWidget(flow)
        ab = QHBoxLayout()
        self.advance_buttons: dict[str, QPushButton] = {}
        for st in ADVANCE_ORDER:
            b = push_button(label("application_state", st), f"advance_{st}")
            b.clicked.connect(lambda _c=False, st=st: self.advance(st))
            ab.addWidget(b)
            self.advance_buttons[st] = b
        # 补正 (seed 003 §7.4.2.3): the one-time notice, and its resolution back to review
        b = push_button(self.tr("一次性告知补正…"), "advance_correction")
        b.clicked.connect(lambda _c=False: self.advance("correction"))
        ab.insertWidget(1, b)
        self.advance_buttons["correction"] = b
        b = push_button(self.tr("补正完成"), "advance_corrected")
        b.clicked.connect(lambda _c=False: self.advance("accepted"))
        ab.insertWidget(2, b)
        self.advance_buttons["corrected"] = b
        ab.addStretch(1)
        al.addLayout(ab)
        self.tabs.addTab(aw, self.tr("申报跟踪"))
        split.addWidget(right)
        split.setSizes([620, 560])

        self._search_timer = QTimer(self)
        self._search_timer.setObjectName(DEBOUNCE)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.category.currentIndexChanged.connect(self.refresh)
        self.level.currentIndexChanged.connect(self.refresh)
        self.open_only.toggled.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._policy_selected)
        self.match_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.match_table.doubleClicked.connect(
            lambda idx: self.open_enterprise.emit(self.match_model.row(idx.row()).enterprise_id)
        )
        self.app_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.push_button.clicked.connect(lambda: self.push(apply=False))
        self.apply_button.clicked.connect(lambda: self.push(apply=True))
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------------
    def load_job(self) -> Callable[[], list[PolicyRow]]:
        return partial(
            in_session,
            self.ctx,
            policy_rows,
            self.search.text(),
            self.category.currentData(),
            self.level.currentData(),
            self.open_only.isChecked(),
        )

    def apply(self, rows: list[PolicyRow]) -> None:
        if not replace_rows(self.table, rows, attrgetter("id"), 280, first=True):
            self._policy_selected()

    def current(self) -> PolicyRow | None:
        row: PolicyRow | None = selected_row(self.table)
        return row

    def select_policy(self, policy_id: str) -> bool:
        return select_row(self.table, lambda r: r.id == policy_id)

    def _policy_selected(self) -> None:
        p = self.current()
        if p is None:
            self.detail = None
            self.text.clear()
            self.match_model.set_rows([])
            self.app_model.set_rows([])
            self.match_label.clear()
            self._update_buttons()
            return
        self._load_detail(p.id)

    def _load_detail(self, policy_id: str) -> None:
        ctx = self.ctx

        def done(pane: PolicyPane) -> None:
            cur = self.current()
            if cur is None or cur.id != pane.policy.id:
                return
            self.detail = detail = PolicyDetail(pane, detail_html(pane.policy, ctx.language))
            self.text.setHtml(detail.html)
            replace_rows(self.match_table, detail.matches, attrgetter("enterprise_id"), 360)
            self.match_table.resizeRowsToContents()
            n = detail.pane.eligible_count
            self.match_label.setText(
                self.tr("您负责的企业中有 {n} 家符合条件（灰色为不符合及原因；双击打开企业档案）").format(n=n)
                if n
                else self.tr("您负责的企业中没有符合条件的企业（灰色行列出不符合的原因）")
            )
            replace_rows(self.app_table, detail.applications, attrgetter("id"))
            self._update_buttons()
            self.detail_loaded.emit()

        self.runner.read(
            ctx,
            policy_pane,
            policy_id,
            ctx.scope_staff_id,
            ctx.staff.zone_id if ctx.is_supervisor else None,
            on_done=done,
            on_error=self.banner.error,
        )

    def _update_buttons(self) -> None:
        has_policy = self.detail is not None
        self.push_button.setEnabled(has_policy)
        self.apply_button.setEnabled(has_policy)
        app: ApplicationRow | None = selected_row(self.app_table)
        nxt = app.next_states if app else ()
        correcting = app is not None and app.state == "correction"
        self.correction_label.setText(app.correction_text if app is not None else "")
        self.correction_label.setVisible(bool(app is not None and app.correction_text))
        for st, b in self.advance_buttons.items():
            if st == "corrected":
                b.setEnabled(correcting)
            elif st == "correction":  # told once (一次性告知): never a second notice
                b.setEnabled(st in nxt and app is not None and app.correction_on is None)
            else:
                b.setEnabled(st in nxt and not (st == "accepted" and correcting))

    # -- actions ------------------------------------------------------------------------------------
    def _open(self, dlg: Any, text: str) -> None:
        def reload_detail(_r: Any) -> None:
            cur = self.current()
            if cur:
                self._load_detail(cur.id)

        self.open_dialog(dlg, text, then=reload_detail)

    @Slot()
    def push(self, apply: bool = False) -> None:
        if self.detail is None:
            return
        m: MatchRow | None = selected_row(self.match_table)
        ents = self.detail.enterprises
        dlg = EnterprisePushDialog(
            self.ctx,
            self.runner,
            self.detail.policy.id,
            self.detail.policy.title,
            ents,
            m.enterprise_id if m else None,
            apply=apply,
            parent=self,
        )
        self._open(dlg, self.tr("已登记申报") if apply else self.tr("已记录推送"))

    @Slot(str)
    def advance(self, to_state: str) -> None:
        app: ApplicationRow | None = selected_row(self.app_table)
        if app is None or to_state not in app.next_states:
            return
        dlg = AdvanceApplicationDialog(
            self.ctx,
            self.runner,
            app.id,
            to_state,
            f"{app.enterprise}：{app.policy}",
            self,
            resolving=app.state == "correction",
            corrections=app.corrections,
        )
        self._open(dlg, self.tr("申报进度已更新"))
