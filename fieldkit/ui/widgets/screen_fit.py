"""Windows that fit the screen they open on: a 1366×768 office laptop is the smallest we design for.

:func:`fit_to_screen` gives a top-level window (a dialog, the print preview) the size it asks for,
or less when the screen's available area is smaller, and centres it there, so that no button ends
below the task bar.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: room left for the window frame and title bar (the frame is outside ``resize``)
FRAME_MARGIN = (16, 48)


def available_area(widget: QWidget) -> QRect | None:
    """The available geometry of the screen ``widget`` (or its parent) is on; None when unknown."""
    parent = widget.parentWidget()
    screen = (parent.screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else QRect()
    return area if area.width() > 0 and area.height() > 0 else None


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height``, or to what its screen has room for, and centre it."""
    area = available_area(widget)
    if area is None:
        widget.resize(width, height)
        return
    w = min(width, area.width() - FRAME_MARGIN[0])
    h = min(height, area.height() - FRAME_MARGIN[1])
    widget.resize(max(w, 200), max(h, 200))
    widget.move(
        area.x() + (area.width() - w) // 2, area.y() + max(0, (area.height() - h - FRAME_MARGIN[1]) // 2)
    )
