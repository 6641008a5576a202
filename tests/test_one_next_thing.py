"""One next thing, said alike on every surface, in the mode the person is in: hands-free (the
beat counts, a spot nobody chooses for is held, steps move on by themselves) or by hand. The
window's caption, the counter, the phone's page and the voice are compared on a rolling step
and a spot step in both modes."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_app.audio.announcements import speech_for
from desktop_app.core import events as ev
from desktop_app.core.events import SpotMode
from desktop_app.qt.keys import action_names
from desktop_app.remote import protocol
from desktop_app.view.presenter import present
from tests.engine_helpers import Session, prepare, rolling, session, spot

HANDS_FREE = {"hands_free": True}
BY_HAND = {"auto_advance": False}


def surfaces(s: Session) -> dict[str, str]:
    """What the window's caption and counter, and the phone, say now."""
    view = s.engine.view()
    window = present(view, s.engine.routine, action_names()).big
    phone = protocol.state(view, s.engine.routine)["big"]
    assert isinstance(phone, dict)
    return {
        "caption": window.caption,
        "counter": window.count_message,
        "phone caption": str(phone["caption"]),
        "phone message": str(phone["message"]),
    }


def voice(s: Session) -> list[str]:
    names = action_names()
    return [said for event in s.events if (said := speech_for(event, names))]


def test_hands_free_rolling_says_the_beat_counts_and_the_next_step_comes_by_itself() -> None:
    s = session(rolling(cap=3), prepare(), **HANDS_FREE)
    s.drive(9)  # the beat begins once the ball is in place, said aloud
    now = surfaces(s)
    assert now["caption"] == "Roll slowly with the beat: it counts for you. Enter counts by hand."
    assert "Start rolling now: one slow roll with each beat." in voice(s)
    s.drive(10)  # three beats: the cap
    now = surfaces(s)
    assert now["counter"] == "That's 3. Enough for this spot"
    assert now["caption"] == "The next step follows by itself."
    assert voice(s)[-1] == "That's 3. Enough for this spot."  # the screen's words, heard
    # The phone says what the window says (the phone names buttons, the window keys).
    assert now["phone message"] == now["counter"]
    assert in_window_names(now["phone caption"]) == now["caption"]


def test_rolling_by_hand_says_press_after_each_roll_and_which_key_goes_on() -> None:
    s = session(rolling(cap=3), prepare(), **BY_HAND)
    s.drive(20)
    assert surfaces(s)["caption"] == "Press Enter after each roll."
    assert not any("beat" in said for said in voice(s))
    for _ in range(3):
        s.engine.count_repetition()
    now = surfaces(s)
    assert now["counter"] == "That's 3. Enough for this spot"
    assert now["caption"] == "→ for the next step."
    assert voice(s)[-1] == "That's 3. Enough for this spot."


@pytest.mark.parametrize(
    ("mode", "choice", "capped"),
    [
        (
            HANDS_FREE,
            "Spot 1: roll it (R), or hold it (H) if rolling hurts too much. "
            "Nobody chooses? It is held in a moment.",
            "Spot 1 done. The next one follows by itself.",
        ),
        (
            BY_HAND,
            "Spot 1: roll it (R), or hold it (H) if rolling hurts too much.",
            "Spot 1 · N next spot · → area done",
        ),
    ],
    ids=["hands-free", "by-hand"],
)
def test_a_spot_says_what_happens_next_in_its_mode(
    mode: dict[str, Any], choice: str, capped: str
) -> None:
    s = session(spot(cap=3), prepare(), **mode)
    assert surfaces(s)["caption"] == choice
    s.engine.choose_spot_mode(SpotMode.ROLLING)
    for _ in range(3):
        s.engine.count_repetition()
    now = surfaces(s)
    assert now["counter"] == "That's 3. Move to the next spot"
    assert now["caption"] == capped
    assert voice(s)[-1] == "That's 3. Move to the next spot."
    assert in_window_names(now["phone caption"]) == capped


def in_window_names(text: str) -> str:
    """A phone sentence with its button names put back as the window's key names."""
    window = action_names()
    for action, name in protocol.action_names().items():
        text = text.replace(name, window[action])
    return text


def test_a_spot_held_by_itself_is_said_and_shown_alike() -> None:
    s = session(spot(), prepare(), **HANDS_FREE)
    s.drive(11)  # nobody chose: held
    assert s.engine.view().spot_mode is SpotMode.HOLD
    assert any(isinstance(event, ev.SpotModeChosen) for event in s.events)
    assert surfaces(s)["caption"] == "get ready"
