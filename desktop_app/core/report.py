"""What the report for the doctor says, decided without Qt: the course so far, the daily back
checks, the red-flag check's answer, the sessions and their warnings, and what the app suggested
and when. `qt/report_pdf.py` lays it out on paper.

Everything here is read from the history and the settings as they are; nothing is estimated
or filled in. The doctor prompts are found again with the same rule the start page uses
(`recovery.assess`), day by day over the course.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop_app.core.history import BackCheck, History, SessionMarks, SessionRow
from desktop_app.core.logged import WARNINGS, Logged
from desktop_app.core.recovery import Doctor, Recovery, assess, course_start
from desktop_app.core.safety import Answer
from desktop_app.i18n import _

#: How far back the report looks by default: a normal course and then some.
DEFAULT_DAYS = 42
#: The longest look back `--days` allows (a year).
MAX_DAYS = 366
#: Sessions listed one a line (the most recent); earlier ones are counted in one line, so the
#: report stays at one page, two at most.
MAX_SESSION_LINES = 12
#: Back checks shown one a cell (the most recent); the chart shows all within the days.
MAX_CHECK_CELLS = 30


@dataclass(frozen=True)
class SessionLine:
    day: dt.date
    title: str
    minutes: int
    completed: bool | None
    highest: int | None
    warnings: dict[Logged, int]


@dataclass(frozen=True)
class Suggestion:
    """The app's doctor prompt as it first stood on a day (or changed to another level)."""

    day: dt.date
    doctor: Doctor
    reason: str


@dataclass(frozen=True)
class SafetyRecord:
    answer: Answer
    answered_on: dt.date | None
    #: The see-a-doctor signs ticked with a "a doctor has told me…" answer (core.safety keys).
    signs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    made_on: dt.date
    version: str
    #: The first day the report looks at, and how many days.
    since: dt.date
    days: int
    #: The day the back went, as the person set it (None: not set).
    onset: dt.date | None
    #: Earlier episodes' first days (the back went again since), oldest first.
    earlier_onsets: tuple[dt.date, ...]
    #: The day the course is counted from: the onset, else the first back check.
    start: dt.date | None
    recovery: Recovery | None
    checks: list[BackCheck]
    safety: SafetyRecord
    sessions: list[SessionLine]
    #: Sessions within the days that are not listed one a line (older than the listed).
    earlier_sessions: int = 0
    earlier_minutes: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.checks and not self.sessions and self.start is None


def build(
    history: History,
    today: dt.date,
    safety: SafetyRecord,
    version: str,
    days: int = DEFAULT_DAYS,
) -> Report:
    """The report as of `today`, looking back `days` days (today included)."""
    days = max(1, min(MAX_DAYS, days))
    since = today - dt.timedelta(days=days - 1)
    onset = history.onset
    all_checks = history.back_checks()
    checks = [check for check in all_checks if since <= check.day <= today]
    start = course_start(onset, all_checks)
    recovery = assess(onset, today, all_checks)
    rows = [row for row in history.sessions() if since <= row.started_at.date() <= today]
    marks = history.session_marks(since)
    lines = [_line(row, marks.get(row.id)) for row in rows]  # newest first
    listed, earlier = lines[:MAX_SESSION_LINES], lines[MAX_SESSION_LINES:]
    return Report(
        made_on=today,
        version=version,
        since=since,
        days=days,
        onset=onset,
        earlier_onsets=tuple(history.earlier_onsets),
        start=start,
        recovery=recovery,
        checks=checks,
        safety=safety,
        sessions=listed,
        earlier_sessions=len(earlier),
        earlier_minutes=sum(line.minutes for line in earlier),
        suggestions=suggestions(onset, all_checks, max(since, start) if start else None, today),
    )


def suggestions(
    onset: dt.date | None, checks: list[BackCheck], first: dt.date | None, today: dt.date
) -> list[Suggestion]:
    """Each day the doctor prompt began or changed its level, from `first` to `today`, as the
    start page showed it that day (from the back checks given by then)."""
    if first is None:
        return []
    found: list[Suggestion] = []
    level = Doctor.NONE
    day = first
    while day <= today:
        known = [check for check in checks if check.day <= day]
        recovery = assess(onset, day, known)
        now = recovery.doctor if recovery is not None else Doctor.NONE
        if now is not level and recovery is not None and recovery.see_doctor:
            found.append(Suggestion(day, now, recovery.reason))
        level = now
        day += dt.timedelta(days=1)
    return found


def warning_name(kind: Logged) -> str:
    """A warning as the report names it: what it meant for the person."""
    match kind:
        case Logged.PAIN_RISING:
            # Pressure on a spot that rose after settling: never words that read as the back
            # getting worse.
            return _("pressure pain rose after settling")
        case Logged.PAIN_ABOVE_BAND:
            return _("pressed too hard")
        case Logged.PAIN_HIGH_AT_REST:
            return _("high pain with nothing pressed")
        case Logged.PAIN_NOT_EASED:
            return _("a hold did not ease")
    return str(kind)


def _line(row: SessionRow, marks: SessionMarks | None) -> SessionLine:
    warnings = marks.warnings if marks is not None else {}
    return SessionLine(
        day=row.started_at.date(),
        title=row.routine_title,
        minutes=round(row.duration / 60),
        completed=row.completed,
        highest=marks.highest if marks is not None else None,
        warnings={kind: warnings[kind] for kind in WARNINGS if warnings.get(kind)},
    )
