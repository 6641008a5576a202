"""Everything a person can do in the app, whatever they press it with: one `Action` each.

A key of the window (`qt/keys.py`, the one key table), a button of the phone
(`remote/protocol.py`) and a sentence that says what to press (`view/presenter.py`) all name
an `Action`; what the action does in a session is its command (`core/commands.py`). No key
and no button is named here: the surfaces say what an action is called on them."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Action(enum.StrEnum):
    """The value is the action's name on the wire: the phone sends {"cmd": "toggle"}."""

    # -- in a session (each has a command of the engine) -----------------------------------
    #: Start, pause, go on. On the start page: start the chosen routine; on the finish
    #: page: the same routine again.
    TOGGLE = "toggle"
    #: Count a roll, confirm, go on. On the start page: start the chosen routine; on the
    #: finish page and in a reminder: done.
    CONFIRM = "confirm"
    FORWARD = "forward"
    BACK = "back"
    ROLL = "roll"
    HOLD = "hold"
    NEXT_SPOT = "next_spot"
    #: A pain rating: the number pressed.
    RATE = "rate"
    UP = "up"
    DOWN = "down"
    #: Stop the session (asked once); elsewhere: leave this page or window.
    STOP = "stop"
    # -- the main window, anywhere -----------------------------------------------------------
    MUTE = "mute"
    FULL_SCREEN = "full_screen"
    KEY_MAP = "key_map"
    HELP = "help"
    PHONE_REMOTE = "phone_remote"
    SETTINGS = "settings"
    HISTORY = "history"
    # -- a page of it --------------------------------------------------------------------------
    #: The start page: the routine files' problems.
    PROBLEMS = "problems"
    #: The finish page: have the steps read aloud (offered once).
    READ_ALOUD = "read_aloud"
    #: The finish page: turn the keep-moving reminders on (offered once).
    REMINDERS = "reminders"
    # -- other windows ---------------------------------------------------------------------
    #: The daily back check: the answer with this number (the pain, then how you move).
    ANSWER = "answer"
    TODAY = "today"
    YESTERDAY = "yesterday"
    #: A reminder: remind me again in a few minutes.
    SNOOZE = "snooze"
    #: A reminder: no more reminders for now.
    PAUSE_REMINDERS = "pause_reminders"
    #: A key that is deliberately given no meaning here (Enter in a question nobody should
    #: answer by accident).
    NOTHING = "nothing"


#: What a person can do in a session, the door's vocabulary (`SessionFlow.apply`).
SESSION_ACTIONS = frozenset(
    {
        Action.TOGGLE,
        Action.CONFIRM,
        Action.FORWARD,
        Action.BACK,
        Action.ROLL,
        Action.HOLD,
        Action.NEXT_SPOT,
        Action.RATE,
        Action.UP,
        Action.DOWN,
        Action.STOP,
    }
)


@dataclass(frozen=True)
class Press:
    """An action asked for, with the number pressed for those that take one (a rating)."""

    action: Action
    value: int | None = None
