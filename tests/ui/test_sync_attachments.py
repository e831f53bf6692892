"""Photos and signatures on demand, against a real server process: laptop A takes a photo and
signs a record, syncs (rows, then the files); laptop B pulls the record — rows only — and when it
is opened in the record editor the files are downloaded off the GUI thread, one progress line per
file, and the photo and the signature show. A laptop that is offline says the photo is not
downloaded yet, keeps the form working, and its printed form says the photo is not on this computer."""

from __future__ import annotations

import hashlib
import io
import re
import threading

import pypdf
from PySide6.QtGui import QColor, QImage
from sqlmodel import select

from fieldkit.db import transaction
from fieldkit.forms.visit_record import PHOTO_NOT_HERE, SIGNATURE_NOT_HERE, visit_record_pdf
from fieldkit.models import Attachment, ServiceRecord
from fieldkit.services.records import add_photos, save_draft, start_record
from fieldkit.ui.views.record_editor import RecordEditorView

from .sync_fixtures import SyncServer
from .workflow_fixtures import show_view, type_text


def png(path, color: str, size: int = 64) -> bytes:
    img = QImage(size, size, QImage.Format.Format_RGB32)
    img.fill(QColor(color))
    img.save(str(path), "PNG")
    return path.read_bytes()


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s", "", "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def record_with_files(lap, tmp_path, server: SyncServer) -> tuple[str, list[str]]:
    """On laptop A: a draft with two photos and an on-screen signature, synced with its files."""
    ctx = lap.context()
    eid = server.enterprises["测试企业0001有限公司"]
    shas = []
    paths = []
    for i, color in enumerate(("#c62828", "#1565c0")):
        p = tmp_path / f"现场{i + 1}.png"
        shas.append(hashlib.sha256(png(p, color)).hexdigest())
        paths.append(str(p))
    sig = png(tmp_path / "sig.png", "#000000", 32)
    with transaction(ctx.make_session) as s:
        rid = start_record(s, ctx.actor, enterprise_id=eid)
        add_photos(s, ctx.actor, ctx.attachments.folder, rid, paths)
    with transaction(ctx.make_session) as s:
        save_draft(s, ctx.actor, ctx.attachments.folder, rid, {"content": "了解生产经营情况"}, sig)
    report = lap.sync()
    assert report.uploaded == 3 and report.rejected == 0
    return rid, [*shas, hashlib.sha256(sig).hexdigest()]


def open_record(qtbot, view: RecordEditorView, rid: str) -> list[str]:
    """Open the record; returns the progress lines as they come (collected from the start)."""
    lines: list[str] = []

    def hook(_rid: str) -> None:  # runs in _populate, before any queued progress is delivered
        if view.fetcher is not None:
            view.fetcher.progress.connect(lines.append)

    view.record_loaded.connect(hook)
    with qtbot.waitSignal(view.record_loaded, timeout=20_000):
        view.edit_record(rid)
    return lines


def test_a_pulled_records_photos_download_when_it_is_opened(qtbot, tmp_path, runner, sync_server, laptops):
    a, b = laptops("a"), laptops("b")
    a.connect(sync_server)
    a.sync()
    rid, shas = record_with_files(a, tmp_path, sync_server)

    b.connect(sync_server)
    b.sync()
    ctx = b.context()
    with b.session() as s:
        assert s.get(ServiceRecord, rid) is not None
        assert len(s.exec(select(Attachment).where(Attachment.owner_id == rid)).all()) == 3
    assert not any(ctx.attachments.path_for(sha).exists() for sha in shas)  # rows only, no files yet

    view = show_view(qtbot, RecordEditorView(ctx, runner), 1200, 760)
    with qtbot.waitSignal(view.attachments_fetched, timeout=120_000) as ended:
        lines = open_record(qtbot, view, rid)
        # meanwhile the form works: the photos are listed as not downloaded yet
        assert view.photos.count() == 2
        assert view.content.toPlainText() == "了解生产经营情况"
    assert ended.args == [0]
    assert lines == [
        "正在下载照片 1/3：现场1.png …",
        "正在下载照片 2/3：现场2.png …",
        "正在下载签名 3/3 …",
    ]
    for sha in shas:  # every file is here, and is what laptop A had
        path = ctx.attachments.path_for(sha)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    names = [view.photos.item(i).text() for i in range(2)]
    assert names == ["现场1.png", "现场2.png"]
    for i in range(2):
        assert not view.photos.item(i).icon().isNull()  # the thumbnail shows
    assert not view.signature.is_empty()
    assert view.photo_status.isHidden()

    # opened again: nothing to download
    with qtbot.assertNotEmitted(view.attachments_fetched, wait=200):
        open_record(qtbot, view, rid)
    assert view.fetcher is not None and not view.fetcher.running


def test_offline_the_record_opens_and_says_the_photo_is_not_downloaded(
    qtbot, tmp_path, runner, sync_server, laptops
):
    a, c = laptops("a"), laptops("c")
    a.connect(sync_server)
    a.sync()
    rid, shas = record_with_files(a, tmp_path, sync_server)
    c.connect(sync_server)
    c.sync()
    sync_server.stop()  # laptop C is offline from here on

    ctx = c.context()
    view = show_view(qtbot, RecordEditorView(ctx, runner), 1200, 760)
    with qtbot.waitSignal(view.attachments_fetched, timeout=120_000) as ended:
        open_record(qtbot, view, rid)
    assert ended.args == [3]
    assert view.photo_status.isVisible()
    assert view.photo_status.text() == "照片尚未下载，联网后可查看"
    assert view.photos.item(0).text() == "现场1.png（未下载）"
    assert view.signature.is_empty()
    # the form keeps working: typing still autosaves
    view.place.setFocus()
    type_text(view.place, "会议室")
    view.save_now()
    qtbot.waitUntil(lambda: _place(c, rid).endswith("会议室"), timeout=20_000)

    # the printed form says the photos and the signature are not on this computer
    with c.session() as s:
        text = pdf_text(visit_record_pdf(s, rid, ctx.attachments, actor=ctx.actor))
    assert re.sub(r"\s", "", PHOTO_NOT_HERE) in text
    assert re.sub(r"\s", "", SIGNATURE_NOT_HERE) in text
    assert "现场1.png" in text


def _place(lap, rid: str) -> str:
    with lap.session() as s:
        rec = s.get(ServiceRecord, rid)
        return rec.place if rec is not None else ""


def test_printing_while_the_photos_download_waits_for_them(qtbot, tmp_path, runner, sync_server, laptops):
    from fieldkit.sync.engine import SyncEngine

    a, b = laptops("a"), laptops("b")
    a.connect(sync_server)
    a.sync()
    rid, _shas = record_with_files(a, tmp_path, sync_server)
    b.connect(sync_server)
    b.sync()
    release = threading.Event()

    def held(engine, folder):  # timing only: every download still goes to the real server
        sync = SyncEngine.for_store(engine, folder)
        real = sync.fetch_attachment

        def fetch(sha: str):
            if not release.wait(120):
                raise TimeoutError("never released")
            return real(sha)

        sync.fetch_attachment = fetch  # type: ignore[method-assign]
        return sync

    view = show_view(qtbot, RecordEditorView(b.context(), runner), 1200, 760)
    view.fetcher.engine_factory = held
    before = getattr(view, "dialog", None)
    open_record(qtbot, view, rid)
    assert view.fetcher.running
    view.print_record()
    qtbot.waitUntil(lambda: view._print_after_fetch is not None, timeout=20_000)
    assert getattr(view, "dialog", None) is before  # no preview with missing photos yet
    release.set()
    qtbot.waitUntil(lambda: getattr(view, "dialog", None) is not before, timeout=120_000)
    dlg = view.dialog
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=120_000)
    text = pdf_text(dlg.pdf)
    assert "现场1.png" in text and "现场2.png" in text
    assert re.sub(r"\s", "", PHOTO_NOT_HERE) not in text  # the photos themselves are on the form
    assert re.sub(r"\s", "", SIGNATURE_NOT_HERE) not in text
    dlg.close()
