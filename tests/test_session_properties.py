"""Random command sequences against the engine: its invariants hold whatever the user does."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core import events as ev
from desktop_app.core.events import SpotMode
from desktop_app.core.routines import Step
from desktop_app.core.session import SessionEngine
from tests.engine_helpers import activity, hold, prepare, rolling, session, spot

STEPS = [
    prepare(),
    prepare(duration=4),
    hold(),
    hold(lower=2, upper=4, lead_in=1),
    rolling(),
    rolling(cap=5, pace=1),
    spot(),
    spot(cap=3, lead_in=0),
    activity(20, ((0, "a"), (7, "b"))),
]

COMMANDS = {
    "start": SessionEngine.start,
    "pause": SessionEngine.pause,
    "resume": SessionEngine.resume,
    "toggle": SessionEngine.toggle,
    "next": SessionEngine.next_step,
    "previous": SessionEngine.previous_step,
    "count": SessionEngine.count_repetition,
    "roll": lambda e: e.choose_spot_mode(SpotMode.ROLLING),
    "hold": lambda e: e.choose_spot_mode(SpotMode.HOLD),
    "next_spot": SessionEngine.next_spot,
    "area_done": SessionEngine.area_done,
    "confirm": SessionEngine.confirm,
    "stop": SessionEngine.stop,
}

actions = st.one_of(
    st.tuples(st.just("wait"), st.floats(min_value=0, max_value=40)),
    st.tuples(st.just("rate"), st.integers(min_value=-2, max_value=12)),
    st.tuples(st.sampled_from(sorted(COMMANDS)), st.none()),
)


def comparable(view: object) -> object:
    # Any key acknowledges a check-in and a second "next" confirms; both are the point.
    return dataclasses.replace(view, check_in=False, confirm_pending=False)  # type: ignore[type-var]


def check_event_order(events: list[ev.Event]) -> None:
    assert isinstance(events[0], ev.SessionStarted)
    finished = [i for i, e in enumerate(events) if isinstance(e, ev.SessionFinished)]
    assert finished in ([], [len(events) - 1])
    times = [e.at for e in events]
    assert times == sorted(times), "events go forward in time"
    holding = lower_seen = False
    for event in events:
        if isinstance(event, ev.HoldStarted):
            assert not holding
            holding, lower_seen = True, False
        elif isinstance(event, ev.LowerBoundReached):
            assert holding and not lower_seen, "one lower-bound event per hold"
            lower_seen = True
        elif isinstance(event, ev.LastSecondsTick):
            assert holding
        elif isinstance(event, ev.HoldEnded):
            assert holding and lower_seen
            holding = False
        elif isinstance(event, ev.StepStarted | ev.SpotStarted | ev.SessionFinished):
            holding = False


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(STEPS), min_size=1, max_size=5),
    st.lists(actions, max_size=60),
)
def test_random_commands_keep_the_engine_consistent(
    steps: list[Step], script: list[tuple[str, Any]]
) -> None:
    s = session(*steps, start=False, checkin_after=30, checkin_grace=10)
    caps_reached: dict[tuple[int, float], int] = {}
    s.engine.start()
    for action, argument in script:
        if action == "wait":
            s.wait(argument, tick=0.25)
        else:
            s.engine.advance()
            before = s.engine.view()
            result = (
                s.engine.rate_pain(argument) if action == "rate" else COMMANDS[action](s.engine)
            )
            assert result.applied or result.refusal, f"{action} refused without a reason"
            if not result.applied:
                assert comparable(s.engine.view()) == comparable(before), (
                    f"refused {action} changed state"
                )
        view = s.engine.view()
        assert view.remaining is None or view.remaining >= 0
        if view.cap is not None:
            assert 0 <= view.repetitions <= view.cap
        assert 0 <= view.step_index < len(steps)
        if view.over:
            assert view.time_left == 0
    for event in s.of(ev.RepetitionCapReached):
        key = (event.step_index, round(event.at, 6))
        caps_reached[key] = caps_reached.get(key, 0) + 1
    assert all(count == 1 for count in caps_reached.values())
    check_event_order(s.events)
