"""Rolling: repetitions counted up to a cap, by the person's key or, hands-free, by a pacing
beat that begins once they have settled. Rolling steps are one rolling; spot steps roll a
spot the same way."""

from __future__ import annotations

from desktop_app.core import events as ev
from desktop_app.core.events import SpotMode
from desktop_app.core.routines import RollingSpec
from desktop_app.core.session_types import APPLIED, Phase, Result
from desktop_app.core.steps.run import Confirm, StepRun


class Rolling(StepRun):
    """The rolling of a step or of a spot."""

    def rolling_spec(self) -> RollingSpec:
        """The cap, and the pacing beat (the routine's, else the hands-free default) unless
        the person counts by hand on this spot."""
        rolling = self.step.rolling
        assert rolling is not None
        pace = None if self.spot.manual_count else (rolling.pace or self.host.options.rolling_pace)
        return RollingSpec(rolling.cap, pace)

    def begin_rolling(self, at: float) -> None:
        self.phase = Phase.ROLLING
        self.spot.count = 0
        self.spot.manual_count = False
        if self.rolling_spec().pace:
            self.schedule(at + self.host.options.rolling_settle, self._start_pacing)

    def _start_pacing(self, due: float) -> None:
        pace = self.rolling_spec().pace
        if self.spot.manual_count or self.phase is not Phase.ROLLING or not pace:
            return  # the person counts by hand
        self.host.emit(ev.PacingStarted(at=due, step_index=self.index, pace=pace))
        self.schedule(due + pace, self._pacing_beat)

    def _pacing_beat(self, due: float) -> None:
        if self.spot.manual_count or self.phase is not Phase.ROLLING:
            return  # the person took over the counting
        self._count_one(due, by_pacing=True)
        pace = self.rolling_spec().pace
        if self.phase is Phase.ROLLING and pace:
            self.schedule(due + pace, self._pacing_beat)

    def _count_one(self, at: float, *, by_pacing: bool) -> None:
        cap = self.rolling_spec().cap
        self.spot.count += 1
        self.host.tally.rolls += 1
        self.host.tally.add(self.step.area, rolls=1)
        self.host.emit(
            ev.RepetitionCounted(
                at=at, step_index=self.index, count=self.spot.count, cap=cap, by_pacing=by_pacing
            )
        )
        if self.spot.count >= cap:
            self.timeline.clear()
            self.host.emit(
                ev.RepetitionCapReached(
                    at=at,
                    step_index=self.index,
                    cap=cap,
                    spot_step=self.works_spots,
                )
            )
            self.work_done(at)

    def count(self, at: float) -> Result:
        if self.phase is Phase.ROLLING:
            # Counting by hand takes over from the pacing beat for this spot.
            self.spot.manual_count = True
            self._count_one(at, by_pacing=False)
            return APPLIED
        return super().count(at)

    def on_confirm(self) -> Confirm | None:
        if self.phase is Phase.ROLLING:
            return Confirm.COUNT
        return super().on_confirm()

    def cap_reached(self) -> bool:
        return (
            self.step.rolling is not None
            and self.spot.mode is not SpotMode.HOLD
            and self.spot.count >= self.rolling_spec().cap
        )

    def cap(self) -> int | None:
        return self.rolling_spec().cap if self.step.rolling else None

    def beat_counts(self) -> bool:
        return (
            self.step.rolling is not None
            and self.spot.mode is not SpotMode.HOLD
            and self.rolling_spec().pace is not None
        )


class RollingRun(Rolling):
    """A rolling step: one rolling over one area."""

    def begin(self, at: float) -> None:
        self.host.tally.count_spot(self.step.area)
        self.begin_rolling(at)
