"""Look of the window: the shipped CJK font and one light style sheet.

A fresh Windows or Linux machine may have no Chinese font at all, so the WenQuanYi Zen Hei font
shipped in ``resources/fonts`` is always registered and put in the application font's family
list as the fallback for Chinese characters (Latin text keeps the system font).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from fieldkit.config import ICON_SIZES, font_path, icons_dir

#: families tried for Chinese before the shipped one, when the system has them
SYSTEM_CJK = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
)

ACCENT = "#1f6feb"
DANGER = "#c62828"
WARNING = "#b26a00"
MUTED = "#6b7280"
OK = "#2e7d32"

_loaded_family: str | None = None


def load_cjk_font() -> str | None:
    """Register the shipped font once; returns its family name (None when the file is missing)."""
    global _loaded_family
    if _loaded_family is None:
        path = font_path()
        if path.exists():
            fid = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
            _loaded_family = families[0] if families else None
    return _loaded_family


def apply_font(app: QApplication, point_size: float | None = None) -> QFont:
    shipped = load_cjk_font()
    available = set(QFontDatabase.families())
    font = QFont(app.font())
    base = font.family()
    families = [base] + [f for f in SYSTEM_CJK if f in available]
    if shipped:
        families.append(shipped)
    font.setFamilies(families)
    if point_size:
        font.setPointSizeF(point_size)
    elif font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return font


STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: #f5f6f8; }}
QListWidget#nav {{
    background: #1f2937; color: #e5e7eb; border: none; outline: 0; padding-top: 8px;
}}
QListWidget#nav::item {{ padding: 9px 14px; border-left: 3px solid transparent; }}
QListWidget#nav::item:selected {{ background: #374151; color: white; border-left: 3px solid {ACCENT}; }}
QListWidget#nav::item:hover:!selected {{ background: #2b3543; }}
QFrame#card {{ background: white; border: 1px solid #e3e6ea; border-radius: 6px; }}
QLabel#cardTitle {{ font-weight: bold; color: #111827; }}
QLabel#cardCount {{ color: {ACCENT}; font-weight: bold; }}
QLabel#bigNumber {{ font-size: 22pt; font-weight: bold; color: #111827; }}
QLabel#bigNumberDanger {{ font-size: 22pt; font-weight: bold; color: {DANGER}; }}
QLabel#statCaption {{ color: {MUTED}; }}
QLabel#pageTitle {{ font-size: 16pt; font-weight: bold; color: #111827; }}
QLabel#muted {{ color: {MUTED}; }}
QLabel#emptyState {{ color: {MUTED}; padding: 48px 24px; font-size: 15px; }}
QLabel#fieldError {{ color: {DANGER}; }}
QLabel#badge {{ background: #e8f0fe; color: #1a4fb5; border-radius: 4px; padding: 1px 6px; }}
QLabel#badgeWarn {{ background: #fff3e0; color: {WARNING}; border-radius: 4px; padding: 1px 6px; }}
QLabel#badgeDanger {{ background: #fde0e0; color: {DANGER}; border-radius: 4px; padding: 1px 6px; }}
QLabel#notice {{ background: #fff8e1; color: #6d4c00; border: 1px solid #f3d98b; border-radius: 4px; padding: 6px; }}
QLabel#okNotice {{ background: #e8f5e9; color: #1b5e20; border-radius: 4px; padding: 4px 8px; }}
QLineEdit[hasError="true"], QComboBox[hasError="true"] {{ border: 1px solid {DANGER}; }}
QListWidget#sectionList {{ border: none; background: transparent; }}
QListWidget#sectionList::item {{ padding: 3px 2px; border-bottom: 1px solid #f0f1f3; }}
QTableView {{ background: white; alternate-background-color: #f8f9fb; gridline-color: #eceef1;
              selection-background-color: #dbe7fd; selection-color: #111827; }}
QHeaderView::section {{ background: #eef0f3; padding: 4px 6px; border: none;
                        border-right: 1px solid #dfe2e6; border-bottom: 1px solid #dfe2e6; }}
QTabWidget::pane {{ border: 1px solid #e3e6ea; background: white; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; margin-right: 2px; background: #eef0f3; color: #374151;
                border: 1px solid #e3e6ea; border-bottom: none; border-top-left-radius: 4px;
                border-top-right-radius: 4px; }}
QTabBar::tab:selected {{ background: white; color: #111827; font-weight: bold; }}
QTabBar::tab:hover:!selected {{ background: #e5e8ec; }}
QStatusBar QLabel {{ padding: 0 6px; }}
QProgressBar {{ border: 1px solid #d0d4da; border-radius: 4px; background: white; max-height: 12px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
QScrollBar:vertical {{ background: #f0f1f3; width: 10px; margin: 0; border: none; }}
QScrollBar::handle:vertical {{ background: #c4c8ce; border-radius: 4px; min-height: 28px; }}
QScrollBar:horizontal {{ background: #f0f1f3; height: 10px; margin: 0; border: none; }}
QScrollBar::handle:horizontal {{ background: #c4c8ce; border-radius: 4px; min-width: 28px; }}
QScrollBar::handle:hover {{ background: #9aa0a8; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: none; border-radius: 4px; padding: 6px 16px; }}
QPushButton#primary:disabled {{ background: #9bbcf5; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    pal = app.palette()
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#dbe7fd"))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#111827"))
    app.setPalette(pal)
    app.setStyleSheet(STYLE_SHEET)


_icon: QIcon | None = None


def app_icon() -> QIcon:
    """The window, task-bar and tray icon: resources/icons/fieldkit-<size>.png (rendered from
    fieldkit.svg by scripts/make_icons.py; the packages install the same files in the hicolor
    theme). A lettered square is drawn only if those files are missing."""
    global _icon
    if _icon is None:
        icon = QIcon()
        for size in ICON_SIZES:
            png = icons_dir() / f"fieldkit-{size}.png"
            if png.is_file():
                icon.addFile(str(png), QSize(size, size))
        if icon.isNull():
            icon = _drawn_icon()
        _icon = icon
    return _icon


def _drawn_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 64, 128):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(QColor(ACCENT))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.2, size * 0.2)
        f = QFont()
        f.setBold(True)
        f.setPixelSize(int(size * 0.62))
        p.setFont(f)
        p.setPen(QColor("white"))
        p.drawText(QRectF(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), "F")
        p.end()
        icon.addPixmap(pm)
    return icon


#: a row's sync state stands out in every list unless it is synced (DHIS2 Capture's per-record states)
SYNC_COLOURS = {"waiting": QColor("#1565c0"), "rejected": QColor("#b71c1c"), "conflict": QColor("#e65100")}
