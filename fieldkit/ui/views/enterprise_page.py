"""One enterprise's file (一企一档) with its tabs: profile and tags (editable), contacts, visits,
demands, proxy services, policies (matched with reasons, pushed, applied), evaluations, history.

Every tab is read in one service call on the runner
(:func:`fieldkit.services.enterprise_file.enterprise_page`); saving the profile is one too
(:func:`fieldkit.services.enterprises.update_enterprise`) and, when it refuses, each message shows
under its field and what was typed stays.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.models import Enterprise
from fieldkit.services.behaviour_tags import WINDOW_DAYS, is_derived
from fieldkit.services.context import ServiceContext
from fieldkit.services.enterprise_file import EnterprisePageData, enterprise_page
from fieldkit.services.enterprise_profile import PROFILE_BY_KEY, PROFILE_DOMAINS, PROFILE_ITEMS, profile_text
from fieldkit.services.enterprises import update_enterprise
from fieldkit.services.errors import FieldKitError, ValidationErrors
from fieldkit.services.i18n import translate as translated  # (not lupdate's translate: the texts are marked)
from fieldkit.services.labels import choices, label
from fieldkit.services.reference import load as load_reference
from fieldkit.services.text_checks import limit
from fieldkit.services.timeutil import fmt_date, fmt_datetime
from fieldkit.ui.callbacks import weak
from fieldkit.ui.itemmodels.text_table_model import PayloadRole, TextRow, TextTableModel
from fieldkit.ui.style import DANGER, MUTED, OK, WARNING
from fieldkit.ui.widgets.workflow_support import file_stem, open_form_preview
from fieldkit.ui.workers import TaskRunner

TEXT_FIELDS = ("name", "credit_code", "legal_representative", "contact_person", "contact_phone", "address")
COMBO_FIELDS = ("industry", "scale", "stage", "status", "contact_channel")
_SPLIT_TAGS = ("、", ",", "，", ";", "；")


def make_table(stretch_last: bool = True) -> tuple[QTableView, TextTableModel]:
    model = TextTableModel()
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    hh = view.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    hh.setStretchLastSection(stretch_last)
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model.setParent(view)
    return view, model


def fit(view: QTableView, widths: list[int], cap: int = 360) -> None:
    """Each column (but the stretching last) as wide as its header, its contents (at most ``cap``)
    and the preset width — so that English headers and labels are not cut off either."""
    hh = view.horizontalHeader()
    model = view.model()
    fm = hh.fontMetrics()
    for i in range(hh.count() - 1):
        header = str(model.headerData(i, Qt.Orientation.Horizontal) or "")
        want = max(widths[i] if i < len(widths) else 80, fm.horizontalAdvance(header) + 28)
        if model.rowCount():
            want = max(want, min(cap, view.sizeHintForColumn(i) + 12))
        hh.resizeSection(i, want)


class ProfileEditor(QWidget):
    """概况与画像: the enterprise's fields and profile tags, with messages beside the fields."""

    save_requested = Signal(dict)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enterprise: Enterprise | None = None
        self.derived: set[str] = set()
        self.edits: dict[str, QLineEdit] = {f: QLineEdit() for f in TEXT_FIELDS}
        for f, edit in self.edits.items():
            edit.setObjectName(f"edit_{f}")
        for f, edit in self.edits.items():  # the model's limits: a longer paste is cut, not refused later
            edit.setMaxLength(limit(Enterprise, f) or 32767)
        self.edits["credit_code"].setMaxLength(24)  # room for the spaces and dashes people type
        self.combos: dict[str, QComboBox] = {f: QComboBox() for f in COMBO_FIELDS}
        for f, combo in self.combos.items():
            combo.setObjectName(f"combo_{f}")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("edit_notes")
        self.notes.setFixedHeight(70)
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for f in (*TEXT_FIELDS, *COMBO_FIELDS, "notes", "profile", "tags"):
            w: QWidget
            if f in self.edits:
                w = self.edits[f]
            elif f in self.combos:
                w = self.combos[f]
            elif f == "notes":
                w = self.notes
            elif f == "profile":
                w = self._build_domains()
            else:
                w = self._build_tags()
            err = QLabel()
            err.setObjectName("fieldError")
            err.setWordWrap(True)
            err.hide()
            self.errors[f] = err
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.setSpacing(2)
            bl.addWidget(w)
            bl.addWidget(err)
            lab = QLabel()
            lab.setBuddy(w)
            self.labels[f] = lab
            form.addRow(lab, box)
        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.status = QLabel()
        self.status.setObjectName("okNotice")
        self.status.hide()
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self.request_save)
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        inner = QWidget()
        il = QVBoxLayout(inner)
        il.setContentsMargins(16, 12, 16, 12)
        il.addLayout(form)
        il.addWidget(self.general_error)
        il.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 8)
        lay.addWidget(scroll, 1)
        bl2 = QHBoxLayout()
        bl2.setContentsMargins(16, 0, 16, 0)
        bl2.addLayout(buttons)
        lay.addLayout(bl2)
        self.retranslate()

    def _build_domains(self) -> QWidget:
        """一企一档 domains (seed 003 §5.2.1.2): 生产经营, 知识产权, 信用信息, 上市融资, one box each."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.domain_groups: list[tuple[QGroupBox, str]] = []
        self.domain_edits: dict[tuple[str, str], QLineEdit | QComboBox] = {}
        self.domain_labels: dict[tuple[str, str], QLabel] = {}
        for dom in PROFILE_DOMAINS:
            group = QGroupBox()
            grid = QGridLayout(group)
            grid.setContentsMargins(8, 4, 8, 4)
            grid.setHorizontalSpacing(10)
            for i, item in enumerate(dom.items):
                w: QLineEdit | QComboBox
                if item.kind == "choice":
                    w = QComboBox()
                else:
                    w = QLineEdit()
                    w.setMaxLength(200)
                w.setObjectName(f"profile_{dom.key}_{item.key}")
                lab = QLabel()
                lab.setBuddy(w)
                self.domain_edits[(dom.key, item.key)] = w
                self.domain_labels[(dom.key, item.key)] = lab
                err = QLabel()
                err.setObjectName("fieldError")
                err.setWordWrap(True)
                err.hide()
                self.errors[f"profile.{dom.key}.{item.key}"] = err
                cell = QWidget()
                cl = QVBoxLayout(cell)
                cl.setContentsMargins(0, 0, 0, 0)
                cl.setSpacing(2)
                cl.addWidget(w)
                cl.addWidget(err)
                row, col = divmod(i, 2)
                grid.addWidget(lab, row, col * 2)
                grid.addWidget(cell, row, col * 2 + 1)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(3, 1)
            self.domain_groups.append((group, dom.key))
            lay.addWidget(group)
        return box

    def _build_tags(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.tag_boxes: dict[str, QCheckBox] = {}
        self.tag_groups: list[tuple[QGroupBox, str]] = []
        for kind in load_reference().tag_kinds:
            group = QGroupBox()
            grid = QGridLayout(group)
            grid.setContentsMargins(8, 4, 8, 4)
            grid.setHorizontalSpacing(14)
            for i, tag in enumerate(kind.extra.get("tags", [])):
                cb = QCheckBox(tag)
                self.tag_boxes[tag] = cb
                grid.addWidget(cb, i // 4, i % 4)
            self.tag_groups.append((group, kind.code))
            lay.addWidget(group)
        self.other_tags = QLineEdit()
        self.other_tags.setObjectName("edit_other_tags")
        self.other_tags_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.other_tags_label)
        row.addWidget(self.other_tags, 1)
        lay.addLayout(row)
        return box

    def retranslate(self) -> None:
        names = {
            "name": self.tr("企业名称"),
            "credit_code": self.tr("统一社会信用代码"),
            "legal_representative": self.tr("法定代表人"),
            "contact_person": self.tr("联系人"),
            "contact_phone": self.tr("联系电话"),
            "address": self.tr("地址"),
            "industry": self.tr("所属行业"),
            "scale": self.tr("企业规模"),
            "stage": self.tr("生命周期阶段"),
            "status": self.tr("经营状态"),
            "notes": self.tr("备注"),
            "contact_channel": self.tr("对接方式"),
            "profile": self.tr("企业档案"),
            "tags": self.tr("企业画像标签"),
        }
        for f, lab in self.labels.items():
            lab.setText(names[f])
        for group, key in self.domain_groups:
            group.setTitle(translated("Profile", PROFILE_BY_KEY[key].label))
        for (dkey, ikey), lab in self.domain_labels.items():
            item = PROFILE_ITEMS[(dkey, ikey)]
            unit = translated("Profile", item.unit) if item.unit else ""
            text = translated("Validation", item.label)
            lab.setText(self.tr("{label}（{unit}）").format(label=text, unit=unit) if unit else text)
            w = self.domain_edits[(dkey, ikey)]
            if isinstance(w, QComboBox):
                current = w.currentData()
                w.blockSignals(True)
                w.clear()
                w.addItem(self.tr("（未填写）"), "")
                for code, choice in item.choices:
                    w.addItem(translated("Profile", choice), code)
                w.setCurrentIndex(max(0, w.findData(current or "")))
                w.blockSignals(False)
        lang = self.ctx.language
        for group, code in self.tag_groups:
            group.setTitle(load_reference().label("tag_kinds", code, lang))
        for tag, cb in self.tag_boxes.items():  # the stored value stays the Chinese key
            cb.setText(load_reference().tag_label(tag, lang))
        self.other_tags_label.setText(self.tr("其他标签"))
        self.other_tags.setPlaceholderText(self.tr("多个标签用顿号分隔"))
        self.edits["credit_code"].setPlaceholderText(self.tr("18位，如 91510600MA62XXXXXX"))
        self.edits["contact_phone"].setPlaceholderText(self.tr("手机号或带区号的固话"))
        self.save_button.setText(self.tr("保存"))
        self.save_button.setToolTip(self.tr("保存修改（Ctrl+S）"))
        self.revert_button.setText(self.tr("撤销修改"))
        self._fill_combo(
            "industry",
            [("", self.tr("（未填写）"))]
            + [(e.code, f"{e.code} {e.label(lang)}") for e in load_reference().industries],
        )
        self._fill_combo("scale", choices("scale"))
        self._fill_combo("stage", choices("stage"))
        self._fill_combo("status", choices("enterprise_status"))
        self._fill_combo("contact_channel", [("", self.tr("（尚未约定）")), *choices("contact_channel")])

    def _fill_combo(self, field: str, items: list[tuple[str, str]]) -> None:
        combo = self.combos[field]
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    # -- values ------------------------------------------------------------------------------------------------
    def set_enterprise(self, ent: Enterprise, derived: list[str] | None = None) -> None:
        """Show ``ent``; ``derived``: the behaviour tags it earns from its records (ticked, not editable)."""
        self.enterprise = ent
        self.derived = set(derived or [])
        self.revert()

    def revert(self) -> None:
        ent = self.enterprise
        if ent is None:
            return
        for f, w in self.edits.items():
            w.setText(getattr(ent, f) or "")
        for f, combo in self.combos.items():
            combo.setCurrentIndex(max(0, combo.findData(getattr(ent, f) or "")))
        self.notes.setPlainText(ent.notes or "")
        stored = ent.profile or {}
        for (dkey, ikey), editor in self.domain_edits.items():
            value = (stored.get(dkey) or {}).get(ikey)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value or "")))
            else:
                editor.setText("" if value is None else str(value))
        tags = set(ent.tags or [])
        for tag, cb in self.tag_boxes.items():
            if is_derived(tag):  # 行为标签: from the records
                cb.setEnabled(False)
                cb.setChecked(tag in self.derived)
                cb.setToolTip(
                    self.tr("根据近 {n} 天的诉求、走访、帮办代办和政策申报自动判断").format(n=WINDOW_DAYS)
                )
            else:
                cb.setChecked(tag in tags)
        self.other_tags.setText(
            "、".join(sorted(t for t in tags if t not in self.tag_boxes and not is_derived(t)))
        )
        self.clear_errors()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {f: w.text() for f, w in self.edits.items()}
        out.update({f: c.currentData() or "" for f, c in self.combos.items()})
        out["notes"] = self.notes.toPlainText()
        profile: dict[str, dict[str, Any]] = {}
        for (dkey, ikey), w in self.domain_edits.items():
            value = w.currentData() if isinstance(w, QComboBox) else w.text().strip()
            if value:
                profile.setdefault(dkey, {})[ikey] = value
        out["profile"] = profile
        tags = [t for t, cb in self.tag_boxes.items() if cb.isChecked() and not is_derived(t)]
        other = self.other_tags.text()
        for sep in _SPLIT_TAGS:
            other = other.replace(sep, " ")
        tags += [t for t in other.split() if t and not is_derived(t)]
        out["tags"] = sorted(set(tags))
        return out

    def changes(self) -> dict[str, Any]:
        """Only the fields the user changed (an old invalid value elsewhere does not block a save)."""
        ent = self.enterprise
        if ent is None:
            return {}
        out = {}
        for f, v in self.values().items():
            old = getattr(ent, f)
            if f == "tags":
                if sorted({t for t in old or [] if not is_derived(t)}) != v:
                    out[f] = v
            elif f == "profile":
                if profile_text(old) != profile_text(v):
                    out[f] = v
            elif (old or "") != v:
                out[f] = v
        return out

    def request_save(self) -> None:
        self.clear_errors()
        changes = self.changes()
        if not changes:
            self.show_status(self.tr("没有需要保存的修改"))
            return
        self.save_button.setEnabled(False)
        self.save_requested.emit(changes)

    # -- messages ---------------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for f, lab in self.errors.items():
            lab.clear()
            lab.hide()
            w = self.edits.get(f) or self.combos.get(f) or self._domain_widget(f)
            if w is not None and w.property("hasError"):
                w.setProperty("hasError", False)
                w.style().unpolish(w)
                w.style().polish(w)
        self.general_error.hide()
        self.status.hide()

    def show_errors(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
        general = []
        for err in errors:
            text = err.text() if isinstance(err, FieldKitError) else str(err)
            f = getattr(err, "field", None)
            lab = self.errors.get(f or "")
            if lab is None:
                general.append(text)
                continue
            lab.setText((lab.text() + "\n" if lab.text() else "") + text)
            lab.show()
            w = self.edits.get(f or "") or self.combos.get(f or "") or self._domain_widget(f or "")
            if w is not None:
                w.setProperty("hasError", True)
                w.style().unpolish(w)
                w.style().polish(w)
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()

    def _domain_widget(self, field: str) -> QWidget | None:
        parts = field.split(".")
        return (
            self.domain_edits.get((parts[1], parts[2])) if len(parts) == 3 and parts[0] == "profile" else None
        )

    def error_text(self, field: str) -> str:
        lab = self.errors.get(field)
        return lab.text() if lab is not None and lab.isVisible() else ""

    def show_status(self, text: str) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(text)
        self.status.show()


class EnterprisePage(QWidget):
    """The enterprise page; ``load(enterprise_id)`` fills every tab from one worker job."""

    open_record = Signal(str)
    new_record_requested = Signal(str)
    back_requested = Signal()
    enterprise_saved = Signal(str)
    #: every tab is filled: (enterprise id, ms from load() to filled)
    page_loaded = Signal(str, float)

    TABS = ("profile", "contacts", "records", "demands", "proxies", "policies", "evaluations", "history")

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.enterprise_id: str | None = None
        self.data: EnterprisePageData | None = None
        self._request = 0
        self._started = 0.0
        self.last_load_ms = 0.0

        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        self.name_label = QLabel()
        self.name_label.setObjectName("pageTitle")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("muted")
        self.meta_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.new_record_button = QPushButton()
        self.new_record_button.setObjectName("primary")
        self.new_record_button.clicked.connect(self._new_record)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        # the enterprise's own documents, printed from its page
        self.print_button = QPushButton()
        self.print_button.setObjectName("print_enterprise_forms")
        self.print_menu = QMenu(self.print_button)
        self.print_actions: dict[str, QAction] = {}
        for key in ("profile", "policy_report", "survey"):
            act = self.print_menu.addAction("")
            act.setObjectName(f"print_{key}")
            act.triggered.connect(lambda _c=False, k=key: self.print_form(k))
            self.print_actions[key] = act
        self.print_button.setMenu(self.print_menu)
        self.dialog: Any = None

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(8)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.name_label)
        titles.addWidget(self.meta_label)
        head.addLayout(titles, 1)
        head.addWidget(self.refresh_button)
        head.addWidget(self.print_button)
        head.addWidget(self.new_record_button)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("enterpriseTabs")
        self.profile = ProfileEditor(ctx)
        self.profile.save_requested.connect(self._save)
        self.tables: dict[str, tuple[QTableView, TextTableModel]] = {}
        for key in (
            "contacts",
            "records",
            "demands",
            "proxies",
            "matches",
            "pushes",
            "applications",
            "evaluations",
            "history",
        ):
            self.tables[key] = make_table()
        self.tables["records"][0].activated.connect(self._record_activated)
        self.tables["records"][0].doubleClicked.connect(self._record_activated)

        self.empty_labels: dict[str, QLabel] = {}
        self.tabs.addTab(self.profile, "")
        for key in ("contacts", "records", "demands", "proxies"):
            self.tabs.addTab(self._with_empty_label(key), "")
        self.tabs.addTab(self._policies_tab(), "")
        self.tabs.addTab(self._with_empty_label("evaluations"), "")
        self.tabs.addTab(self._with_empty_label("history"), "")

        self.loading = QLabel()
        self.loading.setObjectName("muted")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 10)
        lay.addLayout(head)
        # the badges get the page's whole width on their own line: beside the meta line and the
        # buttons, ten of them (stage, scale, industry, status, channel, the derived behaviour tags,
        # 本季度未走访) were squeezed and cut at 1366×768 ("生产经", "近期提")
        badge_row = QHBoxLayout()
        badge_row.addLayout(self.badges)
        badge_row.addStretch(1)
        lay.addLayout(badge_row)
        lay.addWidget(self.loading)
        lay.addWidget(self.tabs, 1)
        for i in range(len(self.TABS)):
            tab_key = QShortcut(QKeySequence(f"Alt+{i + 1}"), self)
            tab_key.activated.connect(lambda i=i: self.tabs.setCurrentIndex(i))
        self.retranslate()

    def _with_empty_label(self, key: str) -> QWidget:
        """The table of ``key`` with a line that says so when it has no rows."""
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lab = QLabel()
        lab.setObjectName("muted")
        lab.setContentsMargins(10, 8, 10, 8)
        lab.setWordWrap(True)
        lab.hide()
        self.empty_labels[key] = lab
        lay.addWidget(lab)
        lay.addWidget(self.tables[key][0], 1)
        return w

    def _policies_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(8, 8, 8, 8)
        self.matches_label = QLabel()
        self.matches_label.setObjectName("cardTitle")
        self.push_button = QPushButton()
        self.push_button.clicked.connect(self._push_policy)
        self.push_status = QLabel()
        self.push_status.setObjectName("muted")
        head = QHBoxLayout()
        head.addWidget(self.matches_label)
        head.addStretch(1)
        head.addWidget(self.push_status)
        head.addWidget(self.push_button)
        lay.addLayout(head)
        lay.addWidget(self._with_empty_label("matches"), 3)
        self.pushes_label = QLabel()
        self.pushes_label.setObjectName("cardTitle")
        lay.addWidget(self.pushes_label)
        lay.addWidget(self._with_empty_label("pushes"), 2)
        self.applications_label = QLabel()
        self.applications_label.setObjectName("cardTitle")
        lay.addWidget(self.applications_label)
        lay.addWidget(self._with_empty_label("applications"), 2)
        return w

    # -- contract ---------------------------------------------------------------------------------------------
    def title(self) -> str:
        return self.data.enterprise.name if self.data else self.tr("企业档案")

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("← 返回"))
        self.back_button.setToolTip(self.tr("返回上一页（Alt+←）"))
        self.new_record_button.setText(self.tr("新建走访记录"))
        self.new_record_button.setToolTip(self.tr("为这家企业新建走访记录（Ctrl+N）"))
        self.refresh_button.setText(self.tr("刷新"))
        self.print_button.setText(self.tr("打印…"))
        self.print_button.setToolTip(self.tr("打印这家企业的一企一档、政策定制报告或服务满意度调查表"))
        for key, text in self._form_titles().items():
            self.print_actions[key].setText(text)
        self.push_button.setText(self.tr("记录已向企业宣讲所选政策"))
        self.matches_label.setText(self.tr("匹配的政策及推荐依据"))
        self.pushes_label.setText(self.tr("已推送的政策"))
        self.applications_label.setText(self.tr("政策申报"))
        headers = {
            "contacts": [self.tr("身份"), self.tr("姓名"), self.tr("电话"), self.tr("说明")],
            "records": [
                self.tr("走访时间"),
                self.tr("方式"),
                self.tr("服务人员"),
                self.tr("状态"),
                self.tr("阶段"),
                self.tr("服务内容"),
                self.tr("发现问题"),
            ],
            "demands": [
                self.tr("收集日期"),
                self.tr("类型"),
                self.tr("类别"),
                self.tr("诉求内容"),
                self.tr("状态"),
                self.tr("责任部门"),
                self.tr("办理时限"),
                self.tr("剩余天数"),
                self.tr("满意度"),
            ],
            "proxies": [
                self.tr("代办事项"),
                self.tr("阶段"),
                self.tr("方式"),
                self.tr("状态"),
                self.tr("受理日期"),
                self.tr("办结时限"),
                self.tr("节点进度"),
            ],
            "matches": [
                self.tr("政策"),
                self.tr("类别"),
                self.tr("级别"),
                self.tr("匹配度"),
                self.tr("申报截止"),
                self.tr("推荐依据"),
            ],
            "pushes": [self.tr("政策"), self.tr("推送时间"), self.tr("服务人员"), self.tr("说明")],
            "applications": [
                self.tr("政策"),
                self.tr("申报状态"),
                self.tr("申报日期"),
                self.tr("兑现金额（万元）"),
                self.tr("补正"),
                self.tr("说明"),
            ],
            "evaluations": [
                self.tr("阶段"),
                self.tr("满意度"),
                self.tr("评价日期"),
                self.tr("服务人员"),
                self.tr("评价意见"),
            ],
            "history": [
                self.tr("时间"),
                self.tr("操作人"),
                self.tr("设备"),
                self.tr("操作"),
                self.tr("对象"),
                self.tr("变更内容"),
            ],
        }
        widths = {
            "contacts": [120, 220, 140],
            "records": [130, 80, 80, 70, 80, 360],
            "demands": [90, 70, 90, 280, 70, 130, 90, 70],
            "proxies": [220, 90, 90, 70, 90, 90],
            "matches": [280, 70, 60, 60, 90],
            "pushes": [300, 130, 90],
            "applications": [300, 90, 100, 120, 260],
            "evaluations": [90, 90, 100, 90],
            "history": [130, 80, 90, 60, 90],
        }
        for key, hs in headers.items():
            view, model = self.tables[key]
            model.set_headers(hs)
            fit(view, widths[key])
        self._widths = widths
        self.profile.retranslate()
        self._render()

    def refresh(self) -> None:
        if self.enterprise_id:
            self.load(self.enterprise_id)

    def load(self, enterprise_id: str) -> None:
        if enterprise_id != self.enterprise_id:
            self.data = None
            self.enterprise_id = enterprise_id
            self.tabs.setCurrentIndex(0)
            self.name_label.setText("")
            self.meta_label.setText("")
            for _view, model in self.tables.values():
                model.set_rows([])
        self.loading.setText(self.tr("正在加载…"))
        self.loading.show()
        self._request += 1
        req = self._request
        self._started = time.perf_counter()
        self.runner.read(
            self.ctx,
            enterprise_page,
            self.ctx.actor,
            enterprise_id,
            on_done=weak(self, lambda v, d: v._on_loaded(req, d)),
            on_error=weak(self, EnterprisePage._on_error),
        )

    def _on_loaded(self, req: int, data: EnterprisePageData) -> None:
        if req != self._request:
            return
        self.data = data
        self.loading.hide()
        self.profile.set_enterprise(data.enterprise, data.behaviour_tags)
        self._render()
        self.last_load_ms = (time.perf_counter() - self._started) * 1000
        self.page_loaded.emit(data.enterprise.id, self.last_load_ms)

    def _on_error(self, exc: BaseException) -> None:
        self.loading.setText(
            self.tr("加载失败：{error}").format(error=exc.text() if isinstance(exc, FieldKitError) else exc)
        )
        self.loading.show()

    # -- rendering ----------------------------------------------------------------------------------------------
    def _render(self) -> None:
        d = self.data
        tab_titles = [
            self.tr("概况与画像"),
            self.tr("联系人"),
            self.tr("走访记录"),
            self.tr("诉求"),
            self.tr("帮办代办"),
            self.tr("政策"),
            self.tr("评价"),
            self.tr("历史"),
        ]
        if d is not None:
            counts = [
                None,
                len(d.contacts),
                len(d.records),
                len(d.demands),
                len(d.proxies),
                len(d.matches),
                len(d.evaluations),
                len(d.history),
            ]
            tab_titles = [t if n is None else f"{t} ({n})" for t, n in zip(tab_titles, counts, strict=True)]
        for i, t in enumerate(tab_titles):
            self.tabs.setTabText(i, t)
        if d is None:
            return
        e = d.enterprise
        lang = self.ctx.language
        self.name_label.setText(e.name)
        staff = "、".join(n for n in d.staff if n) or self.tr("无")
        self.meta_label.setText(
            self.tr("统一社会信用代码 {code} · 包联：{staff}").format(code=e.credit_code, staff=staff)
        )
        while self.badges.count():
            item = self.badges.takeAt(0)
            badge = item.widget() if item is not None else None
            if badge is not None:
                badge.deleteLater()
        badges = [
            (label("stage", e.stage), "badge"),
            (label("scale", e.scale), "badge"),
            (load_reference().label("industries", e.industry, lang), "badge"),
            (label("enterprise_status", e.status), "badge" if e.status == "operating" else "badgeWarn"),
        ]
        if e.contact_channel:
            badges.append(
                (
                    self.tr("{channel}对接").format(channel=label("contact_channel", e.contact_channel)),
                    "badge",
                )
            )
        else:
            badges.append((self.tr("尚未约定对接方式"), "badgeWarn"))
        for tag in d.behaviour_tags:
            badges.append((load_reference().tag_label(tag, self.ctx.language), "badge"))
        if not d.visited_this_quarter and e.status == "operating":
            badges.append((self.tr("本季度未走访"), "badgeDanger"))
        for text, name in badges:
            if text:
                b = QLabel(text)
                b.setObjectName(name)
                b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # never cut
                self.badges.addWidget(b)

        role_names = {
            "legal_representative": self.tr("法定代表人"),
            "contact_person": self.tr("企业联系人"),
            "participant": self.tr("走访中接洽"),
            "staff": self.tr("包联服务人员"),
        }
        contacts = []
        for c in d.contacts:
            note = c.note
            if c.role == "participant" and "|" in note:
                times, last = note.split("|", 1)
                note = self.tr("接洽 {n} 次，最近 {date}").format(n=times, date=last)
            elif c.role == "staff" and note:
                note = self.tr("自 {date} 起包联").format(date=note)
            contacts.append(TextRow([role_names.get(c.role, c.role), c.name or "—", c.phone, note]))
        self._set("contacts", contacts)

        amend = self.tr("（更正）")
        self._set(
            "records",
            [
                TextRow(
                    [
                        fmt_datetime(r.visit_at),
                        label("plan_kind", r.kind),
                        r.staff_name,
                        label("record_status", r.status) + (amend if r.amends_id else ""),
                        label("stage", r.stage),
                        _one_line(r.content),
                        _one_line(r.problems),
                    ],
                    payload=r.id,
                    color=MUTED if r.status == "draft" else None,
                    tooltip=r.content or None,
                )
                for r in d.records
            ],
        )
        demand_rows = []
        categories = {c.code: c.label(lang) for c in load_reference().demand_categories}
        for x in d.demands:
            if x.days_left is None:
                left = ""
            elif x.days_left < 0:
                left = self.tr("逾期{n}天").format(n=-x.days_left)
            else:
                left = self.tr("剩{n}天").format(n=x.days_left)
            color = (
                DANGER
                if x.overdue and x.state not in ("closed", "archived")
                else (WARNING if x.days_left is not None and x.days_left <= 3 else None)
            )
            demand_rows.append(
                TextRow(
                    [
                        fmt_date(x.collected_at),
                        label("demand_kind", x.kind),
                        categories.get(x.category, x.category),
                        _one_line(x.description),
                        label("demand_state", x.state),
                        x.department,
                        fmt_date(x.deadline),
                        left,
                        label("satisfaction", x.satisfaction),
                    ],
                    payload=x.id,
                    color=color,
                    tooltip=x.description,
                )
            )
        self._set("demands", demand_rows)
        self._set(
            "proxies",
            [
                TextRow(
                    [
                        p.item,
                        label("stage", p.stage),
                        label("proxy_mode", p.mode),
                        label("proxy_status", p.status),
                        fmt_date(p.accepted_on),
                        fmt_date(p.due_date),
                        f"{p.milestones_done}/{p.milestones_total}",
                    ],
                    payload=p.id,
                    color=OK if p.status == "completed" else None,
                )
                for p in d.proxies
            ],
        )
        self._set(
            "matches",
            [
                TextRow(
                    [
                        m.title,
                        label("policy_category", m.category),
                        label("policy_level", m.level),
                        f"{m.score:g}",
                        fmt_date(m.window_end),
                        "；".join(m.reasons),
                    ],
                    payload=m.policy_id,
                    tooltip="\n".join(m.reasons),
                )
                for m in d.matches
            ],
        )
        self._set(
            "pushes",
            [TextRow([p.policy_title, fmt_datetime(p.pushed_at), p.staff_name, p.note]) for p in d.pushes],
        )
        self._set(
            "applications",
            [
                TextRow(
                    [
                        a.policy_title,
                        label("application_state", a.state),
                        fmt_date(a.applied_on),
                        "" if a.amount is None else f"{a.amount:g}",
                        a.correction,
                        a.note,
                    ]
                )
                for a in d.applications
            ],
        )
        self._set(
            "evaluations",
            [
                TextRow(
                    [
                        label("stage", v.stage),
                        label("satisfaction", v.level),
                        fmt_date(v.evaluated_on),
                        v.staff_name,
                        v.comment,
                    ]
                )
                for v in d.evaluations
            ],
        )
        actions = {"create": self.tr("新建"), "update": self.tr("修改"), "delete": self.tr("删除")}
        tables = {
            "enterprise": self.tr("企业档案"),
            "servicerecord": self.tr("走访记录"),
            "demand": self.tr("诉求"),
            "proxyservice": self.tr("帮办代办"),
            "visitplan": self.tr("走访计划"),
            "policypush": self.tr("政策推送"),
            "policyapplication": self.tr("政策申报"),
            "evaluation": self.tr("服务评价"),
            "assignment": self.tr("包联关系"),
        }
        history = []
        for h in d.history:
            if h.action == "update":
                change = "；".join(
                    f"{self._field_name(k)}：{self._value_text(h.table_name, k, o)} → "
                    f"{self._value_text(h.table_name, k, n)}"
                    for k, o, n in h.changes
                )
            elif h.action == "create":
                change = self.tr("创建")
            else:
                change = self.tr("删除（保留墓碑记录）")
            history.append(
                TextRow(
                    [
                        fmt_datetime(h.at),
                        h.actor_name or self.tr("系统"),
                        h.device_id,
                        actions.get(h.action, h.action),
                        tables.get(h.table_name, h.table_name),
                        change,
                    ],
                    tooltip=change,
                )
            )
        self._set("history", history)

    def _set(self, key: str, rows: list[TextRow]) -> None:
        view, model = self.tables[key]
        model.set_rows(rows)
        fit(view, self._widths[key])
        lab = self.empty_labels.get(key)
        if lab is not None:
            lab.setText(self._empty_texts().get(key, ""))
            lab.setVisible(not rows and self.data is not None)

    def _empty_texts(self) -> dict[str, str]:
        return {
            "contacts": self.tr("还没有联系人"),
            "records": self.tr("还没有走访记录：点击右上角“新建走访记录”开始记录"),
            "demands": self.tr("这家企业没有诉求"),
            "proxies": self.tr("这家企业没有帮办代办事项"),
            "matches": self.tr("没有符合条件的政策"),
            "pushes": self.tr("还没有向这家企业推送过政策"),
            "applications": self.tr("没有政策申报"),
            "evaluations": self.tr("还没有服务评价"),
            "history": self.tr(
                "本机还没有这家企业的修改记录。从服务器或演示数据得到的内容不带本机历史；"
                "在本机所做的每项修改都会记录在这里：谁、何时、哪台设备、改了什么。"
            ),
        }

    # -- actions ----------------------------------------------------------------------------------------------
    def _form_titles(self) -> dict[str, str]:
        return {
            "profile": self.tr("企业档案（一企一档）"),
            "policy_report": self.tr("政策定制报告"),
            "survey": self.tr("服务满意度调查表"),
        }

    def print_form(self, key: str) -> None:
        """Preview the form ``key`` (profile, policy_report, survey) of this enterprise."""
        # the forms (reportlab) load when first printed: the page is built at start-up
        from fieldkit.forms.policy_report import policy_report_pdf
        from fieldkit.forms.profile import profile_pdf
        from fieldkit.forms.survey import survey_pdf

        eid = self.enterprise_id
        if not eid:
            return
        title = self._form_titles()[key]
        name = self.data.enterprise.name if self.data else ""
        stem = file_stem(title, name)
        if key == "profile":
            self.dialog = open_form_preview(
                self, self.ctx, partial(profile_pdf, actor=self.ctx.actor), None, title, stem, eid
            )
        elif key == "policy_report":
            self.dialog = open_form_preview(
                self, self.ctx, partial(policy_report_pdf, actor=self.ctx.actor), None, title, stem, eid
            )
        else:
            self.dialog = open_form_preview(
                self,
                self.ctx,
                partial(survey_pdf, staff_id=self.ctx.staff.id, actor=self.ctx.actor),
                None,
                title,
                stem,
                eid,
            )

    def _new_record(self) -> None:
        if self.enterprise_id:
            self.new_record_requested.emit(self.enterprise_id)

    def _record_activated(self, index: QModelIndex) -> None:
        rid = index.data(PayloadRole)
        if rid:
            self.open_record.emit(rid)

    def _save(self, changes: dict[str, Any]) -> None:
        eid = self.enterprise_id
        if eid is None:
            return
        self.runner.write(
            self.ctx,
            update_enterprise,
            self.ctx.actor,
            eid,
            dict(changes),
            on_done=weak(self, EnterprisePage._saved),
            on_error=weak(self.profile, ProfileEditor.show_errors),
        )

    def _saved(self, changed: dict[str, Any]) -> None:
        self.profile.show_status(self.tr("已保存 {n} 项修改").format(n=len(changed)))
        if self.enterprise_id:
            self.enterprise_saved.emit(self.enterprise_id)
            self.load(self.enterprise_id)

    def _push_policy(self) -> None:
        view, _model = self.tables["matches"]
        rows = view.selectionModel().selectedRows()
        if not rows or not self.enterprise_id:
            self.push_status.setText(self.tr("请先在上表中选择一项政策"))
            return
        pid = rows[0].data(PayloadRole)
        eid = self.enterprise_id
        self.runner.write(
            self.ctx,
            self.ctx.policies.push,
            policy_id=pid,
            enterprise_id=eid,
            staff_id=self.ctx.staff.id,
            on_done=weak(self, lambda page, _r: page._pushed(eid)),
            on_error=weak(self, lambda page, exc: page.push_status.setText(str(exc))),
        )

    def _pushed(self, eid: str) -> None:
        self.push_status.setText(self.tr("已记录政策推送"))
        self.enterprise_saved.emit(eid)
        self.load(eid)

    #: (table, field) → the label kind its codes are shown with (services.labels)
    CODED_FIELDS = {
        ("enterprise", "stage"): "stage",
        ("enterprise", "status"): "enterprise_status",
        ("enterprise", "scale"): "scale",
        ("demand", "state"): "demand_state",
        ("demand", "kind"): "demand_kind",
        ("demand", "urgency"): "urgency",
        ("demand", "satisfaction"): "satisfaction",
        ("servicerecord", "status"): "record_status",
        ("servicerecord", "kind"): "plan_kind",
        ("servicerecord", "stage"): "stage",
        ("visitplan", "status"): "plan_status",
        ("visitplan", "kind"): "plan_kind",
        ("proxyservice", "status"): "proxy_status",
        ("proxyservice", "mode"): "proxy_mode",
        ("policyapplication", "state"): "application_state",
    }

    def _value_text(self, table: str, key: str, value: Any) -> str:
        """What a person reads for a changed value: a code as its label, never the code itself."""
        if isinstance(value, bool):
            return self.tr("是") if value else self.tr("否")
        kind = self.CODED_FIELDS.get((table, key))
        if kind and isinstance(value, str) and value:
            return label(kind, value)
        if table == "enterprise" and key == "industry" and isinstance(value, str) and value:
            return load_reference().label("industries", value, self.ctx.language)
        return _short_value(value)

    def _field_name(self, key: str) -> str:
        names = {
            "name": self.tr("企业名称"),
            "credit_code": self.tr("统一社会信用代码"),
            "legal_representative": self.tr("法定代表人"),
            "contact_person": self.tr("联系人"),
            "contact_phone": self.tr("联系电话"),
            "address": self.tr("地址"),
            "industry": self.tr("所属行业"),
            "scale": self.tr("企业规模"),
            "stage": self.tr("生命周期阶段"),
            "status": self.tr("经营状态"),
            "tags": self.tr("画像标签"),
            "notes": self.tr("备注"),
            "state": self.tr("状态"),
            "deleted": self.tr("删除"),
        }
        return names.get(key, key)

    # -- for tests ----------------------------------------------------------------------------------------------
    def tab_texts(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def table_model(self, key: str) -> TextTableModel:
        return self.tables[key][1]


def _one_line(text: str | None, n: int = 80) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _short_value(v: Any) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, list):
        return "、".join(str(x) for x in v) or "—"
    return _one_line(str(v), 30)
