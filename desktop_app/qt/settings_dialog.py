"""The settings window: sound, volume, voice, and how the session moves on."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app import settings as opt
from desktop_app.i18n import SHIPPED, _
from desktop_app.qt.keys import action_names
from desktop_app.qt.widgets import check_row, fit_to_screen
from desktop_app.view.presenter import Action


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

    #: (the option, its new value in the option's own unit)
    option_changed = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(620)
        self.setStyleSheet(
            "QWidget { font-size: 18px; } QCheckBox::indicator { width: 26px; height: 26px; }"
        )
        self.sound = QCheckBox()
        self.sound.setAccessibleName("Sound")
        self.volume = _slider(0, 100, "Volume")
        self.backend = QLabel()
        self.backend.setAccessibleName("Sound backend")
        self.backend.setWordWrap(True)
        self.voice = QCheckBox()
        self.voice.setAccessibleName("Voice")
        self.rate = _slider(-100, 100, "Voice rate")
        self.voice_info = QLabel()
        self.voice_info.setAccessibleName("Voice backend")
        self.voice_info.setWordWrap(True)
        self.auto_advance = QCheckBox()
        self.auto_advance.setAccessibleName("Auto advance")
        self.checkin = _spin(opt.CHECKIN_AFTER, "Check-in after", _(" min"), per_unit=60)
        self.pace = _spin(opt.ROLLING_PACE, "Rolling beat", _(" s"))
        self.pace.setSpecialValueText(
            _("count by hand ({key})").format(key=action_names()[Action.CONFIRM])
        )
        self.spot_wait = _spin(opt.SPOT_CHOICE_AFTER, "Hold a spot by itself after", _(" s"))
        self.reminders = QCheckBox()
        self.reminders.setAccessibleName("Keep-moving reminders")
        self.reminder_minutes = _spin(opt.REMINDER_MINUTES, "Reminder interval", _(" min"))
        self.reminder_minutes.setSingleStep(5)
        self.language = QComboBox()
        self.language.setAccessibleName("Language")
        # Each language named in itself, so a person can find their own in any language.
        self.language.addItem(_("The system's language"), "")
        self.language.addItem("English", "en")
        for code, name in SHIPPED.items():
            self.language.addItem(name, code)
        self.language_note = QLabel(_("A new language is used from the next start."))
        self.language_note.setWordWrap(True)

        form = QFormLayout()
        form.setVerticalSpacing(14)
        # A long label (German) puts its field on the next line rather than widen the window.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # Check boxes whose words wrap: a long German setting never widens the window.
        form.addRow(check_row(self.sound, _("Play sounds for every cue")))
        form.addRow(_("Volume"), self.volume)
        form.addRow(_("Playing through"), self.backend)
        form.addRow(check_row(self.voice, _("Speak the steps and warnings")))
        form.addRow(_("Voice speed"), self.rate)
        form.addRow(_("Voice"), self.voice_info)
        form.addRow(
            check_row(self.auto_advance, _("Move on by itself when a timed step ends (hands-free)"))
        )
        form.addRow(_("Check in after silence of"), self.checkin)
        form.addRow(_("Count a roll every"), self.pace)
        form.addRow(_("Hold a spot nobody chose for after"), self.spot_wait)
        form.addRow(check_row(self.reminders, _("Remind me to get up and walk")))
        form.addRow(_("Every"), self.reminder_minutes)
        form.addRow(_("Language"), self.language)
        form.addRow("", self.language_note)
        # Our own button, not Qt's standard one: its word comes from our catalogue.
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
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
        layout.addLayout(buttons)
        fit_to_screen(self, 760, 820)

        changed = self.option_changed.emit
        self.sound.toggled.connect(lambda on: changed(opt.SOUND_ENABLED, on))
        self.volume.valueChanged.connect(lambda value: changed(opt.VOLUME, value / 100))
        self.voice.toggled.connect(lambda on: changed(opt.VOICE_ENABLED, on))
        self.rate.valueChanged.connect(lambda value: changed(opt.VOICE_RATE, value / 100))
        self.auto_advance.toggled.connect(lambda on: changed(opt.AUTO_ADVANCE, on))
        self.checkin.valueChanged.connect(
            lambda minutes: changed(opt.CHECKIN_AFTER, minutes * 60.0)
        )
        self.pace.valueChanged.connect(lambda pace: changed(opt.ROLLING_PACE, pace))
        self.spot_wait.valueChanged.connect(lambda wait: changed(opt.SPOT_CHOICE_AFTER, wait))
        self.reminders.toggled.connect(lambda on: changed(opt.REMINDERS_ENABLED, on))
        self.reminder_minutes.valueChanged.connect(
            lambda minutes: changed(opt.REMINDER_MINUTES, minutes)
        )
        self.language.currentIndexChanged.connect(
            lambda index: changed(opt.LANGUAGE, self.language.itemData(index))
        )

    def show_values(self, settings: opt.Settings, backend: str, voice_info: str) -> None:
        """Show the settings as they are, without echoing them back as changes."""
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
            self.language,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.sound.setChecked(settings.get(opt.SOUND_ENABLED))
        self.volume.setValue(round(settings.get(opt.VOLUME) * 100))
        self.backend.setText(backend)
        self.voice.setChecked(settings.get(opt.VOICE_ENABLED))
        self.rate.setValue(round(settings.get(opt.VOICE_RATE) * 100))
        self.voice_info.setText(voice_info)
        self.auto_advance.setChecked(settings.get(opt.AUTO_ADVANCE))
        self.checkin.setValue(round(settings.get(opt.CHECKIN_AFTER) / 60))
        self.pace.setValue(settings.get(opt.ROLLING_PACE))
        self.spot_wait.setValue(settings.get(opt.SPOT_CHOICE_AFTER))
        self.reminders.setChecked(settings.get(opt.REMINDERS_ENABLED))
        self.reminder_minutes.setValue(settings.get(opt.REMINDER_MINUTES))
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get(opt.LANGUAGE))))
        for widget in widgets:
            widget.blockSignals(False)

    def show_voice(self, description: str) -> None:
        self.voice_info.setText(description)
