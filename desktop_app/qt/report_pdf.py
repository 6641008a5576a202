"""The report for the doctor on paper: `core.report`'s contents laid out with Qt's own text
document and painter, written as PDF (QPdfWriter) or sent to a printer (QPrinter).

Every text that came from a file or the history (a routine's title) is escaped: shown as text,
never read as markup. Paper is A4, or Letter where the locale measures in inches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from desktop_app import APP_NAME
from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.core.recovery import PHASES, Doctor, back_question, phase_label
from desktop_app.core.report import Report, warning_name
from desktop_app.core.safety import Answer, red_flags
from desktop_app.i18n import _, ngettext
from desktop_app.qt.back_check_view import movement_labels
from desktop_app.qt.theme import LIGHT, PHASE_COLOURS  # paper: the light look
from desktop_app.qt.widgets import long_date_format, short_date_format

#: The chart as drawn (pixels), then placed 170 mm wide on the page.
CHART_SIZE = (2000, 620)
CHART_URL = QUrl("report://chart.png")
#: Back checks per column group of the table.
CHECKS_PER_COLUMN = 10


class ReportError(Exception):
    """The report could not be written; the message says why, for the person."""


def page_size() -> QPageSize:
    """A4, or Letter where the locale measures in inches (the United States and a few more)."""
    imperial = QLocale().measurementSystem() is QLocale.MeasurementSystem.ImperialUSSystem
    return QPageSize(QPageSize.PageSizeId.Letter if imperial else QPageSize.PageSizeId.A4)


def write_pdf(report: Report, target: Path) -> int:
    """Write the report to `target` (replaced whole, or left as it was); returns its pages."""
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        os.close(handle)
        writer = QPdfWriter(temporary)
        writer.setTitle(_("My back: a record for my doctor"))
        writer.setCreator(APP_NAME)
        writer.setResolution(300)
        pages = render(report, writer)
        del writer  # the file is complete once the writer is gone
        if os.path.getsize(temporary) == 0:
            raise OSError(0, _("nothing could be written"))
        os.replace(temporary, target)
        return pages
    except OSError as error:
        raise ReportError(
            _("Cannot write {target}: {reason}.").format(
                target=target, reason=error.strerror or error
            )
        ) from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def render(report: Report, device: QPagedPaintDevice) -> int:
    """Lay the report out on `device` (a PDF writer or a printer); returns the pages."""
    device.setPageLayout(
        QPageLayout(
            page_size(),
            QPageLayout.Orientation.Portrait,
            QMarginsF(16, 14, 16, 14),
            QPageLayout.Unit.Millimeter,
        )
    )
    # Laid out for the device itself (its resolution, its printable area in its pixels), so
    # that type sizes are true on paper and what is counted as pages is what it prints.
    dpi = device.logicalDpiX()
    area = device.pageLayout().paintRectPixels(dpi)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(area.width(), area.height()))
    font = QFont()
    font.setPointSizeF(9.5)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    document.addResource(QTextDocument.ResourceType.ImageResource, CHART_URL, chart_image(report))
    # Images in rich text are sized in the screen's pixels (96 a logical inch), scaled to the
    # device when printed.
    document.setHtml(html(report, area.width() * 96 / dpi))
    document.print_(device)
    return document.pageCount()


# -- the page ------------------------------------------------------------------------------------


def date_text(day: dt.date, pattern: str | None = None) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), pattern or long_date_format())


def html(report: Report, width: float) -> str:
    """The page as Qt rich text, `width` points wide; every text from the history is escaped."""
    e = escape
    parts = [
        _STYLE,
        f"<h1>{e(_('My back: a record for my doctor'))}</h1>",
        "<p class='note'>"
        + e(
            _(
                "My own record from {app} {version}, made on {date}. It shows what I noted and "
                "did for my back; it is not a diagnosis."
            ).format(app=APP_NAME, version=report.version, date=date_text(report.made_on))
        )
        + "</p>",
    ]
    if report.empty:
        parts.append(
            "<p>"
            + e(
                _(
                    "There is nothing in the record yet: no daily back check and no session in "
                    "the last {days} days."
                ).format(days=report.days)
            )
            + "</p>"
        )
        parts += _safety(report)
        return "".join(parts)
    parts.append(f"<h2>{e(_('How my back has been'))}</h2>")
    parts.append(f"<p>{e(_course_sentence(report))}</p>")
    for doctor in (Doctor.SUGGESTED, Doctor.FIRMLY):
        said = [s for s in report.suggestions if s.doctor is doctor]
        if not said:
            continue
        level = (
            _("The app advised seeing a doctor on {days}:")
            if doctor is Doctor.FIRMLY
            else _("The app suggested seeing a doctor on {days}:")
        ).format(days=", ".join(date_text(s.day) for s in said))
        parts.append(f"<p class='doctor'><b>{e(level)}</b> {e(said[-1].reason)}</p>")
    if report.checks:
        high = round(width * CHART_SIZE[1] / CHART_SIZE[0])
        parts.append(
            f"<p><img src='{CHART_URL.toString()}' width='{round(width)}' height='{high}'></p>"
        )
        parts.append(_legend(report))
        parts.append(_checks_table(report))
    parts += _safety(report)
    parts.append(f"<h2>{e(_('Self-massage sessions'))}</h2>")
    parts += _sessions(report)
    parts.append(
        "<p class='note'>"
        + e(
            _(
                "The daily back check asks “{question}” from {least} (no pain) to {most} "
                "(worst imaginable). The pressure ratings are how much the massage hurt while "
                "pressing; the app keeps them in its target band, so they show how hard I "
                "pressed, not how my back was."
            ).format(question=back_question(), least=MIN_RATING, most=MAX_RATING)
        )
        + "</p>"
    )
    return "".join(parts)


_STYLE = (
    "<style>"
    "h1 { font-size: 17pt; margin: 0 0 2pt 0; }"
    "h2 { font-size: 11.5pt; margin: 12pt 0 3pt 0; color: #0d5f63; }"
    "p { margin: 2pt 0; }"
    ".note { color: #4b5563; font-size: 8.5pt; }"
    ".doctor { color: #8a1c12; }"
    "th { text-align: left; font-weight: 600; color: #374151; padding: 1pt 6pt 1pt 0; }"
    "td { padding: 1pt 6pt 1pt 0; }"
    "</style>"
)


def _course_sentence(report: Report) -> str:
    recovery = report.recovery
    if report.onset is not None:
        said = _("My back went on {date}.").format(date=date_text(report.onset))
        if report.earlier_onsets:
            said += " " + _("It had gone before, on {dates}: this is a new episode.").format(
                dates=", ".join(date_text(day) for day in report.earlier_onsets)
            )
    elif report.start is not None:
        said = _(
            "I did not note when my back went; my first daily back check was on {date}."
        ).format(date=date_text(report.start))
    else:
        said = _("I did not note when my back went, and there is no daily back check yet.")
    if recovery is not None:
        said += " " + _("Today is day {day}.").format(day=recovery.day)
    if report.checks:
        said += " " + ngettext(
            "{count} daily back check in the last {days} days.",
            "{count} daily back checks in the last {days} days.",
            len(report.checks),
        ).format(count=len(report.checks), days=report.days)
    return said


def _legend(report: Report) -> str:
    """What the chart's shading means: the usual course's phases, named as in the window."""
    if report.start is None:
        return ""
    keys = " &nbsp; ".join(
        f"<span style='background-color: {LIGHT.color(PHASE_COLOURS[phase]).name()}'>"
        f"&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{escape(phase_label(phase))}"
        for _first, _last, phase in PHASES
    )
    said = escape(_("The line: my daily back check. Shaded, the usual course:"))
    return f"<p class='note'>{said} {keys}</p>"


def _checks_table(report: Report) -> str:
    checks = report.checks[-CHECKS_PER_COLUMN * 3 :]
    labels = movement_labels()
    columns = [checks[i : i + CHECKS_PER_COLUMN] for i in range(0, len(checks), CHECKS_PER_COLUMN)]
    head = "".join(
        f"<th>{escape(_('Day'))}</th><th>{escape(_('Back, 0–10'))}</th>"
        f"<th>{escape(_('Moving'))}</th><th width='18'></th>"
        for _column in columns
    )
    rows = []
    for index in range(max(len(c) for c in columns)):
        cells = []
        for column in columns:
            if index < len(column):
                check = column[index]
                moving = labels.get(check.movement, "–") if check.movement else "–"
                cells.append(
                    f"<td>{escape(date_text(check.day, short_date_format()))}</td>"
                    f"<td><b>{check.rating}</b></td><td>{escape(moving)}</td><td></td>"
                )
            else:
                cells.append("<td></td><td></td><td></td><td></td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table width='100%' cellspacing='0' cellpadding='8'><tr>{head}</tr>"
        f"{''.join(rows)}</table>"
    )


def _safety(report: Report) -> list[str]:
    record = report.safety
    flags = {flag.key: flag.text for flag in red_flags()}
    when = date_text(record.answered_on) if record.answered_on else _("a day not noted")
    match record.answer:
        case Answer.NONE_APPLY:
            said = _("On {date} I answered that none of the warning signs applies to me.").format(
                date=when
            )
        case Answer.DOCTOR_CLEARED:
            said = _(
                "On {date} I answered that a warning sign applies to me and that a doctor has "
                "told me self-massage is fine."
            ).format(date=when)
        case _:
            said = _("I have not answered the warning-signs check.")
    parts = [f"<h2>{escape(_('Warning signs check'))}</h2>", f"<p>{escape(said)}</p>"]
    signs = [flags[key] for key in record.signs if key in flags]
    if record.answer is Answer.DOCTOR_CLEARED and signs:
        parts.append("<ul>" + "".join(f"<li>{escape(text)}</li>" for text in signs) + "</ul>")
    return parts


def _sessions(report: Report) -> list[str]:
    if not report.sessions:
        return [
            "<p>"
            + escape(_("No session in the last {days} days.").format(days=report.days))
            + "</p>"
        ]
    columns = [
        (_("Day"), 14),
        (_("Routine"), 31),
        (_("Minutes"), 9),
        (_("Highest pressure, 0–10"), 13),
        (_("Warnings"), 33),
    ]
    head = "<tr>" + "".join(f"<th width='{w}%'>{escape(t)}</th>" for t, w in columns) + "</tr>"
    rows = []
    for line in report.sessions:
        warnings = ", ".join(
            f"{warning_name(kind)} ×{count}" if count > 1 else warning_name(kind)
            for kind, count in line.warnings.items()
        )
        status = "" if line.completed else " " + _("(stopped early)")
        rows.append(
            f"<tr><td>{escape(date_text(line.day, short_date_format()))}</td>"
            f"<td>{escape(line.title)}{escape(status)}</td><td>{line.minutes}</td>"
            f"<td>{'' if line.highest is None else line.highest}</td>"
            f"<td>{escape(warnings or '–')}</td></tr>"
        )
    table = f"<table width='100%' cellspacing='0' cellpadding='8'>{head}{''.join(rows)}</table>"
    parts = [table]
    if report.earlier_sessions:
        parts.append(
            "<p class='note'>"
            + escape(
                ngettext(
                    "And {count} earlier session in these days, {minutes} minutes in all.",
                    "And {count} earlier sessions in these days, {minutes} minutes in all.",
                    report.earlier_sessions,
                ).format(count=report.earlier_sessions, minutes=report.earlier_minutes)
            )
            + "</p>"
        )
    return parts


# -- the chart -----------------------------------------------------------------------------------


def chart_image(report: Report) -> QImage:
    """The daily back check over the report's days, the usual course's phases shaded."""
    width, height = CHART_SIZE
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(34)
    painter.setFont(font)
    left, right, top, bottom = 60, 150, 16, 62
    plot = QRectF(left, top, width - left - right, height - top - bottom)
    first = report.since
    days = report.days

    def x(day: dt.date) -> float:
        return plot.left() + plot.width() * ((day - first).days + 0.5) / days

    def y(rating: float) -> float:
        return plot.bottom() - plot.height() * (rating - MIN_RATING) / (MAX_RATING - MIN_RATING)

    if report.start is not None:
        for first_day, last_day, phase in PHASES:
            begin = max(first, report.start + dt.timedelta(days=first_day - 1))
            end = min(report.made_on, report.start + dt.timedelta(days=last_day - 1))
            if begin > end:
                continue
            colour = LIGHT.color(PHASE_COLOURS[phase])
            colour.setAlpha(120)
            area = QRectF(
                x(begin) - plot.width() / days / 2,
                plot.top(),
                plot.width() * ((end - begin).days + 1) / days,
                plot.height(),
            )
            painter.fillRect(area, colour)
    painter.setPen(QPen(QColor("#d1d5db"), 2))
    for rating in (MIN_RATING, (MIN_RATING + MAX_RATING) / 2, MAX_RATING):
        painter.drawLine(QPointF(plot.left(), y(rating)), QPointF(plot.right(), y(rating)))
        painter.setPen(QColor(LIGHT.muted))
        painter.drawText(
            QRectF(0, y(rating) - 20, left - 12, 40),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{rating:g}",
        )
        painter.setPen(QPen(QColor("#d1d5db"), 2))
    painter.setPen(QColor(LIGHT.muted))
    for day in (first, first + (report.made_on - first) / 2, report.made_on):
        painter.drawText(
            QRectF(x(day) - 150, plot.bottom() + 8, 300, bottom - 8),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            date_text(day, short_date_format()),
        )
    points = [QPointF(x(check.day), y(check.rating)) for check in report.checks]
    painter.setPen(QPen(QColor(LIGHT.accent), 6))
    painter.drawPolyline(points)
    painter.setBrush(QColor(LIGHT.accent))
    for point in points:
        painter.drawEllipse(point, 10, 10)
    painter.end()
    return image
