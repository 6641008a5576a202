"""The history window: pain per day beside the guide's usual course, the sessions, CSV export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontInfo, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.episode import current_answers
from desktop_app.core.history import BackCheck, DayPain, History, SessionRow
from desktop_app.core.recovery import PHASES, course_start
from desktop_app.core.routines import PainSettings
from desktop_app.core.story import tell
from desktop_app.i18n import _
from desktop_app.qt.course_chart import Course, paint_course
from desktop_app.qt.episode_view import EpisodeAnswersRow
from desktop_app.qt.focus_ring import RING_WIDTH
from desktop_app.qt.keys import Place, pressed
from desktop_app.qt.theme import LIGHT, Theme
from desktop_app.qt.widgets import (
    day_field,
    fit_to_screen,
    long_date_format,
    qdate,
    short_date_format,
)

#: Back checks the chart's description names (the most recent).
CHART_WORDS_CHECKS = 14


def status_text(row: SessionRow) -> str:
    if row.completed is None:
        return _("interrupted")
    return _("finished") if row.completed else _("stopped")


class PainChart(QWidget):
    """The course chart (the report's, drawn in the window's look): the daily back check over
    the usual course, the highest massage pressure of each day apart from it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Pain chart"))
        # A picture, not a control: no stop for the Tab key.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(300)
        self.theme = LIGHT
        self.days: list[DayPain] = []
        self.course: Course | None = None

    def show_days(
        self,
        days: list[DayPain],
        onset: dt.date | None,
        theme: Theme,
        checks: list[BackCheck],
        *,
        today: dt.date,
    ) -> None:
        """The daily back check over the course (the phases shaded); the pressure ratings
        given during massage apart from it, as small marks (the highest of each day).
        `today` (the history's own clock) starts the course when nothing else does."""
        self.days, self.theme = days, theme
        # What the picture shows, in words a screen reader reads: the latest back checks.
        recent = sorted(checks, key=lambda check: check.day)[-CHART_WORDS_CHECKS:]
        self.setAccessibleDescription(
            "; ".join(
                _("{day}: back {rating}").format(
                    day=QLocale().toString(qdate(c.day), short_date_format()),
                    rating=c.rating,
                )
                for c in recent
            )
            or _("No daily back check yet.")
        )
        start = course_start(onset, checks) or (days[0].day if days else today)
        seen = [d.day for d in days] + [c.day for c in checks]
        # The usual course whole, and up to today (or the latest rating) at least.
        last = max([start + dt.timedelta(days=PHASES[-1][1] - 1), today, *seen])
        self.course = Course(
            first=min([start, *seen]),
            last=last,
            today=today,
            start=start,
            checks=[(c.day, c.rating) for c in sorted(checks, key=lambda c: c.day)],
            pressure=[(d.day, d.highest) for d in days],
            # The usual band's top; a routine may set a lower one for its own spots.
            limit=PainSettings().band_high,
            empty=_("No daily back check yet: the app asks once a day, when you open it."),
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.theme.color("surface"))
            if self.course is not None:
                px = QFontInfo(self.font()).pixelSize()
                area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
                paint_course(painter, area, self.course, self.theme, px, legend=True)
        finally:
            painter.end()


class SessionModel(QAbstractTableModel):
    """The sessions table: a model, so a history of thousands of sessions fills in an instant
    (a QTableWidget re-measured every row for every cell set: a minute for 1,700 sessions)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, ...]] = []
        self.headings = (
            _("Started"),
            _("Routine"),
            _("Min"),
            _("Status"),
            _("Pain"),
            _("Warnings"),
        )

    def set_rows(self, sessions: list[SessionRow]) -> None:
        self.beginResetModel()
        self.rows = [session_cells(row) for row in sessions]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headings)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        return self.rows[index.row()][index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation is Qt.Orientation.Horizontal:
            return self.headings[section]
        return None


def session_cells(row: SessionRow) -> tuple[str, ...]:
    pain = (
        f"{row.pain_first} → {row.pain_last}"
        if row.pain_first is not None and row.pain_last is not None
        else "—"
    )
    return (
        # The month's name in the app's language (strftime would always say it in English).
        # TRANSLATORS: a Qt date format (d day, MMM short month name, HH:mm time), as the
        # language writes a day and a time, e.g. "d. MMM HH:mm".
        QLocale().toString(QDateTime(row.started_at), _("d MMM HH:mm")),
        row.routine_title,
        f"{row.duration / 60:.0f}",
        status_text(row),
        pain,
        str(row.flags),
    )


class HistoryWindow(QDialog):
    #: The widget writes nothing itself: the app writes the CSV and the day of onset.
    export_requested = Signal(Path)
    onset_chosen = Signal(object)
    #: The episode's answers changed (core.episode.EpisodeAnswers).
    episode_changed = Signal(object)
    #: "Report for your doctor…" (the app asks where to save it) and "Print…".
    report_requested = Signal()
    print_requested = Signal()

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History"))
        fit_to_screen(self, 1180, 780)
        self.history = history
        self.theme = LIGHT
        self.setStyleSheet("QWidget { font-size: 17px; }")
        self.onset = day_field(history.now().date())
        self.onset.setAccessibleName(_("Day of onset"))
        # Changed deliberately: the field is locked until "Change…", and applied by "Set".
        self.onset.setEnabled(False)
        self.change_onset = QPushButton(_("Change…"))
        self.change_onset.setAccessibleDescription(_("Change the day it started"))
        self.change_onset.clicked.connect(self._edit_onset)
        self.set_onset = QPushButton(_("Set this day"))
        self.set_onset.hide()
        self.set_onset.clicked.connect(lambda: self._onset_changed(self.onset.date()))
        self.export_button = QPushButton(_("Export to CSV…"))
        self.export_button.clicked.connect(self._export)
        self.report_button = QPushButton(_("Report for your doctor…"))
        self.report_button.clicked.connect(self.report_requested)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_requested)
        self.status = QLabel()
        self.status.setAccessibleDescription(_("History status"))
        self.chart = PainChart()
        self.sessions = QTableView()
        self.sessions.setAccessibleName(_("Sessions"))
        self.session_model = SessionModel(self.sessions)
        self.sessions.setModel(self.session_model)
        self.sessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions.verticalHeader().hide()
        header = self.sessions.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the routine's title
        self.sessions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sessions.setWordWrap(True)
        self.sessions.selectionModel().currentRowChanged.connect(lambda *_: self._show_events())
        self.events = QListWidget()
        self.events.setAccessibleName(_("Session events"))
        # Whole sentences, wrapped: nothing cut mid-word, no sideways scrolling.
        self.events.setWordWrap(True)
        self.events.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("My back went on")))
        top.addWidget(self.onset)
        top.addWidget(self.change_onset)
        top.addWidget(self.set_onset)
        top.addStretch(1)
        self.episodes = QLabel()
        self.episodes.setTextFormat(Qt.TextFormat.PlainText)
        self.episodes.setAccessibleDescription(_("Earlier episodes"))
        self.episodes.hide()
        self.answers = EpisodeAnswersRow()
        self.answers.changed.connect(self.episode_changed)
        lower = QSplitter()
        for part in (self.sessions, self.events):
            # Each in a pane of its own: the focus ring, a child of its control's parent,
            # would be taken by the splitter for one more pane.
            pane = QWidget()
            pane_layout = QVBoxLayout(pane)
            pane_layout.setContentsMargins(*(RING_WIDTH,) * 4)
            pane_layout.addWidget(part)
            lower.addWidget(pane)
        lower.setSizes([700, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.episodes)
        layout.addWidget(self.answers)
        layout.addWidget(self.chart, 3)
        layout.addWidget(lower, 2)
        layout.addWidget(self.status)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.report_button, self.print_button, self.export_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        self._rows: list[SessionRow] = []

    def refresh(self, theme: Theme | None = None) -> None:
        if theme is not None:
            self.theme = theme
        onset = self.history.onset
        self.onset.blockSignals(True)
        self.onset.setDate(qdate(onset) if onset else QDate.currentDate())
        self.onset.blockSignals(False)
        earlier = self.history.earlier_onsets
        self.episodes.setText(
            _("Your back had gone before: earlier episodes began on {dates}.").format(
                dates=", ".join(QLocale().toString(qdate(d), long_date_format()) for d in earlier)
            )
            if earlier
            else ""
        )
        self.episodes.setVisible(bool(earlier))
        self.answers.show_answers(current_answers(self.history))
        self.chart.show_days(
            self.history.pain_by_day(),
            onset,
            self.theme,
            self.history.back_checks(),
            today=self.history.now().date(),
        )
        self._rows = self.history.sessions()
        self.session_model.set_rows(self._rows)
        self.status.setText(" ".join(filter(None, [self.history.problem, self.history.left_out])))
        if self._rows:
            self.sessions.setCurrentIndex(self.session_model.index(0, 0))
            self.sessions.selectRow(0)

    def _show_events(self) -> None:
        self.events.clear()
        selected = self.sessions.currentIndex().row()
        if not 0 <= selected < len(self._rows):
            return
        for line in tell(self.history.events(self._rows[selected].id)):
            self.events.addItem(line)

    def _edit_onset(self) -> None:
        self.onset.setEnabled(True)
        self.set_onset.show()
        self.change_onset.hide()
        self.onset.setFocus()

    def _onset_changed(self, date: QDate) -> None:
        self.onset.setEnabled(False)
        self.set_onset.hide()
        self.change_onset.show()
        self.onset_chosen.emit(dt.date(date.year(), date.month(), date.day()))

    def _export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export history"),
            str(Path.home() / "lumbago-history.csv"),
            _("CSV files (*.csv)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        """Ask for the history to be written to `target`; `show_status` says how it went."""
        self.export_requested.emit(target)

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if pressed(event, Place.HISTORY) is not None:  # Ctrl+H again, or Esc: closed
            self.close()
            return
        super().keyPressEvent(event)
