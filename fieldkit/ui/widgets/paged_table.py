"""A table that shows a list a page at a time (:class:`fieldkit.services.paging.Page`): the first
page comes with the screen's load or is read again when a filter changes; the next page is read
when the table is scrolled to its end, or at once while every row shown fits without scrolling
(after a page arrives, and when the table is shown or resized). A
page asked for before the last reset (a new load, a new filter) is dropped when it arrives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QLabel, QTableView

from fieldkit.services.paging import Page

from .workflow_support import replace_rows

#: reads the page from an offset: fetch(offset, on_done, on_error), on_done called on the GUI thread
Fetch = Callable[[int, Callable[[Page[Any]], None], Callable[[BaseException], None]], None]


class PagedTable(QObject):
    # a page is shown: True for a first page (a load or a filter: the rows were replaced), False for one more
    page_shown = Signal(bool)

    def __init__(
        self,
        view: QTableView,
        key: Callable[[Any], Any],
        fetch: Fetch,
        count_label: QLabel,
        count_text: Callable[[int, int], str],
        on_error: Callable[[BaseException], None],
        max_width: int = 320,
    ) -> None:
        super().__init__(view)
        self.view, self.key, self.fetch, self.max_width = view, key, fetch, max_width
        self.count_label, self.count_text, self.on_error = count_label, count_text, on_error
        self.rows: list[Any] = []
        self.total = 0
        self._gen = 0
        self._fetching = False
        view.verticalScrollBar().valueChanged.connect(self._scrolled)
        view.viewport().installEventFilter(self)  # a table made taller (shown, resized) may have room

    @property
    def more(self) -> bool:
        return len(self.rows) < self.total

    def show_first(self, page: Page[Any]) -> None:
        """A first page read elsewhere (the screen's load): shown in place of the rows; a page
        still being read is dropped."""
        self._gen += 1
        self._fetching = False
        self._show(self._gen, page)

    @Slot()
    def reload(self) -> None:
        """Read the first page again (the filter changed)."""
        self._gen += 1
        self._read(0)

    def _read(self, offset: int) -> None:
        gen = self._gen
        self._fetching = True

        def failed(exc: BaseException) -> None:
            if gen == self._gen:
                self._fetching = False
            self.on_error(exc)

        self.fetch(offset, lambda page: self._show(gen, page), failed)

    def _show(self, gen: int, page: Page[Any]) -> None:
        if gen != self._gen:
            return
        self._fetching = False
        if page.offset and page.offset != len(self.rows):
            return  # a page asked for twice (a resize while the last one was shown): already shown
        if page.offset == 0:
            self.rows = list(page.rows)
            replace_rows(self.view, page.rows, self.key, self.max_width)
        else:
            self.rows.extend(page.rows)
            self.view.model().append_rows(page.rows)  # type: ignore[attr-defined]
        self.total = page.total
        self.count_label.setText(self.count_text(len(self.rows), self.total))
        self.page_shown.emit(page.offset == 0)
        if self.more and page.rows and not self._fetching and self._fits():
            # no scroll bar to scroll yet (and not already asked for by a slot of page_shown that
            # resized the table)
            self._read(len(self.rows))

    def _fits(self) -> bool:
        """Whether the rows shown fit without scrolling (from the row height: the scroll bar's range
        follows only once the view has laid the new rows out)."""
        v = self.view
        return v.model().rowCount() * v.verticalHeader().defaultSectionSize() <= v.viewport().height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Resize
            and self.more
            and not self._fetching
            and self.rows
            and self._fits()
        ):
            self._read(len(self.rows))
        return False

    @Slot(int)
    def _scrolled(self, value: int) -> None:
        if value >= self.view.verticalScrollBar().maximum() and self.more and not self._fetching:
            self._read(len(self.rows))
