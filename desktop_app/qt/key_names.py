"""How a sentence names a key ("Space", "Enter", "→", "R"), and the window's own keys that
sentences mention. Small and light, for start-up: the key table (keys.py) loads the session's
commands, which wait for the first session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.i18n import _

#: Keys that are written as words (translated: "Leertaste"); every other key is its letter.
_KEY_WORDS: dict[int, Callable[[], str]] = {
    Qt.Key.Key_Space: lambda: _("Space"),
    Qt.Key.Key_Return: lambda: _("Enter"),
    Qt.Key.Key_Enter: lambda: _("Enter"),
    Qt.Key.Key_Escape: lambda: _("Esc"),
    Qt.Key.Key_Right: lambda: "→",
    Qt.Key.Key_Left: lambda: "←",
    Qt.Key.Key_Up: lambda: "↑",
    Qt.Key.Key_Down: lambda: "↓",
}

#: Esc stops a session (asking once): the session page's own handling, not a command.
STOP_KEY = Qt.Key.Key_Escape
#: Keys of the window's own, named where a sentence mentions them.
MUTE_KEY = Qt.Key.Key_M
HISTORY_KEY = Qt.Key.Key_H
#: The pain rating: a digit key for each rating below the top one; ↑ and ↓ step by one.
RATING_UP_KEY = Qt.Key.Key_Up
RATING_DOWN_KEY = Qt.Key.Key_Down


def today_key() -> Qt.Key:
    """The key that answers "today" in the daily back check: a letter of the language."""
    # TRANSLATORS: the key (one letter, A–Z) that answers "today" when the daily back check
    # asks when the pain started: the first letter of your word for today. Not the letter
    # you give for yesterday.
    return _letter(_("T"), Qt.Key.Key_T)


def yesterday_key() -> Qt.Key:
    """The key that answers "yesterday" in the daily back check."""
    # TRANSLATORS: the key (one letter, A–Z) that answers "yesterday" when the daily back
    # check asks when the pain started: the first letter of your word for yesterday.
    return _letter(_("Y"), Qt.Key.Key_Y)


def _letter(text: str, otherwise: Qt.Key) -> Qt.Key:
    """The key of a translated letter; `otherwise` when the translation is no letter A–Z."""
    letter = text.strip()[:1].upper()
    return Qt.Key(ord(letter)) if "A" <= letter <= "Z" else otherwise


def rating_keys() -> str:
    """The rating's digit keys as a range ("0–9"): the top rating is ↑ from the last of them."""
    return f"{MIN_RATING}–{MAX_RATING - 1}"


def key_name(key: int) -> str:
    """A key as a sentence names it: "Space", "Enter", "Esc", "→", or its letter ("R")."""
    word = _KEY_WORDS.get(key)
    if word is not None:
        return word()
    if Qt.Key.Key_A <= key <= Qt.Key.Key_Z or Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return chr(key)
    if Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35:
        return f"F{key - Qt.Key.Key_F1 + 1}"
    return chr(key) if key < 0x110000 else "?"
