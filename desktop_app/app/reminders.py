"""Keep-moving reminders: on or off, how often, and what a reminder says aloud."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from desktop_app import settings as opt

if TYPE_CHECKING:
    from desktop_app.core.clock import Clock
    from desktop_app.qt.main_window import MainWindow
    from desktop_app.qt.reminder_view import KeepMoving
    from desktop_app.settings import Settings


class Reminders(QObject):
    """A tray icon (or a small window on top where there is no tray) that reminds the person
    to get up and walk every N minutes."""

    #: A reminder is due now: say it.
    reminded = Signal()
    #: Quit, from the tray's menu.
    quit_requested = Signal()
    #: Show the window, from the tray's menu.
    show_window_requested = Signal()

    def __init__(self, settings: Settings, window: MainWindow, clock: Clock) -> None:
        super().__init__(window)
        self.settings = settings
        self.window = window
        self.clock = clock
        self.keep_moving: KeepMoving | None = None

    def set_enabled(self, enabled: bool) -> None:
        """On or off (kept in the settings); while on in a tray, closing the window hides it."""
        from desktop_app.qt.reminder_view import KeepMoving

        self.settings.set(opt.REMINDERS_ENABLED, enabled)
        self.window.set_reminders_on(enabled)
        if enabled and self.keep_moving is None:
            self.keep_moving = KeepMoving(
                self.window,
                self.clock,
                self.window.windowIcon(),
                self.settings.get(opt.REMINDER_MINUTES),
            )
            self.keep_moving.reminded.connect(self.reminded)
            self.keep_moving.quit_requested.connect(self.quit_requested)
            self.keep_moving.show_window_requested.connect(self.show_window_requested)
        if self.keep_moving is None:
            return
        if enabled:
            self.keep_moving.start()
        else:
            self.keep_moving.stop()
        self.window.close_to_tray = enabled and self.keep_moving.uses_tray
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(not self.window.close_to_tray)

    def set_minutes(self, minutes: int) -> None:
        self.settings.set(opt.REMINDER_MINUTES, minutes)
        if self.keep_moving is not None:
            self.keep_moving.set_minutes(minutes)

    def stop(self) -> None:
        """The app is ending: no reminder, no tray icon."""
        if self.keep_moving is not None:
            self.keep_moving.stop()
