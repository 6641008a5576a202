"""Keep-moving reminders on screen: a tray icon where there is a tray, else a small window on top."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.actions import Action
from desktop_app.core.clock import Clock
from desktop_app.core.reminder import SNOOZE_MINUTES, Reminder, message
from desktop_app.i18n import _
from desktop_app.qt.keys import Place, name, pressed

CHECK_MS = 1000


class ReminderPopup(QWidget):
    """A small window that stays on top: move now, snooze, or pause the reminders."""

    done = Signal()
    snoozed = Signal()
    paused = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(_("Time to move"))
        self.setAccessibleName(_("Keep-moving reminder"))
        self.setStyleSheet("QWidget { font-size: 20px; } QPushButton { padding: 10px 18px; }")
        message_label = QLabel(message())
        message_label.setWordWrap(True)
        message_label.setMinimumWidth(460)
        heading = QLabel(_("Time to move"))
        heading.setStyleSheet("font-size: 32px; font-weight: 800")
        here = (Place.REMINDER,)
        self.done_button = QPushButton(_("Done ({key})").format(key=name(Action.CONFIRM, here)))
        self.snooze_button = QPushButton(
            _("In {minutes} min ({key})").format(
                minutes=SNOOZE_MINUTES, key=name(Action.SNOOZE, here)
            )
        )
        self.pause_button = QPushButton(
            _("Pause reminders ({key})").format(key=name(Action.PAUSE_REMINDERS, here))
        )
        self.done_button.clicked.connect(self.done)
        self.snooze_button.clicked.connect(self.snoozed)
        self.pause_button.clicked.connect(self.paused)
        buttons = QHBoxLayout()
        for button in (self.done_button, self.snooze_button, self.pause_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(message_label)
        layout.addLayout(buttons)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        press = pressed(event, Place.REMINDER)
        signals = {
            Action.CONFIRM: self.done,
            Action.STOP: self.done,
            Action.SNOOZE: self.snoozed,
            Action.PAUSE_REMINDERS: self.paused,
        }
        signal = None if press is None else signals.get(press.action)
        if signal is None:
            super().keyPressEvent(event)
            return
        signal.emit()


class KeepMoving(QObject):
    """Owns the reminder's timer and how it is shown; the rules are in core.reminder."""

    #: Emitted when a reminder is shown (the app plays a sound and speaks).
    reminded = Signal()
    quit_requested = Signal()
    show_window_requested = Signal()

    def __init__(
        self,
        parent: QObject,
        clock: Clock,
        icon: QIcon,
        minutes: float,
        use_tray: bool | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.reminder = Reminder(clock, minutes)
        self.shown = 0
        self._on_change = on_change
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        available = QSystemTrayIcon.isSystemTrayAvailable()
        self.uses_tray = available if use_tray is None else (use_tray and available)
        self.tray: QSystemTrayIcon | None = None
        self.popup = ReminderPopup()
        self.popup.done.connect(self._done)
        self.popup.snoozed.connect(self.snooze)
        self.popup.paused.connect(self.toggle_pause)
        if self.uses_tray:
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(_("Lumbago Coach — keep-moving reminders"))
            menu = QMenu()
            menu.addAction(_("Show Lumbago Coach"), self.show_window_requested.emit)
            menu.addAction(
                _("Remind me in {minutes} min").format(minutes=SNOOZE_MINUTES), self.snooze
            )
            self.pause_action = QAction(_("Pause reminders"), menu)
            self.pause_action.triggered.connect(self.toggle_pause)
            menu.addAction(self.pause_action)
            menu.addSeparator()
            menu.addAction(_("Quit"), self.quit_requested.emit)
            self._menu = menu
            self.tray.setContextMenu(menu)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self.reminder.start()
        self._timer.start()
        if self.tray is not None:
            self.tray.show()

    def stop(self) -> None:
        self.reminder.stop()
        self._timer.stop()
        self.popup.hide()
        if self.tray is not None:
            self.tray.hide()

    def set_minutes(self, minutes: float) -> None:
        self.reminder.set_minutes(minutes)

    def check(self) -> None:
        """The timer's slot: show the reminder when it is due."""
        if not self.reminder.due():
            return
        self.reminder.done()
        self.shown += 1
        if self.tray is not None:
            self.tray.showMessage(
                _("Time to move"), message(), QSystemTrayIcon.MessageIcon.Information, 20_000
            )
        else:
            self.popup.show()
            self.popup.raise_()
        self.reminded.emit()

    def _done(self) -> None:
        self.popup.hide()

    def snooze(self) -> None:
        self.reminder.snooze()
        self.popup.hide()

    def toggle_pause(self) -> None:
        if self.reminder.paused:
            self.reminder.resume()
        else:
            self.reminder.pause()
        self.popup.hide()
        if self.tray is not None:
            self.pause_action.setText(
                _("Resume reminders") if self.reminder.paused else _("Pause reminders")
            )
        if self._on_change is not None:
            self._on_change()
