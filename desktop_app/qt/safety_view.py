"""'Is this safe for me?': the red-flag check, shown before the first routine and from Help."""

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

from desktop_app.core.safety import DISCLAIMER, Urgency, advice, by_urgency
from desktop_app.i18n import _
from desktop_app.qt.theme import LIGHT, Theme


class SafetyDialog(QDialog):
    """Tick what applies. Nothing ticked: you may go on. Something ticked: read what to do first."""

    #: True when the user said none of the red flags apply (remembered); False when they read
    #: the advice for what they ticked (asked again next time).
    confirmed = Signal(bool)

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Is this safe for me?"))
        self.setAccessibleName("Safety check")
        self.resize(860, 780)
        self.setStyleSheet(
            "QWidget { font-size: 19px; } QCheckBox { padding: 4px; } "
            "QCheckBox::indicator { width: 28px; height: 28px; } QGroupBox { font-weight: 700; }"
        )
        intro = QLabel(
            _("Before you treat your back yourself, please tick anything that applies to you.")
        )
        intro.setWordWrap(True)
        self.boxes: dict[str, QCheckBox] = {}
        groups = QVBoxLayout()
        for urgency, heading in (
            (Urgency.EMERGENCY, _("Get emergency help now if you have:")),
            (Urgency.DOCTOR, _("See a doctor before using this app if you have:")),
        ):
            group = QGroupBox(heading)
            column = QVBoxLayout(group)
            for flag in by_urgency(urgency):
                box = QCheckBox(flag.text)
                box.setAccessibleName(flag.text)
                box.toggled.connect(self._update)
                self.boxes[flag.key] = box
                column.addWidget(box)
            groups.addWidget(group)
        self.advice = QLabel()
        self.advice.setAccessibleName("Safety advice")
        self.advice.setWordWrap(True)
        self.advice.hide()
        self.disclaimer = QLabel(DISCLAIMER)
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setStyleSheet(f"color: {theme.muted}; font-size: 16px")
        self.confirm = QPushButton()
        self.confirm.setDefault(True)
        self.confirm.setAutoDefault(True)
        self.confirm.clicked.connect(self._confirm)
        self.cancel = QPushButton(_("Not now"))
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.confirm)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(intro)
        layout.addLayout(groups)
        layout.addWidget(self.advice)
        layout.addWidget(self.disclaimer)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self.theme = theme
        self._update()

    @property
    def ticked(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def _update(self) -> None:
        lines = advice(self.ticked)
        if lines:
            emergency = any(self.boxes[f.key].isChecked() for f in by_urgency(Urgency.EMERGENCY))
            background = self.theme.warning if emergency else self.theme.hint
            foreground = self.theme.warning_text if emergency else self.theme.hint_text
            self.advice.setText("\n\n".join(lines))
            self.advice.setStyleSheet(
                f"background:{background}; color:{foreground}; font-weight:700; border-radius:12px; padding:14px"
            )
            self.advice.show()
            self.confirm.setText(_("I have read this"))
        else:
            self.advice.hide()
            self.confirm.setText(_("None of these apply to me"))

    def _confirm(self) -> None:
        self.confirmed.emit(not self.ticked)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter confirms from anywhere in the dialog, a checkbox included.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._confirm()
            return
        super().keyPressEvent(event)
