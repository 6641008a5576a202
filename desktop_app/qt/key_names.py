"""How a sentence names a key ("Space", "Enter", "→", "R"). Which key does what is the key
table's (keys.py)."""

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
