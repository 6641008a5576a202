"""Writes a session's events into the history as they happen (an engine listener)."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.core import events as ev
from desktop_app.core.history import History
from desktop_app.core.history_schema import HistoryError
from desktop_app.core.logged import Logged
from desktop_app.i18n import _


class HistoryRecorder:
    """An engine listener that writes each event as it happens.

    If writing fails (a read-only folder, a full disk), the session goes on: the recorder
    stops writing and reports the reason once through `on_problem`.
    """

    def __init__(self, history: History, on_problem: Callable[[str], None] | None = None) -> None:
        self.history = history
        self.on_problem = on_problem
        self.session_id: int | None = None
        self.failed = not history.available

    def __call__(self, event: ev.Event) -> None:
        if self.failed:
            return
        try:
            self._record(event)
        except HistoryError as error:
            self.failed = True
            if self.on_problem is not None:
                self.on_problem(
                    _("{problem} The session goes on, but it is not being saved.").format(
                        problem=error
                    )
                )

    def _record(self, event: ev.Event) -> None:
        history = self.history
        if isinstance(event, ev.SessionStarted):
            self.session_id = history.start_session(
                event.routine_id, event.routine_title, event.total_steps
            )
            history.add_event(self.session_id, None, Logged.SESSION_STARTED)
            return
        session = self.session_id
        if session is None:
            return
        index = event.step_index
        match event:
            case ev.StepStarted(step=step):
                history.start_step(session, index, step.title, step.kind.value, step.area or "")
                history.add_event(session, index, Logged.STEP_STARTED)
            case ev.StepEnded(completed=completed):
                history.end_step(session, index, completed)
                history.add_event(
                    session, index, Logged.STEP_ENDED, "completed" if completed else "skipped"
                )
            case ev.PainRated(rating=rating):
                history.add_event(session, index, Logged.PAIN_RATED, rating)
            case ev.PainRising(rating=rating):
                history.add_event(session, index, Logged.PAIN_RISING, rating)
            case ev.PainAboveBand(rating=rating):
                history.add_event(session, index, Logged.PAIN_ABOVE_BAND, rating)
            case ev.PainBelowBand(rating=rating):
                history.add_event(session, index, Logged.PAIN_BELOW_BAND, rating)
            case ev.PainHighAtRest(rating=rating):
                history.add_event(session, index, Logged.PAIN_HIGH_AT_REST, rating)
            case ev.EasingAsked():
                history.add_event(session, index, Logged.EASING_ASKED)
            case ev.HoldStarted(upper=upper):
                history.add_event(session, index, Logged.HOLD_STARTED, upper)
            case ev.HoldEnded(held=held, eased=eased, highest=highest, latest=latest):
                history.add_event(session, index, Logged.HOLD_ENDED, held)
                if eased is not None:
                    # The engine's verdict and its evidence, for the story to tell as it is.
                    verdict = Logged.PAIN_EASED if eased else Logged.PAIN_NOT_EASED
                    history.add_event(session, index, verdict, f"{highest} {latest}")
            case ev.RepetitionCounted(count=count):
                history.add_event(session, index, Logged.REPETITION, count)
            case ev.RepetitionCapReached(cap=cap):
                history.add_event(session, index, Logged.REPETITION_CAP_REACHED, cap)
            case ev.SpotModeChosen(spot=spot, mode=mode):
                history.add_event(
                    session,
                    index,
                    Logged.SPOT_HOLD if mode is ev.SpotMode.HOLD else Logged.SPOT_ROLLING,
                    spot,
                )
            case ev.Paused(reason=reason):
                history.add_event(session, index, Logged.PAUSED, reason)
            case ev.Resumed():
                history.add_event(session, index, Logged.RESUMED)
            case ev.CheckIn():
                history.add_event(session, index, Logged.CHECK_IN)
            case ev.SessionFinished(summary=summary):
                history.add_event(
                    session,
                    index,
                    Logged.SESSION_FINISHED if summary.completed else Logged.SESSION_STOPPED,
                    round(summary.duration),
                )
                history.end_session(session, summary.completed)
