"""The session engine: a state machine over one routine, on an injected clock.

Commands go in (`start`, `pause`, `count_repetition`, `rate_pain`, …) and return a Result
(applied, or refused with a reason, the state unchanged). Events come out to listeners.
The engine never reads the wall clock, sleeps or owns a timer: a driver calls `advance()`,
and everything is computed from the clock's `now`. Deadlines are absolute moments of
*active* time (paused time never counts), so a late tick never lengthens a hold, and each
timed transition happens at its due moment even when it is processed late.
"""

from __future__ import annotations

import enum
import heapq
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop_app.core import defaults
from desktop_app.core import events as ev
from desktop_app.core.clock import Clock
from desktop_app.core.events import AreaDose, Event, PauseReason, SessionSummary, SpotMode
from desktop_app.core.logged import Logged
from desktop_app.core.pain import (
    HOLD_SETTLE_SECONDS,
    PainFlag,
    SpotPain,
    eased,
    is_valid_rating,
)
from desktop_app.core.routines import HoldSpec, Prompt, RollingSpec, Routine, Step, StepKind

Listener = Callable[[Event], None]

#: Seconds between the lower-bound chime and the question "how is it now?".
EASING_QUESTION_DELAY = 1.5
#: A prepare step that continues by itself says so this many seconds before.
PREPARE_WARNING = 5.0


class Phase(enum.StrEnum):
    IDLE = "idle"
    #: Untimed or timed prepare step, or an activity.
    ACTIVE = "active"
    #: Settling onto the ball before a hold's count starts.
    LEAD_IN = "lead_in"
    HOLDING = "holding"
    ROLLING = "rolling"
    #: A spot step waiting for "roll" or "hold" for the current spot.
    CHOOSING = "choosing"
    #: The step (or, in a spot step, the spot) is over; waiting to move on.
    DONE = "done"
    FINISHED = "finished"
    STOPPED = "stopped"

    @property
    def over(self) -> bool:
        """Finished or stopped: nothing will happen any more."""
        return self in (Phase.FINISHED, Phase.STOPPED)


_RUNNING = frozenset(
    {Phase.ACTIVE, Phase.LEAD_IN, Phase.HOLDING, Phase.ROLLING, Phase.CHOOSING, Phase.DONE}
)


class Refusal(enum.StrEnum):
    """Why a command changed nothing. A code, not words: the window and the phone say it in
    the person's language, naming their keys or buttons; the engine knows neither."""

    NOT_STARTED = "not_started"
    OVER = "over"
    ALREADY_STARTED = "already_started"
    ALREADY_PAUSED = "already_paused"
    NOT_PAUSED = "not_paused"
    PAUSED = "paused"
    #: Moving on before a hold's shortest time: asking again confirms.
    HOLD_NOT_DONE = "hold_not_done"
    FIRST_STEP = "first_step"
    CAP_REACHED = "cap_reached"
    NOTHING_TO_COUNT = "nothing_to_count"
    NOT_A_SPOT = "not_a_spot"
    #: A mode chosen while the spot is already being worked (the next spot comes first).
    SPOT_IN_PROGRESS = "spot_in_progress"
    #: Moving to the next spot, or confirming, before roll or hold was chosen.
    CHOOSE_SPOT_MODE = "choose_spot_mode"
    NOTHING_TO_CONFIRM = "nothing_to_confirm"
    RATING_OUT_OF_RANGE = "rating_out_of_range"


@dataclass(frozen=True)
class Result:
    applied: bool
    refusal: Refusal | None = None

    def __bool__(self) -> bool:
        return self.applied


APPLIED = Result(True)


def refused(refusal: Refusal) -> Result:
    return Result(False, refusal)


@dataclass(frozen=True)
class EngineOptions:
    #: Move on by itself when a timed step ends (hands-free).
    auto_advance: bool = True
    #: Seconds between a step's end and the next step, to hear the end cue.
    advance_delay: float = 3.0
    #: No command for this long, whatever the step → check-in.
    checkin_after: float = defaults.CHECKIN_AFTER
    #: …and this much longer with still no answer → the session pauses itself.
    checkin_grace: float = defaults.CHECKIN_GRACE
    #: Hands-free rolling: a beat every this many seconds counts a roll, unless the routine
    #: sets its own pace or the person counts by hand (Enter). None: count by hand only.
    rolling_pace: float | None = defaults.ROLLING_PACE
    #: …and the beat begins this long after the rolling does, said aloud (PacingStarted).
    rolling_settle: float = defaults.ROLLING_SETTLE
    #: A spot nobody chooses roll or hold for is held (the gentler choice) after this long.
    #: None: wait for the choice.
    spot_choice_after: float | None = defaults.SPOT_CHOICE_AFTER
    #: A prepare step without a duration continues by itself after this long (said aloud
    #: `PREPARE_WARNING` seconds before). None: wait for Enter.
    prepare_wait: float | None = defaults.PREPARE_WAIT


@dataclass(frozen=True)
class SessionView:
    """Everything a window needs to draw the session, at one moment."""

    phase: Phase
    paused: bool
    pause_reason: PauseReason | None
    step_index: int
    total_steps: int
    step: Step | None
    #: Seconds left on the current countdown (lead-in, hold, activity, timed prepare).
    remaining: float | None
    countdown_total: float | None
    lower_bound_reached: bool
    repetitions: int
    cap: int | None
    spot_number: int
    spot_mode: SpotMode | None
    prompt: Prompt | None
    #: The latest rating on the current spot (or step).
    last_rating: int | None
    #: The latest rating of the whole session.
    latest_rating: int | None
    warning: PainFlag | None
    #: The hold just ended without the pain easing.
    not_eased: bool
    #: This spot's hold has eased so far (its latest rating below its first).
    hold_eased: bool
    #: The hold reached its shortest time and asks "how is it now?" until a rating comes.
    asking_easing: bool
    confirm_pending: bool
    check_in: bool
    elapsed: float
    #: An estimate of the session time still to come.
    time_left: float
    #: The highest rating of this spot's hold so far (what "did not ease from" names).
    hold_highest: int | None = None
    #: The lowest rating since settling on this spot: what a rise is measured from.
    rise_from: int | None = None
    #: The pacing beat counts the rolls on this spot (hands-free), not the person's presses.
    beat_counts: bool = False
    #: The session moves on by itself when a step's or a spot's work is done (hands-free).
    moves_on: bool = True
    #: A spot nobody chooses roll or hold for is held by itself.
    holds_unchosen_spot: bool = True

    @property
    def over(self) -> bool:
        """Finished or stopped."""
        return self.phase.over


@dataclass
class _Hold:
    """One hold, from its lead-in on: replaced whole when the next one begins."""

    lower_reached: bool = False
    not_eased: bool = False
    #: Ratings given since the lead-in began: the evidence for "eased".
    ratings: list[int] = field(default_factory=list)
    asking_easing: bool = False


@dataclass
class _Spot:
    """One spot of a spot step (the whole step for other kinds): replaced, never reset."""

    pain: SpotPain
    number: int = 0
    mode: SpotMode | None = None
    count: int = 0
    #: The person counted a roll by hand on this spot: the pacing beat stops.
    manual_count: bool = False
    confirm_pending: bool = False
    hold: _Hold = field(default_factory=_Hold)


@dataclass
class _StepState:
    """The step under way, from its start on: replaced whole when a step starts, never reset
    field by field."""

    started_at: float
    spot: _Spot
    #: The step's own work is over (its time ran out, its rolls were counted, …).
    complete: bool = False
    countdown_end: float | None = None
    countdown_total: float | None = None
    #: Active time the current hold began (None when no hold is under way).
    hold_started_at: float | None = None
    prompt: Prompt | None = None


@dataclass(frozen=True)
class _Pause:
    """A pause under way; the engine holds one or None."""

    #: The clock moment it began (for the paused time added on resuming) …
    at: float
    #: … and the active time then: what the session's time stands at while paused.
    active: float
    reason: PauseReason


@dataclass(frozen=True)
class _Silence:
    """Waiting for a sign of the person since active time `since`; a check-in was said once
    `checked_in`. Replaced at every sign; None while paused or over."""

    since: float
    checked_in: bool = False


@dataclass
class _Tally:
    holds: int = 0
    hold_seconds: float = 0.0
    rolls: int = 0
    spots: int = 0
    steps_done: int = 0
    ratings: list[int] = field(default_factory=list)
    #: Ratings given while pressing on a spot (holds, rolling, spots).
    pressing_ratings: list[int] = field(default_factory=list)
    holds_started: int = 0
    #: Spots chosen in spot steps.
    searched: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    areas: dict[str, AreaDose] = field(default_factory=dict)
    #: Indices of the steps done, each counted once however often it is revisited.
    completed_steps: set[int] = field(default_factory=set)

    def add(
        self, area: str | None, *, spots: int = 0, hold_seconds: float = 0.0, rolls: int = 0
    ) -> None:
        """Add to one muscle area's dose (doses are values: replaced, never changed)."""
        name = area or ""
        dose = self.areas.get(name, AreaDose())
        self.areas[name] = AreaDose(
            dose.spots + spots, dose.hold_seconds + hold_seconds, dose.rolls + rolls
        )

    def count_spot(self, area: str | None) -> None:
        self.spots += 1
        self.add(area, spots=1)

    def flag(self, name: str) -> None:
        self.flags[name] = self.flags.get(name, 0) + 1


class SessionEngine:
    def __init__(
        self, routine: Routine, clock: Clock, options: EngineOptions | None = None
    ) -> None:
        self.routine = routine
        self.options = options or EngineOptions()
        self._clock = clock
        self._listeners: list[Listener] = []
        self._phase = Phase.IDLE
        self._origin = 0.0
        self._pause: _Pause | None = None
        self._paused_total = 0.0
        #: Session time never runs backwards: where it stood when the last pause ended (the
        #: paused time is summed from clock moments, which can round a hair below it).
        self._active_floor = 0.0
        self._timeline: list[tuple[float, int, Callable[[float], None]]] = []
        self._sequence = itertools.count()
        self._index = 0
        self._tally = _Tally()
        self._step = self._new_step_state(0.0, pressing=False)
        #: Since the last sign of the person (a key, a rating, the start, a resume); silence
        #: for the check-in time, whatever the step → check-in.
        self._silence: _Silence | None = None
        self._ended_at: float | None = None

    # -- listeners -------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- time ------------------------------------------------------------------------------

    def _active_now(self) -> float:
        """Seconds of session time that were not paused."""
        if self._phase is Phase.IDLE:
            return 0.0
        if self._ended_at is not None:
            return self._ended_at
        if self._pause is not None:
            # Exactly the moment the pause began: recomputing it from clock moments can come
            # out one rounding step earlier, and time would seem to run backwards.
            return self._pause.active
        return max(self._active_floor, self._clock.now() - self._origin - self._paused_total)

    def _schedule(self, due: float, handler: Callable[[float], None]) -> None:
        heapq.heappush(self._timeline, (due, next(self._sequence), handler))

    def _checkin_due(self) -> float | None:
        if self._silence is None:
            return None
        delay = self.options.checkin_after
        if self._silence.checked_in:
            delay += self.options.checkin_grace
        return self._silence.since + delay

    def advance(self) -> None:
        """Process everything that has come due by now, each at its own due moment."""
        while self._phase in _RUNNING and self._pause is None:
            now = self._active_now()
            timeline_due = self._timeline[0][0] if self._timeline else math.inf
            checkin_due = self._checkin_due()
            if checkin_due is not None and checkin_due <= now and checkin_due < timeline_due:
                self._check_in(checkin_due)
                continue
            if timeline_due > now:
                return
            due, _, handler = heapq.heappop(self._timeline)
            handler(due)

    def _check_in(self, due: float) -> None:
        silence = self._silence
        assert silence is not None
        if not silence.checked_in:
            self._silence = _Silence(silence.since, checked_in=True)
            self._emit(ev.CheckIn(at=due, step_index=self._index, silent_for=due - silence.since))
        else:
            self._pause_at(due, PauseReason.UNRESPONSIVE)

    # -- step state ------------------------------------------------------------------------

    def _new_step_state(self, at: float, *, pressing: bool) -> _StepState:
        return _StepState(started_at=at, spot=_Spot(SpotPain(self.routine.pain, pressing)))

    @property
    def step(self) -> Step:
        return self.routine.steps[self._index]

    def _start_step(self, index: int, at: float) -> None:
        self._timeline.clear()
        self._index = index
        step = self.step
        self._step = self._new_step_state(at, pressing=step.expects_rating)
        self._emit(
            ev.StepStarted(at=at, step_index=index, step=step, total_steps=len(self.routine.steps))
        )
        match step.kind:
            case StepKind.PREPARE:
                self._phase = Phase.ACTIVE
                wait = self.options.prepare_wait
                if step.duration:
                    self._countdown(at, step.duration)
                    self._schedule(at + step.duration, self._complete_step)
                elif wait and self.options.auto_advance and not step.waits:
                    # Hands-free: a generous wait, said aloud before it ends; Space waits longer.
                    self._countdown(at, wait)
                    if wait > PREPARE_WARNING:
                        self._schedule(at + wait - PREPARE_WARNING, self._continuing_soon)
                    self._schedule(at + wait, self._prepare_done)
            case StepKind.ACTIVITY:
                self._phase = Phase.ACTIVE
                assert step.duration is not None
                self._countdown(at, step.duration)
                for number, prompt in enumerate(step.prompts):
                    self._schedule(at + prompt.at, self._prompt_handler(number, prompt))
                self._schedule(at + step.duration, self._complete_step)
            case StepKind.HOLD:
                self._tally.count_spot(step.area)
                self._begin_lead_in(at)
            case StepKind.ROLLING:
                self._tally.count_spot(step.area)
                self._begin_rolling(at)
            case StepKind.SPOT:
                self._new_spot(at)

    def _continuing_soon(self, due: float) -> None:
        self._emit(ev.ContinuingSoon(at=due, step_index=self._index, seconds=PREPARE_WARNING))

    def _prepare_done(self, due: float) -> None:
        self._step.complete = True
        self._go_next(due)

    def _countdown(self, start: float, length: float) -> None:
        self._step.countdown_end = start + length
        self._step.countdown_total = length

    def _prompt_handler(self, number: int, prompt: Prompt) -> Callable[[float], None]:
        def show(due: float) -> None:
            self._step.prompt = prompt
            self._emit(
                ev.ActivityPromptChanged(
                    at=due, step_index=self._index, index=number, prompt=prompt
                )
            )

        return show

    def _complete_step(self, due: float) -> None:
        """The step's own work is over: wait, or move on by itself after a short pause."""
        self._phase = Phase.DONE
        self._step.complete = True
        self._step.countdown_end = self._step.countdown_total = None
        if not self.options.auto_advance:
            return
        if self.step.kind is not StepKind.SPOT:
            self._schedule(due + self.options.advance_delay, self._go_next)
        elif self._step.spot.number < self.step.spots:
            self._schedule(due + self.options.advance_delay, self._new_spot)
        else:
            self._schedule(due + self.options.advance_delay, self._go_next)

    def _leave_step(self, at: float) -> None:
        self._account_hold(at)
        completed = self._step.complete or (
            self.step.kind is StepKind.PREPARE and not self.step.duration
        )
        if completed:
            self._tally.completed_steps.add(self._index)
            self._tally.steps_done = len(self._tally.completed_steps)
        self._emit(ev.StepEnded(at=at, step_index=self._index, completed=completed))
        self._timeline.clear()

    def _go_next(self, at: float) -> None:
        self._leave_step(at)
        if self._index + 1 < len(self.routine.steps):
            self._start_step(self._index + 1, at)
        else:
            self._finish(at, completed=True)

    # -- holds -----------------------------------------------------------------------------

    def _hold_spec(self) -> HoldSpec:
        hold = self.step.hold
        assert hold is not None
        return hold

    def _begin_lead_in(self, at: float) -> None:
        lead_in = self._hold_spec().lead_in
        self._step.spot.hold = _Hold()
        self._tally.holds_started += 1
        self._step.spot.pain.begin_settling()
        if lead_in <= 0:
            self._begin_hold(at)
            return
        self._phase = Phase.LEAD_IN
        self._countdown(at, lead_in)
        for remaining in range(math.ceil(lead_in), 0, -1):
            self._schedule(at + lead_in - remaining, self._get_ready_handler(remaining))
        self._schedule(at + lead_in, self._begin_hold)

    def _get_ready_handler(self, remaining: int) -> Callable[[float], None]:
        def tick(due: float) -> None:
            self._emit(ev.GetReadyTick(at=due, step_index=self._index, remaining=remaining))

        return tick

    def _begin_hold(self, at: float) -> None:
        spec = self._hold_spec()
        lower, upper = spec.lower, spec.upper
        self._phase = Phase.HOLDING
        self._step.hold_started_at = at
        self._countdown(at, upper)
        self._emit(ev.HoldStarted(at=at, step_index=self._index, lower=lower, upper=upper))
        self._schedule(at + min(HOLD_SETTLE_SECONDS, lower), self._settled)
        self._schedule(at + lower, self._reach_lower_bound)
        for remaining in (3, 2, 1):
            if upper - remaining > 0:
                self._schedule(at + upper - remaining, self._last_seconds_handler(remaining))
        self._schedule(at + upper, self._end_hold)

    def _settled(self, due: float) -> None:
        """The hold's first seconds are over: a rise from here on means pressing too hard."""
        self._step.spot.pain.settle()

    def _reach_lower_bound(self, due: float) -> None:
        if not self._step.spot.hold.lower_reached:
            self._step.spot.hold.lower_reached = True
            self._step.spot.confirm_pending = False
            self._emit(ev.LowerBoundReached(at=due, step_index=self._index))
            if self._phase is Phase.HOLDING:
                # The answer is the evidence for "it eased" at the end; the question waits a
                # moment so that it does not sound over the lower-bound chime.
                self._schedule(due + EASING_QUESTION_DELAY, self._ask_easing)

    def _ask_easing(self, due: float) -> None:
        self._step.spot.hold.asking_easing = True
        self._emit(ev.EasingAsked(at=due, step_index=self._index))

    def _last_seconds_handler(self, remaining: int) -> Callable[[float], None]:
        def tick(due: float) -> None:
            self._emit(ev.LastSecondsTick(at=due, step_index=self._index, remaining=remaining))

        return tick

    def _account_hold(self, at: float) -> float:
        """Add the time held so far to the dose (once); 0 when no hold is running."""
        if self._step.hold_started_at is None:
            return 0.0
        held = max(0.0, at - self._step.hold_started_at)
        self._tally.hold_seconds += held
        self._tally.add(self.step.area, hold_seconds=held)
        self._step.hold_started_at = None
        return held

    def _end_hold(self, due: float) -> None:
        """The count reached its end, or the user released after the lower bound."""
        self._timeline.clear()
        self._reach_lower_bound(due)
        held = self._account_hold(due)
        self._tally.holds += 1
        did_ease = eased(self._step.spot.hold.ratings)
        self._step.spot.hold.asking_easing = False
        self._step.spot.hold.not_eased = did_ease is False
        if self._step.spot.hold.not_eased:
            self._tally.flag(Logged.PAIN_NOT_EASED)
        ratings = self._step.spot.hold.ratings
        self._emit(
            ev.HoldEnded(
                at=due,
                step_index=self._index,
                held=held,
                eased=did_ease,
                highest=max(ratings) if ratings else None,
                latest=ratings[-1] if ratings else None,
            )
        )
        self._complete_step(due)

    # -- rolling and spots -----------------------------------------------------------------

    def _rolling_spec(self) -> RollingSpec:
        """The cap, and the pacing beat (the routine's, else the hands-free default) unless
        the person counts by hand on this spot."""
        rolling = self.step.rolling
        assert rolling is not None
        pace = None if self._step.spot.manual_count else (rolling.pace or self.options.rolling_pace)
        return RollingSpec(rolling.cap, pace)

    def _begin_rolling(self, at: float) -> None:
        self._phase = Phase.ROLLING
        self._step.spot.count = 0
        self._step.spot.manual_count = False
        if self._rolling_spec().pace:
            self._schedule(at + self.options.rolling_settle, self._start_pacing)

    def _start_pacing(self, due: float) -> None:
        pace = self._rolling_spec().pace
        if self._step.spot.manual_count or self._phase is not Phase.ROLLING or not pace:
            return  # the person counts by hand
        self._emit(ev.PacingStarted(at=due, step_index=self._index, pace=pace))
        self._schedule(due + pace, self._pacing_beat)

    def _pacing_beat(self, due: float) -> None:
        if self._step.spot.manual_count or self._phase is not Phase.ROLLING:
            return  # the person took over the counting
        self._count_one(due, by_pacing=True)
        pace = self._rolling_spec().pace
        if self._phase is Phase.ROLLING and pace:
            self._schedule(due + pace, self._pacing_beat)

    def _count_one(self, at: float, *, by_pacing: bool) -> None:
        cap = self._rolling_spec().cap
        self._step.spot.count += 1
        self._tally.rolls += 1
        self._tally.add(self.step.area, rolls=1)
        self._emit(
            ev.RepetitionCounted(
                at=at,
                step_index=self._index,
                count=self._step.spot.count,
                cap=cap,
                by_pacing=by_pacing,
            )
        )
        if self._step.spot.count >= cap:
            self._timeline.clear()
            self._emit(
                ev.RepetitionCapReached(
                    at=at,
                    step_index=self._index,
                    cap=cap,
                    spot_step=self.step.kind is StepKind.SPOT,
                )
            )
            self._complete_step(at)

    def _new_spot(self, at: float) -> None:
        self._timeline.clear()
        self._account_hold(at)
        self._step.spot = _Spot(
            SpotPain(self.routine.pain, pressing=True), self._step.spot.number + 1
        )
        self._step.countdown_end = self._step.countdown_total = None
        self._phase = Phase.CHOOSING
        self._emit(ev.SpotStarted(at=at, step_index=self._index, spot=self._step.spot.number))
        wait = self.options.spot_choice_after
        if wait is not None and self.options.auto_advance:
            self._schedule(at + wait, self._choose_by_itself)

    def _choose_by_itself(self, due: float) -> None:
        """Nobody chose roll or hold: hold the spot, the gentler of the two."""
        if self._phase is Phase.CHOOSING:
            self._choose(due, SpotMode.HOLD, by_itself=True)

    # -- the session -----------------------------------------------------------------------

    def _finish(self, at: float, *, completed: bool) -> None:
        self._timeline.clear()
        self._phase = Phase.FINISHED if completed else Phase.STOPPED
        self._ended_at = at
        self._pause = None
        self._silence = None
        self._emit(ev.SessionFinished(at=at, step_index=self._index, summary=self.summary()))

    def summary(self) -> SessionSummary:
        tally = self._tally
        return SessionSummary(
            routine_id=self.routine.id,
            completed=self._phase is Phase.FINISHED,
            duration=self._active_now(),
            steps_total=len(self.routine.steps),
            steps_done=tally.steps_done,
            holds=tally.holds,
            holds_started=tally.holds_started,
            hold_seconds=tally.hold_seconds,
            rolls=tally.rolls,
            spots=tally.searched,
            pain_first=tally.pressing_ratings[0] if tally.pressing_ratings else None,
            pain_last=tally.pressing_ratings[-1] if tally.pressing_ratings else None,
            flags=dict(tally.flags),
            areas={name: dose for name, dose in tally.areas.items() if name},
        )

    def _pause_at(self, at: float, reason: PauseReason) -> None:
        # The clock moment of active time `at`: a pause found late (the check-in's) starts
        # at its due moment, not at the late tick.
        self._pause = _Pause(self._origin + self._paused_total + at, at, reason)
        self._silence = None
        self._emit(ev.Paused(at=at, step_index=self._index, reason=reason))

    # -- commands --------------------------------------------------------------------------

    def _command_received(self) -> None:
        """Any key shows the user is there: the silence starts again from now."""
        if self._phase in _RUNNING:
            self._silence = None if self._pause is not None else _Silence(self._active_now())

    def _refuse_unless_running(self) -> Result | None:
        if self._phase is Phase.IDLE:
            return refused(Refusal.NOT_STARTED)
        if self._phase.over:
            return refused(Refusal.OVER)
        return None

    def _accept_command(self, *, spot_only: bool = False) -> Result | None:
        """Catch up with the clock, note that the user is there; a refusal when it makes no sense."""
        if (refusal := self._refuse_unless_running()) is not None:
            return refusal
        self.advance()
        self._command_received()
        if self._phase not in _RUNNING:
            return refused(Refusal.OVER)
        if spot_only and self.step.kind is not StepKind.SPOT:
            return refused(Refusal.NOT_A_SPOT)
        return None

    def _applied(self) -> Result:
        """Play out anything due at this very moment (say, a lead-in's first tick)."""
        self.advance()
        return APPLIED

    def start(self) -> Result:
        if self._phase is not Phase.IDLE:
            return refused(Refusal.ALREADY_STARTED)
        self._origin = self._clock.now()
        self._phase = Phase.ACTIVE
        self._emit(
            ev.SessionStarted(
                at=0.0,
                step_index=0,
                routine_id=self.routine.id,
                routine_title=self.routine.title,
                total_steps=len(self.routine.steps),
            )
        )
        self._silence = _Silence(0.0)
        self._start_step(0, 0.0)
        return self._applied()

    def pause(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        if self._pause is not None:
            return refused(Refusal.ALREADY_PAUSED)
        self._pause_at(self._active_now(), PauseReason.USER)
        return APPLIED

    def resume(self) -> Result:
        if (refusal := self._refuse_unless_running()) is not None:
            return refusal
        self._command_received()
        if self._pause is None:
            return refused(Refusal.NOT_PAUSED)
        at = self._active_now()
        self._paused_total += self._clock.now() - self._pause.at
        self._active_floor = at
        self._pause = None
        self._silence = _Silence(at)
        self._emit(ev.Resumed(at=at, step_index=self._index))
        return self._applied()

    def toggle(self) -> Result:
        """Space: start, pause or resume."""
        if self._phase is Phase.IDLE:
            return self.start()
        return self.resume() if self._pause is not None else self.pause()

    def next_step(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        at = self._active_now()
        if self._phase in (Phase.LEAD_IN, Phase.HOLDING) and not self._step.spot.hold.lower_reached:
            if not self._step.spot.confirm_pending:
                self._step.spot.confirm_pending = True
                self._emit(ev.ConfirmNext(at=at, step_index=self._index))
                return refused(Refusal.HOLD_NOT_DONE)
        elif self._phase is Phase.HOLDING:
            # Released after the lower bound: a proper end of the hold.
            self._end_hold(at)
        self._go_next(at)
        return self._applied()

    def previous_step(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        if self._index == 0:
            return refused(Refusal.FIRST_STEP)
        at = self._active_now()
        self._leave_step(at)
        self._start_step(self._index - 1, at)
        return self._applied()

    def count_repetition(self) -> Result:
        if (refusal := self._accept_command()) is not None:
            return refusal
        if self._pause is not None:
            return refused(Refusal.PAUSED)
        if self._phase is Phase.ROLLING:
            # Counting by hand takes over from the pacing beat for this spot.
            self._step.spot.manual_count = True
            self._count_one(self._active_now(), by_pacing=False)
            return APPLIED
        if self._phase is Phase.DONE and self._cap_reached():
            return refused(Refusal.CAP_REACHED)
        return refused(Refusal.NOTHING_TO_COUNT)

    def choose_spot_mode(self, mode: SpotMode) -> Result:
        if (refusal := self._accept_command(spot_only=True)) is not None:
            return refusal
        if self._phase not in (Phase.CHOOSING, Phase.DONE):
            return refused(Refusal.SPOT_IN_PROGRESS)
        at = self._active_now()
        if self._phase is Phase.DONE:
            self._new_spot(at)
        self._choose(at, mode)
        return self._applied()

    def _choose(self, at: float, mode: SpotMode, *, by_itself: bool = False) -> None:
        self._timeline.clear()  # the choice made by itself, if it was waiting
        self._step.spot.mode = mode
        self._tally.count_spot(self.step.area)
        self._tally.searched += 1
        self._emit(
            ev.SpotModeChosen(
                at=at,
                step_index=self._index,
                spot=self._step.spot.number,
                mode=mode,
                by_itself=by_itself,
            )
        )
        if mode is SpotMode.ROLLING:
            self._begin_rolling(at)
        else:
            self._begin_lead_in(at)

    def next_spot(self) -> Result:
        if (refusal := self._accept_command(spot_only=True)) is not None:
            return refusal
        if self._phase is Phase.CHOOSING:
            return refused(Refusal.CHOOSE_SPOT_MODE)
        at = self._active_now()
        if self._phase is Phase.HOLDING and self._step.spot.hold.lower_reached:
            self._end_hold(at)
        self._step.complete = True
        self._new_spot(at)
        return self._applied()

    def area_done(self) -> Result:
        if (refusal := self._accept_command(spot_only=True)) is not None:
            return refusal
        at = self._active_now()
        if self._phase is Phase.HOLDING and self._step.spot.hold.lower_reached:
            self._end_hold(at)
        if self._step.spot.number > 1 or self._phase is Phase.DONE:
            self._step.complete = True
        self._go_next(at)
        return self._applied()

    def confirm(self) -> Result:
        """Enter: count a roll, confirm moving on, or continue — whatever the step waits for."""
        if self._phase is Phase.IDLE:
            return self.start()
        if (refusal := self._refuse_unless_running()) is not None:
            return refusal
        self.advance()
        if self._step.spot.confirm_pending:
            return self.next_step()
        if self._phase is Phase.ROLLING:
            return self.count_repetition()
        if self._phase is Phase.DONE:
            if self._cap_reached():
                # Extra taps after the cap must not skip ahead.
                self._command_received()
                return refused(Refusal.CAP_REACHED)
            if self.step.kind is StepKind.SPOT:
                return self.next_spot()
            return self.next_step()
        if self.step.kind is StepKind.PREPARE and not self.step.duration:
            return self.next_step()
        was_awaited = self._silence is not None
        self._command_received()
        if was_awaited:
            return APPLIED
        if self._phase is Phase.CHOOSING:
            return refused(Refusal.CHOOSE_SPOT_MODE)
        return refused(Refusal.NOTHING_TO_CONFIRM)

    def _cap_reached(self) -> bool:
        return (
            self.step.rolling is not None
            and self._step.spot.mode is not SpotMode.HOLD
            and self._step.spot.count >= self._rolling_spec().cap
        )

    def rate_pain(self, rating: int) -> Result:
        if not is_valid_rating(rating):
            return refused(Refusal.RATING_OUT_OF_RANGE)
        if self._phase is Phase.IDLE:
            # A rating before the start starts the session, and counts as its first rating:
            # a person who rates is there and ready (the first step may well be waiting for
            # exactly that rating, "I am down").
            self.start()
        if (refusal := self._accept_command()) is not None:
            return refusal
        at = self._active_now()
        self._tally.ratings.append(rating)
        if self._step.spot.pain.pressing:
            self._tally.pressing_ratings.append(rating)
        if self._phase in (Phase.LEAD_IN, Phase.HOLDING):
            self._step.spot.hold.ratings.append(rating)
            self._step.spot.hold.asking_easing = False
        self._emit(ev.PainRated(at=at, step_index=self._index, rating=rating))
        if self._waiting_for_the_person() and self.options.auto_advance:
            # A step that waits (getting down) hears "I am down" in the first rating: hands-free,
            # it goes on a few seconds later, said aloud, and Space still holds it.
            self._step.complete = True
            self._timeline.clear()
            self._countdown(at, PREPARE_WARNING)
            self._continuing_soon(at)
            self._schedule(at + PREPARE_WARNING, self._prepare_done)
        lowest = self._step.spot.pain.lowest
        for flag in self._step.spot.pain.rate(rating):
            self._tally.flag(flag.value)
            if flag is PainFlag.ABOVE_BAND:
                self._emit(ev.PainAboveBand(at=at, step_index=self._index, rating=rating))
            elif flag is PainFlag.HIGH_AT_REST:
                self._emit(
                    ev.PainHighAtRest(
                        at=at,
                        step_index=self._index,
                        rating=rating,
                        moving=self.step.on_feet,
                    )
                )
            elif flag is PainFlag.RISING:
                assert lowest is not None
                self._emit(
                    ev.PainRising(at=at, step_index=self._index, rating=rating, lowest=lowest)
                )
            else:
                self._emit(
                    ev.PainBelowBand(
                        at=at, step_index=self._index, rating=rating, eased=self._hold_eased()
                    )
                )
        return APPLIED

    def _waiting_for_the_person(self) -> bool:
        step = self.step
        return (
            self._phase is Phase.ACTIVE
            and step.kind is StepKind.PREPARE
            and step.waits
            and not self._step.complete
        )

    def _hold_eased(self) -> bool:
        """This spot's hold has eased so far (the one rule: pain.eased)."""
        return eased(self._step.spot.hold.ratings) is True

    def stop(self) -> Result:
        if (refusal := self._refuse_unless_running()) is not None:
            return refusal
        self.advance()
        if self._phase not in _RUNNING:
            return refused(Refusal.OVER)
        at = self._active_now()
        self._leave_step(at)
        self._finish(at, completed=False)
        return APPLIED

    # -- state -----------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def finished(self) -> bool:
        """Finished or stopped: nothing will happen any more."""
        return self._phase.over

    def next_due_in(self) -> float | None:
        """Active seconds until the next timed event; None when nothing is scheduled."""
        if self._phase not in _RUNNING or self._pause is not None:
            return None
        dues = [self._timeline[0][0]] if self._timeline else []
        checkin = self._checkin_due()
        if checkin is not None:
            dues.append(checkin)
        return max(0.0, min(dues) - self._active_now()) if dues else None

    @property
    def paused(self) -> bool:
        return self._pause is not None

    @property
    def now(self) -> float:
        """Active session time."""
        return self._active_now()

    def view(self) -> SessionView:
        now = self._active_now()
        remaining = None
        if self._step.countdown_end is not None and self._phase in _RUNNING:
            remaining = max(0.0, self._step.countdown_end - now)
        cap = (
            self._rolling_spec().cap
            if self._phase is not Phase.IDLE and self.step.rolling
            else None
        )
        step = self.step if self._phase is not Phase.IDLE else None
        return SessionView(
            phase=self._phase,
            paused=self.paused,
            pause_reason=self._pause.reason if self._pause is not None else None,
            step_index=self._index,
            total_steps=len(self.routine.steps),
            step=step,
            remaining=remaining,
            countdown_total=self._step.countdown_total,
            lower_bound_reached=self._step.spot.hold.lower_reached,
            repetitions=self._step.spot.count,
            cap=cap,
            spot_number=self._step.spot.number,
            spot_mode=self._step.spot.mode,
            prompt=self._step.prompt,
            last_rating=self._step.spot.pain.ratings[-1] if self._step.spot.pain.ratings else None,
            latest_rating=self._tally.ratings[-1] if self._tally.ratings else None,
            warning=self._step.spot.pain.warning,
            not_eased=self._step.spot.hold.not_eased,
            hold_eased=self._hold_eased(),
            hold_highest=max(self._step.spot.hold.ratings, default=None),
            rise_from=self._step.spot.pain.lowest,
            asking_easing=self._step.spot.hold.asking_easing,
            confirm_pending=self._step.spot.confirm_pending,
            check_in=self._silence is not None and self._silence.checked_in,
            elapsed=now,
            time_left=self._time_left(now, remaining),
            beat_counts=self.step.rolling is not None
            and self._phase is not Phase.IDLE
            and self._step.spot.mode is not SpotMode.HOLD
            and self._rolling_spec().pace is not None,
            moves_on=self.options.auto_advance,
            holds_unchosen_spot=self.options.auto_advance
            and self.options.spot_choice_after is not None,
        )

    def _time_left(self, now: float, remaining: float | None) -> float:
        if self._phase.over:
            return 0.0
        pace, wait = self.options.rolling_pace, self.options.prepare_wait
        if self._phase is Phase.IDLE:
            return self.routine.estimated_seconds(pace, wait)
        later = sum(s.estimated_seconds(pace, wait) for s in self.routine.steps[self._index + 1 :])
        if remaining is not None:
            current = remaining
            if self._phase is Phase.LEAD_IN:
                current += self._hold_spec().upper
        elif self._phase is Phase.DONE:
            current = 0.0
        else:
            elapsed = now - self._step.started_at
            current = max(0.0, self.step.estimated_seconds(pace, wait) - elapsed)
        return current + later
