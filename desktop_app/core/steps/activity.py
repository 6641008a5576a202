"""An activity: a timed stretch of doing something (walking, gentle movement) with prompts
shown, and said, at their moments."""

from __future__ import annotations

from desktop_app.core import events as ev
from desktop_app.core.routines import Prompt
from desktop_app.core.steps.run import Handler, StepRun


class ActivityRun(StepRun):
    def begin(self, at: float) -> None:
        step = self.step
        assert step.duration is not None
        self.countdown(at, step.duration)
        for number, prompt in enumerate(step.prompts):
            self.schedule(at + prompt.at, self._prompt(number, prompt))
        self.schedule(at + step.duration, self.work_done)

    def _prompt(self, number: int, prompt: Prompt) -> Handler:
        def show(due: float) -> None:
            self.prompt = prompt
            self.host.emit(
                ev.ActivityPromptChanged(at=due, step_index=self.index, index=number, prompt=prompt)
            )

        return show
