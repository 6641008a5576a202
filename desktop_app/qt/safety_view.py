"""'Is this safe for me?': the red-flag check that decides whether a routine may start.

Nothing in it is the default: a stray Enter answers nothing. Tab moves between the signs and
the buttons, Space ticks a sign or presses the focused button, Esc closes without an answer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.actions import Action
from desktop_app.core.safety import Answer, Urgency, advice, disclaimer, sign_groups, verdict
from desktop_app.i18n import _
from desktop_app.qt.keys import Place, pressed
from desktop_app.qt.theme import LIGHT, Theme
from desktop_app.qt.widgets import check_row, fit_to_screen
from desktop_app.resources import assets_dir


class SafetyDialog(QDialog):
    """Tick what applies; the answer decides what may happen next.

    - nothing ticked: *None of these apply to me* (pressed deliberately) clears the way;
    - a see-a-doctor sign: only *A doctor has told me self-massage is fine* clears it;
    - an emergency sign: what to do now, and *Close*. Nothing else.
    """

    #: The person's answer: Answer.NONE_APPLY, Answer.DOCTOR_CLEARED or Answer.EMERGENCY.
    answered = Signal(str)

    def __init__(
        self,
        theme: Theme = LIGHT,
        parent: QWidget | None = None,
        *,
        ticked: tuple[str, ...] = (),
        locked: bool = False,
        again: str = "",
    ) -> None:
        """`again`: why an answered check has come back (core.safety.recheck_text)."""
        super().__init__(parent)
        self.setWindowTitle(_("Is this safe for me?"))
        self.setAccessibleName(_("Safety check"))
        # Boxes drawn by us, with a clear edge and a filled tick: the platform's own nearly
        # vanish on the dark theme.
        tick = (assets_dir() / "icons" / f"check-{theme.name}.svg").as_posix()
        self.setStyleSheet(
            "QWidget { font-size: 19px; } QCheckBox { padding: 4px; } "
            f"QCheckBox::indicator {{ width: 26px; height: 26px; border: 2px solid {theme.text}; "
            f"border-radius: 6px; background: {theme.surface}; }} "
            f"QCheckBox::indicator:checked {{ background: {theme.accent}; "
            f"border-color: {theme.accent}; image: url({tick}); }} "
            f"QCheckBox::indicator:focus {{ border: 3px solid {theme.accent}; }} "
            "QGroupBox { font-weight: 700; } QPushButton { padding: 10px 18px; }"
        )
        self.theme = theme
        #: An emergency answer given earlier in this run: the signs are shown, not changed.
        self.locked = locked
        self._emergency_told = False
        intro = QLabel(
            _("Before you treat your back yourself, please tick anything that applies to you.")
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.again = QLabel(again)
        self.again.setAccessibleDescription(_("Why the check is back"))
        self.again.setWordWrap(True)
        self.again.setTextFormat(Qt.TextFormat.PlainText)
        self.again.setStyleSheet(
            f"font-weight: 700; background: {theme.hint}; color: {theme.hint_text}; "
            "padding: 10px; border-radius: 6px"
        )
        self.again.setVisible(bool(again))
        self.boxes: dict[str, QCheckBox] = {}
        groups = QVBoxLayout()
        for sign_group in sign_groups():
            heading = sign_group.heading
            # The heading is a label of its own: a group box's title never wraps, and a long
            # one (German) made the whole list wider than the window. It says how soon, once:
            # the signs under it are plain words.
            title = QLabel(heading)
            title.setWordWrap(True)
            title.setTextFormat(Qt.TextFormat.PlainText)
            title.setStyleSheet("font-weight: 700")
            groups.addWidget(title)
            group = QGroupBox()
            group.setAccessibleName(heading)
            column = QVBoxLayout(group)
            for flag in sign_group.flags:
                box = QCheckBox()
                box.setAccessibleName(flag.text)
                box.setChecked(flag.key in ticked)
                box.setEnabled(not locked)
                box.toggled.connect(self._update)
                self.boxes[flag.key] = box
                column.addWidget(check_row(box, flag.text))
            groups.addWidget(group)
        self.advice = QLabel()
        self.advice.setAccessibleDescription(_("Safety advice"))
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.advice.hide()
        self.disclaimer = QLabel(disclaimer())
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setTextFormat(Qt.TextFormat.PlainText)
        self.disclaimer.setStyleSheet(f"color: {theme.muted}; font-size: 16px")

        self.none_apply = QPushButton(_("None of these apply to me"))
        self.none_apply.clicked.connect(lambda: self._answer(Answer.NONE_APPLY))
        self.doctor_cleared = QPushButton(_("A doctor has told me self-massage is fine"))
        self.doctor_cleared.clicked.connect(lambda: self._answer(Answer.DOCTOR_CLEARED))
        self.close_button = QPushButton(_("Not now"))
        self.close_button.clicked.connect(self._close)
        for button in (self.none_apply, self.doctor_cleared, self.close_button):
            # No default anywhere: Enter alone must never answer the check.
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.doctor_cleared)
        buttons.addWidget(self.none_apply)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.again)
        layout.addWidget(intro)
        layout.addLayout(groups)
        layout.addWidget(self.disclaimer)
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Warning signs"))  # a focus stop: say what it holds
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The signs wrap to the dialog's width: never a sideways scroll that hides their ends.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        # The advice sits outside the scrolling list, right above the buttons, so it is seen.
        outer.addWidget(scroll, 1)
        outer.addWidget(self.advice)
        outer.addLayout(buttons)
        self._fit_screen()
        self._update()

    def _fit_screen(self) -> None:
        fit_to_screen(self, 900, 800)

    @property
    def ticked(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    @property
    def verdict(self) -> Urgency | None:
        return verdict(self.ticked)

    def _update(self) -> None:
        urgency = self.verdict
        lines = advice(self.ticked)
        if lines:
            emergency = urgency is Urgency.EMERGENCY
            background = self.theme.warning if emergency else self.theme.hint
            foreground = self.theme.warning_text if emergency else self.theme.hint_text
            self.advice.setText("\n\n".join(lines))
            self.advice.setStyleSheet(
                f"background:{background}; color:{foreground}; font-weight:700; "
                "border-radius:12px; padding:14px"
            )
            self.advice.show()
        else:
            self.advice.hide()
        self.none_apply.setVisible(urgency is None and not self.locked)
        self.doctor_cleared.setVisible(urgency is Urgency.DOCTOR and not self.locked)
        self.close_button.setText(_("Not now") if urgency is None else _("Close"))

    def _answer(self, answer: Answer) -> None:
        self.answered.emit(answer.value)
        self.accept()

    def _close(self) -> None:
        self.reject()

    def reject(self) -> None:
        """Not now, Close, Esc or the window's close button: no answer, unless an emergency
        sign is ticked; that is an answer, and nothing may start in this run."""
        if self.verdict is Urgency.EMERGENCY and not self._emergency_told:
            self._emergency_told = True
            self.answered.emit(Answer.EMERGENCY.value)
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        press = pressed(event, Place.SAFETY)
        if press is not None and press.action is Action.NOTHING:
            # Enter answers nothing: it presses only a focused "Not now" / "Close".
            if self.focusWidget() is self.close_button:
                self.close_button.click()
            return
        super().keyPressEvent(event)
