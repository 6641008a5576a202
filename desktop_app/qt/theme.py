"""Colours for light and dark, following the system unless the user chose one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.core.recovery import Phase


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    track: str
    band: str
    band_text: str
    warning: str
    warning_text: str
    hint: str
    hint_text: str
    lower_bound: str
    lead_in: str
    #: Behind an illustration (drawn for a light ground: a pale card in the dark theme too).
    picture: str
    #: The recovery course's phases in the history's chart: worst days, easing, tension.
    phase_worst: str
    phase_easing: str
    phase_tension: str

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


LIGHT = Theme(
    name="light",
    window="#f4f2ed",
    surface="#ffffff",
    text="#15191e",
    muted="#4e5864",
    accent="#0b6e72",
    accent_text="#ffffff",
    track="#d5dbe0",
    band="#cfe9d2",
    band_text="#17522a",
    warning="#b3261e",
    warning_text="#ffffff",
    hint="#fff1c2",
    hint_text="#4a3a00",
    lower_bound="#2e7d32",
    lead_in="#975a00",
    picture="#ffffff",
    phase_worst="#f4b6ae",
    phase_easing="#f7dc9c",
    phase_tension="#c8e6c9",
)

DARK = Theme(
    name="dark",
    window="#121518",
    surface="#1c2126",
    text="#f3f5f6",
    muted="#aab4bf",
    accent="#46c9c4",
    accent_text="#0b1214",
    track="#333b44",
    band="#1f4a2b",
    band_text="#bfe8c8",
    warning="#c9362c",
    warning_text="#ffffff",
    hint="#4a3e12",
    hint_text="#ffe9a6",
    lower_bound="#6fd07a",
    lead_in="#ffb74d",
    picture="#e9edf0",
    phase_worst="#f4b6ae",
    phase_easing="#f7dc9c",
    phase_tension="#c8e6c9",
)


#: For low vision, or a screen in the sun: black on white, every text at 7:1 or more (WCAG AAA).
CONTRAST = Theme(
    name="contrast",
    window="#ffffff",
    surface="#ffffff",
    text="#000000",
    muted="#262626",
    accent="#003f7d",
    accent_text="#ffffff",
    track="#949494",
    band="#c6efce",
    band_text="#002b0f",
    warning="#8a0000",
    warning_text="#ffffff",
    hint="#fff0a0",
    hint_text="#1a1200",
    lower_bound="#00561a",
    lead_in="#5c3200",
    picture="#ffffff",
    phase_worst="#f4b6ae",
    phase_easing="#f7dc9c",
    phase_tension="#c8e6c9",
)

#: Each phase of the usual course by the theme's colour for it (the history's chart, the report).
PHASE_COLOURS = {
    Phase.WORST: "phase_worst",
    Phase.EASING: "phase_easing",
    Phase.TENSION: "phase_tension",
}

#: Every look, by the name the settings keep ("system" chooses among them).
THEMES = {theme.name: theme for theme in (LIGHT, DARK, CONTRAST)}


def system_prefers_contrast() -> bool:
    """The desktop asks for high contrast (Qt 6.10 and newer can tell)."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    preference = getattr(Qt, "ContrastPreference", None)
    if accessibility is None or preference is None:
        return False
    return bool(accessibility().contrastPreference() == preference.HighContrast)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() is Qt.ColorScheme.Dark


def choose(preference: str) -> Theme:
    """A look by its name; "system" (or anything unknown) follows the desktop: high contrast
    when it asks for that, else dark or light."""
    if preference in THEMES:
        return THEMES[preference]
    if system_prefers_contrast():
        return CONTRAST
    return DARK if system_prefers_dark() else LIGHT


def apply(app: QApplication, theme: Theme) -> None:
    """Fusion with our palette: the same look on every desktop, high contrast in both modes."""
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.surface,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.surface,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.accent_text,
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.accent,
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    app.setPalette(palette)
