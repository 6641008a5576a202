"""The episode's three questions (core.episode): asked once after its first back check, one
page each, a number key per answer and Esc to skip a question; and the same three as choices
in the history window, where they can be changed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from desktop_app.core.actions import Action
from desktop_app.core.episode import Choice, EpisodeAnswers, Question
from desktop_app.i18n import _
from desktop_app.qt.back_check_view import pages_with_button, question_page
from desktop_app.qt.focus_ring import RING_WIDTH
from desktop_app.qt.keys import Place, name, pressed
from desktop_app.qt.theme import LIGHT, Theme
from desktop_app.qt.widgets import fit_to_screen

HERE = (Place.EPISODE,)


class EpisodeDialog(QDialog):
    """Three optional questions, one page each; `answered` once, when the last is answered
    or skipped (or the window is closed: what was said so far is kept)."""

    answered = Signal(object)  # EpisodeAnswers

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About this episode"))
        self.setAccessibleName(_("About this episode"))
        self.answers = EpisodeAnswers(asked=True)
        self._done = False
        self.setStyleSheet(
            "QWidget { font-size: 22px; } QPushButton { padding: 8px 8px; font-weight: 700;"
            " min-height: 38px; text-align: left; }"
            f"QLabel#question {{ font-size: 30px; font-weight: 800; color: {theme.text}; }}"
            f"QLabel#hint {{ color: {theme.muted}; font-size: 18px; }}"
        )
        self.pages = QStackedWidget()
        for question in Question:
            self.pages.addWidget(self._page(question))
        skip = pages_with_button(
            self, self.pages, _("Skip this question ({key})").format(key=name(Action.STOP, HERE))
        )
        skip.clicked.connect(self.skip)
        fit_to_screen(self, 820, 460)
        self.finished.connect(lambda _result: self._finish())

    @property
    def question(self) -> Question:
        return list(Question)[self.pages.currentIndex()]

    def _page(self, question: Question) -> QWidget:
        number = list(Question).index(question) + 1
        page, layout = question_page(
            question.text,
            _("Question {number} of {count}, for your doctor's report. Keys 1 to {last}.").format(
                number=number, count=len(Question), last=len(question.choices)
            ),
        )
        for index, choice in enumerate(question.choices):
            button = QPushButton(f"{index + 1}   {choice.label}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
            layout.addWidget(button)
        layout.addStretch(1)
        return page

    def choose(self, choice: Choice | None) -> None:
        self.answers = self.answers.with_answer(self.question, choice)
        if self.pages.currentIndex() + 1 < self.pages.count():
            self.pages.setCurrentIndex(self.pages.currentIndex() + 1)
        else:
            self.accept()

    def skip(self) -> None:
        self.choose(None)

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            self.answered.emit(self.answers)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        choices = self.question.choices
        press = pressed(event, Place.EPISODE)
        action = None if press is None else press.action
        if action is Action.ANSWER and press is not None and press.value is not None:
            if 1 <= press.value <= len(choices):
                self.choose(choices[press.value - 1])
        elif action is Action.STOP:
            self.skip()
        elif action is Action.NOTHING:
            return  # Enter answers nothing here
        else:
            super().keyPressEvent(event)


class EpisodeAnswersRow(QWidget):
    """The three answers as choices (the history window): a change is emitted at once."""

    changed = Signal(object)  # EpisodeAnswers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(*(RING_WIDTH,) * 4)  # room for the focus ring round a box
        self.boxes: dict[Question, QComboBox] = {}
        for column, question in enumerate(Question):
            box = QComboBox()
            box.setAccessibleName(question.heading)
            # Narrow enough for 1024 px in German: a long choice is shown whole in the list.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(14)
            box.addItem(_("not answered"), "")
            for choice in question.choices:
                box.addItem(choice.label, choice.value)
            box.activated.connect(lambda _index: self.changed.emit(self.answers()))
            label = QLabel(question.heading)
            label.setBuddy(box)
            layout.addWidget(label, 0, column)
            layout.addWidget(box, 1, column)
            layout.setColumnStretch(column, 1)  # the boxes share the width
            self.boxes[question] = box

    def show_answers(self, answers: EpisodeAnswers) -> None:
        for question, box in self.boxes.items():
            choice = answers.answer(question)
            box.setCurrentIndex(max(0, box.findData(choice.value if choice else "")))

    def answers(self) -> EpisodeAnswers:
        found = EpisodeAnswers(asked=True)
        for question, box in self.boxes.items():
            value = box.currentData()
            choice = next((c for c in question.choices if c.value == value), None)
            found = found.with_answer(question, choice)
        return found
