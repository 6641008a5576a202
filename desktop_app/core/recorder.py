"""Writes a session's events into the history as they happen (an engine listener)."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable

from desktop_app.core import events as ev
from desktop_app.core.history import History
from desktop_app.core.history_schema import HistoryError
from desktop_app.core.logged import Logged
from desktop_app.i18n import _

#: Writes kept while the history cannot be written: far more than any session makes (a long
#: one makes a few hundred); past it, the rest of the session is not kept.
MAX_WRITES = 20_000

Write = Callable[[], None]
#: A write to be done at a given moment (the moment its event happened).
Timed = Callable[[dt.datetime], None]


class HistoryRecorder:
    """An engine listener that writes each event as it happens.

    Each event becomes one or two writes, each taking the moment it happened. When writing
    fails (a full disk, a read-only folder) the session goes on and the person is told once;
    the writes not done wait, in order, and are done with the next event that finds the
    history writable again, and the person is told that too. When the history file was
    deleted or replaced meanwhile, the session so far is carried into the file now there.
    """

    def __init__(self, history: History, on_problem: Callable[[str], None] | None = None) -> None:
        self.history = history
        self.on_problem = on_problem
        self.session_id: int | None = None
        #: The session is not (all) in the history now, and why.
        self.failed = not history.available
        self.reason = history.problem
        self._waiting: deque[Write] = deque()
        self._started = False

    def __call__(self, event: ev.Event) -> None:
        if not self.history.available and not self._waiting:
            self.failed = True  # never opened (said at start): nothing to keep for later
            return
        if len(self._waiting) >= MAX_WRITES:
            if not self.failed:
                self.failed = True
                self.reason = _("This session is too long to keep more of it in the history.")
                self._tell(self.reason)
            return
        at = self.history.now()
        self._record(event, lambda write: self._waiting.append(lambda: write(at)))
        self._write()

    def _write(self) -> None:
        """Every write waiting, in order, until one fails."""
        moved = ""
        try:
            moved, self.session_id = self.history.follow(self.session_id)
            if moved:
                self._tell(moved)
            while self._waiting:
                self._waiting[0]()
                self._waiting.popleft()
        except HistoryError as error:
            self.reason = str(error)
            if not self.failed:
                self.failed = True
                self._tell(
                    _(
                        "{problem} The session goes on; what happens in it is kept and saved "
                        "as soon as the history can be written again."
                    ).format(problem=error)
                )
            return
        if self.failed and not moved:
            self._tell(_("The history can be written again; all of this session is saved."))
        self.failed = False

    def _tell(self, message: str) -> None:
        if self.on_problem is not None:
            self.on_problem(message)

    def _record(self, event: ev.Event, keep: Callable[[Timed], None]) -> None:
        """The writes `event` makes, each kept by `keep` (done later, at the moment given)."""
        history = self.history
        index = event.step_index

        def log(name: str, value: object = "", step: int | None = index) -> None:
            keep(lambda at: history.add_event(self._session(), step, name, value, at))

        if isinstance(event, ev.SessionStarted):

            def started(at: dt.datetime) -> None:
                self.session_id = history.start_session(
                    event.routine_id, event.routine_title, event.total_steps, at
                )

            self._started = True
            keep(started)
            log(Logged.SESSION_STARTED, step=None)
            return
        if not self._started:
            return
        match event:
            case ev.StepStarted(step=step):
                keep(lambda at: history.start_step(
                    self._session(), index, step.title, step.kind.value, step.area or "", at
                ))  # fmt: skip
                log(Logged.STEP_STARTED)
            case ev.StepEnded(completed=completed):
                keep(lambda at: history.end_step(self._session(), index, completed, at))
                log(Logged.STEP_ENDED, "completed" if completed else "skipped")
            case ev.PainRated(rating=rating):
                log(Logged.PAIN_RATED, rating)
            case ev.PainRising(rating=rating):
                log(Logged.PAIN_RISING, rating)
            case ev.PainAboveBand(rating=rating):
                log(Logged.PAIN_ABOVE_BAND, rating)
            case ev.PainBelowBand(rating=rating):
                log(Logged.PAIN_BELOW_BAND, rating)
            case ev.PainHighAtRest(rating=rating):
                log(Logged.PAIN_HIGH_AT_REST, rating)
            case ev.EasingAsked():
                log(Logged.EASING_ASKED)
            case ev.HoldStarted(upper=upper):
                log(Logged.HOLD_STARTED, upper)
            case ev.HoldEnded(held=held, eased=eased, highest=highest, latest=latest):
                log(Logged.HOLD_ENDED, held)
                if eased is not None:
                    # The engine's verdict and its evidence, for the story to tell as it is.
                    log(
                        Logged.PAIN_EASED if eased else Logged.PAIN_NOT_EASED, f"{highest} {latest}"
                    )
            case ev.RepetitionCounted(count=count):
                log(Logged.REPETITION, count)
            case ev.RepetitionCapReached(cap=cap):
                log(Logged.REPETITION_CAP_REACHED, cap)
            case ev.SpotModeChosen(spot=spot, mode=mode):
                log(Logged.SPOT_HOLD if mode is ev.SpotMode.HOLD else Logged.SPOT_ROLLING, spot)
            case ev.Paused(reason=reason):
                log(Logged.PAUSED, reason)
            case ev.Resumed():
                log(Logged.RESUMED)
            case ev.CheckIn():
                log(Logged.CHECK_IN)
            case ev.SessionFinished(summary=summary):
                finished = summary.completed
                log(Logged.SESSION_FINISHED if finished else Logged.SESSION_STOPPED,
                    round(summary.duration))  # fmt: skip
                keep(lambda at: history.end_session(self._session(), finished, at))

    def _session(self) -> int:
        """The session's row in the history (written first, so there unless it was lost)."""
        if self.session_id is None:
            raise HistoryError(self.history.problem or _("the history is not open"))
        return self.session_id
