"""What the report for the doctor says, decided without Qt, in the order a GP reads it: who and
since when, a three-line summary, the course on a chart, the daily back checks, every red-flag
answer with its date and reason, what the app suggested (as the person's dated history), the
sessions one line a day, and what the pressing steps came to. `qt/report_pdf.py` lays it out.

Everything here is read from the history and the settings as they are; nothing is estimated
or filled in. The app's suggestions are found again with the rule the start page uses
(`recovery.assess`), day by day over the episode.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from dataclasses import dataclass, field

from desktop_app.core.episode import EpisodeAnswers, current_answers
from desktop_app.core.history import BackCheck, History, SessionRow
from desktop_app.core.history_marks import SessionMarks, StepOutcomes, session_marks, step_outcomes
from desktop_app.core.logged import WARNINGS, Logged
from desktop_app.core.recovery import (
    BASELINE_DAYS,
    CLEAR_CHANGE,
    SETTLED_AT,
    Doctor,
    Recovery,
    assess,
    course_start,
    day_number,
    episode_checks,
    setbacks,
)
from desktop_app.core.safety import Answer, Asked
from desktop_app.i18n import _

#: How far back the report looks at most by default: a normal course and then some.
DEFAULT_DAYS = 42
#: The longest look back `--days` allows (a year).
MAX_DAYS = 366
#: Days before the episode's first day that the report still shows, when something was noted
#: on them (a back check or a session): a few at most.
LEAD_DAYS = 3
#: The chart spans at least this many days (a 2-day episode is not one dot at an edge): the
#: days after today show the usual course ahead, nothing else.
MIN_CHART_DAYS = 7
#: Session days listed one a line; more are folded into one line between the first days
#: (FIRST_DAY_LINES, always shown: they matter most) and the latest.
MAX_DAY_LINES = 12
FIRST_DAY_LINES = 4
#: Back checks shown one a cell (the most recent); the chart shows all.
MAX_CHECK_CELLS = 20


class Trend(enum.StrEnum):
    """The back from the first days to the latest check, in the terms the doctor prompt uses
    (recovery.CLEAR_CHANGE, recovery.SETTLED_AT)."""

    SETTLED = "settled"
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    #: One check so far: nothing to compare.
    ONE_CHECK = "one_check"


@dataclass(frozen=True)
class Summary:
    worst: BackCheck | None
    latest: BackCheck | None
    #: The highest of the first days' checks (recovery.BASELINE_DAYS): what the trend starts from.
    baseline: int | None
    trend: Trend
    #: Each setback (recovery.setbacks): the check, and what the back was before it.
    setbacks: tuple[tuple[BackCheck, int], ...]
    sessions: int
    minutes: int
    stopped_early: int
    #: Of those stopped early, how many after a pressure warning (recorded, not a cause).
    stopped_after_warning: int


@dataclass(frozen=True)
class DayLine:
    """A day's sessions in one line."""

    day: dt.date
    #: Each routine's title and how often it was done that day, in the order first done.
    routines: tuple[tuple[str, int], ...]
    minutes: int
    sessions: int
    stopped_early: int
    #: The highest rating given while pressing (None: nothing rated while pressing).
    highest: int | None
    warnings: dict[Logged, int]


@dataclass(frozen=True)
class Folded:
    """The session days between the first and the latest, in one line."""

    first: dt.date
    last: dt.date
    days: int
    sessions: int
    minutes: int


@dataclass(frozen=True)
class Suggestion:
    """The app's prompt as it began on a day (or changed to another level), as the person's own
    record tells it, and the next back check after it."""

    day: dt.date
    doctor: Doctor
    #: First person, past tense: "my back check rose from 5 to 7" (recovery.Recovery.record).
    record: str
    then: BackCheck | None


@dataclass(frozen=True)
class SafetyRecord:
    """The red-flag check's current answer as the settings keep it: what the report says when
    the history holds no answer (it was given before the history kept them)."""

    answer: Answer
    answered_on: dt.date | None
    #: The see-a-doctor signs ticked with a "a doctor has told me…" answer (core.safety keys).
    signs: tuple[str, ...] = ()


@dataclass(frozen=True)
class SafetyEntry:
    day: dt.date | None
    #: Why the check was put (None: not known, an answer from before the history kept them).
    asked: Asked | None
    answer: Answer
    signs: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    made_on: dt.date
    version: str
    #: The first day the report looks at, and how many days up to today.
    since: dt.date
    days: int
    #: The day the back went, as the person set it (None: not set).
    onset: dt.date | None
    #: Earlier episodes' first days (the back went again since), oldest first.
    earlier_onsets: tuple[dt.date, ...]
    #: The day the course is counted from: the onset, else the first back check.
    start: dt.date | None
    recovery: Recovery | None
    #: The back checks from `since` to today.
    checks: list[BackCheck]
    summary: Summary
    answers: EpisodeAnswers
    safety: list[SafetyEntry]
    suggestions: list[Suggestion]
    #: The session days, oldest first: the first days, then (folded) the middle, the latest.
    first_days: list[DayLine]
    folded: Folded | None
    latest_days: list[DayLine]
    outcomes: StepOutcomes = field(default_factory=StepOutcomes)
    #: The history's sentence when rows could not be read and were left out ("" when none).
    left_out: str = ""

    @property
    def empty(self) -> bool:
        return not self.checks and not self.summary.sessions and self.start is None

    @property
    def chart_span(self) -> tuple[dt.date, dt.date]:
        """The chart's first and last day: `since` to today, at least MIN_CHART_DAYS."""
        last = max(self.made_on, self.since + dt.timedelta(days=MIN_CHART_DAYS - 1))
        return self.since, last

    def day_of(self, day: dt.date) -> int | None:
        """`day` as the episode's day number (day 1: its first day); None before it."""
        if self.start is None or day < self.start:
            return None
        return day_number(self.start, day)


def build(
    history: History,
    today: dt.date,
    safety: SafetyRecord,
    version: str,
    days: int = DEFAULT_DAYS,
) -> Report:
    """The report as of `today`: the episode, looking back `days` days at most."""
    days = max(1, min(MAX_DAYS, days))
    window = today - dt.timedelta(days=days - 1)
    onset = history.onset
    all_checks = [check for check in history.back_checks() if check.day <= today]
    start = course_start(onset, all_checks)
    rows = [row for row in history.sessions() if window <= row.started_at.date() <= today]
    since = _first_day(window, start, all_checks, rows)
    rows = [row for row in rows if row.started_at.date() >= since]
    rows.reverse()  # oldest first: the report tells the episode as it went
    checks = [check for check in all_checks if since <= check.day]
    marks = session_marks(history, since)
    lines = _day_lines(rows, marks)
    first, folded, latest = _fold(lines)
    return Report(
        made_on=today,
        version=version,
        since=since,
        days=(today - since).days + 1,
        onset=onset,
        earlier_onsets=tuple(history.earlier_onsets),
        start=start,
        recovery=assess(onset, today, all_checks),
        checks=checks,
        summary=_summary(start, today, all_checks, rows, marks),
        answers=current_answers(history),
        safety=_safety(history, safety),
        suggestions=suggestions(onset, all_checks, max(since, start) if start else None, today),
        first_days=first,
        folded=folded,
        latest_days=latest,
        outcomes=step_outcomes(history, since),
        left_out=history.left_out,  # last: after every reading
    )


def _first_day(
    window: dt.date, start: dt.date | None, checks: list[BackCheck], rows: list[SessionRow]
) -> dt.date:
    """The episode's first day, or up to LEAD_DAYS before it where something was noted then;
    never before the window."""
    if start is None or start < window:
        return window
    lead = start - dt.timedelta(days=LEAD_DAYS)
    noted = [c.day for c in checks if lead <= c.day < start]
    noted += [row.started_at.date() for row in rows if lead <= row.started_at.date() < start]
    return max(window, min([start, *noted]))


def _summary(
    start: dt.date | None,
    today: dt.date,
    checks: list[BackCheck],
    rows: list[SessionRow],
    marks: dict[int, SessionMarks],
) -> Summary:
    episode = episode_checks(start, today, checks) if start else []
    stopped = [row for row in rows if row.completed is False]
    return Summary(
        worst=max(episode, key=lambda c: c.rating, default=None),  # the first of the highest
        latest=episode[-1] if episode else None,
        baseline=_baseline(start, episode),
        trend=_trend(start, episode),
        setbacks=tuple(setbacks(start, episode)) if start else (),
        sessions=len(rows),
        minutes=sum(_minutes(row) for row in rows),
        stopped_early=len(stopped),
        stopped_after_warning=sum(
            1 for row in stopped if (found := marks.get(row.id)) and any(found.warnings.values())
        ),
    )


def _baseline(start: dt.date | None, episode: list[BackCheck]) -> int | None:
    if start is None or not episode:
        return None
    first_days = [c for c in episode if day_number(start, c.day) <= BASELINE_DAYS] or episode[:1]
    return max(c.rating for c in first_days)


def _trend(start: dt.date | None, episode: list[BackCheck]) -> Trend:
    baseline = _baseline(start, episode)
    if baseline is None or len(episode) < 2:
        return Trend.ONE_CHECK
    latest = episode[-1].rating
    if latest <= SETTLED_AT < baseline:
        return Trend.SETTLED
    if baseline - latest >= CLEAR_CHANGE:
        return Trend.BETTER
    if latest - baseline >= CLEAR_CHANGE:
        return Trend.WORSE
    return Trend.SAME


def _minutes(row: SessionRow) -> int:
    return round(row.duration / 60)


def _day_lines(rows: list[SessionRow], marks: dict[int, SessionMarks]) -> list[DayLine]:
    by_day: dict[dt.date, list[SessionRow]] = {}
    for row in rows:
        by_day.setdefault(row.started_at.date(), []).append(row)
    lines = []
    for day, done in by_day.items():
        warnings: Counter[Logged] = Counter()
        highs = []
        for row in done:
            found = marks.get(row.id)
            if found is not None:
                warnings.update(found.warnings)
                if found.highest is not None:
                    highs.append(found.highest)
        lines.append(
            DayLine(
                day=day,
                routines=tuple(Counter(row.routine_title for row in done).items()),
                minutes=sum(_minutes(row) for row in done),
                sessions=len(done),
                stopped_early=sum(1 for row in done if row.completed is False),
                highest=max(highs, default=None),
                warnings={kind: warnings[kind] for kind in WARNINGS if warnings[kind]},
            )
        )
    return lines


def _fold(lines: list[DayLine]) -> tuple[list[DayLine], Folded | None, list[DayLine]]:
    if len(lines) <= MAX_DAY_LINES:
        return lines, None, []
    first = lines[:FIRST_DAY_LINES]
    latest = lines[-(MAX_DAY_LINES - FIRST_DAY_LINES - 1) :]
    middle = lines[FIRST_DAY_LINES : len(lines) - len(latest)]
    folded = Folded(
        first=middle[0].day,
        last=middle[-1].day,
        days=len(middle),
        sessions=sum(line.sessions for line in middle),
        minutes=sum(line.minutes for line in middle),
    )
    return first, folded, latest


def _safety(history: History, current: SafetyRecord) -> list[SafetyEntry]:
    """Every answer the history keeps, oldest first; else the settings' current answer."""
    entries = []
    for row in history.safety_answers():
        try:
            answer = Answer(row.answer)
        except ValueError:
            continue
        asked = Asked(row.reason) if row.reason in Asked.__members__.values() else None
        entries.append(SafetyEntry(row.answered_at.date(), asked, answer, row.signs))
    if not entries and current.answer is not Answer.NONE:
        entries.append(SafetyEntry(current.answered_on, None, current.answer, current.signs))
    return entries


def suggestions(
    onset: dt.date | None, checks: list[BackCheck], first: dt.date | None, today: dt.date
) -> list[Suggestion]:
    """Each day the app's prompt began or changed its level, from `first` to `today`, as the
    start page showed it that day (from the back checks given by then), with the next check."""
    if first is None:
        return []
    found: list[Suggestion] = []
    level = Doctor.NONE
    day = first
    while day <= today:
        known = [check for check in checks if check.day <= day]
        recovery = assess(onset, day, known)
        now = recovery.doctor if recovery is not None else Doctor.NONE
        if now is not level and recovery is not None and recovery.says:
            then = next((check for check in checks if check.day > day), None)
            found.append(Suggestion(day, now, recovery.record, then))
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
