"""Hands-free: a rating now and then is the only input a session needs, and it never waits
silently. Every bundled routine, on a fake clock, with the app's own defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core import defaults
from desktop_app.core import events as ev
from desktop_app.core.clock import FakeClock
from desktop_app.core.events import SpotMode
from desktop_app.core.loader import load_routine
from desktop_app.core.routines import Routine, StepKind
from desktop_app.core.session import EngineOptions, Phase, SessionEngine
from desktop_app.resources import assets_dir, bundled_routines_dir
from tests.engine_helpers import prepare, rolling, session, spot

#: The app's check-in time (the settings' default reads the same).
CHECKIN = defaults.CHECKIN_AFTER
#: Hands-free rolling waits this long before its beat ("start rolling").
SETTLE = defaults.ROLLING_SETTLE


def bundled() -> list[Routine]:
    return [load_routine(p, assets_dir()) for p in sorted(bundled_routines_dir().glob("*.yaml"))]


def run(
    routine: Routine, *, rate_every: float | None, limit: float
) -> tuple[SessionEngine, list[ev.Event]]:
    clock = FakeClock(0.0)
    engine = SessionEngine(routine, clock, EngineOptions(checkin_after=CHECKIN))
    events: list[ev.Event] = []
    engine.subscribe(events.append)
    engine.start()
    next_rating = rate_every
    while not engine.finished and not engine.paused and clock.now() < limit:
        clock.advance(0.25)
        engine.advance()
        if next_rating is not None and clock.now() >= next_rating:
            engine.rate_pain(5)
            next_rating += rate_every  # type: ignore[operator]
    return engine, events


@pytest.mark.parametrize("routine", bundled(), ids=lambda r: r.id)
def test_a_rating_every_minute_carries_every_routine_to_its_end(routine: Routine) -> None:
    engine, events = run(routine, rate_every=60.0, limit=3 * 3600)
    assert engine.phase is Phase.FINISHED, (routine.id, engine.view().step_index, engine.phase)
    summary = engine.summary()
    assert summary.completed and summary.steps_done == len(routine.steps)
    assert not [e for e in events if isinstance(e, ev.Paused)]
    started = [e.step_index for e in events if isinstance(e, ev.StepStarted)]
    assert started == list(range(len(routine.steps)))
    for index, step in enumerate(routine.steps):
        mine = [e for e in events if e.step_index == index]
        if step.kind is StepKind.HOLD:
            assert any(isinstance(e, ev.HoldEnded) for e in mine), step.title
        if step.kind is StepKind.ROLLING:
            assert any(isinstance(e, ev.RepetitionCapReached) for e in mine), step.title
        if step.kind is StepKind.SPOT:
            chosen = [e for e in mine if isinstance(e, ev.SpotModeChosen)]
            assert len(chosen) == step.spots and all(e.by_itself for e in chosen), step.title


@pytest.mark.parametrize("routine", bundled(), ids=lambda r: r.id)
def test_with_no_input_at_all_a_check_in_comes_in_time_then_a_pause(routine: Routine) -> None:
    engine, events = run(routine, rate_every=None, limit=3 * 3600)
    check_ins = [e for e in events if isinstance(e, ev.CheckIn)]
    assert check_ins and check_ins[0].at == pytest.approx(CHECKIN)
    paused = [e for e in events if isinstance(e, ev.Paused)]
    assert engine.finished or (paused and paused[0].reason == "unresponsive")


def test_rolling_paces_itself_and_enter_takes_over() -> None:
    s = session(rolling(cap=15), prepare(), hands_free=True)
    s.wait(SETTLE - 0.1)  # getting the ball into place: no roll counted that nobody does
    assert not s.of(ev.RepetitionCounted) and not s.of(ev.PacingStarted)
    s.wait(0.1)
    assert [e.at for e in s.of(ev.PacingStarted)] == [pytest.approx(SETTLE)]  # engine time
    s.wait(9)
    assert [e.count for e in s.of(ev.RepetitionCounted)] == [1, 2, 3]
    assert all(e.by_pacing for e in s.of(ev.RepetitionCounted))
    assert s.engine.count_repetition()  # counted by hand from here on
    s.wait(30)
    assert [e.count for e in s.of(ev.RepetitionCounted)] == [1, 2, 3, 4]
    for _ in range(20):
        s.engine.count_repetition()
    assert s.engine.view().repetitions == 15  # the cap holds either way


def test_a_paced_rolling_step_stops_at_the_cap_by_itself() -> None:
    s = session(rolling(cap=15), prepare(), hands_free=True)
    s.wait(SETTLE + 15 * 3 + 1)
    assert [e.cap for e in s.of(ev.RepetitionCapReached)] == [15]
    assert s.engine.view().repetitions == 15


def test_a_spot_nobody_chooses_for_is_held_and_the_next_spot_follows() -> None:
    s = session(spot(), prepare(), hands_free=True)
    s.wait(9.9)
    assert s.of(ev.SpotModeChosen) == []
    s.wait(0.1)
    chosen = s.of(ev.SpotModeChosen)
    assert [(e.mode, e.by_itself) for e in chosen] == [(SpotMode.HOLD, True)]
    s.wait(5 + 30 + 3)  # lead-in, the hold, the pause to hear the bell
    assert [e.spot for e in s.of(ev.SpotStarted)] == [1, 2]


def test_a_choice_in_time_is_not_overruled() -> None:
    s = session(spot(), prepare(), hands_free=True)
    s.wait(4)
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    s.wait(20)
    assert [e.by_itself for e in s.of(ev.SpotModeChosen)] == [False]


def test_a_prepare_step_goes_on_by_itself_and_says_so_first() -> None:
    s = session(prepare(), prepare(), hands_free=True)
    s.wait(15)
    assert s.timeline(ev.ContinuingSoon) == [("ContinuingSoon", 15)]
    assert s.engine.view().step_index == 0
    s.wait(5)
    assert s.engine.view().step_index == 1


def test_space_during_a_prepare_step_waits_as_long_as_it_takes() -> None:
    s = session(prepare(), prepare(), hands_free=True)
    s.wait(16)
    s.engine.pause()
    s.wait(600)
    assert s.engine.view().step_index == 0
    s.engine.resume()
    s.wait(4)
    assert s.engine.view().step_index == 1


def test_going_back_to_a_step_does_not_count_it_twice() -> None:
    s = session(prepare(), prepare(), prepare(), hands_free=True)
    s.engine.next_step()
    s.engine.previous_step()
    s.engine.next_step()
    s.engine.next_step()
    s.engine.next_step()
    summary = s.engine.summary()
    assert summary.steps_done == 3 and summary.steps_total == 3


def test_bundled_routines_are_read_from_the_package(tmp_path: Path) -> None:
    assert len(bundled()) == 5


def test_getting_down_waits_for_the_person_and_goes_on_after_their_first_rating() -> None:
    """Getting down onto the floor in acute pain can take minutes: the step never moves on by
    itself; the first rating ("I am down") does, a few seconds later and said aloud."""
    import dataclasses

    from tests.engine_helpers import prepare

    down = dataclasses.replace(prepare(title="Lie down"), waits=True)
    s = session(down, prepare(), hands_free=True)
    s.wait(100)  # far past the usual prepare wait
    assert s.engine.view().step_index == 0
    assert not s.of(ev.ContinuingSoon)
    s.engine.rate_pain(6)
    assert s.of(ev.ContinuingSoon)
    s.wait(4.9)
    assert s.engine.view().step_index == 0
    s.wait(0.2)
    assert s.engine.view().step_index == 1
    assert s.engine.summary().steps_done == 1  # the step was done, not skipped
