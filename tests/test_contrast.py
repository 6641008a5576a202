"""Every text colour of every look on the backgrounds it is drawn on, at WCAG contrast: AA
(4.5:1) in the light and dark looks, AAA (7:1) in the high-contrast one; drawn marks and rings
(the countdown's ring, the band's edge) at least 3:1 against what is behind them."""

from __future__ import annotations

import pytest

from desktop_app.qt.theme import CONTRAST, THEMES, Theme

#: (foreground, background) of every text the window draws, by theme field.
TEXT_PAIRS = (
    ("text", "window"),
    ("text", "surface"),
    ("muted", "window"),
    ("muted", "surface"),
    ("accent_text", "accent"),
    ("band_text", "band"),
    ("warning_text", "warning"),
    ("hint_text", "hint"),
    ("lead_in", "window"),  # the countdown's caption in the lead-in
    ("lead_in", "surface"),
    ("lower_bound", "window"),  # … and once the hold may end
    ("lower_bound", "surface"),
    ("accent", "surface"),  # links, the selected card's edge text
)
#: Marks that are not text: WCAG's 3:1 for graphical objects.
#: (The track, the ring's empty part, carries nothing on its own: the filled part is what has to
#: stand out, from the track and from the window.)
#: The focus ring (the palette's highlight) is drawn on the window and on cards (the surface).
MARK_PAIRS = (("accent", "track"), ("accent", "window"), ("accent", "surface"))


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour written #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_ratio_is_computed_as_wcag_defines_it() -> None:
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known AA grey


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_text_is_readable_in_every_look(theme: Theme) -> None:
    least = 7.0 if theme is CONTRAST else 4.5
    low = {
        f"{fg} on {bg}": round(ratio(getattr(theme, fg), getattr(theme, bg)), 2)
        for fg, bg in TEXT_PAIRS
        if ratio(getattr(theme, fg), getattr(theme, bg)) < least
    }
    assert not low, low


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_mark_stands_out_from_what_is_behind_it(theme: Theme) -> None:
    low = {
        f"{fg} on {bg}": round(ratio(getattr(theme, fg), getattr(theme, bg)), 2)
        for fg, bg in MARK_PAIRS
        if ratio(getattr(theme, fg), getattr(theme, bg)) < 3.0
    }
    assert not low, low
