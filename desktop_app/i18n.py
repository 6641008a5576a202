"""The one translation function every user-visible string goes through."""

import gettext
from pathlib import Path

_translation = gettext.translation(
    "lumbago-coach", localedir=Path(__file__).parent / "locale", fallback=True
)


def _(text: str) -> str:
    """Translate a user-visible text (identity until a catalogue is shipped)."""
    return _translation.gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a text whose form depends on a count."""
    return _translation.ngettext(singular, plural, n)
