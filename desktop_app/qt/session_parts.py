"""The session page's parts: the sizes its words are set in, its key cards ("R  Roll it", big
enough to read from the floor) and the key map's line of key caps."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from desktop_app.qt.theme import LIGHT, Theme
from desktop_app.qt.widgets import bold_font

KEY_CAP_PADDING = 12


@dataclass(frozen=True)
class TextType:
    """How one of the step's texts is set: px at unit 1, weight, padding (across, down)."""

    px: int
    weight: int
    padding: tuple[int, int] = (0, 0)

    def size(self, unit: float) -> int:
        return round(self.px * unit)

    def css(self, unit: float) -> str:
        across, down = self.padding
        return (
            f"font-size:{self.size(unit)}px; font-weight:{self.weight};"
            f" padding:{down}px {across}px; "
        )


TITLE = TextType(42, 800)
INSTRUCTION = TextType(32, 400)
PROMPT = TextType(30, 700, padding=(14, 8))
CAPTION = TextType(30, 800)


def key_caps(pairs: list[tuple[str, str]], theme: Theme) -> str:
    """Rich text of keys and what they do, for the key map bar."""
    cap = (
        f"<span style='background:{theme.surface}; color:{theme.text}; border:1px solid {theme.track};"
        " font-weight:700'>&nbsp;{key}&nbsp;</span>&nbsp;{label}"
    )
    return " &nbsp;&nbsp; ".join(cap.format(key=key, label=label) for key, label in pairs)


class KeyCap(QLabel):
    """A big labelled key, e.g. 'R  Roll it'; its words shrink to the card's width, so that a
    long German word is never cut off."""

    def __init__(self, key: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.label = label
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(f"{key}: {label}")
        self._style: tuple[Theme, float, bool] = (LIGHT, 1.0, True)

    def style_for(self, theme: Theme, unit: float, active: bool = True) -> None:
        self._style = (theme, unit, active)
        background = theme.accent if active else theme.surface
        foreground = theme.accent_text if active else theme.text
        self.setStyleSheet(
            f"background:{background}; color:{foreground}; border:3px solid {theme.accent};"
            f"border-radius: 24px; padding: {KEY_CAP_PADDING}px;"
        )
        self._set_words()

    def _set_words(self) -> None:
        _theme, unit, _active = self._style
        room = self.width() - 2 * KEY_CAP_PADDING - 12
        key_px = self._fitting(self.key, 64 * unit, 800, room)
        label_px = min(
            self._fitting(word, 30 * unit, 600, room) for word in self.label.split() or [""]
        )
        text = (
            f"<div style='font-size:{key_px}px; font-weight:800'>{self.key}</div>"
            f"<div style='font-size:{label_px}px; font-weight:600'>{self.label}</div>"
        )
        if text != self.text():
            self.setText(text)

    @staticmethod
    def _fitting(text: str, size: float, weight: int, room: int) -> int:
        """The pixel size, at most `size`, at which `text` is no wider than `room`."""
        font = bold_font(size, QFont.Weight(weight))
        px = max(1, round(size))
        while px > 10 and QFontMetricsF(font).horizontalAdvance(text) > room > 0:
            px -= 1
            font.setPixelSize(px)
        return px

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._set_words()
