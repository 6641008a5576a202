"""Sums over the history's sessions for the report: each session's highest pressure rating and
warnings, and what the pressing steps came to. In SQL, grouped, through the indexes: a year of
events is summed in milliseconds, not read row by row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.core.logged import WARNINGS, Logged
from desktop_app.core.pain import MAX_RATING
from desktop_app.core.routines import StepKind

if TYPE_CHECKING:
    import datetime as dt

    from desktop_app.core.history import History

#: The step kinds in which the person presses a ball or stick: only their ratings are pressure
#: ratings (lying, walking and getting ready are not).
PRESSING_KINDS = (StepKind.HOLD.value, StepKind.ROLLING.value, StepKind.SPOT.value)


@dataclass(frozen=True)
class SessionMarks:
    """What a session says about the pressure: its highest rating, and its warnings by kind."""

    highest: int | None
    warnings: dict[Logged, int]


@dataclass(frozen=True)
class StepOutcomes:
    """History.step_outcomes: counts of what pressing steps came to."""

    holds_eased: int = 0
    holds_not_eased: int = 0
    rated_lower: int = 0
    rated_same: int = 0
    rated_higher: int = 0

    @property
    def any(self) -> bool:
        return any((self.holds_eased, self.holds_not_eased, self.rated_lower, self.rated_same,
                    self.rated_higher))  # fmt: skip


def session_marks(history: History, since: dt.date) -> dict[int, SessionMarks]:
    """For each session started on or after `since`: its highest pressure rating (given in
    a step that presses: PRESSING_KINDS) and how often each warning was logged (in SQL,
    grouped, through the session-and-event index)."""
    if not history.available:
        return {}
    marks: dict[int, SessionMarks] = {}
    rows = history.query(
        f"""
        SELECT e.session_id, e.event, count(*)
        FROM sessions s JOIN events e ON e.session_id = s.id
        WHERE s.started_at >= ? AND e.event IN ({", ".join("?" * len(WARNINGS))})
        GROUP BY e.session_id, e.event
        """,
        (since.isoformat(), *WARNINGS),
    )
    for session_id, event, count in rows:
        marks.setdefault(session_id, SessionMarks(None, {})).warnings[Logged(event)] = count
    for session_id, highest in history.query(
        f"""
        SELECT e.session_id, max(CAST(e.value AS INTEGER))
        FROM sessions s JOIN events e ON e.session_id = s.id
        JOIN steps t ON t.session_id = e.session_id AND t.step_index = e.step_index
        WHERE s.started_at >= ? AND e.event = ? AND e.value GLOB '[0-9]*'
            AND CAST(e.value AS INTEGER) <= ?
            AND t.kind IN ({", ".join("?" * len(PRESSING_KINDS))})
        GROUP BY e.session_id
        """,
        (since.isoformat(), Logged.PAIN_RATED, MAX_RATING, *PRESSING_KINDS),
    ):
        found = marks.get(session_id)
        marks[session_id] = SessionMarks(highest, found.warnings if found else {})
    return marks


def step_outcomes(history: History, since: dt.date) -> StepOutcomes:
    """What the pressing steps since `since` came to: holds that eased and that did not;
    steps rated at least twice whose last rating was lower, the same or higher than the
    first. Counts only: no claim of cause."""
    if not history.available:
        return StepOutcomes()
    eased = dict.fromkeys((Logged.PAIN_EASED, Logged.PAIN_NOT_EASED), 0)
    for event, count in history.query(
        """
        SELECT e.event, count(*) FROM sessions s JOIN events e ON e.session_id = s.id
        WHERE s.started_at >= ? AND e.event IN (?, ?) GROUP BY e.event
        """,
        (since.isoformat(), Logged.PAIN_EASED, Logged.PAIN_NOT_EASED),
    ):
        eased[Logged(event)] = count
    firsts_lasts = history.query(
        f"""
        SELECT
            (SELECT CAST(value AS INTEGER) FROM events WHERE session_id = t.session_id
                AND step_index = t.step_index AND event = ? AND value GLOB '[0-9]*'
                ORDER BY id LIMIT 1),
            (SELECT CAST(value AS INTEGER) FROM events WHERE session_id = t.session_id
                AND step_index = t.step_index AND event = ? AND value GLOB '[0-9]*'
                ORDER BY id DESC LIMIT 1),
            (SELECT count(*) FROM events WHERE session_id = t.session_id
                AND step_index = t.step_index AND event = ?)
        FROM (SELECT DISTINCT session_id, step_index FROM steps
              WHERE kind IN ({", ".join("?" * len(PRESSING_KINDS))})) t
        JOIN sessions s ON s.id = t.session_id WHERE s.started_at >= ?
        """,
        (*(Logged.PAIN_RATED,) * 3, *PRESSING_KINDS, since.isoformat()),
    )
    lower = same = higher = 0
    for first, last, count in firsts_lasts:
        if count < 2 or first is None or last is None:
            continue
        lower += last < first
        same += last == first
        higher += last > first
    return StepOutcomes(eased[Logged.PAIN_EASED], eased[Logged.PAIN_NOT_EASED], lower, same, higher)
