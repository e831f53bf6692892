"""The start-up splash (issue 12 §22): shown at once, before the store is opened, unlocked or
migrated and before the sign-in's key derivation, so a loaded machine never shows an empty screen
for seconds. It closes itself as soon as any other window (the sign-in dialog, a store problem,
the main window) is shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from fieldkit import __version__
from fieldkit.ui.style import app_icon

ICON_PX = 64


class StartSplash(QWidget):
    """The app's icon, name and version and "正在启动…". It needs only Qt (no store, no SQLAlchemy):
    ``fieldkit`` shows it before importing them (tests/unit/test_cli_window.py)."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("start_splash")
        self.setStyleSheet(
            "QWidget#start_splash{background:#ffffff;border:1px solid #c8d3e0;}"
            "QLabel#splash_title{font-size:18pt;color:#1f4e79;}QLabel#splash_text{color:#555;}"
            "QLabel#splash_version{color:#777;}"
        )
        self.icon = QLabel()
        self.icon.setObjectName("splash_icon")
        self.icon.setPixmap(app_icon().pixmap(ICON_PX, ICON_PX))
        self.title = QLabel(self.tr("FieldKit 企业服务助手"))
        self.title.setObjectName("splash_title")
        self.version = QLabel(self.tr("版本 {version}").format(version=__version__))
        self.version.setObjectName("splash_version")
        self.text = QLabel(self.tr("正在启动…"))
        self.text.setObjectName("splash_text")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 24, 36, 24)
        for label in (self.icon, self.title, self.version, self.text):
            lay.addWidget(label, alignment=Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(380, 200)

    def show_now(self) -> None:
        """Show centred on the primary screen and paint before the caller's blocking work."""
        app = QApplication.instance()
        self.adjustSize()  # its real size before it is centred
        screen = QApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())
        self.show()
        self.repaint()  # painted now: the work after this may hold the event loop for seconds
        if app is not None:
            app.installEventFilter(self)
            QApplication.processEvents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched is not self
            and watched.isWindow()
            and watched.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
        ):
            self.finish()
        return False

    def finish(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.close()
        self.deleteLater()
