"""Building routines and driving the engine on a fake clock, for the engine's tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from desktop_app.core import events as ev
from desktop_app.core.clock import FakeClock
from desktop_app.core.routines import (
    HoldSpec,
    PainSettings,
    Prompt,
    RollingSpec,
    Routine,
    Step,
    StepKind,
)
from desktop_app.core.session import EngineOptions, SessionEngine

E = TypeVar("E", bound=ev.Event)


def prepare(duration: float | None = None, title: str = "Lie down") -> Step:
    return Step(StepKind.PREPARE, title, "Get into position.", "x.svg", duration=duration)


def hold(lower: float = 20, upper: float = 30, lead_in: float = 5, area: str = "back") -> Step:
    return Step(
        StepKind.HOLD,
        "Hold",
        "Rest on the ball.",
        "x.svg",
        area=area,
        hold=HoldSpec(lower, upper, lead_in),
    )


def rolling(cap: int = 15, pace: float | None = None, area: str = "back") -> Step:
    return Step(
        StepKind.ROLLING,
        "Roll",
        "Roll over the spot.",
        "x.svg",
        area=area,
        rolling=RollingSpec(cap, pace),
    )


def spot(area: str = "buttock", cap: int = 15, lead_in: float = 5) -> Step:
    return Step(
        StepKind.SPOT,
        "Spots",
        "Roll or hold each spot.",
        "x.svg",
        area=area,
        hold=HoldSpec(20, 30, lead_in),
        rolling=RollingSpec(cap, None),
    )


def activity(duration: float = 60, prompts: tuple[tuple[float, str], ...] = ()) -> Step:
    return Step(
        StepKind.ACTIVITY,
        "Walk",
        "Walk slowly.",
        "x.svg",
        duration=duration,
        prompts=tuple(Prompt(at, text) for at, text in prompts),
    )


def routine(*steps: Step, pain: PainSettings | None = None) -> Routine:
    return Routine(
        id="test",
        title="Test",
        summary="",
        muscles=(),
        equipment=(),
        steps=steps,
        pain=pain or PainSettings(),
    )


@dataclass
class Session:
    """An engine, its fake clock and every event it emitted."""

    engine: SessionEngine
    clock: FakeClock
    events: list[ev.Event] = field(default_factory=list)

    def wait(self, seconds: float, tick: float = 0.1) -> None:
        """Let time pass, with the driver ticking every `tick` seconds."""
        end = self.clock.now() + seconds
        while self.clock.now() + tick < end - 1e-9:
            self.clock.advance(tick)
            self.engine.advance()
        self.clock.advance(max(0.0, end - self.clock.now()))
        self.engine.advance()

    def drive(self, seconds: float, frame: float = 0.05) -> None:
        """Let time pass the way the app's driver does: a tick per frame, and one exactly when
        the next event is due."""
        end = self.clock.now() + seconds
        while self.clock.now() < end - 1e-9:
            due_in = self.engine.next_due_in()
            step = frame if due_in is None else min(frame, due_in)
            self.clock.advance(min(step, end - self.clock.now()))
            self.engine.advance()

    def jump(self, seconds: float) -> None:
        """One late tick: time passes with no tick at all."""
        self.clock.advance(seconds)
        self.engine.advance()

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def names(self) -> list[str]:
        return [type(e).__name__ for e in self.events]

    def timeline(self, *kinds: type[ev.Event]) -> list[tuple[str, float]]:
        return [(type(e).__name__, round(e.at, 6)) for e in self.events if isinstance(e, kinds)]

    def clear(self) -> None:
        self.events.clear()


#: The mechanics tests drive each step by hand; the hands-free defaults (pacing beat, a spot
#: held by itself, a prepare step that goes on by itself) have tests of their own and are
#: turned on there with `hands_free=True`.
BY_HAND = {"rolling_pace": None, "spot_choice_after": None, "prepare_wait": None}


def session(*steps: Step, start: bool = True, hands_free: bool = False, **options: Any) -> Session:
    if not hands_free:
        options = {**BY_HAND, **options}
    clock = FakeClock(1000.0)
    engine = SessionEngine(
        routine(*steps, pain=options.pop("pain", None)), clock, EngineOptions(**options)
    )
    result = Session(engine, clock)
    engine.subscribe(result.events.append)
    if start:
        assert engine.start()
    return result
