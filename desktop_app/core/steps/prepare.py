"""A prepare step: getting ready (down onto the floor, the ball in place). Timed, it counts
down; untimed, it waits for Enter or, hands-free, goes on after a generous wait said aloud
before it ends. A step that waits for the person hears "I am down" in their first rating."""

from __future__ import annotations

from desktop_app.core import events as ev
from desktop_app.core.session_types import Phase
from desktop_app.core.steps.run import Confirm, StepRun

#: A prepare step that continues by itself says so this many seconds before.
PREPARE_WARNING = 5.0


class PrepareRun(StepRun):
    def begin(self, at: float) -> None:
        step, options = self.step, self.host.options
        wait = options.prepare_wait
        if step.duration:
            self.countdown(at, step.duration)
            self.schedule(at + step.duration, self.work_done)
        elif wait and options.auto_advance and not step.waits:
            # Hands-free: a generous wait, said aloud before it ends; Space waits longer.
            self.countdown(at, wait)
            if wait > PREPARE_WARNING:
                self.schedule(at + wait - PREPARE_WARNING, self._continuing_soon)
            self.schedule(at + wait, self._done)

    def _continuing_soon(self, due: float) -> None:
        self.host.emit(ev.ContinuingSoon(at=due, step_index=self.index, seconds=PREPARE_WARNING))

    def _done(self, due: float) -> None:
        self.complete = True
        self.host.go_next(due)

    def on_confirm(self) -> Confirm | None:
        answer = super().on_confirm()
        if answer is None and not self.step.duration:
            return Confirm.NEXT_STEP
        return answer

    def after_rating(self, at: float) -> None:
        if (
            self.phase is Phase.ACTIVE
            and self.step.waits
            and not self.complete
            and self.host.options.auto_advance
        ):
            # A step that waits (getting down) hears "I am down" in the first rating:
            # hands-free, it goes on a few seconds later, said aloud, and Space still holds it.
            self.complete = True
            self.timeline.clear()
            self.countdown(at, PREPARE_WARNING)
            self._continuing_soon(at)
            self.schedule(at + PREPARE_WARNING, self._done)
        super().after_rating(at)

    @property
    def completed(self) -> bool:
        """Getting ready without a clock is done once the person goes on."""
        return self.complete or not self.step.duration
