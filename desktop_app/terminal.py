"""What the app writes to a terminal: one line at a time, printable.

A routine's key, a file's name or a history's text can hold control characters; printed raw,
an escape sequence could clear the screen or draw a fake "All 5 routines are valid." Every
line the app prints goes through `say`."""

from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

_BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (a newline too: one message is one line)
    and bidi overrides become visible \\u escapes."""
    return "".join(
        char
        if char.isprintable() and unicodedata.bidirectional(char) not in _BIDI_CONTROLS
        else f"\\u{ord(char):04x}"
        for char in text
    )


def say(text: object, stream: TextIO | None = None) -> None:
    """One line to `stream` (standard error when none is given), printable."""
    print(printable(str(text)), file=sys.stderr if stream is None else stream)
