"""A spot step: spots found one after another; for each the person chooses roll or hold (or,
hands-free, nobody does and it is held, the gentler choice), and it is worked that way."""

from __future__ import annotations

from desktop_app.core import events as ev
from desktop_app.core.actions import Action
from desktop_app.core.events import SpotMode
from desktop_app.core.pain import SpotPain
from desktop_app.core.session_types import APPLIED, Phase, Refusal, Result, refused
from desktop_app.core.steps.holding import Holding
from desktop_app.core.steps.rolling import Rolling
from desktop_app.core.steps.run import Confirm, Spot


class SpotRun(Holding, Rolling):
    offers = (Action.ROLL, Action.HOLD, Action.CONFIRM, Action.NEXT_SPOT)
    works_spots = True
    after_work_confirm = Confirm.NEXT_SPOT

    def begin(self, at: float) -> None:
        self.new_spot(at)

    def new_spot(self, at: float) -> None:
        self.timeline.clear()
        self.account(at)
        self.spot = Spot(SpotPain(self.host.pain, pressing=True), self.spot.number + 1)
        self.countdown_end = self.countdown_total = None
        self.phase = Phase.CHOOSING
        self.host.emit(ev.SpotStarted(at=at, step_index=self.index, spot=self.spot.number))
        wait = self.host.options.spot_choice_after
        if wait is not None and self.host.options.auto_advance:
            self.schedule(at + wait, self._choose_by_itself)

    def _choose_by_itself(self, due: float) -> None:
        """Nobody chose roll or hold: hold the spot, the gentler of the two."""
        if self.phase is Phase.CHOOSING:
            self._work(due, SpotMode.HOLD, by_itself=True)

    def _work(self, at: float, mode: SpotMode, *, by_itself: bool = False) -> None:
        self.timeline.clear()  # the choice made by itself, if it was waiting
        self.spot.mode = mode
        tally = self.host.tally
        tally.count_spot(self.step.area)
        tally.searched += 1
        self.host.emit(
            ev.SpotModeChosen(
                at=at, step_index=self.index, spot=self.spot.number, mode=mode, by_itself=by_itself
            )
        )
        if mode is SpotMode.ROLLING:
            self.begin_rolling(at)
        else:
            self.begin_lead_in(at)

    def after_work(self, due: float) -> None:
        if self.spot.number < self.step.spots:
            self.new_spot(due)
        else:
            super().after_work(due)

    def choose(self, at: float, mode: SpotMode) -> Result:
        if self.phase not in (Phase.CHOOSING, Phase.DONE):
            return refused(Refusal.SPOT_IN_PROGRESS)
        if self.phase is Phase.DONE:
            self.new_spot(at)
        self._work(at, mode)
        return APPLIED

    def next_spot(self, at: float) -> Result:
        if self.phase is Phase.CHOOSING:
            return refused(Refusal.CHOOSE_SPOT_MODE)
        self.end_hold_if_held(at)
        self.complete = True
        self.new_spot(at)
        return APPLIED

    def area_done(self, at: float) -> Result:
        self.end_hold_if_held(at)
        if self.spot.number > 1 or self.phase is Phase.DONE:
            self.complete = True
        return APPLIED
