"""The settings window: sound, volume, voice, and how the session moves on."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass
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
from desktop_app.core.actions import Action
from desktop_app.i18n import SHIPPED, _
from desktop_app.qt.keys import action_names
from desktop_app.qt.widgets import check_row, fit_to_screen


class _Kind(enum.Enum):
    CHECK = "check"
    SLIDER = "slider"
    NUMBER = "number"
    CHOICE = "choice"


@dataclass(frozen=True)
class _Field:
    """One setting in the window: which option, its words, and how its widget counts."""

    #: The dialog's attribute for the widget (tests and the window reach it by this name).
    name: str
    option: opt.Option[Any]
    words: Callable[[], str]
    kind: _Kind
    #: The option's value is the widget's times this (volume in %, check-in in minutes).
    per_unit: float = 1.0
    suffix: Callable[[], str] = lambda: ""
    step: int = 1


def _fields() -> tuple[_Field, ...]:
    """Every setting the window offers, in its order: the one table the widgets, their rows,
    their signals and the values shown are all made from (translated when asked for)."""
    minutes, seconds = (lambda: _(" min")), (lambda: _(" s"))
    return (
        _Field("sound", opt.SOUND_ENABLED, lambda: _("Play sounds for every cue"), _Kind.CHECK),
        _Field("volume", opt.VOLUME, lambda: _("Volume"), _Kind.SLIDER, per_unit=0.01),
        _Field("voice", opt.VOICE_ENABLED, lambda: _("Speak the steps and warnings"), _Kind.CHECK),
        _Field("rate", opt.VOICE_RATE, lambda: _("Voice speed"), _Kind.SLIDER, per_unit=0.01),
        _Field(
            "auto_advance",
            opt.AUTO_ADVANCE,
            lambda: _("Move on by itself when a timed step ends (hands-free)"),
            _Kind.CHECK,
        ),
        _Field(
            "checkin",
            opt.CHECKIN_AFTER,
            lambda: _("Check in after silence of"),
            _Kind.NUMBER,
            per_unit=60,
            suffix=minutes,
        ),
        _Field(
            "pace", opt.ROLLING_PACE, lambda: _("Count a roll every"), _Kind.NUMBER, suffix=seconds
        ),
        _Field(
            "spot_wait",
            opt.SPOT_CHOICE_AFTER,
            lambda: _("Hold a spot nobody chose for after"),
            _Kind.NUMBER,
            suffix=seconds,
        ),
        _Field(
            "reminders",
            opt.REMINDERS_ENABLED,
            lambda: _("Remind me to get up and walk"),
            _Kind.CHECK,
        ),
        _Field(
            "reminder_minutes",
            opt.REMINDER_MINUTES,
            lambda: _("Every"),
            _Kind.NUMBER,
            suffix=minutes,
            step=5,
        ),
        _Field("language", opt.LANGUAGE, lambda: _("Language"), _Kind.CHOICE),
    )


def _widget(field: _Field) -> QWidget:
    """The field's widget; a number's range is the option's own (in the field's unit), so the
    window can offer nothing that the settings would then refuse."""
    option = field.option
    if field.kind is _Kind.CHECK:
        return QCheckBox()
    if field.kind is _Kind.CHOICE:
        choice = QComboBox()
        # Each language named in itself, so a person can find their own in any language.
        choice.addItem(_("The system's language"), "")
        choice.addItem("English", "en")
        for code, name in SHIPPED.items():
            choice.addItem(name, code)
        return choice
    assert option.minimum is not None and option.maximum is not None
    low = math.ceil(round(option.minimum / field.per_unit, 6))
    high = math.floor(round(option.maximum / field.per_unit, 6))
    if field.kind is _Kind.SLIDER:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(low, high)
        slider.setPageStep(10)
        slider.setMinimumHeight(36)
        return slider
    number = QSpinBox()
    number.setRange(low, high)
    number.setSuffix(field.suffix())
    number.setSingleStep(field.step)
    return number


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
        self.fields = _fields()
        self.widgets: dict[str, QWidget] = {}
        self.backend = QLabel()
        self.backend.setAccessibleName(_("Playing through"))
        self.voice_info = QLabel()
        self.voice_info.setAccessibleName(_("Voice"))
        self.language_note = QLabel(_("A new language is used from the next start."))
        #: Lines that explain the field above them.
        below = {
            "volume": (_("Playing through"), self.backend),
            "rate": (_("Voice"), self.voice_info),
            "language": ("", self.language_note),
        }

        form = QFormLayout()
        form.setVerticalSpacing(14)
        # A long label (German) puts its field on the next line rather than widen the window.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for field in self.fields:
            widget = _widget(field)
            widget.setAccessibleName(field.words())
            self.widgets[field.name] = widget
            setattr(self, field.name, widget)
            if isinstance(widget, QCheckBox):
                # Check boxes whose words wrap: a long German setting never widens the window.
                form.addRow(check_row(widget, field.words()))
            else:
                form.addRow(field.words(), widget)
            self._report_changes(field, widget)
            if field.name in below:
                words, label = below[field.name]
                label.setWordWrap(True)
                form.addRow(words, label)
        self.pace.setSpecialValueText(
            _("count by hand ({key})").format(key=action_names()[Action.CONFIRM])
        )
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
        scroll.setAccessibleName(_("Settings"))  # a focus stop: say what it holds
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 760, 820)

    # The widgets, by name (made in the loop above).
    sound: QCheckBox
    volume: QSlider
    voice: QCheckBox
    rate: QSlider
    auto_advance: QCheckBox
    checkin: QSpinBox
    pace: QSpinBox
    spot_wait: QSpinBox
    reminders: QCheckBox
    reminder_minutes: QSpinBox
    language: QComboBox

    def _report_changes(self, field: _Field, widget: QWidget) -> None:
        option, per_unit = field.option, field.per_unit
        as_float = isinstance(option.default, float)

        def changed(value: object) -> None:
            if isinstance(widget, QComboBox):
                value = widget.itemData(int(value))  # type: ignore[call-overload]
            elif isinstance(value, int) and not isinstance(value, bool):
                scaled = value * per_unit
                value = float(scaled) if as_float else round(scaled)
            self.option_changed.emit(option, value)

        if isinstance(widget, QCheckBox):
            widget.toggled.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
        elif isinstance(widget, QSlider | QSpinBox):
            widget.valueChanged.connect(changed)

    def show_values(self, settings: opt.Settings, backend: str, voice_info: str) -> None:
        """Show the settings as they are, without echoing them back as changes."""
        for field in self.fields:
            widget = self.widgets[field.name]
            value = settings.get(field.option)
            widget.blockSignals(True)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QSlider | QSpinBox):
                widget.setValue(round(value / field.per_unit))
            widget.blockSignals(False)
        self.backend.setText(backend)
        self.voice_info.setText(voice_info)

    def show_voice(self, description: str) -> None:
        self.voice_info.setText(description)
