"""The report's chart: the daily back check over the episode, on paper's light look, the guide's
usual course shaded and named, the days ahead (when the episode is short) veiled."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.core.recovery import PHASES, phase_label
from desktop_app.core.report import Report
from desktop_app.qt.theme import LIGHT, PHASE_COLOURS  # paper: the light look
from desktop_app.qt.widgets import day_month_format, long_date_format, qdate

#: The chart as drawn (pixels), then placed the text's width on the page.
CHART_SIZE = (2000, 460)


def date_text(day: dt.date, pattern: str | None = None) -> str:
    return QLocale().toString(qdate(day), pattern or long_date_format())


def chart_image(report: Report) -> QImage:
    """The daily back check over the episode, the usual course's phases shaded and named."""
    width, height = CHART_SIZE
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        _draw_chart(painter, report, width, height)
    finally:
        painter.end()
    return image


def _draw_chart(painter: QPainter, report: Report, width: int, height: int) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(30)
    painter.setFont(font)
    left, right, top, bottom = 70, 30, 56, 56
    plot = QRectF(left, top, width - left - right, height - top - bottom)
    first, last = report.chart_span
    days = (last - first).days + 1

    def x(day: dt.date) -> float:
        return plot.left() + plot.width() * ((day - first).days + 0.5) / days

    def y(rating: float) -> float:
        return plot.bottom() - plot.height() * (rating - MIN_RATING) / (MAX_RATING - MIN_RATING)

    slot = plot.width() / days
    if report.start is not None:
        for first_day, last_day, phase in PHASES:
            begin = max(first, report.start + dt.timedelta(days=first_day - 1))
            end = min(last, report.start + dt.timedelta(days=last_day - 1))
            if begin > end:
                continue
            colour = LIGHT.color(PHASE_COLOURS[phase])
            colour.setAlpha(120)
            area = QRectF(x(begin) - slot / 2, plot.top(), slot * ((end - begin).days + 1),
                          plot.height())  # fmt: skip
            painter.fillRect(area, colour)
            label = phase_label(phase)
            if painter.fontMetrics().horizontalAdvance(label) <= area.width() - 6:
                # Named where it fits (the legend under the chart names every phase).
                painter.setPen(QColor(LIGHT.muted))
                painter.drawText(
                    QRectF(area.left() + 6, 0, area.width() - 6, top - 6),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                    label,
                )
    if last > report.made_on:  # the days ahead: the usual course only, behind a veil
        ahead = QRectF(x(report.made_on) + slot / 2, plot.top(),
                       plot.right() - x(report.made_on) - slot / 2, plot.height())  # fmt: skip
        painter.fillRect(ahead, QColor(255, 255, 255, 150))
        painter.setPen(QPen(QColor(LIGHT.muted), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(ahead.left(), plot.top()), QPointF(ahead.left(), plot.bottom()))
    grid = QPen(QColor("#d1d5db"), 2)
    for rating in (MIN_RATING, (MIN_RATING + MAX_RATING) / 2, MAX_RATING):
        painter.setPen(grid)
        painter.drawLine(QPointF(plot.left(), y(rating)), QPointF(plot.right(), y(rating)))
        painter.setPen(QColor(LIGHT.muted))
        painter.drawText(
            QRectF(0, y(rating) - 20, left - 12, 40),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{rating:g}",
        )
    painter.setPen(QColor(LIGHT.muted))
    placed: list[QRectF] = []
    for day, align in _date_ticks(first, last, report.made_on):
        label = date_text(day, day_month_format())
        wide = painter.fontMetrics().horizontalAdvance(label) + 24.0
        box = QRectF(x(day) - wide / 2, plot.bottom() + 8, wide, bottom - 8)
        if align is Qt.AlignmentFlag.AlignLeft:
            box.moveLeft(max(0.0, x(day) - slot / 2))
        elif align is Qt.AlignmentFlag.AlignRight:
            box.moveRight(min(float(width), x(day) + slot / 2))
        if any(box.intersects(other) for other in placed):
            continue  # a week's label where today's or the first day's already is
        placed.append(box)
        painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, label)
    points = [QPointF(x(check.day), y(check.rating)) for check in report.checks]
    painter.setPen(QPen(QColor(LIGHT.accent), 6))
    painter.drawPolyline(points)
    painter.setBrush(QColor(LIGHT.accent))
    for point in points:
        painter.drawEllipse(point, 10, 10)


def _date_ticks(
    first: dt.date, last: dt.date, today: dt.date
) -> list[tuple[dt.date, Qt.AlignmentFlag]]:
    """The days named under the chart, most wanted first (a later one is left out where it
    would overlap): the first day (left-aligned, so it is never cut), today, the last day if the
    chart runs on past today, then every week (or fortnight, or month) between."""
    ticks = [(first, Qt.AlignmentFlag.AlignLeft)]
    if today > first:
        ticks.append(
            (today, Qt.AlignmentFlag.AlignRight if today == last else Qt.AlignmentFlag.AlignHCenter)
        )
    if last > today:
        ticks.append((last, Qt.AlignmentFlag.AlignRight))
    span = (last - first).days
    step = 7 if span <= 70 else 14 if span <= 140 else 30
    day = first + dt.timedelta(days=step)
    while day < today:
        ticks.append((day, Qt.AlignmentFlag.AlignHCenter))
        day += dt.timedelta(days=step)
    return ticks
