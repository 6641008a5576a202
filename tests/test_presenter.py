"""What the session page shows, for every phase of every kind of step: the presenter on its
own, from real engine views, with no window (and no QApplication)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop_app.core.actions import Action
from desktop_app.core.events import SpotMode
from desktop_app.core.session import Phase
from desktop_app.view.presenter import (
    Big,
    CaptionState,
    Screen,
    present,
    refusal_sentence,
)
from tests.engine_helpers import Session, activity, hold, prepare, rolling, session, spot

#: What the window calls each action (qt/keys.py says so from its table; this test stays
#: Qt-free, and test_keys_name_each_action_as_this_test_does holds the two together).
KEYS = {
    Action.TOGGLE: "Space",
    Action.CONFIRM: "Enter",
    Action.FORWARD: "→",
    Action.BACK: "←",
    Action.ROLL: "R",
    Action.HOLD: "H",
    Action.NEXT_SPOT: "N",
    Action.UP: "↑",
    Action.DOWN: "↓",
    Action.RATE: "0",
    Action.STOP: "Esc",
}


def screen(s: Session) -> Screen:
    return present(s.engine.view(), s.engine.routine, KEYS)


def test_keys_name_each_action_as_this_test_does() -> None:
    from desktop_app.qt.keys import action_names

    assert action_names() == KEYS


def test_the_phone_names_its_buttons_where_the_window_names_keys() -> None:
    from desktop_app.remote.protocol import action_names

    s = session(spot(), prepare())
    s.engine.start()
    s.wait(0.1)
    phone = present(s.engine.view(), s.engine.routine, action_names())
    assert phone.big.caption.startswith("Spot 1: roll it (“Roll it”), or hold it (“Hold it”)")


def test_the_presenter_needs_no_qt() -> None:
    """Importing it (with the engine it reads) loads no Qt at all: it is tested as plain code."""
    probe = "import sys, desktop_app.view.presenter; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, encoding="utf-8", check=True
    )
    assert result.stdout.strip() == "False"


def test_before_the_start_the_page_asks_for_space_or_a_rating_which_starts_it_too() -> None:
    s = session(hold(), start=False)
    shown = screen(s)
    assert shown.big.shows is Big.START
    assert shown.big.caption == "Or rate your pain: that starts it too."
    assert shown.paused is None and not shown.ended
    assert s.engine.rate_pain(5).applied  # as the caption says: started, and the 5 is kept
    assert s.engine.phase is not Phase.IDLE and s.engine.view().last_rating == 5


@pytest.mark.parametrize(
    ("step", "shows"),
    [
        (prepare(), Big.READY),
        (prepare(duration=30), Big.DIAL),
        (hold(), Big.DIAL),
        (rolling(), Big.COUNTER),
        (spot(), Big.CHOICE),
        (activity(), Big.DIAL),
    ],
    ids=["prepare", "timed-prepare", "hold", "rolling", "spot", "activity"],
)
def test_each_kind_of_step_fills_the_big_area_with_its_own_thing(step: object, shows: Big) -> None:
    s = session(step, prepare())  # type: ignore[arg-type]
    assert screen(s).big.shows is shows


def test_a_hold_goes_lead_in_then_hold_then_may_release_then_done() -> None:
    s = session(hold(lower=20, upper=30, lead_in=5), prepare())
    seen = [screen(s).big]
    s.wait(6)
    seen.append(screen(s).big)
    s.wait(21)
    seen.append(screen(s).big)
    assert [b.caption_state for b in seen] == [
        CaptionState.LEAD_IN,
        CaptionState.NORMAL,
        CaptionState.LOWER_BOUND,
    ]
    assert [b.caption for b in seen] == [
        "get ready",
        "hold still, breathe out",
        "you may release once it has eased",
    ]
    assert seen[1].remaining < seen[1].total == 30


def test_rolling_counts_up_to_the_cap_and_says_so() -> None:
    s = session(rolling(cap=3), prepare())
    s.engine.confirm()
    assert (screen(s).big.count, screen(s).big.cap, screen(s).big.count_message) == (1, 3, "")
    for _ in range(2):
        s.engine.confirm()
    big = screen(s).big
    assert big.shows is Big.COUNTER and big.count == 3
    # The routine's cap, not the usual 15; a rolling step goes on to the next step, not spot.
    assert big.count_message == "That's 3. Enough for this spot"
    assert big.caption == "The next step follows by itself."


def test_a_roll_past_a_routines_cap_of_3_is_refused_in_words_that_say_3() -> None:
    s = session(rolling(cap=3), prepare())
    for _ in range(3):
        s.engine.confirm()
    refused = s.engine.confirm()
    assert not refused.applied
    assert refusal_sentence(refused.refusal, KEYS, s.engine.view().cap) == (
        "That's 3 for this spot: the count has stopped."
    )


def test_a_spot_offers_the_choice_then_counts_or_holds() -> None:
    s = session(spot(), prepare())
    choice = screen(s).big
    assert choice.shows is Big.CHOICE and not choice.spot_done
    assert choice.caption.startswith("Spot 1: roll it (R)")
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    rolled = screen(s).big
    assert rolled.shows is Big.COUNTER
    assert rolled.caption == "Spot 1 · Press Enter after each roll."  # no beat here
    s.engine.next_spot()
    s.engine.choose_spot_mode(SpotMode.HOLD)
    assert screen(s).big.shows is Big.DIAL and screen(s).big.caption == "get ready"
    s.wait(36)  # lead-in and hold over; the next spot follows by itself 3 s later
    done = screen(s).big
    assert s.engine.phase is Phase.DONE
    assert done.shows is Big.CHOICE and done.spot_done


def test_pain_messages_come_from_the_view() -> None:
    s = session(hold(), prepare())
    s.wait(11)  # settled
    s.engine.rate_pain(4)
    s.engine.rate_pain(7)  # a rise of 3 on the same spot
    pain = screen(s).pain
    assert pain.rating == 7 and pain.band == (4, 7)
    assert pain.warning is not None and pain.warning.name == "rising"
    s.engine.rate_pain(9)
    assert screen(s).pain.warning.name == "above_band"  # type: ignore[union-attr]
    s.engine.rate_pain(2)
    below = screen(s).pain
    assert below.warning is None and below.hint is not None and below.hint.name == "below_band"


def test_a_pause_shows_its_overlay_lines_and_the_end_is_said_once() -> None:
    s = session(activity(duration=10))
    s.engine.pause()
    assert screen(s).paused == ("Space to go on · Esc to stop",)
    s.engine.resume()
    assert screen(s).paused is None
    s.wait(11)
    assert not screen(s).ended  # done, waiting for Enter
    s.engine.confirm()
    assert screen(s).ended


def test_time_left_is_said_in_words() -> None:
    s = session(activity(duration=20))
    assert screen(s).time_left == "under a minute left"
    assert screen(session(activity(duration=600))).time_left == "about 10 min left"


def test_time_passing_unseen_gives_the_same_screen_so_nothing_is_redrawn() -> None:
    """Rolling by hand: half a second later the engine's view has moved on (its clock), but
    nothing the person sees has, so the page has nothing to redraw."""
    s = session(rolling(cap=15), prepare(), rolling_pace=None)
    s.engine.confirm()
    before_view, before = s.engine.view(), screen(s)
    s.wait(0.5)
    assert s.engine.view() != before_view
    assert screen(s) == before
    s.engine.confirm()  # a roll counted: that is seen
    assert screen(s) != before


def test_the_hold_asks_how_it_is_now_in_words_every_surface_can_follow() -> None:
    """At the hold's shortest time the screen and the phone ask for a rating without naming a
    key (the phone has number buttons, no ↑), in the words the voice uses."""
    from desktop_app.audio.announcements import speech_for
    from desktop_app.core import events as ev
    from desktop_app.remote.protocol import action_names

    s = session(hold(lower=20, upper=30, lead_in=5), prepare())
    s.wait(5)
    s.engine.rate_pain(5)
    s.wait(20 + 2)
    for names in (KEYS, action_names()):
        hint = present(s.engine.view(), s.engine.routine, names).pain.hint
        assert hint is not None and hint.name == "asking_easing"
        assert not any(key in hint.text for key in ("↑", "0–9", "Enter"))
    spoken = speech_for(ev.EasingAsked(at=0, step_index=0), KEYS)
    assert hint is not None and spoken == hint.text
