"""The finish page: what the session did, and what to do next."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app import settings as opt
from desktop_app.core.actions import Action
from desktop_app.core.events import SessionSummary
from desktop_app.core.logged import WARNINGS
from desktop_app.core.routines import Routine
from desktop_app.core.safety import emergency_reminder
from desktop_app.i18n import _
from desktop_app.qt.keys import Place, name, pressed
from desktop_app.qt.widgets import ScaledPage


def next_steps() -> list[str]:
    """What to do after a session (translated when shown)."""
    return [
        _(
            "Keep moving: a few minutes of slow walking on level ground, several times today."
            " The massage helps alongside movement, not instead of it."
        ),
        _("Avoid long sitting — it presses on the buttock muscles. Stand when you can."),
        _(
            "Warmth helps the muscles let go: a warm shower or an infrared lamp, warm and never"
            " burning."
        ),
        _(
            "Come back for another session later today or tomorrow, and keep it up for a while"
            " after the pain has gone: it helps the muscles settle."
        ),
    ]


def describe(summary: SessionSummary) -> list[tuple[str, str]]:
    """The summary as label/value rows."""
    rows = [
        (
            _("Steps"),
            _("{done} of {total}").format(done=summary.steps_done, total=summary.steps_total),
        ),
        (
            _("Time"),
            _("{minutes} min {seconds} s").format(
                minutes=int(summary.duration // 60), seconds=int(summary.duration % 60)
            ),
        ),
    ]
    if summary.holds_started:
        seconds = round(summary.hold_seconds)
        rows.append(
            (
                _("Holds"),
                _("{count} done, {seconds} s held").format(count=summary.holds, seconds=seconds)
                if summary.holds == summary.holds_started
                else _("{count} of {started} done, {seconds} s held").format(
                    count=summary.holds, started=summary.holds_started, seconds=seconds
                ),
            )
        )
    if summary.rolls:
        rows.append((_("Rolls"), str(summary.rolls)))
    if summary.spots:
        rows.append((_("Spots searched"), str(summary.spots)))
    if summary.pain_first is not None and summary.pain_last is not None:
        rows.append(
            (
                _("Pain while pressing, first → last"),
                _("{first} → {last}").format(first=summary.pain_first, last=summary.pain_last),
            )
        )
    warnings = sum(summary.flags.get(name, 0) for name in WARNINGS)
    rows.append((_("Pressure warnings"), str(warnings) if warnings else _("none")))
    return rows


class FinishPage(ScaledPage):
    back = Signal()
    again = Signal()
    reminders_accepted = Signal()
    voice_accepted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Session finished"))
        self.heading = QLabel()
        self.heading.setAccessibleDescription(_("Finish heading"))
        self.summary = QLabel()
        self.summary.setAccessibleDescription(_("Session summary"))
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.next_heading = QLabel(_("What to do next"))
        # Only as high as its line: the advice starts right under it.
        self.next_heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.next_steps = QLabel()
        self.next_steps.setAccessibleDescription(_("What to do next"))
        self.next_steps.setTextFormat(Qt.TextFormat.RichText)
        self.next_steps.setWordWrap(True)
        self.offer = QLabel(
            _(
                "Would you like a reminder to get up and walk every {minutes} minutes? "
                "Press {key} to turn it on."
            ).format(minutes=opt.REMINDER_MINUTES.default, key=name(Action.REMINDERS))
        )
        self.unsaved = QLabel()
        self.unsaved.setAccessibleDescription(_("Not saved"))
        self.unsaved.setWordWrap(True)
        self.unsaved.setTextFormat(Qt.TextFormat.PlainText)
        self.unsaved.hide()
        self.emergency = QLabel(emergency_reminder())
        self.emergency.setAccessibleDescription(_("Emergency signs"))
        self.emergency.setWordWrap(True)
        self.emergency.setTextFormat(Qt.TextFormat.PlainText)
        self.voice_offer = QLabel(
            _(
                "Would you like the steps and warnings read aloud, so you need not look? "
                "Press {key}."
            ).format(key=name(Action.READ_ALOUD))
        )
        self.voice_offer.setAccessibleDescription(_("Voice offer"))
        self.voice_offer.setWordWrap(True)
        self.voice_offer.hide()
        self.offer.setAccessibleDescription(_("Reminder offer"))
        self.offer.setWordWrap(True)
        self.offer.hide()
        self.keys = QLabel(
            _(
                "{back}: back to the routines  ·  {again}: this routine again  ·  {history}: history"
            ).format(
                back=name(Action.CONFIRM, (Place.FINISH,)),
                again=name(Action.TOGGLE, (Place.FINISH,)),
                history=name(Action.HISTORY),
            )
        )
        # What happened on the left, what to do next on the right: both fit without scrolling.
        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.next_heading)
        # On a small or 2×-scaled screen the advice scrolls rather than being cut off.
        advice = QScrollArea()
        advice.setAccessibleName(_("What to do next"))  # it takes the focus: say what it holds
        advice.setWidget(self.next_steps)
        advice.setWidgetResizable(True)
        advice.setFrameShape(QFrame.Shape.NoFrame)
        advice.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        advice.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        right.addWidget(advice, 1)
        columns = QHBoxLayout()
        columns.setSpacing(40)
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.next_steps.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 24)
        layout.setSpacing(14)
        layout.addWidget(self.heading)
        layout.addWidget(self.unsaved)
        layout.addLayout(columns, 1)
        layout.addWidget(self.offer)
        layout.addWidget(self.voice_offer)
        layout.addWidget(self.emergency)
        layout.addWidget(self.keys)
        self._rows: list[tuple[str, str]] = []

    def show_summary(
        self, routine: Routine, summary: SessionSummary, unsaved: str | None = None
    ) -> None:
        """`unsaved`: why the history could not keep this session (None: it is saved). What
        the page says about saving is true."""
        if summary.completed:
            heading = _("Well done")
        elif unsaved is None:
            heading = _("Session stopped — it is saved")
        else:
            heading = _("Session stopped")
        self.heading.setText(heading)
        self.unsaved.setVisible(unsaved is not None)
        self.unsaved.setText(
            _("This session could not be saved in your history: {reason}").format(reason=unsaved)
            if unsaved is not None
            else ""
        )
        self._rows = describe(summary)
        # Focused, the page says what happened: a screen reader reads its name and description.
        self.setAccessibleName(heading)
        self.setAccessibleDescription(
            " ".join(f"{label}: {value}." for label, value in self._rows)
            + (f" {self.unsaved.text()}" if unsaved is not None else "")
        )
        lines = [routine.afterwards] if routine.afterwards else []
        lines += next_steps()
        self.next_steps.setText(
            "".join(
                f"<p style='margin-top:0; margin-bottom:8px'>• {escape(line)}</p>" for line in lines
            )
        )
        self.restyle()

    @property
    def rows(self) -> list[tuple[str, str]]:
        return list(self._rows)

    def restyle(self) -> None:
        unit = self.unit
        theme = self.theme
        self.heading.setStyleSheet(
            f"font-size:{round(56 * unit)}px; font-weight:900; color:{theme.text}"
        )
        cells = "".join(
            f"<tr><td style='color:{theme.muted}; padding-right:28px'>{escape(label)}</td>"
            f"<td style='font-weight:700'>{escape(value)}</td></tr>"
            for label, value in self._rows
        )
        self.summary.setText(f"<table style='font-size:{round(24 * unit)}px'>{cells}</table>")
        self.summary.setStyleSheet(f"color:{theme.text}")
        self.next_heading.setStyleSheet(
            f"font-size:{round(30 * unit)}px; font-weight:800; color:{theme.accent}"
        )
        self.next_steps.setStyleSheet(f"font-size:{round(20 * unit)}px; color:{theme.text}")
        self.offer.setStyleSheet(
            f"font-size:{round(22 * unit)}px; font-weight:700; background:{theme.hint}; color:{theme.hint_text};"
            "border-radius:12px; padding:12px 16px"
        )
        self.voice_offer.setStyleSheet(
            f"font-size:{round(22 * unit)}px; font-weight:700; background:{theme.hint}; color:{theme.hint_text};"
            "border-radius:12px; padding:12px 16px"
        )
        self.keys.setStyleSheet(
            f"font-size:{round(20 * unit)}px; font-weight:600; color:{theme.muted}"
        )
        self.unsaved.setStyleSheet(
            f"font-size:{round(24 * unit)}px; font-weight:800; color:{theme.warning_text};"
            f"background:{theme.warning}; border-radius:12px; padding:10px 16px"
        )
        self.emergency.setStyleSheet(
            f"font-size:{round(18 * unit)}px; color:{theme.warning}; font-weight:600"
        )

    def offer_reminders(self, offer: bool) -> None:
        self.offer.setVisible(offer)

    def offering_reminders(self) -> bool:
        return not self.offer.isHidden()

    def offer_voice(self, offer: bool) -> None:
        self.voice_offer.setVisible(offer)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        press = pressed(event, Place.FINISH)
        action = None if press is None else press.action
        if action in (Action.CONFIRM, Action.STOP):
            self.back.emit()
        elif action is Action.TOGGLE:
            self.again.emit()
        elif action is Action.READ_ALOUD and self.voice_offer.isVisible():
            self.voice_offer.setText(_("The voice is on. You can change it in View → Settings."))
            self.voice_accepted.emit()
        elif action is Action.REMINDERS and self.offer.isVisible():
            self.offer.setText(_("Reminders are on. You can change them in the View menu."))
            self.reminders_accepted.emit()
        else:
            super().keyPressEvent(event)
