"""Visit record editor (走访记录).

Started from a plan or from an enterprise; drafts autosave (debounced after each edit, and when
the editor loses focus, is hidden or closed) so a crash or a closed lid loses nothing. Submitting
validates, shows the messages beside the fields and keeps what was typed; a submitted record is
locked, and a correction (更正) is a new amendment shown beside the original.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms.visit_record import visit_record_pdf
from fieldkit.forms.work_ledger import work_ledger_pdf, work_ledger_xlsx
from fieldkit.models import ServiceRecord
from fieldkit.services import permissions, store
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.context import ServiceContext
from fieldkit.services.enterprises import scope_enterprises
from fieldkit.services.errors import FieldKitError
from fieldkit.services.filecrypt import FileCryptError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate
from fieldkit.services.labels import choices, label
from fieldkit.services.outbox import unsynced
from fieldkit.services.planning import FollowUpOffer, effective_status, follow_up_offer, follow_up_plans
from fieldkit.services.planning import offers_follow_up as offers_follow_up
from fieldkit.services.records import (
    add_photos,
    amend_record,
    delete_draft,
    discard_if_blank,
    drafts_with_names,
    record_bundle,
    record_versions,
    remove_photo,
    returned_records,
    save_draft,
    short_hash,
    start_record,
    submit_record,
    submit_warnings,
)
from fieldkit.services.reference import load as load_reference
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import fmt_date, fmt_datetime, local_today, to_local
from fieldkit.ui.attachment_fetcher import AttachmentFetcher, Wanted
from fieldkit.ui.dialogs.demand_dialogs import NewDemandDialog
from fieldkit.ui.dialogs.period_dialog import choose_period
from fieldkit.ui.dialogs.plan_dialog import PlanDialog
from fieldkit.ui.dialogs.policy_dialogs import PolicyPushDialog
from fieldkit.ui.itemmodels.demand_table_model import DemandRow, RecordDemandTableModel, make_demand_row
from fieldkit.ui.itemmodels.policy_table_model import PushRow, PushTableModel
from fieldkit.ui.itemmodels.record_compare_table_model import RecordCompareTableModel
from fieldkit.ui.itemmodels.record_table_model import (
    RecordRow,
    RecordTableModel,
    ReturnedRecordTableModel,
    make_record_row,
)
from fieldkit.ui.views.base import WorkflowView
from fieldkit.ui.widgets.builders import button_row, column_panel, heading_label, make_table, push_button
from fieldkit.ui.widgets.confirm import ConfirmBox
from fieldkit.ui.widgets.form_errors import ErrorLabel, FieldErrors, with_error
from fieldkit.ui.widgets.signature_pad import SignaturePad
from fieldkit.ui.widgets.workflow_support import (
    EnterpriseCombo,
    MessageBanner,
    file_stem,
    fill_combo,
    fit_columns,
    open_form_preview,
    scope_of,
    select_data,
    selected_row,
)
from fieldkit.ui.workers import DEBOUNCE, TaskRunner, in_transaction

if TYPE_CHECKING:  # the worker functions below get the runner's session; the view never opens one
    from sqlmodel import Session

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1500
THUMB = 120
TEXT_FIELDS = ("place", "staff_participants", "enterprise_participants")
PLAIN_FIELDS = ("content", "problems", "follow_up")


# -- worker side ------------------------------------------------------------------------------------


@dataclass
class Photo:
    id: str
    filename: str
    image: QImage  # thumbnail, decoded off the GUI thread (QImage, unlike QPixmap, may be)
    #: the file is not on this computer yet (downloaded on demand, :mod:`fieldkit.ui.attachment_fetcher`)
    missing: bool = False


@dataclass
class EditorData:
    record: ServiceRecord
    enterprise: str
    plan_theme: str
    demands: list[DemandRow]
    pushes: list[PushRow]
    photos: list[Photo]
    signature: QImage | None
    versions: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    original_id: str | None = None
    plan_date: date | None = None
    amendment_ids: list[str] = field(default_factory=list)
    #: photo and signature files not on this computer: downloaded when the record is shown
    missing: list[Wanted] = field(default_factory=list)
    #: 回访 plans of this service (day, status label), and whether one may still be planned
    follow_ups: list[tuple[date, str]] = field(default_factory=list)
    can_follow_up: bool = False


def thumbnail(data: bytes) -> QImage:
    img = QImage.fromData(data)
    if img.isNull():
        return img
    return img.scaled(
        THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def record_display(rec: ServiceRecord, lang: str) -> dict[str, str]:
    """What a person reads for each field (for the side-by-side comparison)."""
    items = load_reference().all_service_items()
    return {
        "visit_at": fmt_datetime(rec.visit_at),
        "place": rec.place,
        "kind": label("plan_kind", rec.kind),
        "staff_participants": rec.staff_participants,
        "enterprise_participants": rec.enterprise_participants,
        "stage": label("stage", rec.stage),
        "service_items": "；".join(items[c].label(lang) if c in items else c for c in rec.service_items),
        "content": rec.content,
        "problems": rec.problems,
        "follow_up": rec.follow_up,
        "signature": "✓" if rec.signature_sha256 else "—",
        "status": label("record_status", rec.status),
    }


def load_editor(
    session: Session, actor: Actor, files: AttachmentService, language: str, record_id: str
) -> EditorData:
    """The record with what the editor shows beside it (:func:`record_bundle`, which refuses a
    record outside the actor's scope), with the photo thumbnails and the signature decoded here,
    off the GUI thread."""
    b = record_bundle(session, actor, record_id, photo_kind="photo")
    rec = b.record
    today = local_today()
    dems = [
        make_demand_row(
            d, b.enterprise_name, b.staff_name if d.staff_id == rec.staff_id else "", today, language
        )
        for d in b.demands
    ]
    pushes = [
        PushRow(p.id, p.policy_id, title, b.enterprise_name, "", fmt_datetime(p.pushed_at), p.note)
        for p, title in b.pushes
    ]
    photos = []
    missing: list[Wanted] = []
    for att in b.photos:
        if not files.path_for(att.sha256).exists():
            photos.append(Photo(att.id, att.filename, QImage(), missing=True))
            missing.append(Wanted(att.sha256, att.filename, "photo", att.id))
            continue
        try:
            photos.append(Photo(att.id, att.filename, thumbnail(files.read(att.sha256))))
        except (OSError, FileCryptError):
            photos.append(Photo(att.id, att.filename, QImage()))
    signature = None
    if rec.signature_sha256:
        if not files.path_for(rec.signature_sha256).exists():
            missing.append(Wanted(rec.signature_sha256, "", "signature", rec.id))
        else:
            try:
                signature = QImage.fromData(files.read(rec.signature_sha256))
            except (OSError, FileCryptError):
                signature = None
    data = EditorData(rec, b.enterprise_name, b.plan_theme, dems, pushes, photos, signature)
    data.plan_date = b.plan_date
    data.missing = missing
    data.versions = version_columns(language, b.original, b.amendments)
    data.amendment_ids = [a.id for a in b.amendments] if data.versions else []
    data.original_id = rec.amends_id
    plans = follow_up_plans(session, rec.id)
    data.follow_ups = [(p.planned_date, label("plan_status", effective_status(p, today))) for p in plans]
    data.can_follow_up = not plans and offers_follow_up(rec.kind, rec.status)
    return data


def decode_fetched(w: Wanted, path: Path, key: bytes | None = None) -> QImage:
    """A downloaded file as the editor shows it, decoded (and decrypted in memory with the store's
    data key) on the download thread."""
    data = AttachmentService(store.SYSTEM, path.parent.parent, key).read(w.sha256)
    return thumbnail(data) if w.kind == "photo" else QImage.fromData(data)


def version_columns(
    language: str, original: ServiceRecord | None, amends: list[ServiceRecord]
) -> list[tuple[str, dict[str, str]]]:
    """The original and its amendments as display columns (empty when there are no amendments)."""
    if original is None or not amends:
        return []
    head = translate(
        "RecordEditorView",
        N("RecordEditorView", "原记录（{date}）"),
        date=fmt_datetime(original.submitted_at),
    )
    versions = [(head, record_display(original, language))]
    for i, a in enumerate(amends, start=1):
        versions.append(
            (
                translate(
                    "RecordEditorView",
                    N("RecordEditorView", "更正 {n}（{status}）"),
                    n=i,
                    status=label("record_status", a.status),
                ),
                record_display(a, language),
            )
        )
    return versions


def load_versions(
    session: Session, actor: Actor, language: str, record_id: str
) -> list[tuple[str, dict[str, str]]]:
    rec = store.get(session, ServiceRecord, record_id)
    permissions.check_enterprise(session, actor, rec.enterprise_id)
    return version_columns(language, *record_versions(session, rec))


def add_photo_files(
    session: Session, actor: Actor, files: AttachmentService, record_id: str, paths: list[str]
) -> list[Photo]:
    """Attach the photos (:func:`fieldkit.services.records.add_photos`) and decode their thumbnails."""
    out = []
    for att in add_photos(session, actor, files, record_id, paths):
        try:
            image = thumbnail(files.read(att.sha256))
        except (OSError, FileCryptError):
            image = QImage()
        out.append(Photo(att.id, att.filename, image))
    return out


def load_start(
    session: Session, staff_id: str, staff_name: str, scope_staff_id: str | None, zone_id: str | None
) -> tuple[list[RecordRow], list[tuple[str, str]], list[RecordRow]]:
    """The user's drafts as rows, the enterprises a record may be started for and the user's
    records sent back for correction (退回修改)."""
    states = unsynced(session, "servicerecord")
    rows = [
        make_record_row(r, name, staff_name, states.get(r.id, "synced"))
        for r, name in drafts_with_names(session, staff_id)
    ]
    returned = [
        make_record_row(r, name, staff_name, states.get(r.id, "synced"))
        for r, name in returned_records(session, staff_id)
    ]
    return rows, scope_enterprises(session, scope_staff_id, zone_id), returned


# -- the view ---------------------------------------------------------------------------------------


class RecordEditorView(WorkflowView):
    """走访记录."""

    record_saved = Signal(str)
    record_submitted = Signal(str)
    record_loaded = Signal(str)
    #: the on-demand download of the shown record's files ended: how many are still missing
    attachments_fetched = Signal(int)

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.record_id: str | None = None
        #: downloads the shown record's photos and signature when they are not on this computer
        self.fetcher = AttachmentFetcher(ctx.engine, ctx.folder, key=ctx.key, parent=self)
        self.fetcher.progress.connect(self._fetch_progress)
        self.fetcher.fetched.connect(self._fetched)
        self.fetcher.finished.connect(self._fetch_finished)
        #: a print preview asked for while the files were still downloading: opened when they are in
        self._print_after_fetch: Any = None
        self.status = ""
        self.enterprise_id = ""
        self.enterprise_name = ""
        self.data: EditorData | None = None
        self._snapshot: dict[str, Any] = {}
        self._sig_dirty = False
        self._populating = False
        self._saving = False
        self._save_again = False
        self._after_save: list[Any] = []
        self._current_stage = ""
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName(DEBOUNCE)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save_now)
        self._build()
        self.record_saved.connect(lambda _id: self.data_changed.emit())
        self.record_submitted.connect(lambda _id: self.data_changed.emit())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.aboutToQuit.connect(self._quitting)

    def title(self) -> str:
        return self.tr("走访记录")

    # -- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        self.stack = QStackedWidget()
        root.addWidget(self.stack)
        self.stack.addWidget(self._build_start())
        self.stack.addWidget(self._build_editor())

    def _build_start(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        head = QLabel(self.tr("从走访计划开始记录，或选择一家企业直接开始。"))
        lay.addWidget(head)
        row = QHBoxLayout()
        self.start_enterprise = EnterpriseCombo()
        self.start_enterprise.setObjectName("start_enterprise")
        row.addWidget(QLabel(self.tr("企业")))
        row.addWidget(self.start_enterprise, 1)
        self.start_button = push_button(self.tr("开始走访记录"), "start_new_record")
        self.start_button.clicked.connect(self._start_from_combo)
        row.addWidget(self.start_button)
        lay.addLayout(row)
        self.start_banner = MessageBanner()
        lay.addWidget(self.start_banner)
        self.returned_title = QLabel(self.tr("主管退回修改的记录（双击查看原因并更正）"))
        self.returned_title.setStyleSheet("color:#c62828;font-weight:bold;")
        lay.addWidget(self.returned_title)
        self.returned_model = ReturnedRecordTableModel(self)
        self.returned_view = make_table(self.returned_model, "returned_table")
        self.returned_view.setMaximumHeight(150)
        self.returned_view.doubleClicked.connect(
            lambda idx: self.edit_record(self.returned_model.row(idx.row()).id)
        )
        lay.addWidget(self.returned_view)
        self.returned_title.hide()
        self.returned_view.hide()
        lay.addWidget(QLabel(self.tr("我的草稿（双击继续填写）")))
        self.drafts_model = RecordTableModel(self)
        self.drafts_view = make_table(self.drafts_model, "drafts_table")
        self.drafts_view.doubleClicked.connect(
            lambda idx: self.edit_record(self.drafts_model.row(idx.row()).id)
        )
        lay.addWidget(self.drafts_view, 1)
        self.delete_selected_button = push_button(self.tr("删除选中草稿"), "delete_selected_draft")
        self.delete_selected_button.clicked.connect(self._delete_selected_draft)
        self.print_ledger_button = push_button(
            self.tr("打印我的工作台账…"),
            "print_my_ledger",
            tooltip=self.tr("选择期间，打印或导出本人的工作台账"),
        )
        self.print_ledger_button.clicked.connect(self.print_my_ledger)
        lay.addLayout(button_row(self.delete_selected_button, self.print_ledger_button))
        return page

    def _build_editor(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        # header
        head = QHBoxLayout()
        self.heading = heading_label("", "record_heading", 1.25, wrap=False)
        head.addWidget(self.heading)
        self.status_label = QLabel()
        self.status_label.setObjectName("record_status")
        head.addWidget(self.status_label)
        head.addStretch(1)
        self.autosave_label = QLabel()
        self.autosave_label.setObjectName("autosave_label")
        self.autosave_label.setStyleSheet("color:#616161;")
        head.addWidget(self.autosave_label)
        self.save_button = push_button(
            self.tr("保存草稿"),
            "save_draft",
            QKeySequence.StandardKey.Save,
            self.tr("草稿会自动保存 (Ctrl+S)"),
        )
        self.submit_button = push_button(
            self.tr("提交"), "submit_record", tooltip=self.tr("提交后记录将锁定，不能再修改")
        )
        self.amend_button = push_button(
            self.tr("更正"), "amend_record", tooltip=self.tr("对已提交的记录新建一条更正记录，原记录保持不变")
        )
        self.print_button = push_button(self.tr("打印"), "print_record")
        self.close_button = push_button(self.tr("关闭"), "close_record")
        self.delete_button = push_button(self.tr("删除草稿"), "delete_draft")
        for b in (
            self.save_button,
            self.submit_button,
            self.delete_button,
            self.amend_button,
            self.print_button,
            self.close_button,
        ):
            head.addWidget(b)
        outer.addLayout(head)
        self.banner = MessageBanner()
        outer.addWidget(self.banner)

        self.splitter = QSplitter()
        outer.addWidget(self.splitter, 1)
        scroll = self.body_scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        scroll.setWidget(body)
        self.splitter.addWidget(scroll)
        self.general_error = ErrorLabel()
        self.errors = FieldErrors(self.general_error)
        self.body_layout.addWidget(self.general_error)

        # basic information
        basic = QGroupBox(self.tr("基本信息"))
        form = QFormLayout(basic)
        self.visit_at = QDateTimeEdit()
        self.visit_at.setObjectName("visit_at")
        self.visit_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.visit_at.setCalendarPopup(True)
        self._row(form, self.tr("走访时间"), self.visit_at, "visit_at")
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self._row(form, self.tr("走访地点"), self.place, "place")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        fill_combo(self.kind, choices("plan_kind"))
        self._row(form, self.tr("服务类型"), self.kind, "kind")
        self.plan_label = QLabel()
        self.plan_label.setObjectName("plan_label")
        self.plan_label.setWordWrap(True)
        self.unlink_plan_button = push_button(
            self.tr("不按此计划记录"),
            "unlink_plan",
            tooltip=self.tr("这次走访不是为了这项计划：记录不再关联它，计划保持未完成"),
        )
        self.unlink_plan_button.clicked.connect(self.unlink_plan)
        plan_row = QHBoxLayout()
        plan_row.setContentsMargins(0, 0, 0, 0)
        plan_row.addWidget(self.plan_label, 1)
        plan_row.addWidget(self.unlink_plan_button)
        form.addRow(self.tr("走访计划"), plan_row)
        # 回访 (seed 004 附录A): a closed on-demand service shows its follow-up plan, or offers one
        self.follow_up_box = QWidget()
        follow_row = QHBoxLayout(self.follow_up_box)
        follow_row.setContentsMargins(0, 0, 0, 0)
        self.follow_up_label = QLabel()
        self.follow_up_label.setObjectName("follow_up_label")
        self.follow_up_label.setWordWrap(True)
        self.follow_up_button = push_button(
            self.tr("安排回访…"), "plan_follow_up", tooltip=self.tr("定点服务办结后，安排一次回访")
        )
        self.follow_up_button.clicked.connect(lambda _c=False: self.offer_follow_up(ask=False))
        follow_row.addWidget(self.follow_up_label, 1)
        follow_row.addWidget(self.follow_up_button)
        form.addRow(self.tr("回访"), self.follow_up_box)
        self._form_with_follow_up = form
        self.staff_participants = QLineEdit()
        self.staff_participants.setObjectName("staff_participants")
        self.staff_participants.setPlaceholderText(self.tr("我方参加人员，用顿号分隔"))
        self._row(form, self.tr("我方人员"), self.staff_participants, "staff_participants")
        self.enterprise_participants = QLineEdit()
        self.enterprise_participants.setObjectName("enterprise_participants")
        self.enterprise_participants.setPlaceholderText(self.tr("企业方参加人员及职务"))
        self._row(form, self.tr("企业方人员"), self.enterprise_participants, "enterprise_participants")
        self.body_layout.addWidget(basic)

        # stage and service items
        items_box = QGroupBox(self.tr("服务事项"))
        il = QVBoxLayout(items_box)
        srow = QHBoxLayout()
        srow.addWidget(QLabel(self.tr("生命周期阶段")))
        self.stage = QComboBox()
        self.stage.setObjectName("stage")
        fill_combo(self.stage, [(s.code, s.label(self.ctx.language)) for s in load_reference().stages])
        srow.addWidget(self.stage)
        srow.addStretch(1)
        il.addLayout(srow)
        self.service_items = QListWidget()
        self.service_items.setObjectName("service_items")
        self.service_items.setMinimumHeight(210)
        self.service_items.setWordWrap(True)
        il.addWidget(self.service_items)
        self.body_layout.addWidget(items_box)

        # content
        content_box = QGroupBox(self.tr("走访内容"))
        cf = QFormLayout(content_box)
        self.content = self._plain("content", self.tr("服务内容、了解到的情况"), 110)
        self._row(cf, self.tr("服务内容"), self.content, "content")
        self.problems = self._plain("problems", self.tr("企业存在的问题和困难"), 80)
        self._row(cf, self.tr("发现问题"), self.problems, "problems")
        self.follow_up = self._plain("follow_up", self.tr("下一步跟进事项"), 80)
        self._row(cf, self.tr("后续跟进"), self.follow_up, "follow_up")
        self.body_layout.addWidget(content_box)

        # demands
        dem_box = QGroupBox(self.tr("企业诉求"))
        dl = QVBoxLayout(dem_box)
        self.demand_model = RecordDemandTableModel(self)
        self.demand_view = make_table(self.demand_model, "record_demands")
        self.demand_view.setMinimumHeight(110)
        dl.addWidget(self.demand_view)
        self.add_demand_button = push_button(self.tr("新增诉求"), "add_demand")
        dl.addWidget(self.add_demand_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addWidget(dem_box)

        # policy pushes
        pol_box = QGroupBox(self.tr("政策宣讲"))
        pl = QVBoxLayout(pol_box)
        self.push_model = PushTableModel(self)
        self.push_view = make_table(self.push_model, "record_pushes")
        self.push_view.setColumnHidden(1, True)
        self.push_view.setMinimumHeight(90)
        pl.addWidget(self.push_view)
        self.push_button = push_button(self.tr("推送政策"), "push_policy")
        pl.addWidget(self.push_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addWidget(pol_box)

        # photos
        photo_box = QGroupBox(self.tr("现场照片"))
        phl = QVBoxLayout(photo_box)
        self.photos = QListWidget()
        self.photos.setObjectName("photos")
        self.photos.setViewMode(QListView.ViewMode.IconMode)
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.setResizeMode(QListView.ResizeMode.Adjust)
        self.photos.setMovement(QListView.Movement.Static)
        self.photos.setMinimumHeight(THUMB + 40)
        self.photos.setSpacing(6)
        phl.addWidget(self.photos)
        #: "正在下载照片 1/2：…" while photos come from the server, or why they are not here
        self.photo_status = QLabel()
        self.photo_status.setObjectName("photoDownload")
        self.photo_status.setWordWrap(True)
        self.photo_status.hide()
        phl.addWidget(self.photo_status)
        self.add_photo_button = push_button(self.tr("添加照片"), "add_photo")
        self.remove_photo_button = push_button(self.tr("删除选中照片"), "remove_photo")
        phl.addLayout(button_row(self.add_photo_button, self.remove_photo_button))
        self.body_layout.addWidget(photo_box)

        # signature
        sig_box = QGroupBox(self.tr("企业代表签名"))
        sgl = QVBoxLayout(sig_box)
        self.signature = SignaturePad()
        self.signature.setMinimumHeight(170)
        sgl.addWidget(self.signature)
        self.body_layout.addWidget(sig_box)
        self.hash_label = QLabel()
        self.hash_label.setObjectName("hash_label")
        self.hash_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body_layout.addWidget(self.hash_label)
        self.body_layout.addStretch(1)

        # amendments beside the original
        self.compare_panel, cl = column_panel()
        self.compare_title = QLabel(self.tr("原记录与更正对照（黄色为改动）"))
        self.compare_title.setWordWrap(True)
        cl.addWidget(self.compare_title)
        self.compare_model = RecordCompareTableModel(self)
        self.compare_view = QTableView()
        self.compare_view.setObjectName("compare_table")
        self.compare_view.setModel(self.compare_model)
        self.compare_view.setWordWrap(True)
        self.compare_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.compare_view.horizontalHeader().setStretchLastSection(True)
        cl.addWidget(self.compare_view, 1)
        self.open_original_button = push_button(self.tr("查看原记录"), "open_original")
        cl.addWidget(self.open_original_button)
        self.splitter.addWidget(self.compare_panel)
        self.compare_panel.hide()
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self._inputs: list[QWidget] = [
            self.visit_at,
            self.place,
            self.kind,
            self.staff_participants,
            self.enterprise_participants,
            self.stage,
            self.service_items,
            self.content,
            self.problems,
            self.follow_up,
        ]
        # edits → autosave
        for w in (self.place, self.staff_participants, self.enterprise_participants):
            w.textEdited.connect(self._edited)
            w.editingFinished.connect(self._flush_if_dirty)
        for text in (self.content, self.problems, self.follow_up):
            text.textChanged.connect(self._edited)
        self.visit_at.dateTimeChanged.connect(self._edited)
        self.kind.currentIndexChanged.connect(self._edited)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.service_items.itemChanged.connect(self._edited)
        self.signature.changed.connect(self._signature_changed)
        # buttons
        self.save_button.clicked.connect(self.save_now)
        self.submit_button.clicked.connect(self.submit)
        self.amend_button.clicked.connect(self.amend)
        self.print_button.clicked.connect(self.print_record)
        self.close_button.clicked.connect(self.close_record)
        self.delete_button.clicked.connect(self.delete_current_draft)
        self.add_demand_button.clicked.connect(self.add_demand)
        self.push_button.clicked.connect(self.push_policy)
        self.add_photo_button.clicked.connect(self.add_photo)
        self.remove_photo_button.clicked.connect(self.remove_photo)
        self.open_original_button.clicked.connect(self._open_original)
        self.demand_view.doubleClicked.connect(lambda _i: None)
        return page

    def _row(self, form: QFormLayout, text: str, widget: QWidget, field_name: str) -> None:
        err = ErrorLabel()
        err.setObjectName(f"error_{field_name}")
        self.errors.register(field_name, err, widget)
        form.addRow(text, with_error(widget, err))

    def _plain(self, name: str, placeholder: str, height: int) -> QPlainTextEdit:
        w = QPlainTextEdit()
        w.setObjectName(name)
        w.setPlaceholderText(placeholder)
        w.setTabChangesFocus(True)
        w.setMinimumHeight(height)
        return w

    # -- public slots -------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        if self.record_id:
            self._reload_current()
        else:
            self._load_start()

    def _reload_current(self) -> None:
        """Reload the open record after saving what was typed, so a reload never loses an edit."""
        rid = self.record_id
        if rid:

            def reload() -> None:
                if self.record_id == rid:
                    self._load(rid)

            self.save_now(then=reload)

    @Slot(str)
    def edit_record(self, record_id: str) -> None:
        if self.record_id and self.record_id != record_id:
            self.save_now()
        self._load(record_id)

    @Slot()
    def new_record(self, enterprise_id: str | None = None, plan_id: str | None = None) -> None:
        if not enterprise_id and not plan_id:
            self.record_id = None
            self.stack.setCurrentIndex(0)
            self._load_start()
            return
        if self.record_id:
            self.save_now()
        ctx = self.ctx

        def started(record_id: str) -> None:
            self.data_changed.emit()
            self._load(record_id)

        self.runner.write(
            ctx,
            start_record,
            ctx.actor,
            enterprise_id=enterprise_id,
            plan_id=plan_id,
            on_done=started,
            on_error=self._start_failed,
        )

    def _start_from_combo(self) -> None:
        eid = self.start_enterprise.enterprise_id()
        if not eid:
            self.start_banner.error(self.tr("请从列表中选择企业"))
            return
        self.new_record(eid)

    def _start_failed(self, exc: BaseException) -> None:
        (self.banner if self.stack.currentIndex() == 1 else self.start_banner).error(exc)

    # -- loading ------------------------------------------------------------------------------------
    def _load_start(self) -> None:
        ctx = self.ctx

        def done(result: tuple[list[RecordRow], list[tuple[str, str]], list[RecordRow]]) -> None:
            rows, ents, returned = result
            self.returned_model.set_rows(returned)
            fit_columns(self.returned_view, 420)
            self.returned_title.setVisible(bool(returned))
            self.returned_view.setVisible(bool(returned))
            self.drafts_model.set_rows(rows)
            fit_columns(self.drafts_view)
            self.start_enterprise.set_enterprises(ents)
            self.loaded.emit()

        staff_id, zone_id = scope_of(ctx)
        self.runner.read(
            ctx,
            load_start,
            ctx.staff.id,
            ctx.staff.name,
            staff_id,
            zone_id,
            on_done=done,
            on_error=self.start_banner.error,
        )

    def _load(self, record_id: str) -> None:
        ctx = self.ctx
        self.runner.read(
            ctx,
            load_editor,
            ctx.actor,
            ctx.attachments,
            ctx.language,
            record_id,
            on_done=self._populate,
            on_error=self._start_failed,
        )

    def _populate(self, data: EditorData) -> None:
        rec = data.record
        if self.record_id != rec.id:
            self.errors.clear()
            self.banner.hide()  # what was said about the previous record
            self.body_scroll.verticalScrollBar().setValue(0)  # a record opens at its top
        self.data = data
        self.record_id = rec.id
        self.status = rec.status
        self.enterprise_id = rec.enterprise_id
        self.enterprise_name = data.enterprise
        self._populating = True
        try:
            prefix = self.tr("更正记录") if rec.amends_id else self.tr("走访记录")
            self.heading.setText(f"{prefix} · {data.enterprise}")
            self.status_label.setText(label("record_status", rec.status))
            color = {
                "draft": "#757575",
                "submitted": "#1565c0",
                "reviewed": "#2e7d32",
                "returned": "#c62828",
            }.get(rec.status, "#757575")
            self.status_label.setStyleSheet(
                f"color:white;background:{color};padding:2px 8px;border-radius:8px;"
            )
            loc = to_local(rec.visit_at)
            if loc is not None:
                self.visit_at.setDateTime(QDateTime(loc.year, loc.month, loc.day, loc.hour, loc.minute, 0))
            self.place.setText(rec.place)
            select_data(self.kind, rec.kind)
            if rec.plan_id:
                when = fmt_date(data.plan_date) if data.plan_date else ""
                self.plan_label.setText(
                    self.tr("{theme}（{date} 的计划，提交后即完成）").format(theme=data.plan_theme, date=when)
                )
            else:
                self.plan_label.setText(self.tr("（无计划，直接记录）"))
            self.unlink_plan_button.setVisible(bool(rec.plan_id) and rec.status == "draft")
            if data.follow_ups:
                self.follow_up_label.setText(
                    self.tr("；").join(
                        self.tr("{date} 回访（{status}）").format(date=fmt_date(d), status=st)
                        for d, st in data.follow_ups
                    )
                )
            else:
                self.follow_up_label.setText(self.tr("尚未安排回访") if data.can_follow_up else "")
            self.follow_up_button.setVisible(data.can_follow_up)
            self._form_with_follow_up.setRowVisible(
                self.follow_up_box, bool(data.follow_ups) or data.can_follow_up
            )
            self.staff_participants.setText(rec.staff_participants)
            self.enterprise_participants.setText(rec.enterprise_participants)
            select_data(self.stage, rec.stage)
            self._fill_items(rec.stage, set(rec.service_items))
            for name in PLAIN_FIELDS:
                w: QPlainTextEdit = getattr(self, name)
                if w.toPlainText() != getattr(rec, name):
                    w.setPlainText(getattr(rec, name))
            self.signature.set_image(data.signature)
            self._sig_dirty = False
            self.demand_model.set_rows(data.demands)
            fit_columns(self.demand_view)
            self.push_model.set_rows(data.pushes)
            fit_columns(self.push_view, 320)
            self.photos.clear()
            for ph in data.photos:
                self._add_photo_item(ph)
            self.hash_label.setText(
                self.tr("内容校验码：{hash}").format(hash=short_hash(rec.content_hash))
                if rec.content_hash
                else ""
            )
            self._snapshot = self.collect()
        finally:
            self._populating = False
        self._set_locked(rec.status != "draft")
        self._show_versions(data)
        self._fetch_missing(data)
        if rec.status == "draft":
            self.autosave_label.setText(
                self.tr("草稿 · 最近保存 {time}").format(time=fmt_datetime(rec.updated_at))
            )
        else:
            self.autosave_label.setText(self.tr("提交于 {time}").format(time=fmt_datetime(rec.submitted_at)))
        if rec.status == "returned":
            self.banner.error(
                self.tr("主管退回修改：{reason}。请点“更正”新建更正记录，改好后提交。").format(
                    reason=rec.review_note
                )
            )
        elif rec.amends_id and rec.status == "draft":
            self.banner.info(self.tr("这是一条更正记录：修改需要更正的内容后提交，原记录保持不变。"), 0)
        self.stack.setCurrentIndex(1)
        self.record_loaded.emit(rec.id)
        self.loaded.emit()

    def _show_versions(self, data: EditorData) -> None:
        show = bool(data.versions)
        was_visible = not self.compare_panel.isHidden()
        self.compare_model.set_versions(data.versions)
        self.compare_panel.setVisible(show)
        self.open_original_button.setVisible(bool(data.original_id))
        if show:
            self.compare_view.resizeColumnsToContents()
            for c in range(self.compare_model.columnCount()):
                self.compare_view.setColumnWidth(c, min(max(self.compare_view.columnWidth(c), 120), 240))
            self.compare_view.resizeRowsToContents()
            if not was_visible:
                total = self.splitter.width() or 1000
                self.splitter.setSizes([int(total * 0.58), int(total * 0.42)])

    def _fill_items(self, stage: str, checked: set[str]) -> None:
        self._current_stage = stage
        self.service_items.blockSignals(True)
        self.service_items.clear()
        for it in load_reference().service_items(stage):
            item = QListWidgetItem(it.label(self.ctx.language))
            item.setData(Qt.ItemDataRole.UserRole, it.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if it.code in checked else Qt.CheckState.Unchecked)
            self.service_items.addItem(item)
        self.service_items.blockSignals(False)

    def _stage_changed(self) -> None:
        if self._populating:
            return
        self._fill_items(self.stage.currentData(), set())
        self._edited()

    def checked_items(self) -> list[str]:
        out = []
        for i in range(self.service_items.count()):
            it = self.service_items.item(i)
            if it.checkState() == Qt.CheckState.Checked:
                out.append(it.data(Qt.ItemDataRole.UserRole))
        return out

    def _set_locked(self, locked: bool) -> None:
        for w in (self.place, self.staff_participants, self.enterprise_participants):
            w.setReadOnly(locked)
        for text in (self.content, self.problems, self.follow_up):
            text.setReadOnly(locked)
        self.visit_at.setReadOnly(locked)
        self.kind.setEnabled(not locked)
        self.stage.setEnabled(not locked)
        for i in range(self.service_items.count()):
            it = self.service_items.item(i)
            flags = it.flags()
            it.setFlags(
                flags & ~Qt.ItemFlag.ItemIsUserCheckable
                if locked
                else flags | Qt.ItemFlag.ItemIsUserCheckable
            )
        self.signature.set_read_only(locked)
        for b in (
            self.add_demand_button,
            self.push_button,
            self.add_photo_button,
            self.remove_photo_button,
            self.save_button,
            self.submit_button,
        ):
            b.setEnabled(not locked)
        self.save_button.setVisible(not locked)
        self.submit_button.setVisible(not locked)
        self.delete_button.setVisible(not locked)
        self.amend_button.setVisible(locked)

    def is_locked(self) -> bool:
        return self.status not in ("", "draft")

    # -- autosave -----------------------------------------------------------------------------------
    def collect(self) -> dict[str, Any]:
        qdt = self.visit_at.dateTime()
        d, t = qdt.date(), qdt.time()
        visit_at = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()).astimezone()
        out: dict[str, Any] = {
            "visit_at": visit_at,
            "kind": self.kind.currentData(),
            "stage": self.stage.currentData(),
            "service_items": self.checked_items(),
        }
        for name in TEXT_FIELDS:
            out[name] = getattr(self, name).text()
        for name in PLAIN_FIELDS:
            out[name] = getattr(self, name).toPlainText()
        return out

    def pending_changes(self) -> dict[str, Any]:
        now = self.collect()
        return {k: v for k, v in now.items() if self._snapshot.get(k) != v}

    def is_dirty(self) -> bool:
        return (
            bool(self.record_id)
            and not self.is_locked()
            and (self._sig_dirty or bool(self.pending_changes()))
        )

    def _edited(self, *_args: Any) -> None:
        if self._populating or self.is_locked() or not self.record_id:
            return
        self.autosave_label.setText(self.tr("有未保存的修改…"))
        self.autosave_timer.start()

    def _signature_changed(self) -> None:
        if self._populating or self.is_locked():
            return
        self._sig_dirty = True
        self._edited()

    def _flush_if_dirty(self) -> None:
        if self.is_dirty():
            self.save_now()

    def _signature_payload(self) -> bytes | None | bool:
        if not self._sig_dirty:
            return False
        return None if self.signature.is_empty() else self.signature.to_png()

    @Slot()
    def save_now(self, then: Any = None) -> None:
        """Save what changed through the runner; ``then`` runs after the save finished.

        One save at a time: asked for while one is running, it runs again once that one is done
        with whatever changed in the meantime (so a draft is never written twice at once). What a
        running save carries counts as saved (``_snapshot``) unless it fails.
        """
        self.autosave_timer.stop()
        if then is not None:
            self._after_save.append(then)
        if self._saving:
            self._save_again = True
            return
        if not self.record_id or self.is_locked():
            self._run_after_save()
            return
        changes = self.pending_changes()
        sig = self._signature_payload()
        if not changes and sig is False:
            self._run_after_save()
            return
        before = {k: self._snapshot.get(k) for k in changes}
        self._snapshot = {**self._snapshot, **changes}
        self._saving = True
        self._sig_dirty = False
        ctx, rid = self.ctx, self.record_id

        def done(_result: Any) -> None:
            self._saving = False
            if self.record_id == rid:
                self.autosave_label.setText(
                    self.tr("已自动保存 {time}").format(time=datetime.now().strftime("%H:%M:%S"))
                )
            self.record_saved.emit(rid)
            if self.record_id == rid and self.data is not None and self.data.versions:
                self._reload_versions()
            if self._save_again:
                self._save_again = False
                self.save_now()
            else:
                self._run_after_save()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self._save_again = False
            if self.record_id == rid:
                for k, v in before.items():  # not saved: the next save tries these fields again
                    if self._snapshot.get(k) == changes[k]:
                        self._snapshot[k] = v
                if sig is not False:
                    self._sig_dirty = True
            self._after_save.clear()
            self.autosave_label.setText(self.tr("保存失败"))
            self.banner.error(exc)

        self.runner.write(
            ctx,
            save_draft,
            ctx.actor,
            ctx.attachments,
            rid,
            dict(changes),
            sig,
            on_done=done,
            on_error=failed,
        )

    @property
    def saving(self) -> bool:
        """A save is running on the runner."""
        return self._saving

    def _reload_versions(self) -> None:
        ctx, rid = self.ctx, self.record_id
        assert rid is not None

        def done(versions: list[tuple[str, dict[str, str]]]) -> None:
            if self.record_id == rid and self.data is not None:
                self.data.versions = versions
                self._show_versions(self.data)

        self.runner.read(
            ctx, load_versions, ctx.actor, ctx.language, rid, on_done=done, on_error=self.banner.error
        )

    def _run_after_save(self) -> None:
        pending, self._after_save = self._after_save, []
        for fn in pending:
            fn()

    def save_sync(self) -> None:
        """Last-chance save on the GUI thread, only when the window closes or the application quits
        (hiding or switching views saves through the runner: :meth:`save_now`).

        Nothing is written when a running save already carries every change; otherwise that save
        is let finish first, so that two writes of the draft never run at once.
        """
        self.autosave_timer.stop()
        if not self.record_id or self.is_locked():
            return
        changes = self.pending_changes()
        sig = self._signature_payload()
        if not changes and sig is False:
            return
        if self._saving:
            self.runner.wait()  # quitting: the running save finishes before the last one starts
        rid = self.record_id
        try:
            in_transaction(
                self.ctx, save_draft, self.ctx.actor, self.ctx.attachments, rid, dict(changes), sig
            )
        except Exception as exc:  # closing: report it, never let it abort the close
            log.exception("saving the draft %s on close", rid)
            self.banner.error(exc)
            return
        self._snapshot = {**self._snapshot, **changes}
        self._sig_dirty = False
        self.record_saved.emit(rid)

    def _quitting(self) -> None:
        self.save_sync()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and self.isAncestorOf(old) and (new is None or not self.isAncestorOf(new)):
            if self.is_dirty():
                self.save_now()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow() and self.is_dirty():
            self.save_now()  # the window lost the focus: the lid may be closing
        super().changeEvent(event)

    def hideEvent(self, event: Any) -> None:  # noqa: N802
        if self.is_dirty():
            self.save_now()  # another view was chosen: save through the runner
        super().hideEvent(event)

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.save_sync()
        super().closeEvent(event)

    # -- submit and amend ---------------------------------------------------------------------------
    @Slot()
    def submit(self) -> None:
        if not self.record_id or self.is_locked():
            return
        self.errors.clear()
        self.submit_button.setEnabled(False)
        ctx, rid = self.ctx, self.record_id

        def check() -> None:  # after the save: what would block it, what to confirm
            if self.record_id != rid:
                return
            self.runner.read(ctx, submit_warnings, rid, on_done=ask, on_error=failed)

        def ask(warnings: list[str]) -> None:
            if self.record_id != rid:
                return
            self.submit_button.setEnabled(True)
            box = ConfirmBox(
                self,
                self.tr("提交走访记录"),
                self.tr("提交后记录将锁定，不能再修改（只能新建更正记录）。确定提交吗？")
                if not warnings
                else self.tr("提交后记录将锁定，不能再修改。请先确认以下情况："),
                self.tr("确定提交"),
                self.tr("返回修改"),
                do_submit,
                [translate("Validation", w) for w in warnings],
            )
            box.setObjectName("confirm_submit")
            self.dialog = box
            box.finished.connect(lambda _r: setattr(self, "dialog", None))
            box.open()

        def do_submit() -> None:
            if self.record_id != rid:
                return
            self.submit_button.setEnabled(False)
            self.runner.write(ctx, submit_record, ctx.actor, rid, on_done=submitted, on_error=failed)

        def submitted(_hash: str) -> None:
            self.banner.info(self.tr("记录已提交并锁定"))
            self.record_submitted.emit(rid)
            self._load(rid)
            self.offer_follow_up(rid)  # an on-demand service closes: offer its 回访

        def failed(exc: BaseException) -> None:
            self.submit_button.setEnabled(True)
            self.errors.show(exc)
            if not isinstance(exc, FieldKitError) or not self.errors.messages():
                self.banner.error(exc)
            else:
                self.banner.error(self.tr("还有内容需要补充，请查看标红的栏目"))

        self.save_now(then=check)

    def offer_follow_up(self, record_id: str | None = None, *, ask: bool = True) -> None:
        """回访 (seed 004 附录A): when the on-demand service ``record_id`` (default: the record
        shown) has closed and has no follow-up plan yet, ask whether to plan one (``ask``) and
        open the plan dialog with the suggested day; the plan links back to the record."""
        rid = record_id or self.record_id
        if not rid:
            return
        ctx = self.ctx

        def offered(offer: FollowUpOffer | None) -> None:
            if offer is None or self.record_id != rid:
                return
            if not ask:
                open_plan(offer)
                return
            box = ConfirmBox(
                self,
                self.tr("安排回访"),
                self.tr("定点服务已办结。是否安排一次回访？建议日期：{date}").format(
                    date=fmt_date(offer.suggested)
                ),
                self.tr("安排回访…"),
                self.tr("暂不安排"),
                lambda: open_plan(offer),
            )
            box.setObjectName("confirm_follow_up")
            self.dialog = box
            box.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is box else None)
            box.open()

        def open_plan(offer: FollowUpOffer) -> None:
            dlg = PlanDialog(
                ctx,
                self.runner,
                [(offer.enterprise_id, offer.enterprise)],
                offer.suggested,
                enterprise_id=offer.enterprise_id,
                parent=self,
                theme=offer.theme,
                follow_up_of=offer.record_id,
            )
            self.open_dialog(
                dlg,
                self.tr("已安排回访"),
                then=lambda _r: self._load(rid) if self.record_id == rid else None,
            )

        self.runner.read(ctx, follow_up_offer, rid, on_done=offered, on_error=self.banner.error)

    @Slot()
    def amend(self) -> None:
        if not self.record_id or not self.is_locked():
            return
        ctx, rid = self.ctx, self.record_id
        self.amend_button.setEnabled(False)

        def done(new_id: str) -> None:
            self.amend_button.setEnabled(True)
            self.data_changed.emit()
            self._load(new_id)

        def failed(exc: BaseException) -> None:
            self.amend_button.setEnabled(True)
            self.banner.error(exc)

        self.runner.write(ctx, amend_record, ctx.actor, rid, on_done=done, on_error=failed)

    def _open_original(self) -> None:
        if self.data and self.data.original_id:
            self.edit_record(self.data.original_id)

    @Slot()
    def close_record(self) -> None:
        """Back to the start page; a draft nobody wrote anything into is deleted (no junk drafts)."""
        ctx, rid, draft = self.ctx, self.record_id, not self.is_locked()

        def discard() -> None:
            if rid and draft:
                self.runner.write(
                    ctx, discard_if_blank, ctx.actor, rid, on_done=discarded, on_error=self.start_banner.error
                )

        def discarded(deleted: bool) -> None:
            if deleted:
                self.data_changed.emit()
                if not self.record_id:
                    self._load_start()

        self.save_now(then=discard)
        self.record_id = None
        self.status = ""
        self.data = None
        self.stack.setCurrentIndex(0)
        self._load_start()

    @Slot()
    def unlink_plan(self) -> None:
        """The draft no longer carries out its plan (the plan stays open)."""
        if not self.record_id or self.is_locked():
            return
        ctx, rid = self.ctx, self.record_id

        def done(_r: object) -> None:
            self.data_changed.emit()
            if self.record_id == rid:
                self._load(rid)

        def unlink() -> None:
            self.runner.write(
                ctx,
                save_draft,
                ctx.actor,
                ctx.attachments,
                rid,
                {"plan_id": None},
                on_done=done,
                on_error=self.banner.error,
            )

        self.save_now(then=unlink)

    @Slot()
    def delete_current_draft(self) -> None:
        if self.record_id and not self.is_locked():
            self._confirm_delete(self.record_id, self.enterprise_name)

    def _delete_selected_draft(self) -> None:
        row = selected_row(self.drafts_view)
        if row is None:
            self.start_banner.error(self.tr("请先在列表中选择要删除的草稿"))
            return
        self._confirm_delete(row.id, row.enterprise)

    def _confirm_delete(self, record_id: str, enterprise: str) -> None:
        ctx = self.ctx

        def delete() -> None:
            if self.record_id == record_id:
                self.autosave_timer.stop()
                self._snapshot = self.collect()  # nothing left to save: the draft goes
                self._sig_dirty = False
            self.runner.write(ctx, delete_draft, ctx.actor, record_id, on_done=deleted, on_error=failed)

        def deleted(_r: object) -> None:
            self.data_changed.emit()
            if self.record_id == record_id:
                self.record_id = None
                self.status = ""
                self.data = None
                self.stack.setCurrentIndex(0)
            self.start_banner.info(self.tr("已删除草稿：{name}").format(name=enterprise))
            self._load_start()

        def failed(exc: BaseException) -> None:
            (self.banner if self.stack.currentIndex() == 1 else self.start_banner).error(exc)

        box = ConfirmBox(
            self,
            self.tr("删除草稿"),
            self.tr("删除“{name}”的这份走访记录草稿？删除后不能恢复。").format(name=enterprise),
            self.tr("删除"),
            self.tr("取消"),
            delete,
        )
        box.setObjectName("confirm_delete")
        self.dialog = box
        box.finished.connect(lambda _r: setattr(self, "dialog", None))
        box.open()

    # -- inline demands, policies, photos -----------------------------------------------------------
    @Slot()
    def add_demand(self) -> None:
        if not self.record_id or self.is_locked():
            return
        rid = self.record_id
        dlg = NewDemandDialog(
            self.ctx,
            self.runner,
            [(self.enterprise_id, self.enterprise_name)],
            self.enterprise_id,
            record_id=rid,
            parent=self,
        )
        self.save_now()
        self.open_dialog(dlg, then=lambda _r: self._reload_current())

    @Slot()
    def push_policy(self) -> None:
        if not self.record_id or self.is_locked():
            return
        dlg = PolicyPushDialog(
            self.ctx,
            self.runner,
            self.enterprise_id,
            self.enterprise_name,
            record_id=self.record_id,
            parent=self,
        )
        self.save_now()
        self.open_dialog(dlg, then=lambda _r: self._reload_current())

    @Slot()
    def add_photo(self) -> None:
        if not self.record_id or self.is_locked():
            return
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("选择现场照片"), "", self.tr("图片 (*.png *.jpg *.jpeg *.bmp *.gif)")
        )
        if not paths:
            return
        ctx, rid = self.ctx, self.record_id

        def done(photos: list[Photo]) -> None:
            if self.record_id != rid:
                return
            self.data_changed.emit()
            for ph in photos:
                self._add_photo_item(ph)
            self.banner.info(self.tr("已添加 {n} 张照片").format(n=len(photos)))

        self.runner.write(
            ctx,
            add_photo_files,
            ctx.actor,
            ctx.attachments,
            rid,
            list(paths),
            on_done=done,
            on_error=self.banner.error,
        )

    def _add_photo_item(self, ph: Photo) -> None:
        icon = QIcon(QPixmap.fromImage(ph.image)) if not ph.image.isNull() else QIcon()
        item = QListWidgetItem(icon, ph.filename)
        item.setData(Qt.ItemDataRole.UserRole, ph.id)
        item.setToolTip(ph.filename)
        if ph.missing:
            item.setText(self.tr("{name}（未下载）").format(name=ph.filename))
            item.setToolTip(self.tr("{name}：照片尚未下载到这台电脑").format(name=ph.filename))
        item.setSizeHint(QSize(THUMB + 16, THUMB + 36))
        self.photos.addItem(item)

    # -- photos and signature downloaded on demand --------------------------------------------------
    def _fetch_missing(self, data: EditorData) -> None:
        """Files of this record not on this computer come from the server now, off the GUI thread;
        the form keeps working and each photo shows as it arrives."""
        self._print_after_fetch = None
        key = self.ctx.key
        if self.fetcher.fetch(data.missing, lambda w, path: decode_fetched(w, path, key)):
            self.photo_status.setText(self.tr("正在准备下载照片…"))
            self.photo_status.show()
        else:
            self.photo_status.hide()

    def _fetch_progress(self, text: str) -> None:
        self.photo_status.setText(text)
        self.photo_status.show()

    def _fetched(self, w: Wanted, image: QImage) -> None:
        if w.kind == "signature":
            if w.key == self.record_id and not self._sig_dirty and self.signature.is_empty():
                self.signature.set_image(image)
                if self.data is not None:
                    self.data.signature = image
            return
        for i in range(self.photos.count()):
            item = self.photos.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == w.key:
                if not image.isNull():
                    item.setIcon(QIcon(QPixmap.fromImage(image)))
                item.setText(w.filename)
                item.setToolTip(w.filename)

    def _fetch_finished(self, left: list[Wanted], text: str) -> None:
        if left:
            self.photo_status.setText(text)
            self.photo_status.show()
        else:
            self.photo_status.hide()
        then, self._print_after_fetch = self._print_after_fetch, None
        self.attachments_fetched.emit(len(left))
        if then is not None:  # the preview waited for the photos (or prints that they are not here)
            then()

    @Slot()
    def remove_photo(self) -> None:
        item = self.photos.currentItem()
        if item is None or self.is_locked():
            return
        att_id = item.data(Qt.ItemDataRole.UserRole)
        ctx = self.ctx

        def done(_r: Any) -> None:
            self.data_changed.emit()
            row = self.photos.row(item)
            if row >= 0:
                self.photos.takeItem(row)

        self.runner.write(ctx, remove_photo, ctx.actor, att_id, on_done=done, on_error=self.banner.error)

    # -- printing -----------------------------------------------------------------------------------
    @Slot()
    def print_record(self) -> None:
        if not self.record_id:
            return
        ctx, rid = self.ctx, self.record_id

        def open_preview() -> None:
            self.dialog = open_form_preview(
                self,
                ctx,
                partial(visit_record_pdf, actor=ctx.actor),
                None,
                self.tr("企业走访记录表"),
                file_stem(self.tr("走访记录"), self.enterprise_name),
                rid,
                ctx.attachments,
            )

        def when_files_are_here() -> None:
            if self.fetcher.running:  # photos still coming from the server: the form waits for them
                self._print_after_fetch = open_preview
                self.banner.info(self.tr("照片正在下载，下载完成后打开打印预览…"), 0)
                return
            open_preview()

        self.save_now(then=when_files_are_here)  # the form shows what was just typed

    @Slot()
    def print_my_ledger(self) -> None:
        """Choose the period, then preview the user's own 工作台账 (PDF and Excel)."""
        ctx = self.ctx
        title = self.tr("工作台账")

        def preview(start: date, end: date) -> None:
            self.dialog = open_form_preview(
                self,
                ctx,
                work_ledger_pdf,
                work_ledger_xlsx,
                title,
                file_stem(title, ctx.staff.name, f"{start:%Y%m%d}", f"{end:%Y%m%d}"),
                ctx.staff.id,
                start,
                end,
            )

        self.dialog = choose_period(self, title, preview)

    def selected_demand(self) -> DemandRow | None:
        row: DemandRow | None = selected_row(self.demand_view)
        return row

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.record_id and self.stack.currentIndex() == 0:
            self._load_start()
