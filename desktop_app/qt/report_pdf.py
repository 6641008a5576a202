"""The report for the doctor on paper: `core.report`'s contents laid out with Qt's own text
document and painter, written as PDF (QPdfWriter) or sent to a printer (QPrinter).

Every text that came from a file or the history (a routine's title) is escaped: shown as text,
never read as markup. Paper is the locale country's: Letter in the United States and Canada, else A4.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from html import escape
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from desktop_app import APP_NAME
from desktop_app.core.episode import Question
from desktop_app.core.pain import MAX_RATING, MIN_RATING
from desktop_app.core.recovery import PHASES, Doctor, back_question, phase_label
from desktop_app.core.report import MAX_CHECK_CELLS, DayLine, Report, Trend, warning_name
from desktop_app.core.safety import Answer, short_names, sign_groups
from desktop_app.i18n import _, ngettext
from desktop_app.qt.back_check_view import movement_labels
from desktop_app.qt.course_chart import CHART_SIZE, chart_image, date_text
from desktop_app.qt.theme import LIGHT, PHASE_COLOURS  # paper: the light look
from desktop_app.qt.widgets import day_month_format

CHART_URL = QUrl("report://chart.png")
#: Column groups of the back checks' table.
CHECK_COLUMNS = 2


class ReportError(Exception):
    """The report could not be written; the message says why, for the person."""


#: The countries (ISO 3166 codes) where paper is Letter; A4 everywhere else, and for the C/POSIX
#: locale, which names no country.
LETTER_COUNTRIES = ("US", "CA")


def paper_country() -> str:
    """The country whose paper the person uses: LC_ALL, LC_PAPER or LANG where set (Linux,
    "de_DE.UTF-8" → "DE"; C.UTF-8 → none), else the system's locale (Windows, macOS). Never the
    app's language: English chosen in Germany is printed on A4."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return value.split(".")[0].split("@")[0].partition("_")[2].upper()
    system = QLocale.system()
    return (
        ""
        if system.language() is QLocale.Language.C
        else system.territoryToCode(system.territory())
    )


def page_size(country: str | None = None) -> QPageSize:
    """Letter in the United States and Canada, else A4."""
    letter = (paper_country() if country is None else country) in LETTER_COUNTRIES
    return QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)


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
            QMarginsF(16, 12, 16, 12),
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


def day_text(report: Report, day: dt.date) -> str:
    """A day as the report's lines name it: its date, and its day of the episode."""
    number = report.day_of(day)
    short = date_text(day, day_month_format())
    if number is None:
        return short
    return _("{date} (day {day})").format(date=short, day=number)


def day_cells(report: Report, day: dt.date) -> str:
    """A day in a table: its day of the episode, then its date, as two cells."""
    number = report.day_of(day)
    return (
        f"<td align='right'>{'' if number is None else number}&nbsp;&nbsp;</td>"
        f"<td>{escape(date_text(day, day_month_format()))}</td>"
    )


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
        "<p>" + e(_("Name: {blank}   Date of birth: {blank}").format(blank="_" * 28)) + "</p>",
    ]
    if report.left_out:
        parts.append(f"<p class='note'>{e(report.left_out)}</p>")
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
    parts.append(f"<p><b>{e(_since_sentence(report))}</b></p>")
    parts.append(_answers(report))
    parts.append(f"<h2>{e(_('In short'))}</h2>")
    parts += [f"<p>{e(line)}</p>" for line in _summary_lines(report)]
    if report.checks:
        parts.append(f"<h2>{e(_('How my back has been'))}</h2>")
        high = round(width * CHART_SIZE[1] / CHART_SIZE[0])
        parts.append(
            f"<p><img src='{CHART_URL.toString()}' width='{round(width)}' height='{high}'></p>"
        )
        parts.append(_legend(report))
        parts.append(_checks_table(report))
    parts += _safety(report)
    parts += _suggestions(report)
    parts.append(f"<h2>{e(_('Self-massage sessions, by day'))}</h2>")
    parts += _sessions(report)
    parts += _outcomes(report)
    parts.append(
        "<p class='note'>"
        + e(
            _(
                "The daily back check asks “{question}” from {least} (no pain) to {most} "
                "(worst imaginable). Highest pressure: the highest rating of how much the massage "
                "hurt while pressing (holds, rolling, spots; never lying or walking), 0–10. The "
                "app keeps these in its target band, so they show how hard I pressed, not how my "
                "back was."
            ).format(question=back_question(), least=MIN_RATING, most=MAX_RATING)
        )
        + "</p>"
    )
    return "".join(parts)


_STYLE = (
    "<style>"
    "h1 { font-size: 15pt; margin: 0 0 2pt 0; }"
    "h2 { font-size: 10.5pt; margin: 5pt 0 1pt 0; color: #0d5f63; }"
    "p { margin: 1pt 0; }"
    "ul { margin: 0 0 0 0; }"
    ".note { color: #4b5563; font-size: 7.5pt; }"
    ".doctor { color: #8a1c12; }"
    "th { text-align: left; font-weight: 600; color: #374151; padding: 0 6pt 0 0; }"
    "td { padding: 0 6pt 0 0; }"
    "</style>"
)


def _since_sentence(report: Report) -> str:
    recovery = report.recovery
    if report.onset is not None:
        said = _("My back pain began on {date}.").format(date=date_text(report.onset))
        if report.earlier_onsets:
            said += " " + _("It had gone before, on {dates}: this is a new episode.").format(
                dates=", ".join(date_text(day) for day in report.earlier_onsets)
            )
    elif report.start is not None:
        said = _(
            "I did not note when my back pain began; my first daily back check was on {date}."
        ).format(date=date_text(report.start))
    else:
        said = _("I did not note when my back pain began, and there is no daily back check yet.")
    if recovery is not None:
        said += " " + _("Today is day {day}.").format(day=recovery.day)
    return said


def _answers(report: Report) -> str:
    """The three questions of the episode's first back check, on one line."""
    answers = report.answers
    cells = []
    for question in Question:
        choice = answers.answer(question)
        said = choice.label if choice is not None else _("not answered")
        cells.append(f"{escape(question.heading)}: <b>{escape(said)}</b>")
    return "<p>" + " &nbsp;·&nbsp; ".join(cells) + "</p>"


def _summary_lines(report: Report) -> list[str]:
    summary = report.summary
    lines = []
    if summary.worst is not None and summary.latest is not None:
        latest = summary.latest
        moving = movement_labels().get(latest.movement) if latest.movement else None
        said = _("Worst: {worst} on {when}. Latest: {latest} on {day}.").format(
            worst=summary.worst.rating,
            when=day_text(report, summary.worst.day),
            latest=latest.rating,
            day=day_text(report, latest.day),
        )
        if moving:
            said += " " + _("Moving: {how}.").format(how=moving.lower())
        lines.append(said)
        lines.append(_trend_sentence(report))
    lines.append(
        ngettext(
            "{count} session, {minutes} minutes in all.",
            "{count} sessions, {minutes} minutes in all.",
            summary.sessions,
        ).format(count=summary.sessions, minutes=summary.minutes)
        + (
            " "
            + ngettext(
                "{count} stopped early ({warned} after a pressure warning).",
                "{count} stopped early ({warned} after a pressure warning).",
                summary.stopped_early,
            ).format(count=summary.stopped_early, warned=summary.stopped_after_warning)
            if summary.stopped_early
            else ""
        )
    )
    return lines


def _trend_sentence(report: Report) -> str:
    summary = report.summary
    assert summary.latest is not None
    base, now = summary.baseline, summary.latest.rating
    match summary.trend:
        case Trend.SETTLED:
            said = _("Settled: from {then} in the first days to {now}.")
        case Trend.BETTER:
            said = _("Better: from {then} in the first days to {now}.")
        case Trend.WORSE:
            said = _("Worse: from {then} in the first days to {now}.")
        case Trend.SAME:
            said = _("About the same: {then} in the first days, {now} now.")
        case _:
            said = _("One daily back check so far.")
    said = said.format(then=base, now=now)
    if summary.setbacks:
        setbacks = ", ".join(
            _("{day}, {before} → {now}").format(
                day=day_text(report, check.day), before=before, now=check.rating
            )
            for check, before in summary.setbacks
        )
        said += " " + ngettext(
            "One setback: {setbacks}.", "{count} setbacks: {setbacks}.", len(summary.setbacks)
        ).format(count=len(summary.setbacks), setbacks=setbacks)
    elif summary.trend is not Trend.ONE_CHECK:
        said += " " + _("No setback.")
    return said


def _legend(report: Report) -> str:
    """What the chart's shading means: the guide's usual course, its phases named."""
    if report.start is None:
        return ""
    keys = " &nbsp; ".join(
        f"<span style='background-color: {LIGHT.color(PHASE_COLOURS[phase]).name()}'>"
        f"&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{escape(phase_label(phase))}"
        for _first, _last, phase in PHASES
    )
    said = escape(
        ngettext(
            "The line: my daily back check ({count} on {days} days). Shaded: the usual course "
            "of lumbago as the self-massage guide describes it:",
            "The line: my daily back checks ({count} on {days} days). Shaded: the usual course "
            "of lumbago as the self-massage guide describes it:",
            len(report.checks),
        ).format(count=len(report.checks), days=report.days)
    )
    return f"<p class='note'>{said} {keys}</p>"


def _checks_table(report: Report) -> str:
    checks = report.checks[-MAX_CHECK_CELLS:]
    labels = movement_labels()
    rows_per = -(-len(checks) // CHECK_COLUMNS)  # so many rows that the columns hold all
    columns = [checks[i : i + rows_per] for i in range(0, len(checks), rows_per)]
    head = "".join(
        f"<th width='6%' align='right'>{escape(_('Day'))}&nbsp;&nbsp;</th>"
        f"<th width='10%'>{escape(_('Date'))}</th><th width='10%'>{escape(_('Back, 0–10'))}</th>"
        f"<th width='19%'>{escape(_('Moving'))}</th><th width='5%'></th>"
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
                    day_cells(report, check.day)
                    + f"<td><b>{check.rating}</b></td><td>{escape(moving)}</td><td></td>"
                )
            else:
                cells.append("<td></td>" * 5)
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table width='100%' cellspacing='0' cellpadding='1'><tr>{head}</tr>"
        f"{''.join(rows)}</table>"
    )


def _safety(report: Report) -> list[str]:
    names = short_names()
    groups = "; ".join(
        f"{group.short}: " + ", ".join(names[flag.key] for flag in group.flags)
        for group in sign_groups()
    )
    parts = [
        f"<h2>{escape(_('Warning signs check'))}</h2>",
        "<p class='note'>"
        + escape(_("The check asks about: {signs}.").format(signs=groups))
        + "</p>",
    ]
    if not report.safety:
        parts.append(f"<p>{escape(_('I have not answered the warning-signs check.'))}</p>")
        return parts
    items = []
    for entry in report.safety:
        when = day_text(report, entry.day) if entry.day else _("a day not noted")
        if entry.asked is not None:
            when = _("{when}, {why}").format(when=when, why=entry.asked.label)
        signs = ", ".join(names[key] for key in entry.signs if key in names)
        match entry.answer:
            case Answer.NONE_APPLY:
                said = _("none of these applies to me")
            case Answer.DOCTOR_CLEARED:
                said = _("{signs} applies; a doctor has told me self-massage is fine").format(
                    signs=signs or _("a see-a-doctor sign")
                )
            case Answer.EMERGENCY:
                said = _(
                    "{signs}: the app told me to get emergency help, and no session started"
                ).format(signs=signs)
            case _:
                continue
        items.append(f"<li>{escape(when)}: {escape(said)}</li>")
    parts.append("<ul>" + "".join(items) + "</ul>")
    return parts


def _suggestions(report: Report) -> list[str]:
    if not report.suggestions:
        return []
    items = []
    for found in report.suggestions:
        match found.doctor:
            case Doctor.WATCH:
                then = _(
                    "the app suggested checking again the next day, and seeing a doctor if "
                    "it stayed up"
                )
            case Doctor.SUGGESTED:
                then = _("the app suggested seeing a doctor")
            case _:
                then = _("the app advised seeing a doctor soon")
        said = _("{day}: {record}; {then}.").format(
            day=day_text(report, found.day), record=found.record, then=then
        )
        if found.then is not None:
            said += " " + _("Next back check, {day}: {rating}.").format(
                day=day_text(report, found.then.day), rating=found.then.rating
            )
        style = " class='doctor'" if found.doctor is not Doctor.WATCH else ""
        items.append(f"<li{style}>{escape(said)}</li>")
    return [f"<h2>{escape(_('What the app suggested'))}</h2>", "<ul>" + "".join(items) + "</ul>"]


def _sessions(report: Report) -> list[str]:
    if not report.summary.sessions:
        return [
            "<p>"
            + escape(_("No session in the last {days} days.").format(days=report.days))
            + "</p>"
        ]
    columns = [
        (_("Day"), 5),
        (_("Date"), 9),
        (_("Routines"), 32),
        (_("Minutes"), 10),
        (_("Highest pressure"), 17),
        (_("Warnings"), 27),
    ]
    head = (
        "<tr>"
        + "".join(f"<th width='{w}%'>{escape(t)}&nbsp;&nbsp;</th>" for t, w in columns)
        + "</tr>"
    )
    head = head.replace("<th width='5%'>", "<th width='5%' align='right'>", 1)
    rows = [_day_row(report, line) for line in report.first_days]
    if report.folded is not None:
        folded = report.folded
        said = ngettext(
            "{first} to {last}: {sessions} sessions on {days} day, {minutes} minutes",
            "{first} to {last}: {sessions} sessions on {days} days, {minutes} minutes",
            folded.days,
        ).format(
            first=day_text(report, folded.first),
            last=day_text(report, folded.last),
            sessions=folded.sessions,
            days=folded.days,
            minutes=folded.minutes,
        )
        rows.append(f"<tr><td></td><td colspan='5'><i>{escape(said)}</i></td></tr>")
    rows += [_day_row(report, line) for line in report.latest_days]
    return [f"<table width='100%' cellspacing='0' cellpadding='1'>{head}{''.join(rows)}</table>"]


def _day_row(report: Report, line: DayLine) -> str:
    warnings = ", ".join(
        f"{warning_name(kind)} ×{count}" if count > 1 else warning_name(kind)
        for kind, count in line.warnings.items()
    )
    routines = ", ".join(
        f"{title} ×{count}" if count > 1 else title for title, count in line.routines
    )
    if line.stopped_early:
        routines += " " + ngettext(
            "({count} stopped early)", "({count} stopped early)", line.stopped_early
        ).format(count=line.stopped_early)
    return (
        f"<tr>{day_cells(report, line.day)}<td>{escape(routines)}</td>"
        f"<td>{line.minutes}</td><td>{'–' if line.highest is None else line.highest}</td>"
        f"<td>{escape(warnings or '–')}</td></tr>"
    )


def _outcomes(report: Report) -> list[str]:
    """What the pressing steps came to, as counts: no claim that the massage caused it."""
    found = report.outcomes
    if not found.any:
        return []
    lines = []
    if found.holds_eased or found.holds_not_eased:
        lines.append(
            _("Held spots: the pain eased during {eased} holds and did not in {not_eased}.").format(
                eased=found.holds_eased, not_eased=found.holds_not_eased
            )
        )
    if found.rated_lower or found.rated_same or found.rated_higher:
        lines.append(
            _(
                "Steps rated more than once: the last rating was lower than the first in "
                "{lower}, the same in {same} and higher in {higher}."
            ).format(lower=found.rated_lower, same=found.rated_same, higher=found.rated_higher)
        )
    said = " ".join(lines) + " " + _("These are counts of what I noted, not proof of cause.")
    return [f"<p class='note'>{escape(said)}</p>"]
