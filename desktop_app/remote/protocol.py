"""What the phone and the app say to each other, as small JSON messages. No Qt here.

The phone sends commands: {"cmd": "toggle"} or {"cmd": "rate", "value": 6}. Anything else is
refused with a reason. The app sends the session's state whenever it changes, the reason a
command was refused, and cues (the phone vibrates where the browser allows it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

from desktop_app.core.actions import SESSION_ACTIONS, Action, Press
from desktop_app.core.commands import offered
from desktop_app.core.pain import is_valid_rating
from desktop_app.core.routines import Routine
from desktop_app.core.session import Refusal, SessionView
from desktop_app.i18n import _
from desktop_app.view.presenter import present, refusal_sentence

#: A command is a few dozen bytes; anything longer is not one.
MAX_MESSAGE_BYTES = 256
#: Commands a second, at most: a finger cannot press faster, a script can.
MAX_COMMANDS_PER_SECOND = 20

#: What the phone can ask for: a session's actions but stop (stopping is done on the computer).
PHONE_ACTIONS = SESSION_ACTIONS - {Action.STOP}


def parse(message: str | bytes) -> Press | str:
    """A command from the phone, or why it is refused (in words for the phone)."""
    raw = message.encode("utf-8", "replace") if isinstance(message, str) else message
    if len(raw) > MAX_MESSAGE_BYTES:
        return _("That message is too long to be a command.")
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return _("That is not a command.")
    if not isinstance(data, dict) or not isinstance(data.get("cmd"), str):
        return _("That is not a command.")
    name = data["cmd"]
    extra = set(data) - {"cmd", "value"}
    if extra:
        return _("That command has more in it than a command takes.")
    if name == Action.RATE:
        value = data.get("value")
        if not is_valid_rating(value):
            return refusal_sentence(Refusal.RATING_OUT_OF_RANGE, action_names())
        return Press(Action.RATE, value)
    if name not in PHONE_ACTIONS or "value" in data:
        return _("That is not a command.")
    return Press(Action(name))


def _no_constant(name: str) -> object:
    raise ValueError(name)  # NaN and Infinity are not JSON


class RateLimit:
    """A bucket of MAX_COMMANDS_PER_SECOND tokens, refilled continuously."""

    def __init__(self, clock: Callable[[], float], per_second: int = MAX_COMMANDS_PER_SECOND):
        self.clock = clock
        self.per_second = per_second
        self._tokens = float(per_second)
        self._at = clock()

    def allow(self) -> bool:
        now = self.clock()
        self._tokens = min(self.per_second, self._tokens + (now - self._at) * self.per_second)
        self._at = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False


def action_names() -> dict[Action, str]:
    """What each session action is called on the phone: its button's words, quoted, for the
    sentences that say what to press ("press “Count a roll” after each roll")."""
    texts = page_texts()
    labels = {
        Action.TOGGLE: texts["start_pause"],
        Action.CONFIRM: texts["count_roll"],
        Action.FORWARD: texts["next"],
        Action.BACK: texts["back"],
        Action.ROLL: texts["roll_it"],
        Action.HOLD: texts["hold_it"],
        Action.NEXT_SPOT: texts["next_spot"],
        # The phone has no stop: a session is stopped on the computer.
        Action.STOP: texts["stop_on_computer"],
    }
    # TRANSLATORS: a button of the phone page, named in a sentence ("press “Count a roll”").
    quoted = _("“{label}”")
    return {action: quoted.format(label=label) for action, label in labels.items()}


def state(view: SessionView, routine: Routine) -> dict[str, object]:
    """What the phone shows: the window's view, in a phone's words and numbers."""
    screen = present(view, routine, action_names())
    step = routine.steps[view.step_index]
    big = screen.big
    pain = screen.pain
    return {
        "type": "state",
        "routine": routine.title,
        "step": {
            "number": view.step_index + 1,
            "total": view.total_steps,
            "title": step.title,
            "kind": step.kind.value,
        },
        "phase": view.phase.value,
        "paused": view.paused,
        "big": {
            "shows": big.shows.value,
            "caption": big.caption,
            "state": big.caption_state.value,
            "remaining": math.ceil(big.remaining) if big.total else None,
            "total": round(big.total) if big.total else None,
            "count": big.count,
            "cap": big.cap or None,
            # At the cap: what the window's counter says under the count.
            "message": big.count_message,
        },
        "pain": {
            "rating": pain.rating,
            "band": list(pain.band),
            "warning": pain.warning.text if pain.warning else None,
            "hint": pain.hint.text if pain.hint else None,
        },
        "buttons": [action.value for action in offered(view, step.kind)],
        "time_left": screen.time_left,
        "ended": screen.ended,
    }


def idle(message: str) -> dict[str, object]:
    """No session in the window (the start page, a finished session)."""
    return {"type": "idle", "message": message}


def page_texts() -> dict[str, str]:
    """The phone page's own words, in the app's language: the page shows `{{text:key}}` in its
    HTML and reads the rest from one JSON block; `{name}` is filled in by the page."""
    return {
        "page_title": _("Lumbago Coach remote"),
        "connecting": _("Connecting…"),
        "connected": _("Connected to the computer"),
        "reconnecting": _("Reconnecting…"),
        "not_paired": _(
            "Another phone is already paired. On the computer: Phone remote → Pair another phone."
        ),
        "not_connected": _("Not connected to the computer yet."),
        "pain_now": _("Pain now"),
        "pain_n": _("Pain {n}"),
        "aim_for": _("· aim for {low}–{high}"),
        "session": _("Session"),
        "step_of": _("Step {number} of {total} · {routine}"),
        "ready": _("Ready"),
        "roll_or_hold": _("Roll or hold?"),
        "done": _("Done"),
        "paused": _("Paused — Start · Pause goes on"),
        "start": _("Start"),
        "go_on": _("Go on"),
        "pause": _("Pause"),
        "start_pause": _("Start · Pause"),
        "count_roll": _("Count a roll"),
        "confirm": _("Confirm · go on"),
        "roll_it": _("Roll it"),
        "hold_it": _("Hold it"),
        "next_spot": _("Next spot"),
        "back": _("◀ Back"),
        "next": _("Next ▶"),
        "ended": _("The session has ended."),
        "stop_on_computer": _("Stop on the computer"),
    }
