"""On-screen signature (企业代表签名): mouse, pen (tablet) and touch strokes into a QPainterPath,
exported as a PNG for the attachment store."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QToolButton, QWidget

INK = QColor("#101820")


class SignaturePad(QWidget):
    """Draw with the left mouse button, a pen or a finger; :meth:`to_png` exports what was drawn."""

    changed = Signal()
    #: a stroke was finished (pen lifted)
    stroke_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setMinimumSize(QSize(360, 150))
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._path = QPainterPath()
        self._drawing = False
        self._strokes = 0
        self._image: QImage | None = None  # a stored signature being shown
        self._read_only = False
        self.hint = self.tr("请企业代表在此处签名")
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("signature_clear")
        self.clear_button.setText(self.tr("清除"))
        self.clear_button.setToolTip(self.tr("清除签名重新签"))
        self.clear_button.clicked.connect(self.clear)
        self._place_button()

    # -- state --------------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self._strokes == 0 and self._image is None

    def has_new_strokes(self) -> bool:
        return self._strokes > 0

    def stroke_count(self) -> int:
        return self._strokes

    def clear(self) -> None:
        if self._read_only:
            return
        had = not self.is_empty()
        self._path = QPainterPath()
        self._strokes = 0
        self._image = None
        self.update()
        if had:
            self.changed.emit()

    def set_image(self, image: QImage | None) -> None:
        """Show a stored signature (decoded off the GUI thread); new strokes replace it."""
        self._path = QPainterPath()
        self._strokes = 0
        self._image = image if image is not None and not image.isNull() else None
        self.update()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.clear_button.setVisible(not read_only)
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)
        self.update()

    def is_read_only(self) -> bool:
        return self._read_only

    # -- export -------------------------------------------------------------------------------------
    def to_image(self, scale: float = 2.0) -> QImage:
        """The drawing on white at ``scale`` times the widget size (sharp enough for print)."""
        size = QSize(int(self.width() * scale), int(self.height() * scale))
        img = QImage(size, QImage.Format.Format_ARGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._image is not None:
            p.drawImage(QRectF(0, 0, size.width(), size.height()), self._image)
        p.scale(scale, scale)
        p.setPen(self._pen())
        p.drawPath(self._path)
        p.end()
        return img

    def to_png(self) -> bytes:
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        self.to_image().save(buf, "PNG")  # type: ignore[call-overload]  # PySide6 takes a str format too
        data = QByteArray(buf.data())  # kept alive while its bytes are copied
        return bytes(data.data())

    # -- drawing ------------------------------------------------------------------------------------
    def _pen(self) -> QPen:
        pen = QPen(INK, 2.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _begin(self, pos: QPointF) -> None:
        if self._read_only:
            return
        if self._image is not None and self._strokes == 0:
            self._image = None  # signing again replaces the stored signature
        self._drawing = True
        self._path.moveTo(pos)
        self._path.lineTo(pos + QPointF(0.1, 0.1))  # a dot is a stroke too
        self.update()

    def _extend(self, pos: QPointF) -> None:
        if self._drawing:
            self._path.lineTo(pos)
            self.update()

    def _end(self, pos: QPointF | None = None) -> None:
        if not self._drawing:
            return
        if pos is not None:
            self._path.lineTo(pos)
        self._drawing = False
        self._strokes += 1
        self.update()
        self.stroke_finished.emit()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drawing:
            self._extend(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._drawing:
            self._end(event.position())
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        t = event.type()
        if t == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif t == QEvent.Type.TabletMove:
            self._extend(event.position())
        elif t == QEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()  # no synthesised mouse events for the pen

    def event(self, event: QEvent) -> bool:
        t = event.type()
        if t in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            assert isinstance(event, QTouchEvent)
            pts = event.points()
            if pts:
                pos = pts[0].position()
                if t == QEvent.Type.TouchBegin:
                    self._begin(pos)
                elif t == QEvent.Type.TouchUpdate:
                    self._extend(pos)
                else:
                    self._end(pos)
            event.accept()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect().adjusted(0, 0, -1, -1)
        p.fillRect(r, QColor("#fbfbf7") if self._read_only else QColor("white"))
        p.setPen(QPen(QColor("#9e9e9e"), 1, Qt.PenStyle.DashLine))
        p.drawRect(r)
        base_y = int(self.height() * 0.75)
        p.setPen(QPen(QColor("#cfcfcf"), 1))
        p.drawLine(24, base_y, self.width() - 24, base_y)
        if self._image is not None:
            p.drawImage(QRectF(self.rect()), self._image)
        if self.is_empty() and not self._drawing:
            p.setPen(QColor("#a0a0a0"))
            p.drawText(
                self.rect().adjusted(0, 0, 0, -int(self.height() * 0.3)),
                Qt.AlignmentFlag.AlignCenter,
                self.hint if not self._read_only else self.tr("（未签名）"),
            )
        p.setPen(self._pen())
        p.drawPath(self._path)
        p.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_button()

    def _place_button(self) -> None:
        self.clear_button.adjustSize()
        self.clear_button.move(self.width() - self.clear_button.width() - 6, 6)
