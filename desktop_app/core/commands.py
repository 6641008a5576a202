"""What each session action does to the engine, and which actions a moment of a session
offers: a key in the window and a button on the phone both end here, so the two can never
drift apart. (Which key or button names an action is the Qt layer's and the phone page's
business; the core names no key.)"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.core.actions import Action, Press
from desktop_app.core.events import SpotMode
from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.core.routines import StepKind
from desktop_app.core.session import Phase, Result, SessionEngine, SessionView
from desktop_app.core.steps import RUNS

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
    spot = engine.phase is not Phase.IDLE and RUNS[engine.step.kind].works_spots
    return engine.area_done() if spot else engine.next_step()


#: The session's actions that take no number, and what each does.
COMMANDS: dict[Action, Command] = {
    Action.TOGGLE: SessionEngine.toggle,
    Action.CONFIRM: SessionEngine.confirm,
    Action.FORWARD: _forward,
    Action.BACK: SessionEngine.previous_step,
    Action.ROLL: lambda engine: engine.choose_spot_mode(SpotMode.ROLLING),
    Action.HOLD: lambda engine: engine.choose_spot_mode(SpotMode.HOLD),
    Action.NEXT_SPOT: SessionEngine.next_spot,
    Action.UP: _up,
    Action.DOWN: _down,
    Action.STOP: SessionEngine.stop,
}


def rate(rating: int) -> Command:
    return lambda engine: engine.rate_pain(rating)


def command(press: Press) -> Command:
    """What a press does to the engine. KeyError for an action a session does not know."""
    if press.action is Action.RATE:
        if press.value is None:
            raise KeyError(press.action)
        return rate(press.value)
    return COMMANDS[press.action]


#: Offered at every moment of a running session; each kind of step offers more (its run's).
_ALWAYS = (Action.TOGGLE, Action.BACK, Action.FORWARD)


def offered(view: SessionView, kind: StepKind) -> tuple[Action, ...]:
    """The actions a person is offered now (beside the pain rating, always offered while a
    session runs): the phone's buttons."""
    if view.over:
        return ()
    if view.phase is Phase.IDLE:
        return (Action.TOGGLE,)
    return _ALWAYS + RUNS[kind].offers
