"""Each kind of step as one run: it schedules its own deadlines, answers the commands it
knows and adds its part to the view. The session engine keeps what spans the session."""

from __future__ import annotations

from desktop_app.core.routines import Step, StepKind
from desktop_app.core.steps.activity import ActivityRun
from desktop_app.core.steps.holding import HoldRun
from desktop_app.core.steps.prepare import PrepareRun
from desktop_app.core.steps.rolling import RollingRun
from desktop_app.core.steps.run import Confirm, Host, StepRun, Tally
from desktop_app.core.steps.spot import SpotRun

RUNS: dict[StepKind, type[StepRun]] = {
    StepKind.PREPARE: PrepareRun,
    StepKind.ACTIVITY: ActivityRun,
    StepKind.HOLD: HoldRun,
    StepKind.ROLLING: RollingRun,
    StepKind.SPOT: SpotRun,
}


def run_for(host: Host, index: int, step: Step, at: float) -> StepRun:
    """The run of a step of its kind, not yet begun."""
    return RUNS[step.kind](host, index, step, at)


__all__ = ["RUNS", "Confirm", "Host", "StepRun", "Tally", "run_for"]
