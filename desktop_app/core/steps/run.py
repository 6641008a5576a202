"""What every step run has: its deadlines, its phase and countdown, the spot under way, and
the answers to commands that its kind does not know.

A run is made when its step starts and dropped when the step is left; its deadlines go with
it. It reaches the session only through its `Host`: the options, the tally, the pain
settings, `emit` and `go_next`.
"""

from __future__ import annotations

import enum
import heapq
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop_app.core import events as ev
from desktop_app.core.actions import Action
from desktop_app.core.events import AreaDose, Event, SessionSummary, SpotMode
from desktop_app.core.pain import PainFlag, SpotPain, eased
from desktop_app.core.routines import PainSettings, Prompt, Step
from desktop_app.core.session_types import (
    APPLIED,
    EngineOptions,
    Phase,
    Refusal,
    Result,
    refused,
)

Handler = Callable[[float], None]


class Timeline:
    """A run's deadlines in active session time, earliest first (ties in the order added)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Handler]] = []
        self._sequence = itertools.count()

    def add(self, due: float, handler: Handler) -> None:
        heapq.heappush(self._heap, (due, next(self._sequence), handler))

    def clear(self) -> None:
        self._heap.clear()

    def next_due(self) -> float:
        """The earliest deadline; infinity when there is none."""
        return self._heap[0][0] if self._heap else math.inf

    def pop(self) -> tuple[float, Handler]:
        due, _, handler = heapq.heappop(self._heap)
        return due, handler


@dataclass
class Tally:
    """What the session has done so far, for its summary: the runs add to it."""

    holds: int = 0
    hold_seconds: float = 0.0
    rolls: int = 0
    spots: int = 0
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

    @property
    def steps_done(self) -> int:
        return len(self.completed_steps)

    def count_spot(self, area: str | None) -> None:
        self.spots += 1
        self.add(area, spots=1)

    def flag(self, name: str) -> None:
        self.flags[name] = self.flags.get(name, 0) + 1

    def summary(
        self, routine_id: str, *, completed: bool, duration: float, steps_total: int
    ) -> SessionSummary:
        pressing = self.pressing_ratings
        return SessionSummary(
            routine_id=routine_id,
            completed=completed,
            duration=duration,
            steps_total=steps_total,
            steps_done=self.steps_done,
            holds=self.holds,
            holds_started=self.holds_started,
            hold_seconds=self.hold_seconds,
            rolls=self.rolls,
            spots=self.searched,
            pain_first=pressing[0] if pressing else None,
            pain_last=pressing[-1] if pressing else None,
            flags=dict(self.flags),
            areas={name: dose for name, dose in self.areas.items() if name},
        )


@dataclass(frozen=True)
class Host:
    """What a run may ask of the session that drives it."""

    options: EngineOptions
    tally: Tally
    pain: PainSettings
    emit: Callable[[Event], None]
    #: Leave this step for the next one (or finish the session after the last).
    go_next: Callable[[float], None]


@dataclass
class Hold:
    """One hold, from its lead-in on: replaced whole when the next one begins."""

    lower_reached: bool = False
    not_eased: bool = False
    #: Ratings given since the lead-in began: the evidence for "eased".
    ratings: list[int] = field(default_factory=list)
    asking_easing: bool = False
    #: Active time the hold's count began (None before, and once its time is accounted).
    started_at: float | None = None


@dataclass
class Spot:
    """One spot of a spot step (the whole step for other kinds): replaced, never reset."""

    pain: SpotPain
    number: int = 0
    mode: SpotMode | None = None
    count: int = 0
    #: The person counted a roll by hand on this spot: the pacing beat stops.
    manual_count: bool = False
    confirm_pending: bool = False
    hold: Hold = field(default_factory=Hold)


class Confirm(enum.Enum):
    """What Enter means at this moment of a run."""

    NEXT_STEP = enum.auto()
    NEXT_SPOT = enum.auto()
    COUNT = enum.auto()
    CAP_REACHED = enum.auto()


class StepRun:
    """A step under way. The kinds' runs (`desktop_app.core.steps`) start it their way and
    answer the commands they know; what is here answers the rest."""

    #: What a person is offered beside pause, back and forward (the phone's buttons).
    offers: tuple[Action, ...] = (Action.CONFIRM,)
    #: The step works spot after spot: forward means "this area is done".
    works_spots = False

    def __init__(self, host: Host, index: int, step: Step, at: float) -> None:
        self.host = host
        self.index = index
        self.step = step
        self.started_at = at
        self.timeline = Timeline()
        self.phase = Phase.ACTIVE
        #: The step's own work is over (its time ran out, its rolls were counted, …).
        self.complete = False
        self.countdown_end: float | None = None
        self.countdown_total: float | None = None
        self.prompt: Prompt | None = None
        self.spot = Spot(SpotPain(host.pain, step.expects_rating))

    # -- the kind's part -------------------------------------------------------------------

    def begin(self, at: float) -> None:
        """Start the step's own work: schedule its deadlines."""

    def release(self, at: float) -> Result | None:
        """Asked to move on: a refusal to wait (a hold not yet held long enough), else None."""
        return None

    def count(self, at: float) -> Result:
        if self.phase is Phase.DONE and self.cap_reached():
            return refused(Refusal.CAP_REACHED)
        return refused(Refusal.NOTHING_TO_COUNT)

    def choose(self, at: float, mode: SpotMode) -> Result:
        return refused(Refusal.NOT_A_SPOT)

    def next_spot(self, at: float) -> Result:
        return refused(Refusal.NOT_A_SPOT)

    def area_done(self, at: float) -> Result:
        """Applied: the session goes on to the next step."""
        return refused(Refusal.NOT_A_SPOT)

    def on_confirm(self) -> Confirm | None:
        """What Enter means now; None when the step waits for nothing."""
        if self.spot.confirm_pending:
            return Confirm.NEXT_STEP
        if self.phase is Phase.DONE:
            return Confirm.CAP_REACHED if self.cap_reached() else self.after_work_confirm
        return None

    #: Enter once the work is done.
    after_work_confirm = Confirm.NEXT_STEP

    def take_rating(self, rating: int) -> None:
        """A rating, before it is announced."""

    def after_rating(self, at: float) -> None:
        """A rating, after it was announced and before its flags."""

    def account(self, at: float) -> float:
        """Add the time held so far to the dose (once); 0 when no hold is running."""
        return 0.0

    def cap_reached(self) -> bool:
        return False

    def cap(self) -> int | None:
        return None

    def beat_counts(self) -> bool:
        """The pacing beat counts the rolls on this spot."""
        return False

    def after_countdown(self) -> float:
        """Seconds of this step still to come once the countdown shown ends."""
        return 0.0

    @property
    def completed(self) -> bool:
        """The step counts as done when it is left."""
        return self.complete

    # -- what every kind shares ------------------------------------------------------------

    def schedule(self, due: float, handler: Handler) -> None:
        self.timeline.add(due, handler)

    def countdown(self, start: float, length: float) -> None:
        self.countdown_end = start + length
        self.countdown_total = length

    def remaining(self, now: float) -> float | None:
        return None if self.countdown_end is None else max(0.0, self.countdown_end - now)

    def work_done(self, due: float) -> None:
        """The step's own work is over: wait, or move on by itself after a short pause."""
        self.phase = Phase.DONE
        self.complete = True
        self.countdown_end = self.countdown_total = None
        options = self.host.options
        if options.auto_advance:
            self.schedule(due + options.advance_delay, self.after_work)

    def after_work(self, due: float) -> None:
        """Hands-free, once the work is done and its end was heard."""
        self.host.go_next(due)

    def leave(self, at: float) -> bool:
        """The step is left: its hold accounted; whether it counts as done."""
        self.account(at)
        return self.completed

    def hold_eased(self) -> bool:
        """This spot's hold has eased so far (the one rule: pain.eased)."""
        return eased(self.spot.hold.ratings) is True

    def rate(self, at: float, rating: int) -> Result:
        """A pain rating: announced, then each flag it newly raises."""
        self.take_rating(rating)
        emit, index = self.host.emit, self.index
        emit(ev.PainRated(at=at, step_index=index, rating=rating))
        self.after_rating(at)
        lowest = self.spot.pain.lowest
        for flag in self.spot.pain.rate(rating):
            self.host.tally.flag(flag.value)
            if flag is PainFlag.ABOVE_BAND:
                emit(ev.PainAboveBand(at=at, step_index=index, rating=rating))
            elif flag is PainFlag.HIGH_AT_REST:
                emit(
                    ev.PainHighAtRest(
                        at=at, step_index=index, rating=rating, moving=self.step.on_feet
                    )
                )
            elif flag is PainFlag.RISING:
                assert lowest is not None
                emit(ev.PainRising(at=at, step_index=index, rating=rating, lowest=lowest))
            else:
                emit(
                    ev.PainBelowBand(
                        at=at, step_index=index, rating=rating, eased=self.hold_eased()
                    )
                )
        return APPLIED

    def time_left(self, now: float, pace: float | None, wait: float | None) -> float:
        """An estimate of this step's time still to come."""
        remaining = self.remaining(now)
        if remaining is not None:
            return remaining + self.after_countdown()
        if self.phase is Phase.DONE:
            return 0.0
        return max(0.0, self.step.estimated_seconds(pace, wait) - (now - self.started_at))
