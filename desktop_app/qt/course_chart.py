"""The course chart, one painter for the history window and the doctor's report: the daily
back check over the episode by date, the guide's usual course shaded and named from its first
day, the days ahead (when the chart runs on past today) veiled. The window adds the massage
pressure of each day, the usual limit and a legend; the paper names those in its text.

Colours come from the theme (paper uses the light one); sizes from one font size, so the
same drawing fits a 2000-pixel image and a window's chart."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.core.recovery import PHASES, phase_label
from desktop_app.core.report import Report
from desktop_app.i18n import _
from desktop_app.qt.theme import LIGHT, PHASE_COLOURS, Theme
from desktop_app.qt.widgets import day_month_format, long_date_format, qdate

#: The report's chart as drawn (pixels), then placed the text's width on the page, and its type.
CHART_SIZE = (2000, 460)
REPORT_TYPE = 30
#: At most this many dates are named under the chart, however long the history.
MOST_TICKS = 12

type Rated = tuple[dt.date, int]


@dataclass(frozen=True)
class Course:
    """What a course chart shows."""

    first: dt.date
    last: dt.date
    today: dt.date
    #: The day the usual course is counted from (its phases shaded from it); None: no shading.
    start: dt.date | None
    #: The daily back check: the line.
    checks: Sequence[Rated]
    #: The highest pressure rating of each massage day: small marks apart from the line.
    pressure: Sequence[Rated] = ()
    #: The usual band's top, a dashed line.
    limit: int | None = None
    #: Said across the chart when there is no back check to draw.
    empty: str = ""


def date_text(day: dt.date, pattern: str | None = None) -> str:
    return QLocale().toString(qdate(day), pattern or long_date_format())


def chart_image(report: Report) -> QImage:
    """The report's chart, on paper's light look."""
    first, last = report.chart_span
    checks = tuple((check.day, check.rating) for check in report.checks)
    course = Course(first, last, report.made_on, report.start, checks)
    width, height = CHART_SIZE
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(LIGHT.color("surface"))
    painter = QPainter(image)
    try:
        paint_course(painter, QRectF(0, 0, width, height), course, LIGHT, REPORT_TYPE)
    finally:
        painter.end()
    return image


def paint_course(
    painter: QPainter,
    area: QRectF,
    course: Course,
    theme: Theme,
    px: float,
    *,
    legend: bool = False,
) -> None:
    """Draw the course into `area` with type of `px` pixels (every other size follows it)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(max(1, round(px)))
    painter.setFont(font)
    bottom_room = px * 1.9 + (_legend_height(painter, course, area, px) if legend else 0.0)
    plot = QRectF(
        area.left() + px * 2.4,
        area.top() + px * 1.9,
        area.width() - px * 3.4,
        area.height() - px * 1.9 - bottom_room,
    )
    if plot.width() <= 0 or plot.height() <= 0:
        painter.restore()
        return
    scale = _Scale(course.first, course.last, plot)
    _phases(painter, course, theme, scale, px)
    _ahead(painter, course, theme, scale, px)
    _grid(painter, theme, scale, px)
    _dates(painter, course, theme, scale, area, px)
    muted, accent = theme.color("muted"), theme.color("accent")
    if course.limit is not None:
        painter.setPen(QPen(theme.color("lower_bound"), max(1.0, px / 10), Qt.PenStyle.DashLine))
        level = scale.y(course.limit)
        painter.drawLine(QPointF(plot.left(), level), QPointF(plot.right(), level))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(muted)
    for day, rating in course.pressure:
        painter.drawEllipse(QPointF(scale.x(day), scale.y(rating)), px / 4, px / 4)
    points = [QPointF(scale.x(day), scale.y(rating)) for day, rating in course.checks]
    painter.setPen(QPen(accent, max(2.0, px / 5)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline(points)
    painter.setBrush(accent)
    for point in points:
        painter.drawEllipse(point, px / 3, px / 3)
    if not course.checks and course.empty:
        painter.setPen(muted)
        painter.drawText(
            plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, course.empty
        )
    if legend:
        _legend(painter, course, theme, QRectF(area.left(), plot.bottom() + px * 1.9,
                                               area.width(), area.bottom()), px)  # fmt: skip
    painter.restore()


class _Scale:
    def __init__(self, first: dt.date, last: dt.date, plot: QRectF) -> None:
        self.first, self.plot = first, plot
        self.days = max(1, (last - first).days + 1)
        #: The width of one day.
        self.slot = plot.width() / self.days

    def x(self, day: dt.date) -> float:
        return self.plot.left() + self.slot * ((day - self.first).days + 0.5)

    def y(self, rating: float) -> float:
        share = (rating - MIN_RATING) / (MAX_RATING - MIN_RATING)
        return self.plot.bottom() - self.plot.height() * share


class _Span(NamedTuple):
    """One phase of the usual course, as far as it lies on the chart."""

    begin: dt.date
    end: dt.date
    #: The theme's colour for it, by name.
    colour: str
    label: str


def _phase_spans(course: Course) -> list[_Span]:
    spans = []
    if course.start is not None:
        for first_day, last_day, phase in PHASES:
            begin = max(course.first, course.start + dt.timedelta(days=first_day - 1))
            end = min(course.last, course.start + dt.timedelta(days=last_day - 1))
            if begin <= end:
                spans.append(_Span(begin, end, PHASE_COLOURS[phase], phase_label(phase)))
    return spans


def _phase_colour(theme: Theme, name: str) -> QColor:
    colour = theme.color(name)
    colour.setAlpha(120 if theme is LIGHT else 70)
    return colour


def _phases(painter: QPainter, course: Course, theme: Theme, scale: _Scale, px: float) -> None:
    plot = scale.plot
    for begin, end, colour, label in _phase_spans(course):
        area = QRectF(scale.x(begin) - scale.slot / 2, plot.top(),
                      scale.slot * ((end - begin).days + 1), plot.height())  # fmt: skip
        painter.fillRect(area, _phase_colour(theme, colour))
        if painter.fontMetrics().horizontalAdvance(label) <= area.width() - px / 5:
            # Named where it fits (the legend names every phase).
            painter.setPen(theme.color("muted"))
            painter.drawText(
                QRectF(area.left() + px / 5, plot.top() - px * 1.9, area.width(), px * 1.7),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                label,
            )


def _ahead(painter: QPainter, course: Course, theme: Theme, scale: _Scale, px: float) -> None:
    """The days after today: the usual course only, behind a veil."""
    if course.last <= course.today:
        return
    plot = scale.plot
    left = scale.x(course.today) + scale.slot / 2
    veil = theme.color("surface")
    veil.setAlpha(150)
    painter.fillRect(QRectF(left, plot.top(), plot.right() - left, plot.height()), veil)
    painter.setPen(QPen(theme.color("muted"), max(1.0, px / 15), Qt.PenStyle.DashLine))
    painter.drawLine(QPointF(left, plot.top()), QPointF(left, plot.bottom()))


def _grid(painter: QPainter, theme: Theme, scale: _Scale, px: float) -> None:
    plot = scale.plot
    for rating in (MIN_RATING, (MIN_RATING + MAX_RATING) / 2, MAX_RATING):
        painter.setPen(QPen(theme.color("track"), max(1.0, px / 15)))
        painter.drawLine(
            QPointF(plot.left(), scale.y(rating)), QPointF(plot.right(), scale.y(rating))
        )
        painter.setPen(theme.color("muted"))
        painter.drawText(
            QRectF(plot.left() - px * 2.4, scale.y(rating) - px, px * 2, px * 2),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{rating:g}",
        )


def _dates(
    painter: QPainter, course: Course, theme: Theme, scale: _Scale, area: QRectF, px: float
) -> None:
    painter.setPen(theme.color("muted"))
    placed: list[QRectF] = []
    plot = scale.plot
    for day, align in date_ticks(course.first, course.last, course.today):
        label = date_text(day, day_month_format())
        wide = painter.fontMetrics().horizontalAdvance(label) + px * 0.8
        box = QRectF(scale.x(day) - wide / 2, plot.bottom() + px / 4, wide, px * 1.6)
        if align is Qt.AlignmentFlag.AlignLeft:
            box.moveLeft(max(area.left(), scale.x(day) - scale.slot / 2))
        elif align is Qt.AlignmentFlag.AlignRight:
            box.moveRight(min(area.right(), scale.x(day) + scale.slot / 2))
        if any(box.intersects(other) for other in placed):
            continue  # a week's label where today's or the first day's already is
        placed.append(box)
        painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, label)


def date_ticks(
    first: dt.date, last: dt.date, today: dt.date
) -> list[tuple[dt.date, Qt.AlignmentFlag]]:
    """The days named under the chart, most wanted first (a later one is left out where it
    would overlap): the first day (left-aligned, so it is never cut), today, the last day if the
    chart runs on past today, then every week (or fortnight, or month, or longer: never more
    than `MOST_TICKS` in all) between."""
    ticks = [(first, Qt.AlignmentFlag.AlignLeft)]
    if first < today <= last:
        ticks.append(
            (today, Qt.AlignmentFlag.AlignRight if today == last else Qt.AlignmentFlag.AlignHCenter)
        )
    if last > today:
        ticks.append((last, Qt.AlignmentFlag.AlignRight))
    span = (min(today, last) - first).days
    step = 7 if span <= 70 else 14 if span <= 140 else 30
    step = max(step, math.ceil(span / (MOST_TICKS - len(ticks))))
    day = first + dt.timedelta(days=step)
    while day < min(today, last) and len(ticks) < MOST_TICKS:
        ticks.append((day, Qt.AlignmentFlag.AlignHCenter))
        day += dt.timedelta(days=step)
    return ticks


def _legend_items(course: Course) -> list[tuple[str, str]]:
    """(what the mark is, its words), in the order the legend shows them."""
    items = [("phase:" + span.colour, span.label) for span in _phase_spans(course)]
    if course.limit is not None:
        items.append(("limit", _("limit {high}").format(high=course.limit)))
    if course.pressure:
        items.append(("pressure", _("massage pressure")))
    items.append(("back", _("your back")))
    return items


def _legend_rows(painter: QPainter, course: Course, width: float, px: float) -> list[list[int]]:
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, (_mark, words) in enumerate(_legend_items(course)):
        wide = px * 2.2 + painter.fontMetrics().horizontalAdvance(words)
        if rows[-1] and used + wide > width:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += wide
    return rows


def _legend_height(painter: QPainter, course: Course, area: QRectF, px: float) -> float:
    return len(_legend_rows(painter, course, area.width(), px)) * px * 1.5


def _legend(painter: QPainter, course: Course, theme: Theme, box: QRectF, px: float) -> None:
    items = _legend_items(course)
    for row_number, row in enumerate(_legend_rows(painter, course, box.width(), px)):
        x = box.left() + px * 0.5
        middle = box.top() + px * 1.5 * row_number + px * 0.75
        for index in row:
            mark, words = items[index]
            swatch = QRectF(x, middle - px / 2, px * 1.2, px)
            if mark.startswith("phase:"):
                painter.fillRect(swatch, _phase_colour(theme, mark.removeprefix("phase:")))
            elif mark == "limit":
                painter.setPen(
                    QPen(theme.color("lower_bound"), max(1.0, px / 10), Qt.PenStyle.DashLine)
                )
                painter.drawLine(QPointF(swatch.left(), middle), QPointF(swatch.right(), middle))
            else:
                colour = theme.color("muted" if mark == "pressure" else "accent")
                if mark == "back":
                    painter.setPen(QPen(colour, max(2.0, px / 5)))
                    painter.drawLine(
                        QPointF(swatch.left(), middle), QPointF(swatch.right(), middle)
                    )
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawEllipse(swatch.center(), px / 4, px / 4)
            painter.setPen(theme.color("text"))
            advance = painter.fontMetrics().horizontalAdvance(words)
            painter.drawText(QRectF(x + px * 1.6, middle - px, advance + 2, px * 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, words)  # fmt: skip
            x += px * 2.2 + advance
