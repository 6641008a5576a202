"""The secondary windows — history, settings, help — made the first time they are asked for
(their Qt modules load only then), and what they ask for in return."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app.i18n import _, ngettext

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from desktop_app.core.episode import EpisodeAnswers
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
    #: A red flag said in the history window's episode answers (core.safety key).
    sign_said = Signal(str)

    #: Something the person should hear about (a report that could not be written).
    problem = Signal(str)

    def __init__(self, window: MainWindow, history: History, preferences: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.history_store = history
        self.preferences = preferences
        self.history: HistoryWindow | None = None
        self.settings: SettingsDialog | None = None
        self.help: HelpWindow | None = None

    def open_history(self) -> None:
        from desktop_app.qt.history_view import HistoryWindow

        if self.history is None:
            self.history = HistoryWindow(self.history_store, self.window)
            self.history.finished.connect(self._history_closed)
            self.history.export_requested.connect(self.export_history)
            self.history.onset_chosen.connect(self.set_onset)
            self.history.episode_changed.connect(self.set_episode_answers)
            self.history.report_requested.connect(self.save_report)
            self.history.print_requested.connect(self.print_report)
        self.history.refresh(self.window.theme)
        self.history.show()
        self.history.raise_()

    def _history_closed(self, _result: int) -> None:
        self.history_changed.emit()

    def export_history(self, target: Path) -> None:
        from desktop_app.core import history_csv

        try:
            count = history_csv.export_csv(self.history_store, target)
            said = _("Wrote {count} events to {target}.").format(count=count, target=target)
        except OSError as error:
            said = _("Could not write {target}: {reason}.").format(
                target=target, reason=error.strerror
            )
        if self.history is not None:
            self.history.show_status(said)

    # -- the report for the doctor ---------------------------------------------------------

    def save_report(self, target: Path | None = None) -> None:
        """The report for the doctor as a PDF file, where the person chooses (or `target`)."""
        from PySide6.QtWidgets import QFileDialog

        if target is None:
            name, _filter = QFileDialog.getSaveFileName(
                self.history or self.window,
                _("Save the report for your doctor"),
                str(Path.home() / _("back-report.pdf")),
                _("PDF files (*.pdf)"),
            )
            if not name:
                return
            target = Path(name)
        from desktop_app.app.report import make_report
        from desktop_app.core.history_schema import HistoryError
        from desktop_app.qt.report_pdf import ReportError, write_pdf

        try:
            pages = write_pdf(make_report(self.history_store, self.preferences), target)
        except (ReportError, HistoryError) as error:
            self._tell(str(error), problem=True)
            return
        self._tell(
            ngettext(
                "Saved the report for your doctor to {target} ({pages} page).",
                "Saved the report for your doctor to {target} ({pages} pages).",
                pages,
            ).format(target=target, pages=pages)
        )

    def print_report(self, printer: QPrinter | None = None) -> None:
        """The report on the printer the person picks in the system's print dialog (or on
        `printer` as it is set up)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from desktop_app.app.report import make_report
        from desktop_app.core.history_schema import HistoryError
        from desktop_app.qt.report_pdf import render

        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self.history or self.window)
            dialog.setWindowTitle(_("Print the report for your doctor"))
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return
        try:
            render(make_report(self.history_store, self.preferences), printer)
        except HistoryError as error:
            self._tell(str(error), problem=True)
            return
        self._tell(_("The report for your doctor was sent to the printer."))

    def _tell(self, text: str, *, problem: bool = False) -> None:
        if self.history is not None and self.history.isVisible():
            self.history.show_status(text)
        elif problem:
            self.problem.emit(text)
        else:
            self.window.show_notices([text])

    def set_episode_answers(self, answers: EpisodeAnswers) -> None:
        """The episode's answers, changed in the history window."""
        from desktop_app.core.episode import keep
        from desktop_app.core.history_schema import HistoryError

        try:
            sign = keep(self.history_store, answers)
        except HistoryError as error:
            self._tell(str(error), problem=True)
            return
        if sign:
            self.sign_said.emit(sign)

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
