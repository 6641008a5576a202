"""Every key the app answers to, in one table: which `Action` it asks for, and where.

The window's menu shortcuts are made from it (`shortcut`), every page's and dialog's key
handling looks keys up in it (`pressed`), the sentences that name a key ask it (`name`), and
the `?` key map, the help page's table and the session page's key row are drawn from it (a
test holds the README's table to it, and another finds every shortcut of the running app in
it). In one window a key asks for one action: Enter is "confirm, go on" on every page of the
main window, Esc "stop, leave"."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from desktop_app.core.actions import Action, Press
from desktop_app.core.pain import MAX_RATING
from desktop_app.core.routines import StepKind
from desktop_app.i18n import _, language_tag
from desktop_app.qt.key_names import key_name, rating_keys


class Place(enum.Enum):
    """Where a key does something: the main window (anywhere, or one of its pages), or
    one of the app's other windows."""

    WINDOW = "window"
    START = "start"
    SESSION = "session"
    #: A spot step only: roll, hold, next spot.
    SPOT = "spot"
    FINISH = "finish"
    HISTORY = "history"
    BACK_CHECK = "back_check"
    REMINDER = "reminder"
    SAFETY = "safety"
    EPISODE = "episode"
    HELP = "help"


#: The main window's places: the key map (`?`) shows their rows.
MAIN_WINDOW = (Place.WINDOW, Place.START, Place.SESSION, Place.SPOT, Place.FINISH)

#: A key: a Qt key (pressed with any modifier but Ctrl and Alt) or a key sequence ("Ctrl+H").
type KeyId = int | str

DIGITS: tuple[KeyId, ...] = tuple(Qt.Key.Key_0 + digit for digit in range(10))
ENTER: tuple[KeyId, ...] = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class Key:
    """One row of the table: keys, the action each asks for, what the row says it does."""

    bindings: tuple[tuple[KeyId, Action], ...]
    does: Callable[[], str]
    place: Place
    #: The session page's key row: (cap, short label) pairs for a step of this kind.
    hints: Callable[[StepKind], list[tuple[str, str]]] = lambda _kind: []
    #: What the table writes in the key column, when not the keys' names ("0–9, ↑ ↓").
    cap: str = ""

    def cap_text(self) -> str:
        if self.cap:
            return self.cap
        names = dict.fromkeys(_name(key) for key, _action in self.bindings)
        return " / ".join(names)


def _name(key: KeyId) -> str:
    if isinstance(key, str):
        return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    return key_name(key)


def _letter(text: str, otherwise: Qt.Key) -> Qt.Key:
    """The key of a translated letter; `otherwise` when the translation is no letter A–Z."""
    letter = text.strip()[:1].upper()
    return Qt.Key(ord(letter)) if "A" <= letter <= "Z" else otherwise


def _today() -> Qt.Key:
    # TRANSLATORS: the key (one letter, A–Z) that answers "today" when the daily back check
    # asks when the pain started: the first letter of your word for today. Not the letter
    # you give for yesterday.
    return _letter(_("T"), Qt.Key.Key_T)


def _yesterday() -> Qt.Key:
    # TRANSLATORS: the key (one letter, A–Z) that answers "yesterday" when the daily back
    # check asks when the pain started: the first letter of your word for yesterday.
    return _letter(_("Y"), Qt.Key.Key_Y)


def _hint(label: Callable[[], str]) -> Callable[[StepKind], list[tuple[str, str]]]:
    return lambda _kind: [("", label())]


def _enter_hint(kind: StepKind) -> list[tuple[str, str]]:
    match kind:
        case StepKind.ROLLING:
            return [("", _("count a roll"))]
        case StepKind.SPOT:
            return [("", _("count"))]
        case _:
            return [("", _("confirm"))]


def _spot_hints(kind: StepKind) -> list[tuple[str, str]]:
    if kind is not StepKind.SPOT:
        return []
    return [
        (name(Action.ROLL), _("roll")),
        (name(Action.HOLD), _("hold")),
        (name(Action.NEXT_SPOT), _("next spot")),
    ]


def _move_hints(kind: StepKind) -> list[tuple[str, str]]:
    forward = _("area done") if kind is StepKind.SPOT else _("next")
    return [(name(Action.FORWARD), forward), (name(Action.BACK), _("back"))]


def table() -> tuple[Key, ...]:
    """The table, in the order the key map and the help show it: made once for each language
    (the letters of the back check are the language's), not at every key press or paint."""
    return _table(language_tag())


@functools.cache
def _table(_language: str) -> tuple[Key, ...]:
    return (
        Key(
            ((Qt.Key.Key_Space, Action.TOGGLE),),
            lambda: _("start, pause, go on"),
            Place.SESSION,
            _hint(lambda: _("start · pause")),
        ),
        Key(
            tuple((key, Action.CONFIRM) for key in ENTER),
            lambda: _("count a roll, or confirm / continue"),
            Place.SESSION,
            _enter_hint,
        ),
        Key(
            ((Qt.Key.Key_Right, Action.FORWARD), (Qt.Key.Key_Left, Action.BACK)),
            lambda: _("next step (in a spot step: area done) / previous step"),
            Place.SESSION,
            _move_hints,
        ),
        Key(
            (
                (Qt.Key.Key_R, Action.ROLL),
                (Qt.Key.Key_H, Action.HOLD),
                (Qt.Key.Key_N, Action.NEXT_SPOT),
            ),
            lambda: _("in a spot step: roll this spot / hold it / next spot"),
            Place.SPOT,
            _spot_hints,
        ),
        Key(
            (
                (Qt.Key.Key_Up, Action.UP),
                (Qt.Key.Key_Down, Action.DOWN),
                *((key, Action.RATE) for key in DIGITS),
            ),
            lambda: _("your pain rating now ({up} from {almost} gives {most})").format(
                up=name(Action.UP), almost=MAX_RATING - 1, most=MAX_RATING
            ),
            Place.SESSION,
            lambda _kind: [(f"{rating_keys()} {name(Action.UP)}{name(Action.DOWN)}", _("pain"))],
            cap=f"{rating_keys()}, {key_name(Qt.Key.Key_Up)} {key_name(Qt.Key.Key_Down)}",
        ),
        Key(
            ((Qt.Key.Key_M, Action.MUTE),),
            lambda: _("mute sound and voice"),
            Place.WINDOW,
            _hint(lambda: _("mute")),
        ),
        Key(
            ((Qt.Key.Key_F11, Action.FULL_SCREEN),),
            lambda: _("full screen"),
            Place.WINDOW,
            _hint(lambda: _("full screen")),
        ),
        Key(
            ((Qt.Key.Key_Escape, Action.STOP),),
            lambda: _("stop the session (press twice; it is kept)"),
            Place.SESSION,
            _hint(lambda: _("stop")),
        ),
        Key(
            (("?", Action.KEY_MAP),),
            lambda: _("the key map"),
            Place.WINDOW,
            _hint(lambda: _("keys")),
        ),
        Key(((Qt.Key.Key_F1, Action.HELP),), lambda: _("help"), Place.WINDOW),
        Key(
            ((Qt.Key.Key_P, Action.PHONE_REMOTE),),
            lambda: _("the phone remote: follow and steer the session from your phone"),
            Place.WINDOW,
        ),
        Key((("Ctrl+H", Action.HISTORY),), lambda: _("the history"), Place.WINDOW),
        Key((("Ctrl+,", Action.SETTINGS),), lambda: _("settings"), Place.WINDOW),
        Key(
            (*((key, Action.CONFIRM) for key in ENTER), (Qt.Key.Key_Space, Action.TOGGLE)),
            lambda: _("on the start page: start the chosen routine"),
            Place.START,
        ),
        Key(
            ((Qt.Key.Key_E, Action.PROBLEMS),),
            lambda: _("on the start page: the routine files' problems, if any"),
            Place.START,
        ),
        Key(
            (*((key, Action.CONFIRM) for key in ENTER), (Qt.Key.Key_Escape, Action.STOP)),
            lambda: _("on the finish page: back to the routines"),
            Place.FINISH,
        ),
        Key(
            ((Qt.Key.Key_Space, Action.TOGGLE),),
            lambda: _("on the finish page: the same routine again"),
            Place.FINISH,
        ),
        Key(
            ((Qt.Key.Key_V, Action.READ_ALOUD),),
            lambda: _("on the finish page, once: have the steps read aloud"),
            Place.FINISH,
        ),
        Key(
            ((Qt.Key.Key_K, Action.REMINDERS),),
            lambda: _("on the finish page, once: turn on the keep-moving reminders"),
            Place.FINISH,
        ),
        Key(
            (("Ctrl+H", Action.HISTORY), (Qt.Key.Key_Escape, Action.STOP)),
            lambda: _("in the history: close it"),
            Place.HISTORY,
        ),
        Key(
            (*((key, Action.ANSWER) for key in DIGITS), (Qt.Key.Key_Up, Action.UP)),
            lambda: _(
                "in the daily back check: your pain, then how you move, by its number ({up}: {most})"
            ).format(up=key_name(Qt.Key.Key_Up), most=MAX_RATING),
            Place.BACK_CHECK,
            cap=f"{rating_keys()}, {key_name(Qt.Key.Key_Up)}",
        ),
        Key(
            ((_today(), Action.TODAY), (_yesterday(), Action.YESTERDAY)),
            lambda: _("in the daily back check: the pain began today / yesterday"),
            Place.BACK_CHECK,
        ),
        Key(
            ((Qt.Key.Key_Escape, Action.STOP),),
            lambda: _("in the daily back check: not today"),
            Place.BACK_CHECK,
        ),
        Key(
            tuple((key, Action.NOTHING) for key in ENTER),
            lambda: _("in the daily back check: nothing (no answer by accident)"),
            Place.BACK_CHECK,
        ),
        Key(
            tuple((key, Action.NOTHING) for key in ENTER),
            lambda: _("in the warning signs check: nothing (no answer by accident)"),
            Place.SAFETY,
        ),
        Key(
            ((Qt.Key.Key_Escape, Action.STOP),),
            lambda: _("in the warning signs check: close it"),
            Place.SAFETY,
        ),
        Key(
            (*((key, Action.CONFIRM) for key in ENTER), (Qt.Key.Key_Escape, Action.STOP)),
            lambda: _("in a keep-moving reminder: done"),
            Place.REMINDER,
        ),
        Key(
            ((Qt.Key.Key_S, Action.SNOOZE),),
            lambda: _("in a keep-moving reminder: again in a few minutes"),
            Place.REMINDER,
        ),
        Key(
            ((Qt.Key.Key_P, Action.PAUSE_REMINDERS),),
            lambda: _("in a keep-moving reminder: pause the reminders"),
            Place.REMINDER,
        ),
        Key(
            (*((key, Action.ANSWER) for key in DIGITS[1:]), (Qt.Key.Key_Escape, Action.STOP)),
            lambda: _("in the questions about an episode: the answer by its number / skip it"),
            Place.EPISODE,
            cap=f"1–9 / {key_name(Qt.Key.Key_Escape)}",
        ),
        Key(
            tuple((key, Action.NOTHING) for key in ENTER),
            lambda: _("in the questions about an episode: nothing (no answer by accident)"),
            Place.EPISODE,
        ),
        Key(
            tuple((key, Action.CONFIRM) for key in ENTER),
            lambda: _("in the help, on “Is this safe for me?”: open the check"),
            Place.HELP,
        ),
        Key(((Qt.Key.Key_Escape, Action.STOP),), lambda: _("in the help: close it"), Place.HELP),
    )


def _rows(places: tuple[Place, ...]) -> Iterator[Key]:
    return (key for key in table() if key.place in places)


def _matches(key: KeyId, event: QKeyEvent) -> bool:
    if isinstance(key, str):
        return QKeySequence(event.keyCombination()).matches(QKeySequence(key)) is (
            QKeySequence.SequenceMatch.ExactMatch
        )
    held = event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    return event.key() == key and not held


def pressed(event: QKeyEvent, *places: Place) -> Press | None:
    """The action a key press asks for in these places (the first place first), with the
    digit pressed for the actions that take a number; None when the key means nothing here."""
    for place in places:
        for row in _rows((place,)):
            for key, action in row.bindings:
                if _matches(key, event):
                    digit = event.key() - Qt.Key.Key_0 if key in DIGITS else None
                    return Press(action, digit)
    return None


def keys_of(action: Action, places: tuple[Place, ...] = MAIN_WINDOW) -> list[KeyId]:
    return [key for row in _rows(places) for key, bound in row.bindings if bound is action]


def name(action: Action, places: tuple[Place, ...] = MAIN_WINDOW) -> str:
    """What a sentence calls the (first) key of an action: "Space", "Enter", "R", "Ctrl+H"."""
    keys = keys_of(action, places) or keys_of(action, tuple(Place))
    return _name(keys[0])


def shortcut(action: Action) -> QKeySequence:
    """The main window's menu shortcut of an action."""
    key = keys_of(action, (Place.WINDOW,))[0]
    return QKeySequence(key)


def session_hints(kind: StepKind) -> list[tuple[str, str]]:
    """The key row under a step: the keys that do something in a step of this kind."""
    return [
        (cap or row.cap_text(), label)
        for row in _rows((Place.SESSION, Place.SPOT, Place.WINDOW))
        for cap, label in row.hints(kind)
    ]


def action_names() -> dict[Action, str]:
    """What each session action is called in the window: its (first) key. Sentences in the
    presenter name actions; this names them as keys."""
    names: dict[Action, str] = {}
    for row in _rows((Place.SESSION, Place.SPOT)):
        for key, action in row.bindings:
            names.setdefault(action, _name(key))
    return names


def help_key_names() -> dict[str, str]:
    """What the help's prose calls each action (core/help.py knows no key)."""
    return {action.value: key for action, key in action_names().items()} | {
        "history": name(Action.HISTORY),
        "ratings": rating_keys(),
    }


def table_rows(places: tuple[Place, ...] = tuple(Place)) -> list[tuple[str, str]]:
    return [(row.cap_text(), row.does()) for row in _rows(places)]


def markdown_table() -> str:
    """The table as the help page (and the README) show it: every window's keys."""
    head = f"| {_('key')} | {_('what it does')} |\n| --- | --- |\n"
    return head + "".join(f"| {cap} | {does} |\n" for cap, does in table_rows())


def overlay_lines() -> list[str]:
    """The `?` key map: one line a key of the main window."""
    return [f"{cap} — {does}" for cap, does in table_rows(MAIN_WINDOW)]
