"""The red-flag check decides whether a routine may start: asked on the first start, again
when the answer is old or the episode asks for it (a new one, a worse back check, a week gone:
core.safety.recheck), shown from Help at any time, and final for the run once an emergency
sign is ticked."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from desktop_app import settings as opt
from desktop_app.core.history_schema import HistoryError
from desktop_app.core.safety import Answer, Asked, check_due, recheck, recheck_text
from desktop_app.settings import Settings

if TYPE_CHECKING:
    from desktop_app.core.history import History
    from desktop_app.qt.main_window import MainWindow
    from desktop_app.qt.safety_view import SafetyDialog


class SafetyGate(QObject):
    #: The check cleared the way for the routine that was asked for when it opened.
    cleared_for = Signal(str)
    #: The check's window closed (however it closed).
    closed = Signal()

    def __init__(
        self,
        settings: Settings,
        window: MainWindow,
        today: Callable[[], dt.date],
        history: History,
    ) -> None:
        super().__init__(window)
        self.settings = settings
        self.history = history
        self.window = window
        self.today = today
        self.dialog: SafetyDialog | None = None
        #: Ticked emergency signs, once answered in this run: nothing may start until restart.
        self.emergency_signs: tuple[str, ...] = ()
        self._then_open: str | None = None
        #: Why the check showing now was put (kept with its answer in the history).
        self._asked = Asked.OWN

    def answer(self) -> tuple[Answer, dt.date | None]:
        return opt.safety_answer(self.settings)

    def cleared(self) -> bool:
        """Whether a routine may start: no emergency sign in this run, and a current answer."""
        if self.emergency_signs:
            return False
        answer, day = self.answer()
        return not check_due(answer, day, self.today()) and self.back_again() is None

    def back_again(self) -> Asked | None:
        """Why an answered check must be looked at again today (None: it need not)."""
        answer, day = self.answer()
        if answer not in (Answer.NONE_APPLY, Answer.DOCTOR_CLEARED) or not self.history.available:
            return None
        return recheck(day, self.today(), self.history.onset, self.history.back_checks())

    def open(
        self, then_open: str | None = None, asked: Asked | None = None, tick: tuple[str, ...] = ()
    ) -> None:
        """Show the check (again): from the first start, a routine, Help, any number of times;
        `asked` says why when the caller knows better (a sign said elsewhere: `tick` it)."""
        from desktop_app.qt.safety_view import SafetyDialog

        self._then_open = then_open
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        why = None if self.emergency_signs else self.back_again()
        self._asked = asked or why or self._why_due()
        dialog = SafetyDialog(
            self.window.theme,
            self.window,
            ticked=self.emergency_signs or tick,
            locked=bool(self.emergency_signs),
            again=recheck_text(said) if (said := asked or why) is not None else "",
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.answered.connect(lambda answer: self._answered(Answer(answer), dialog))
        # Forget the dialog when it closes, however it closes (it is deleted then).
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def sign_said(self, key: str) -> None:
        """A red flag said elsewhere (pain down both legs, in the back check's questions): the
        check opens with it ticked, for the person to confirm."""
        self.open(asked=Asked.LEG_PAIN, tick=(key,))

    def _why_due(self) -> Asked:
        answer, day = self.answer()
        if day is None and answer is Answer.NONE:
            return Asked.FIRST
        return Asked.DUE if check_due(answer, day, self.today()) else Asked.OWN

    def open_if_due(self) -> None:
        """After a back check: when it makes the check due again (worse, or 9–10 after day 4),
        the check comes back at once, before the next routine."""
        if self.dialog is None and not self.cleared():
            self.open()

    @property
    def showing(self) -> bool:
        return self.dialog is not None

    def _closed(self, dialog: SafetyDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.closed.emit()

    def _answered(self, answer: Answer, dialog: SafetyDialog) -> None:
        with contextlib.suppress(HistoryError):  # no history: the settings still keep it
            self.history.add_safety_answer(self._asked, answer, tuple(dialog.ticked))
        if answer is Answer.EMERGENCY:
            # Nothing starts in this run; the stored answer is forgotten, so the next start asks.
            self.emergency_signs = tuple(dialog.ticked)
            self._then_open = None
            self.settings.set(opt.SAFETY_ANSWER, Answer.NONE.value)
            self.settings.set(opt.SAFETY_ACKNOWLEDGED, False)
            self.settings.sync()
            return
        self.settings.set(opt.SAFETY_ANSWER, answer.value)
        self.settings.set(opt.SAFETY_ANSWERED_ON, self.today().isoformat())
        self.settings.set(opt.SAFETY_SIGNS, " ".join(dialog.ticked))
        self.settings.sync()
        then_open, self._then_open = self._then_open, None
        if then_open is not None:
            # The routine opens first: whatever waits for the check to close (the daily
            # back check) then finds a session in its way and waits for that instead.
            self.cleared_for.emit(then_open)
            self._closed(dialog)
