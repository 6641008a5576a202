"""The session engine: a state machine over one routine, on an injected clock.

Commands go in (`start`, `pause`, `count_repetition`, `rate_pain`, …) and return a Result
(applied, or refused with a reason, the state unchanged). Events come out to listeners.
The engine never reads the wall clock, sleeps or owns a timer: a driver calls `advance()`,
and everything is computed from the clock's `now`. Deadlines are absolute moments of
*active* time (paused time never counts), so a late tick never lengthens a hold, and each
timed transition happens at its due moment even when it is processed late.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from desktop_app.core import events as ev
from desktop_app.core.active_time import ActiveTime, Silence
from desktop_app.core.clock import Clock
from desktop_app.core.events import Event, PauseReason, SessionSummary, SpotMode
from desktop_app.core.pain import is_valid_rating
from desktop_app.core.routines import Routine, Step
from desktop_app.core.session_types import (
    APPLIED,
    RUNNING,
    EngineOptions,
    Phase,
    Refusal,
    Result,
    SessionView,
    refused,
)
from desktop_app.core.steps import Confirm, Host, StepRun, Tally, run_for

__all__ = ["EngineOptions", "Phase", "Refusal", "Result", "SessionEngine", "SessionView"]

Listener = Callable[[Event], None]


class SessionEngine:
    """What spans the session: the step order, pause, the silence that asks "still there?",
    the tally and the listeners. Each step's own work is its run's (`desktop_app.core.steps`)."""

    def __init__(
        self, routine: Routine, clock: Clock, options: EngineOptions | None = None
    ) -> None:
        self.routine = routine
        self.options = options or EngineOptions()
        self._listeners: list[Listener] = []
        self._started = False
        #: FINISHED or STOPPED once the session is over.
        self._ended: Phase | None = None
        self._time = ActiveTime(clock)
        self._tally = Tally()
        self._host = Host(self.options, self._tally, routine.pain, self._emit, self._go_next)
        #: The step under way (before the start: the first, not begun).
        self._run = StepRun(self._host, 0, routine.steps[0], 0.0)
        #: Since the last sign of the person (a key, a rating, the start, a resume); silence
        #: for the check-in time, whatever the step → check-in.
        self._silence = Silence(self.options.checkin_after, self.options.checkin_grace)

    # -- listeners -------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- time ------------------------------------------------------------------------------

    @property
    def _running(self) -> bool:
        return self._started and self._ended is None

    def advance(self) -> None:
        """Process everything that has come due by now, each at its own due moment."""
        while self._running and self._time.pause is None:
            now = self._time.now()
            timeline = self._run.timeline
            timeline_due = timeline.next_due()
            checkin_due = self._silence.due()
            if checkin_due <= now and checkin_due < timeline_due:
                self._check_in(checkin_due)
                continue
            if timeline_due > now:
                return
            due, handler = timeline.pop()
            handler(due)

    def _check_in(self, due: float) -> None:
        if not self._silence.checked_in:
            silent_for = self._silence.check_in(due)
            self._emit(ev.CheckIn(at=due, step_index=self._run.index, silent_for=silent_for))
        else:
            self._pause_at(due, PauseReason.UNRESPONSIVE)

    # -- steps -----------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self._run.step

    def _start_step(self, index: int, at: float) -> None:
        step = self.routine.steps[index]
        self._run = run_for(self._host, index, step, at)
        total = len(self.routine.steps)
        self._emit(ev.StepStarted(at=at, step_index=index, step=step, total_steps=total))
        self._run.begin(at)

    def _leave_step(self, at: float) -> None:
        run = self._run
        completed = run.leave(at)
        if completed:
            self._tally.completed_steps.add(run.index)
        self._emit(ev.StepEnded(at=at, step_index=run.index, completed=completed))

    def _go_next(self, at: float) -> None:
        self._leave_step(at)
        if self._run.index + 1 < len(self.routine.steps):
            self._start_step(self._run.index + 1, at)
        else:
            self._finish(at, completed=True)

    # -- the session -----------------------------------------------------------------------

    def _finish(self, at: float, *, completed: bool) -> None:
        self._run.timeline.clear()
        self._ended = Phase.FINISHED if completed else Phase.STOPPED
        self._time.end(at)
        self._silence.stop_listening()
        self._emit(ev.SessionFinished(at=at, step_index=self._run.index, summary=self.summary()))

    def summary(self) -> SessionSummary:
        return self._tally.summary(
            self.routine.id,
            completed=self._ended is Phase.FINISHED,
            duration=self._time.now(),
            steps_total=len(self.routine.steps),
        )

    def _pause_at(self, at: float, reason: PauseReason) -> None:
        self._time.pause_at(at, reason)
        self._silence.stop_listening()
        self._emit(ev.Paused(at=at, step_index=self._run.index, reason=reason))

    # -- commands --------------------------------------------------------------------------

    def _command_received(self) -> None:
        """Any key shows the person is there: the silence starts again from now."""
        if self._running:
            if self._time.pause is not None:
                self._silence.stop_listening()
            else:
                self._silence.heard(self._time.now())

    def _refuse_unless_running(self) -> Result | None:
        if not self._started:
            return refused(Refusal.NOT_STARTED)
        if self._ended is not None:
            return refused(Refusal.OVER)
        return None

    def _accept_command(self) -> Result | None:
        """Catch up with the clock, note that the person is there; a refusal when it makes no
        sense."""
        if (refusal := self._refuse_unless_running()) is not None:
            return refusal
        self.advance()
        self._command_received()
        if not self._running:
            return refused(Refusal.OVER)
        return None

    def _applied(self, result: Result = APPLIED) -> Result:
        """Play out anything due at this very moment (say, a lead-in's first tick)."""
        if result:
            self.advance()
        return result

    def start(self) -> Result:
        if self._started:
            return refused(Refusal.ALREADY_STARTED)
        self._time.start()
        self._started = True
        self._emit(
            ev.SessionStarted(
                at=0.0,
                step_index=0,
                routine_id=self.routine.id,
                routine_title=self.routine.title,
                total_steps=len(self.routine.steps),
            )
        )
        self._silence.heard(0.0)
        self._start_step(0, 0.0)
        return self._applied()

    def pause(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        if self._time.pause is not None:
            return refused(Refusal.ALREADY_PAUSED)
        self._pause_at(self._time.now(), PauseReason.USER)
        return APPLIED

    def resume(self) -> Result:
        if (refusal := self._refuse_unless_running()) is not None:
            return refusal
        self._command_received()
        if self._time.pause is None:
            return refused(Refusal.NOT_PAUSED)
        at = self._time.resume()
        self._silence.heard(at)
        self._emit(ev.Resumed(at=at, step_index=self._run.index))
        return self._applied()

    def toggle(self) -> Result:
        """Space: start, pause or resume."""
        if not self._started:
            return self.start()
        return self.resume() if self._time.pause is not None else self.pause()

    def next_step(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        at = self._time.now()
        if (refusal := self._run.release(at)) is not None:
            return refusal
        self._go_next(at)
        return self._applied()

    def previous_step(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        if self._run.index == 0:
            return refused(Refusal.FIRST_STEP)
        at = self._time.now()
        self._leave_step(at)
        self._start_step(self._run.index - 1, at)
        return self._applied()

    def count_repetition(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        if self._time.pause is not None:
            return refused(Refusal.PAUSED)
        return self._run.count(self._time.now())

    def choose_spot_mode(self, mode: SpotMode) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        return self._applied(self._run.choose(self._time.now(), mode))

    def next_spot(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        return self._applied(self._run.next_spot(self._time.now()))

    def area_done(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        at = self._time.now()
        if not (result := self._run.area_done(at)):
            return result
        self._go_next(at)
        return self._applied()

    def confirm(self) -> Result:
        """Enter: count a roll, confirm moving on, or continue — whatever the step waits for."""
        if not self._started:
            return self.start()
        if (refusal := self._refuse_unless_running()) is not None:
            return refusal
        self.advance()
        match self._run.on_confirm() if self._running else None:
            case Confirm.NEXT_STEP:
                return self.next_step()
            case Confirm.NEXT_SPOT:
                return self.next_spot()
            case Confirm.COUNT:
                return self.count_repetition()
            case Confirm.CAP_REACHED:
                # Extra taps after the cap must not skip ahead.
                self._command_received()
                return refused(Refusal.CAP_REACHED)
        was_awaited = self._silence.listening
        self._command_received()
        if was_awaited:
            return APPLIED
        if self._run.phase is Phase.CHOOSING:
            return refused(Refusal.CHOOSE_SPOT_MODE)
        return refused(Refusal.NOTHING_TO_CONFIRM)

    def rate_pain(self, rating: int) -> Result:
        if not is_valid_rating(rating):
            return refused(Refusal.RATING_OUT_OF_RANGE)
        if not self._started:
            # A rating before the start starts the session, and counts as its first rating:
            # a person who rates is there and ready (the first step may well be waiting for
            # exactly that rating, "I am down").
            self.start()
        if (refusal := self._accept_command()) is not None:
            return refusal
        self._tally.ratings.append(rating)
        if self._run.spot.pain.pressing:
            self._tally.pressing_ratings.append(rating)
        return self._run.rate(self._time.now(), rating)

    def stop(self) -> Result:
        if (refusal := self._refuse_unless_running()) is not None:
            return refusal
        self.advance()
        if not self._running:
            return refused(Refusal.OVER)
        at = self._time.now()
        self._leave_step(at)
        self._finish(at, completed=False)
        return APPLIED

    # -- state -----------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        if self._ended is not None:
            return self._ended
        return self._run.phase if self._started else Phase.IDLE

    @property
    def finished(self) -> bool:
        """Finished or stopped: nothing will happen any more."""
        return self._ended is not None

    def next_due_in(self) -> float | None:
        """Active seconds until the next timed event; None when nothing is scheduled."""
        if not self._running or self._time.pause is not None:
            return None
        due = min(self._run.timeline.next_due(), self._silence.due())
        return None if math.isinf(due) else max(0.0, due - self._time.now())

    @property
    def paused(self) -> bool:
        return self._time.pause is not None

    @property
    def now(self) -> float:
        """Active session time."""
        return self._time.now()

    def view(self) -> SessionView:
        now, run, phase = self._time.now(), self._run, self.phase
        spot, started = run.spot, self._started
        remaining = run.remaining(now) if phase in RUNNING else None
        return SessionView(
            phase=phase,
            paused=self.paused,
            pause_reason=self._time.pause.reason if self._time.pause else None,
            step_index=run.index,
            total_steps=len(self.routine.steps),
            step=run.step if started else None,
            remaining=remaining,
            countdown_total=run.countdown_total,
            lower_bound_reached=spot.hold.lower_reached,
            repetitions=spot.count,
            cap=run.cap() if started else None,
            spot_number=spot.number,
            spot_mode=spot.mode,
            prompt=run.prompt,
            last_rating=spot.pain.ratings[-1] if spot.pain.ratings else None,
            latest_rating=self._tally.ratings[-1] if self._tally.ratings else None,
            warning=spot.pain.warning,
            not_eased=spot.hold.not_eased,
            hold_eased=run.hold_eased(),
            hold_highest=max(spot.hold.ratings, default=None),
            rise_from=spot.pain.lowest,
            asking_easing=spot.hold.asking_easing,
            confirm_pending=spot.confirm_pending,
            check_in=self._silence.checked_in,
            elapsed=now,
            time_left=self._time_left(now),
            beat_counts=started and run.beat_counts(),
            moves_on=self.options.auto_advance,
            holds_unchosen_spot=self.options.auto_advance
            and self.options.spot_choice_after is not None,
        )

    def _time_left(self, now: float) -> float:
        if self._ended is not None:
            return 0.0
        pace, wait = self.options.rolling_pace, self.options.prepare_wait
        if not self._started:
            return self.routine.estimated_seconds(pace, wait)
        later = self.routine.steps[self._run.index + 1 :]
        return self._run.time_left(now, pace, wait) + sum(
            step.estimated_seconds(pace, wait) for step in later
        )
