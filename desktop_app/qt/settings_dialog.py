"""The settings window: sound, volume, voice, and how the session moves on."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app import settings as opt
from desktop_app.i18n import _
from desktop_app.qt.widgets import fit_to_screen


def _slider(minimum: int, maximum: int, name: str) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(minimum, maximum)
    slider.setPageStep(10)
    slider.setAccessibleName(name)
    slider.setMinimumHeight(36)
    return slider


def _spin(option: opt.Option[Any], name: str, suffix: str, per_unit: int = 1) -> QSpinBox:
    """A number field whose range is the option's own (in minutes where `per_unit` is 60), so
    the dialog can offer nothing that the settings would then refuse."""
    spin = QSpinBox()
    assert option.minimum is not None and option.maximum is not None
    spin.setRange(math.ceil(option.minimum / per_unit), math.floor(option.maximum / per_unit))
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    return spin


class SettingsDialog(QDialog):
    """Changes apply at once; Close just closes."""

    sound_enabled_changed = Signal(bool)
    volume_changed = Signal(float)
    voice_enabled_changed = Signal(bool)
    voice_rate_changed = Signal(float)
    auto_advance_changed = Signal(bool)
    checkin_minutes_changed = Signal(int)
    rolling_pace_changed = Signal(int)
    spot_wait_changed = Signal(int)
    reminders_changed = Signal(bool)
    reminder_minutes_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(620)
        self.setStyleSheet(
            "QWidget { font-size: 18px; } QCheckBox::indicator { width: 26px; height: 26px; }"
        )
        self.sound = QCheckBox(_("Play sounds for every cue"))
        self.sound.setAccessibleName("Sound")
        self.volume = _slider(0, 100, "Volume")
        self.backend = QLabel()
        self.backend.setAccessibleName("Sound backend")
        self.backend.setWordWrap(True)
        self.voice = QCheckBox(_("Speak the steps and warnings"))
        self.voice.setAccessibleName("Voice")
        self.rate = _slider(-100, 100, "Voice rate")
        self.voice_info = QLabel()
        self.voice_info.setAccessibleName("Voice backend")
        self.voice_info.setWordWrap(True)
        self.auto_advance = QCheckBox(_("Move on by itself when a timed step ends (hands-free)"))
        self.auto_advance.setAccessibleName("Auto advance")
        self.checkin = _spin(opt.CHECKIN_AFTER, "Check-in after", _(" min"), per_unit=60)
        self.pace = _spin(opt.ROLLING_PACE, "Rolling beat", _(" s"))
        self.pace.setSpecialValueText(_("count by hand (Enter)"))
        self.spot_wait = _spin(opt.SPOT_CHOICE_AFTER, "Hold a spot by itself after", _(" s"))
        self.reminders = QCheckBox(_("Remind me to get up and walk"))
        self.reminders.setAccessibleName("Keep-moving reminders")
        self.reminder_minutes = _spin(opt.REMINDER_MINUTES, "Reminder interval", _(" min"))
        self.reminder_minutes.setSingleStep(5)

        form = QFormLayout()
        form.setVerticalSpacing(14)
        form.addRow(self.sound)
        form.addRow(_("Volume"), self.volume)
        form.addRow(_("Playing through"), self.backend)
        form.addRow(self.voice)
        form.addRow(_("Voice speed"), self.rate)
        form.addRow(_("Voice"), self.voice_info)
        form.addRow(self.auto_advance)
        form.addRow(_("Check in after silence of"), self.checkin)
        form.addRow(_("Count a roll every"), self.pace)
        form.addRow(_("Hold a spot nobody chose for after"), self.spot_wait)
        form.addRow(self.reminders)
        form.addRow(_("Every"), self.reminder_minutes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # The form scrolls on a small screen; Close always stays in view.
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 820)

        self.sound.toggled.connect(self.sound_enabled_changed)
        self.volume.valueChanged.connect(lambda value: self.volume_changed.emit(value / 100))
        self.voice.toggled.connect(self.voice_enabled_changed)
        self.rate.valueChanged.connect(lambda value: self.voice_rate_changed.emit(value / 100))
        self.auto_advance.toggled.connect(self.auto_advance_changed)
        self.checkin.valueChanged.connect(self.checkin_minutes_changed)
        self.pace.valueChanged.connect(self.rolling_pace_changed)
        self.spot_wait.valueChanged.connect(self.spot_wait_changed)
        self.reminders.toggled.connect(self.reminders_changed)
        self.reminder_minutes.valueChanged.connect(self.reminder_minutes_changed)

    def show_values(
        self,
        *,
        sound: bool,
        volume: float,
        backend: str,
        voice: bool,
        rate: float,
        voice_info: str,
        auto_advance: bool,
        checkin_minutes: int,
        rolling_pace: int,
        spot_wait: int,
        reminders: bool,
        reminder_minutes: int,
    ) -> None:
        widgets = (
            self.sound,
            self.volume,
            self.voice,
            self.rate,
            self.auto_advance,
            self.checkin,
            self.pace,
            self.spot_wait,
            self.reminders,
            self.reminder_minutes,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.sound.setChecked(sound)
        self.volume.setValue(round(volume * 100))
        self.backend.setText(backend)
        self.voice.setChecked(voice)
        self.rate.setValue(round(rate * 100))
        self.voice_info.setText(voice_info)
        self.auto_advance.setChecked(auto_advance)
        self.checkin.setValue(checkin_minutes)
        self.pace.setValue(rolling_pace)
        self.spot_wait.setValue(spot_wait)
        self.reminders.setChecked(reminders)
        self.reminder_minutes.setValue(reminder_minutes)
        for widget in widgets:
            widget.blockSignals(False)
