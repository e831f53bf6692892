"""Bases of the workflow views (plans, records, demands, proxies, policies, evaluations, supervisor).

:class:`WorkflowView` holds what every workflow screen has: the service context, the task runner,
the signals the main window connects (``open_enterprise``, ``open_record``, ``data_changed``,
``loaded``) and the dialog that is open (``self.dialog``, which tests drive).

:class:`LoadingView` adds the loading of a screen's data off the GUI thread. A subclass
implements :meth:`~LoadingView.load_job` (read the filters on the GUI thread, return the service
call with plain values) and :meth:`~LoadingView.apply` (show the result on the GUI thread). :meth:`refresh`
coalesces: a refresh asked for while one is loading runs once more when it is done, and only
that last result is shown. The first load happens when the view is first shown.

User-visible strings stay in the subclasses (``self.tr`` takes the class name as its context).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from fieldkit.services.context import ServiceContext
from fieldkit.ui.widgets.workflow_support import MessageBanner, ServiceCall
from fieldkit.ui.workers import TaskRunner


class WorkflowView(QWidget):
    """A workflow screen: ``ctx``, ``runner``, the window's signals and the open dialog."""

    open_enterprise = Signal(str)
    open_record = Signal(str)
    #: something was written (the window's sync indicator re-reads the outbox)
    data_changed = Signal()
    loaded = Signal()

    #: results and errors; subclasses create it while building their layout
    banner: MessageBanner

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.dialog: Any = None

    def refresh(self) -> None:
        raise NotImplementedError

    def toolbar_layout(self) -> tuple[QVBoxLayout, QHBoxLayout]:
        """The view's layout with a tool bar row on top and the message banner below it."""
        root = QVBoxLayout(self)
        bar = QHBoxLayout()
        root.addLayout(bar)
        self.banner = MessageBanner()
        root.addWidget(self.banner)
        return root, bar

    def open_dialog(
        self, dlg: Any, done_text: str | None = None, then: Callable[[Any], Any] | None = None
    ) -> None:
        """Open ``dlg`` (a FormDialog) window-modally, kept in ``self.dialog`` while it is open.

        When it saved: ``data_changed``, ``done_text`` in the banner, then ``then(result)`` (by
        default a :meth:`refresh`)."""
        self.dialog = dlg

        def saved(result: Any) -> None:
            self.data_changed.emit()
            if done_text:
                self.banner.info(done_text)
            if then is None:
                self.refresh()
            else:
                then(result)

        dlg.saved.connect(saved)
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        dlg.open()


class LoadingView(WorkflowView):
    """A workflow screen whose data is loaded off the GUI thread; ``self.data`` is the last result
    shown (None until the first load)."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.data: Any = None
        self._loading = False
        self._reload = False

    # -- for subclasses -------------------------------------------------------------------------------
    def load_job(self) -> ServiceCall | Callable[[], Any] | None:
        """Read the filters (GUI thread) and return what loads: a :class:`ServiceCall` with plain
        values (run by the runner in a read session) or a worker function capturing plain values
        only; None to load nothing this time."""
        raise NotImplementedError

    def apply(self, data: Any) -> None:
        """Show what :meth:`load_job`'s function returned (GUI thread; ``self.data`` is already it)."""
        raise NotImplementedError

    # -- loading --------------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        if self._loading:
            self._reload = True
            return
        job = self.load_job()
        if job is None:
            return
        self._loading = True
        if isinstance(job, ServiceCall):
            self.runner.read(
                job.source, job.fn, *job.args, on_done=self._loaded, on_error=self._failed, **job.kwargs
            )
        else:
            self.runner.run(job, self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.banner.error(exc)

    def _loaded(self, data: Any) -> None:
        self._loading = False
        if self._reload:
            self._reload = False
            self.refresh()
            return
        self.data = data
        self.apply(data)
        self.loaded.emit()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.data is None and not self._loading:
            self.refresh()
