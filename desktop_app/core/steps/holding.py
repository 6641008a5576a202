"""A hold: a lead-in to settle onto the ball, then a static count between a shortest and a
longest time, asking "how is it now?" once the shortest is reached. Hold steps are one
hold; spot steps hold a spot the same way."""

from __future__ import annotations

import math

from desktop_app.core import events as ev
from desktop_app.core.logged import Logged
from desktop_app.core.pain import HOLD_SETTLE_SECONDS, eased
from desktop_app.core.routines import HoldSpec
from desktop_app.core.session_types import Phase, Refusal, Result, refused
from desktop_app.core.steps.run import Handler, Hold, StepRun

#: Seconds between the lower-bound chime and the question "how is it now?".
EASING_QUESTION_DELAY = 1.5
#: The last seconds of a hold, each with its tick.
LAST_SECONDS = (3, 2, 1)


class Holding(StepRun):
    """The hold of a step or of a spot."""

    def hold_spec(self) -> HoldSpec:
        hold = self.step.hold
        assert hold is not None
        return hold

    def begin_lead_in(self, at: float) -> None:
        lead_in = self.hold_spec().lead_in
        self.spot.hold = Hold()
        self.host.tally.holds_started += 1
        self.spot.pain.begin_settling()
        if lead_in <= 0:
            self.begin_hold(at)
            return
        self.phase = Phase.LEAD_IN
        self.countdown(at, lead_in)
        for remaining in range(math.ceil(lead_in), 0, -1):
            self.schedule(at + lead_in - remaining, self._get_ready(remaining))
        self.schedule(at + lead_in, self.begin_hold)

    def _get_ready(self, remaining: int) -> Handler:
        def tick(due: float) -> None:
            self.host.emit(ev.GetReadyTick(at=due, step_index=self.index, remaining=remaining))

        return tick

    def begin_hold(self, at: float) -> None:
        spec = self.hold_spec()
        lower, upper = spec.lower, spec.upper
        self.phase = Phase.HOLDING
        self.spot.hold.started_at = at
        self.countdown(at, upper)
        self.host.emit(ev.HoldStarted(at=at, step_index=self.index, lower=lower, upper=upper))
        self.schedule(at + min(HOLD_SETTLE_SECONDS, lower), self._settled)
        self.schedule(at + lower, self._reach_lower_bound)
        for remaining in LAST_SECONDS:
            if upper - remaining > 0:
                self.schedule(at + upper - remaining, self._last_seconds(remaining))
        self.schedule(at + upper, self.end_hold)

    def _settled(self, due: float) -> None:
        """The hold's first seconds are over: a rise from here on means pressing too hard."""
        self.spot.pain.settle()

    def _reach_lower_bound(self, due: float) -> None:
        if not self.spot.hold.lower_reached:
            self.spot.hold.lower_reached = True
            self.spot.confirm_pending = False
            self.host.emit(ev.LowerBoundReached(at=due, step_index=self.index))
            if self.phase is Phase.HOLDING:
                # The answer is the evidence for "it eased" at the end; the question waits a
                # moment so that it does not sound over the lower-bound chime.
                self.schedule(due + EASING_QUESTION_DELAY, self._ask_easing)

    def _ask_easing(self, due: float) -> None:
        self.spot.hold.asking_easing = True
        self.host.emit(ev.EasingAsked(at=due, step_index=self.index))

    def _last_seconds(self, remaining: int) -> Handler:
        def tick(due: float) -> None:
            self.host.emit(ev.LastSecondsTick(at=due, step_index=self.index, remaining=remaining))

        return tick

    def account(self, at: float) -> float:
        hold = self.spot.hold
        if hold.started_at is None:
            return super().account(at)
        held = max(0.0, at - hold.started_at)
        self.host.tally.hold_seconds += held
        self.host.tally.add(self.step.area, hold_seconds=held)
        hold.started_at = None
        return held

    def end_hold(self, due: float) -> None:
        """The count reached its end, or the person released after the lower bound."""
        self.timeline.clear()
        self._reach_lower_bound(due)
        held = self.account(due)
        tally, hold = self.host.tally, self.spot.hold
        tally.holds += 1
        did_ease = eased(hold.ratings)
        hold.asking_easing = False
        hold.not_eased = did_ease is False
        if hold.not_eased:
            tally.flag(Logged.PAIN_NOT_EASED)
        self.host.emit(
            ev.HoldEnded(
                at=due,
                step_index=self.index,
                held=held,
                eased=did_ease,
                highest=max(hold.ratings, default=None),
                latest=hold.ratings[-1] if hold.ratings else None,
            )
        )
        self.work_done(due)

    def end_hold_if_held(self, at: float) -> None:
        """Moving on from a hold past its shortest time ends it properly."""
        if self.phase is Phase.HOLDING and self.spot.hold.lower_reached:
            self.end_hold(at)

    def release(self, at: float) -> Result | None:
        if self.phase in (Phase.LEAD_IN, Phase.HOLDING) and not self.spot.hold.lower_reached:
            if not self.spot.confirm_pending:
                self.spot.confirm_pending = True
                self.host.emit(ev.ConfirmNext(at=at, step_index=self.index))
                return refused(Refusal.HOLD_NOT_DONE)
        else:
            self.end_hold_if_held(at)
        return super().release(at)

    def take_rating(self, rating: int) -> None:
        if self.phase in (Phase.LEAD_IN, Phase.HOLDING):
            self.spot.hold.ratings.append(rating)
            self.spot.hold.asking_easing = False
        super().take_rating(rating)

    def after_countdown(self) -> float:
        if self.phase is Phase.LEAD_IN:
            return self.hold_spec().upper
        return super().after_countdown()


class HoldRun(Holding):
    """A hold step: one hold on one spot."""

    def begin(self, at: float) -> None:
        self.host.tally.count_spot(self.step.area)
        self.begin_lead_in(at)
