"""The daily back check: asked once a day (a skip counts for the day), never in a session's
way and never over the red-flag check; the answer goes into the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from desktop_app.core.episode import EpisodeAnswers, due, keep
from desktop_app.core.history import History, Movement
from desktop_app.core.history_schema import HistoryError

if TYPE_CHECKING:
    from desktop_app.qt.back_check_view import BackCheckDialog, WentAgainDialog
    from desktop_app.qt.episode_view import EpisodeDialog
    from desktop_app.qt.main_window import MainWindow


class BackCheckFlow(QObject):
    #: An answer was kept (or failed to be: the text says why).
    answered = Signal()
    problem = Signal(str)
    #: A red flag said in the episode's questions (core.safety key): the check must see it.
    sign_said = Signal(str)

    def __init__(
        self,
        history: History,
        window: MainWindow,
        today: Callable[[], dt.date],
    ) -> None:
        super().__init__(window)
        self.history = history
        self.window = window
        self.today = today
        self.dialog: BackCheckDialog | None = None
        #: "Did your back go again?", while it is asked.
        self.went_again: WentAgainDialog | None = None
        #: The episode's three questions, while they are asked.
        self.episode: EpisodeDialog | None = None
        #: The day the check was skipped (Esc): asked at most once a day.
        self._skipped: dt.date | None = None

    def show_recovery(self) -> None:
        """The start page's card: the usual course from the daily back check, today's dose."""
        from desktop_app.core.recovery import assess

        today = self.today()
        self.window.show_recovery(
            assess(self.history.onset, today, self.history.back_checks()),
            self.history.area_totals(today),
            self.history.available,
        )

    def due(self) -> bool:
        today = self.today()
        return (
            self.history.available
            and self._skipped != today
            and self.history.back_check_on(today) is None
        )

    def ask(self) -> None:
        """Once a day. (The controller asks only when no session and no safety check is in
        the way, and again when either has gone.)"""
        if not self.due() or self.dialog is not None:
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
        from desktop_app.core.recovery import went_again

        today = self.today()
        try:
            self.history.add_back_check(today, rating, Movement(movement))
            if isinstance(onset, dt.date):
                self.history.onset = onset
        except HistoryError as error:
            self.problem.emit(str(error))
        self.show_recovery()  # the card follows at once, whatever is asked next
        if went_again(self.history.onset, today, self.history.back_checks()):
            self._ask_went_again(today)  # answered once the person has said
            return
        self._ask_episode()

    def _ask_went_again(self, today: dt.date) -> None:
        from desktop_app.qt.back_check_view import WentAgainDialog

        dialog = WentAgainDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def said(_result: int) -> None:
            if dialog.clickedButton() is dialog.yes:
                try:
                    self.history.start_episode(today)
                except HistoryError as error:
                    self.problem.emit(str(error))
                self.show_recovery()
            self.went_again = None
            self._ask_episode()

        dialog.finished.connect(said)
        self.went_again = dialog
        dialog.open()

    def _ask_episode(self) -> None:
        """The episode's three questions, once (answered or skipped), after its first check."""
        if not self.history.available or not due(self.history):
            self.answered.emit()
            return
        from desktop_app.qt.episode_view import EpisodeDialog

        dialog = EpisodeDialog(self.window.theme, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def said(answers: EpisodeAnswers) -> None:
            self.episode = None
            try:
                sign = keep(self.history, answers)
            except HistoryError as error:
                self.problem.emit(str(error))
                sign = None
            self.answered.emit()
            if sign:
                self.sign_said.emit(sign)

        dialog.answered.connect(said)
        self.episode = dialog
        dialog.open()
