"""Light or dark: the person's choice, or the system's (followed when it changes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop_app import settings as opt
from desktop_app.qt import theme as themes

if TYPE_CHECKING:
    from desktop_app.qt.main_window import MainWindow
    from desktop_app.settings import Settings


class Looks(QObject):
    def __init__(self, settings: Settings, window: MainWindow) -> None:
        super().__init__(window)
        self.settings = settings
        self.window = window
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            from desktop_app.qt.focus_ring import FocusRings

            FocusRings.install(app)

    def choose(self, preference: str, save: bool = True) -> None:
        """ "system", "light", "dark" or "contrast": the whole app in it at once (kept unless `save` is
        False)."""
        theme = themes.choose(preference)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            themes.apply(app, theme)
        self.window.set_theme(theme, preference)
        if save:
            self.settings.set(opt.THEME, preference)

    def _system_changed(self) -> None:
        if self.settings.get(opt.THEME) == "system":
            self.choose("system", save=False)
