"""The daily back check: "How is your back today?" (0–10) and "How well can you move?".

One key answers each question: 0–9 (↑ from 9 gives 10) for the back, then 1, 2 or 3 for
moving. The first answer ever also asks when it started (a letter for today and one for
yesterday, each in the person's language, or a date set deliberately with its button). Esc
skips for today.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.actions import Action
from desktop_app.core.history import Movement
from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.core.recovery import back_question
from desktop_app.i18n import _
from desktop_app.qt.key_names import rating_keys
from desktop_app.qt.keys import Place, name, pressed
from desktop_app.qt.theme import LIGHT, Theme
from desktop_app.qt.widgets import day_field, fit_to_screen, qdate

HERE = (Place.BACK_CHECK,)
#: Screens narrower than this (in Qt's pixels) get the choices in rows of fewer buttons.
NARROW_SCREEN = 760


def movement_labels() -> dict[Movement, str]:
    return {
        Movement.HARDLY: _("Hardly"),
        Movement.WITH_EFFORT: _("With effort"),
        Movement.ALMOST_NORMALLY: _("Almost normally"),
    }


def question_page(question: str, hint: str) -> tuple[QWidget, QVBoxLayout]:
    """A page of a one-question-a-page dialog: the question, large, and a hint under it (the
    back check's, the episode's)."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for text, object_name in ((question, "question"), (hint, "hint")):
        label = QLabel(text)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
    return page, layout


def pages_with_button(dialog: QDialog, pages: QStackedWidget, words: str) -> QPushButton:
    """Lay a paged dialog out: its pages, and one button at the bottom right (returned)."""
    button = QPushButton(words)
    button.setAutoDefault(False)
    layout = QVBoxLayout(dialog)
    layout.addWidget(pages, 1)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    layout.addLayout(row)
    return button


class WentAgainDialog(QMessageBox):
    """Asked after a back check that is clearly worse once the back had settled: yes starts a
    new episode today; no (also Esc, and Enter, which is harmless here) keeps the old one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        question = _("Did your back go again?")
        self.setWindowTitle(question)
        self.setIcon(QMessageBox.Icon.Question)
        self.setText(question)
        self.setInformativeText(
            _(
                "Today's back check is clearly worse than the days before, after your back had "
                "settled. If it went again, as suddenly as the first time, a new episode starts "
                "today: the first days' advice and the count of weeks begin anew, and the "
                "earlier episode stays in your history. If not, nothing changes."
            )
        )
        self.yes = self.addButton(_("Yes, it went again"), QMessageBox.ButtonRole.YesRole)
        self.no = self.addButton(_("No, the same episode"), QMessageBox.ButtonRole.NoRole)
        self.setDefaultButton(self.no)
        self.setEscapeButton(self.no)


class BackCheckDialog(QDialog):
    """Three short questions, one page each; nothing is stored until the last answer."""

    #: rating 0–10, movement, and the onset day (None when it was not asked).
    answered = Signal(int, str, object)

    def __init__(
        self, today: dt.date, ask_onset: bool, theme: Theme = LIGHT, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(back_question())
        self.setAccessibleName(_("Daily back check"))
        self.today = today
        self.ask_onset = ask_onset
        self.rating: int | None = None
        self.movement: Movement | None = None
        # A small screen (1024×600 at 2× scaling: 512 × 300 px) gets the choices in two rows
        # and smaller type, so that every button is on it.
        self.narrow = self.screen().availableGeometry().width() < NARROW_SCREEN
        size = 0.7 if self.narrow else 1.0
        self.setStyleSheet(
            f"QWidget {{ font-size: {round(22 * size)}px; }}"
            f" QPushButton {{ padding: {round(12 * size)}px 6px; font-weight: 700;"
            f" min-height: {round(48 * size)}px; font-size: {round(26 * size)}px; }}"
            f"QLabel#question {{ font-size: {round(32 * size)}px; font-weight: 800;"
            f" color: {theme.text}; }}"
            f"QLabel#hint {{ color: {theme.muted}; font-size: {round(18 * size)}px; }}"
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self._rating_page())
        self.pages.addWidget(self._movement_page())
        self.pages.addWidget(self._onset_page())
        skip = pages_with_button(
            self, self.pages, _("Not today ({key})").format(key=name(Action.STOP, HERE))
        )
        skip.clicked.connect(self.reject)
        fit_to_screen(self, 900, 330)

    # -- pages ---------------------------------------------------------------------------

    def _rating_page(self) -> QWidget:
        page, layout = question_page(
            back_question(),
            _(
                "{least} = no pain, {most} = the worst you can imagine. "
                "Keys {keys}, {up} for {most}."
            ).format(
                least=MIN_RATING, most=MAX_RATING, keys=rating_keys(), up=name(Action.UP, HERE)
            ),
        )
        grid = QGridLayout()
        self.rating_buttons: list[QPushButton] = []
        for value in range(MIN_RATING, MAX_RATING + 1):
            button = QPushButton(str(value))
            button.setAutoDefault(False)
            button.setAccessibleName(_("Back pain {value}").format(value=value))
            # Narrower than the style's usual button: eleven must fit 960 px (2× scaling).
            button.setMinimumWidth(56)
            button.clicked.connect(lambda _checked=False, v=value: self.choose_rating(v))
            count = MAX_RATING - MIN_RATING + 1
            per_row = (count + 1) // 2 if self.narrow else count
            grid.addWidget(button, (value - MIN_RATING) // per_row, (value - MIN_RATING) % per_row)
            self.rating_buttons.append(button)
        layout.addLayout(grid)
        layout.addStretch(1)
        return page

    def _movement_page(self) -> QWidget:
        page, layout = question_page(_("How well can you move?"), _("Keys 1, 2 or 3."))
        row = QHBoxLayout()
        for number, movement in enumerate(Movement, start=1):
            button = QPushButton(f"{number}  {movement_labels()[movement]}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, m=movement: self.choose_movement(m))
            row.addWidget(button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _onset_page(self) -> QWidget:
        page, layout = question_page(
            _("When did it start?"),
            _(
                "{today} today · {yesterday} yesterday · or pick the day and press its button."
            ).format(today=name(Action.TODAY, HERE), yesterday=name(Action.YESTERDAY, HERE)),
        )
        today = QPushButton(_("{key}  Today").format(key=name(Action.TODAY, HERE)))
        yesterday = QPushButton(_("{key}  Yesterday").format(key=name(Action.YESTERDAY, HERE)))
        self.onset_date = day_field(self.today)
        self.onset_date.setDate(qdate(self.today - dt.timedelta(days=2)))
        self.onset_date.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # no stray digit changes it
        chosen = QPushButton(_("This day"))
        for button in (today, yesterday, chosen):
            button.setAutoDefault(False)
        today.clicked.connect(lambda: self.choose_onset(self.today))
        yesterday.clicked.connect(lambda: self.choose_onset(self.today - dt.timedelta(days=1)))
        chosen.clicked.connect(lambda: self.choose_onset(self.onset_date.date().toPython()))
        row = QGridLayout()
        for index, widget in enumerate((today, yesterday, self.onset_date, chosen)):
            row.addWidget(
                widget, index // 2 if self.narrow else 0, index % 2 if self.narrow else index
            )
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    # -- answers -------------------------------------------------------------------------

    def choose_rating(self, value: int) -> None:
        self.rating = value
        self.pages.setCurrentIndex(1)

    def choose_movement(self, movement: Movement) -> None:
        self.movement = movement
        if self.ask_onset:
            self.pages.setCurrentIndex(2)
        else:
            self._finish(None)

    def choose_onset(self, day: object) -> None:
        if isinstance(day, dt.date) and day <= self.today:
            self._finish(day)

    def _finish(self, onset: dt.date | None) -> None:
        assert self.rating is not None and self.movement is not None
        self.answered.emit(self.rating, self.movement.value, onset)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        press = pressed(event, Place.BACK_CHECK)
        action = None if press is None else press.action
        page = self.pages.currentIndex()
        movements = list(Movement)
        if page == 0 and action is Action.ANSWER and press is not None and press.value is not None:
            self.choose_rating(press.value)
        elif page == 0 and action is Action.UP:
            self.choose_rating(MAX_RATING)
        elif page == 1 and action is Action.ANSWER and press is not None:
            if press.value is not None and 1 <= press.value <= len(movements):
                self.choose_movement(movements[press.value - 1])
        elif page == 2 and action is Action.TODAY:
            self.choose_onset(self.today)
        elif page == 2 and action is Action.YESTERDAY:
            self.choose_onset(self.today - dt.timedelta(days=1))
        elif action is Action.NOTHING:
            return  # Enter answers nothing here
        else:
            super().keyPressEvent(event)
