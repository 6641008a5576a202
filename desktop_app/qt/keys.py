"""Every key the app answers to, in one table: the `?` key map, the help page's table, the
session page's key row and the session's key handling are all made from it (and a test holds
the README's table to it)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt

from desktop_app.core.commands import COMMANDS, Command, rate
from desktop_app.core.pain import MAX_RATING
from desktop_app.core.routines import StepKind
from desktop_app.i18n import _
from desktop_app.qt.key_names import (
    HISTORY_KEY,
    RATING_DOWN_KEY,
    RATING_UP_KEY,
    STOP_KEY,
    key_name,
    rating_keys,
)
from desktop_app.view.presenter import Action, words


class Where(enum.Enum):
    """Where a key does something."""

    SESSION = "session"
    #: A spot step only: roll, hold, next spot.
    SPOT = "spot"
    ANYWHERE = "anywhere"
    #: The start and finish pages.
    PAGES = "pages"
    FINISH = "finish"


@dataclass(frozen=True)
class Key:
    #: What is written on the key cap, as the table shows it.
    cap: str
    #: What it does, for the key map and the help (translated when asked for).
    does: Callable[[], str]
    where: Where
    #: The session page's key row: (cap, short label) pairs for a step of this kind.
    hints: Callable[[StepKind], list[tuple[str, str]]] = lambda _kind: []
    #: The Qt keys and what each does in a session.
    commands: tuple[tuple[int, Command], ...] = ()


def _enter_hints(kind: StepKind) -> list[tuple[str, str]]:
    match kind:
        case StepKind.ROLLING:
            return [(key_name(Qt.Key.Key_Return), _("count a roll"))]
        case StepKind.SPOT:
            return [(key_name(Qt.Key.Key_Return), _("count"))]
        case _:
            return [(key_name(Qt.Key.Key_Return), _("confirm"))]


def _move_hints(kind: StepKind) -> list[tuple[str, str]]:
    return [("→", _("area done") if kind is StepKind.SPOT else _("next")), ("←", _("back"))]


def _spot_hints(kind: StepKind) -> list[tuple[str, str]]:
    if kind is not StepKind.SPOT:
        return []
    return [("R", _("roll")), ("H", _("hold")), ("N", _("next spot"))]


def _hint(cap: str, label: Callable[[], str]) -> Callable[[StepKind], list[tuple[str, str]]]:
    return lambda _kind: [(cap, label())]


KEYS: tuple[Key, ...] = (
    Key(
        "Space",
        lambda: _("start, pause, go on"),
        Where.SESSION,
        lambda _kind: [(key_name(Qt.Key.Key_Space), _("start · pause"))],
        ((Qt.Key.Key_Space, COMMANDS["toggle"]),),
    ),
    Key(
        "Enter",
        lambda: _("count a roll, or confirm / continue"),
        Where.SESSION,
        _enter_hints,
        ((Qt.Key.Key_Return, COMMANDS["confirm"]), (Qt.Key.Key_Enter, COMMANDS["confirm"])),
    ),
    Key(
        "→ / ←",
        lambda: _("next step (in a spot step: area done) / previous step"),
        Where.SESSION,
        _move_hints,
        ((Qt.Key.Key_Right, COMMANDS["forward"]), (Qt.Key.Key_Left, COMMANDS["back"])),
    ),
    Key(
        "R / H / N",
        lambda: _("in a spot step: roll this spot / hold it / next spot"),
        Where.SPOT,
        _spot_hints,
        (
            (Qt.Key.Key_R, COMMANDS["roll"]),
            (Qt.Key.Key_H, COMMANDS["hold"]),
            (Qt.Key.Key_N, COMMANDS["next_spot"]),
        ),
    ),
    Key(
        f"{rating_keys()}, {key_name(RATING_UP_KEY)} {key_name(RATING_DOWN_KEY)}",
        lambda: _("your pain rating now ({up} from {almost} gives {most})").format(
            up=key_name(RATING_UP_KEY), almost=MAX_RATING - 1, most=MAX_RATING
        ),
        Where.SESSION,
        _hint(
            f"{rating_keys()} {key_name(RATING_UP_KEY)}{key_name(RATING_DOWN_KEY)}",
            lambda: _("pain"),
        ),
        (
            (RATING_UP_KEY, COMMANDS["up"]),
            (RATING_DOWN_KEY, COMMANDS["down"]),
            *((Qt.Key.Key_0 + digit, rate(digit)) for digit in range(10)),
        ),
    ),
    Key("M", lambda: _("mute sound and voice"), Where.ANYWHERE, _hint("M", lambda: _("mute"))),
    Key("F11", lambda: _("full screen"), Where.ANYWHERE, _hint("F11", lambda: _("full screen"))),
    Key(
        "Esc",
        lambda: _("stop the session (press twice; it is kept)"),
        Where.SESSION,
        lambda _kind: [(key_name(STOP_KEY), _("stop"))],
    ),
    Key("?", lambda: _("the key map"), Where.ANYWHERE, _hint("?", lambda: _("keys"))),
    Key("F1", lambda: _("help"), Where.ANYWHERE),
    Key(
        "P",
        lambda: _("the phone remote: follow and steer the session from your phone"),
        Where.ANYWHERE,
    ),
    Key("H", lambda: _("the history (on the start and finish pages)"), Where.PAGES),
    Key("V", lambda: _("on the finish page, once: have the steps read aloud"), Where.FINISH),
    Key("E", lambda: _("on the start page: the routine files' problems, if any"), Where.PAGES),
)


def session_commands() -> dict[int, Command]:
    """What each key does in a session."""
    return {qt_key: command for key in KEYS for qt_key, command in key.commands}


def session_hints(kind: StepKind) -> list[tuple[str, str]]:
    """The key row under a step: the keys that do something in a step of this kind."""
    return [hint for key in KEYS for hint in key.hints(kind)]


def action_names() -> dict[Action, str]:
    """What each session action is called in the window: the (first) key that does it, from
    the table above. Sentences in the presenter name actions; this names them as keys."""
    by_command = {id(command): name for name, command in COMMANDS.items()}
    names: dict[Action, str] = {Action.STOP: key_name(STOP_KEY)}
    for key in KEYS:
        for qt_key, command in key.commands:
            name = by_command.get(id(command), "")
            if name in {action.value for action in Action}:
                names.setdefault(Action(name), key_name(qt_key))
    return names


def help_key_names() -> dict[str, str]:
    """What the help's prose calls each action (core/help.py knows no key)."""
    return words(action_names()) | {
        "history": key_name(HISTORY_KEY),
        "ratings": rating_keys(),
        "up": key_name(RATING_UP_KEY),
        "down": key_name(RATING_DOWN_KEY),
    }


def cap_text(cap: str) -> str:
    """A key cap as the person's keyboard names it (the named keys are words)."""
    names = {
        "Space": key_name(Qt.Key.Key_Space),
        "Enter": key_name(Qt.Key.Key_Return),
        "Esc": key_name(Qt.Key.Key_Escape),
    }
    return names.get(cap, cap)


def table_rows() -> list[tuple[str, str]]:
    return [(cap_text(key.cap), key.does()) for key in KEYS]


def markdown_table() -> str:
    """The table as the help page (and the README) show it."""
    head = f"| {_('key')} | {_('what it does')} |\n| --- | --- |\n"
    return head + "".join(f"| {cap} | {does} |\n" for cap, does in table_rows())


def overlay_lines() -> list[str]:
    """The `?` key map: one line a key."""
    return [f"{cap} — {does}" for cap, does in table_rows()]
