"""The secondary windows — history, settings, help — made the first time they are asked for
(their Qt modules load only then), and what they ask for in return."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app.i18n import _

if TYPE_CHECKING:
    from desktop_app.core.history import History
    from desktop_app.qt.help_view import HelpWindow
    from desktop_app.qt.history_view import HistoryWindow
    from desktop_app.qt.main_window import MainWindow
    from desktop_app.qt.settings_dialog import SettingsDialog
    from desktop_app.settings import Settings


class Windows(QObject):
    #: The history window closed, or its onset changed: the recovery card may differ now.
    history_changed = Signal()
    #: A setting changed in the settings window: (option, value).
    option_changed = Signal(object, object)
    #: Help asked for the safety check.
    safety_requested = Signal()

    def __init__(self, window: MainWindow, history: History) -> None:
        super().__init__(window)
        self.window = window
        self.history_store = history
        self.history: HistoryWindow | None = None
        self.settings: SettingsDialog | None = None
        self.help: HelpWindow | None = None

    def open_history(self) -> None:
        from desktop_app.qt.history_view import HistoryWindow  # QtCharts loads only now

        if self.history is None:
            self.history = HistoryWindow(self.history_store, self.window)
            self.history.finished.connect(self._history_closed)
            self.history.export_requested.connect(self.export_history)
            self.history.onset_chosen.connect(self.set_onset)
        self.history.refresh(self.window.theme)
        self.history.show()
        self.history.raise_()

    def _history_closed(self, _result: int) -> None:
        self.history_changed.emit()

    def export_history(self, target: Path) -> None:
        try:
            count = self.history_store.export_csv(target)
            said = _("Wrote {count} events to {target}.").format(count=count, target=target)
        except OSError as error:
            said = _("Could not write {target}: {reason}.").format(
                target=target, reason=error.strerror
            )
        if self.history is not None:
            self.history.show_status(said)

    def set_onset(self, day: dt.date) -> None:
        """The day the back went, as the person set it in the history window."""
        self.history_store.onset = day
        if self.history is not None:
            self.history.refresh()
        self.history_changed.emit()

    def open_settings(self, settings: Settings, player: str, voice: str) -> None:
        """The settings window, showing `settings` and how sound and voice play here."""
        from desktop_app.qt.settings_dialog import SettingsDialog

        if self.settings is None:
            self.settings = SettingsDialog(self.window)
            self.settings.option_changed.connect(self.option_changed)
        self.settings.show_values(settings, player, voice)
        self.settings.show()
        self.settings.raise_()

    def show_voice(self, description: str) -> None:
        if self.settings is not None:
            self.settings.show_voice(description)

    def open_help(self, key: str = "how") -> None:
        from desktop_app.qt.help_view import HelpWindow

        if self.help is None:
            self.help = HelpWindow(self.window)
            self.help.safety_requested.connect(self.safety_requested)
        self.help.open_page(key)
