"""The session's commands by name: what a key in the window and a button on the phone both do,
so the two can never drift apart. (Which key or button says a name is the Qt layer's and the
phone page's business; the core names no key.)"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.core.events import SpotMode
from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.core.routines import StepKind
from desktop_app.core.session import Phase, Result, SessionEngine

type Command = Callable[[SessionEngine], Result]


def _current(engine: SessionEngine) -> int | None:
    """The rating "up" and "down" step from: what is highlighted; on a fresh spot, the latest."""
    view = engine.view()
    return view.last_rating if view.last_rating is not None else view.latest_rating


def _up(engine: SessionEngine) -> Result:
    latest = _current(engine)
    return engine.rate_pain(MIN_RATING + 1 if latest is None else min(MAX_RATING, latest + 1))


def _down(engine: SessionEngine) -> Result:
    latest = _current(engine)
    return engine.rate_pain(MIN_RATING if latest is None else max(MIN_RATING, latest - 1))


def _forward(engine: SessionEngine) -> Result:
    """On: the next step; in a spot step, "this area is done"."""
    spot = engine.phase is not Phase.IDLE and engine.step.kind is StepKind.SPOT
    return engine.area_done() if spot else engine.next_step()


COMMANDS: dict[str, Command] = {
    "toggle": SessionEngine.toggle,
    "confirm": SessionEngine.confirm,
    "forward": _forward,
    "back": SessionEngine.previous_step,
    "roll": lambda engine: engine.choose_spot_mode(SpotMode.ROLLING),
    "hold": lambda engine: engine.choose_spot_mode(SpotMode.HOLD),
    "next_spot": SessionEngine.next_spot,
    "up": _up,
    "down": _down,
}


def rate(rating: int) -> Command:
    return lambda engine: engine.rate_pain(rating)
