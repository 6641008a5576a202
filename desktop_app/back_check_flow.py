"""The daily back check: asked once a day (a skip counts for the day), never in a session's
way and never over the red-flag check; the answer goes into the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from desktop_app.core.history import History, HistoryError, Movement

if TYPE_CHECKING:
    from desktop_app.qt.back_check_view import BackCheckDialog
    from desktop_app.qt.main_window import MainWindow
    from desktop_app.safety_gate import SafetyGate


class BackCheckFlow(QObject):
    #: An answer was kept (or failed to be: the text says why).
    answered = Signal()
    problem = Signal(str)

    def __init__(
        self,
        history: History,
        window: MainWindow,
        safety: SafetyGate,
        today: Callable[[], dt.date],
        in_session: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self.history = history
        self.window = window
        self.safety = safety
        self.today = today
        self.in_session = in_session
        self.dialog: BackCheckDialog | None = None
        #: The day the check was skipped (Esc): asked at most once a day.
        self._skipped: dt.date | None = None

    def due(self) -> bool:
        today = self.today()
        return (
            self.history.available
            and self._skipped != today
            and self.history.back_check_on(today) is None
        )

    def ask(self) -> None:
        """Once a day, never in a session's way and never over the safety check."""
        if not self.due() or self.dialog is not None or self.in_session():
            return
        if self.safety.dialog is not None:
            self.safety.dialog.finished.connect(lambda _result: self.ask())
            return
        from desktop_app.qt.back_check_view import BackCheckDialog

        today = self.today()
        ask_onset = self.history.onset is None and not self.history.back_checks()
        dialog = BackCheckDialog(today, ask_onset, self.window.theme, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.answered.connect(self._answered)
        dialog.rejected.connect(lambda: setattr(self, "_skipped", today))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _answered(self, rating: int, movement: str, onset: object) -> None:
        try:
            self.history.add_back_check(self.today(), rating, Movement(movement))
            if isinstance(onset, dt.date):
                self.history.onset = onset
        except HistoryError as error:
            self.problem.emit(str(error))
        self.answered.emit()
