"""The history's rows as the app reads them: plain records, and the readers that turn one
database row into one, refusing what cannot be read (a hand edit, another program)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from desktop_app.core.days import read_moment
from desktop_app.core.pain import is_valid_rating


@dataclass(frozen=True)
class SessionRow:
    id: int
    routine_id: str
    routine_title: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    #: True finished, False stopped by the user, None interrupted (no end was written).
    completed: bool | None
    pain_first: int | None
    pain_last: int | None
    flags: int
    last_event_at: dt.datetime | None

    @property
    def duration(self) -> float:
        end = self.ended_at or self.last_event_at or self.started_at
        return max(0.0, (end - self.started_at).total_seconds())


@dataclass(frozen=True)
class EventRow:
    timestamp: dt.datetime
    session_id: int
    routine_id: str
    step_index: int | None
    step_title: str
    event: str
    value: str


@dataclass(frozen=True)
class DayPain:
    day: dt.date
    average: float
    highest: int
    ratings: int


class Movement(enum.StrEnum):
    """How well the person can move today: the daily back check's second question."""

    HARDLY = "hardly"
    WITH_EFFORT = "with_effort"
    ALMOST_NORMALLY = "almost_normally"


@dataclass(frozen=True)
class BackCheck:
    """The daily answer to "How is your back today?" (0–10) and how well one can move."""

    day: dt.date
    rating: int
    movement: Movement | None
    recorded_at: dt.datetime


@dataclass(frozen=True)
class SafetyCheckRow:
    """One answer to the red-flag check as the history keeps it: when, why it was asked
    (core.safety.Asked), the answer (core.safety.Answer) and the signs ticked (their keys)."""

    answered_at: dt.datetime
    reason: str
    answer: str
    signs: tuple[str, ...]


@dataclass(frozen=True)
class AreaTotal:
    area: str
    hold_seconds: float
    rolls: int


def read_rating(value: object) -> int | None:
    """A pain rating as an event holds it; None when the value is none (a hand edit)."""
    try:
        rating = int(str(value))
    except ValueError:
        return None
    return rating if is_valid_rating(rating) else None


def read_session_row(row: tuple[Any, ...]) -> SessionRow:
    """One row of History.sessions' query; ValueError or TypeError when it cannot be read."""
    started, ended, last = (read_moment(row[i]) if row[i] else None for i in (3, 4, 9))
    if started is None:
        raise ValueError("a session that never started")
    if len({moment.tzinfo is None for moment in (started, ended, last) if moment}) > 1:
        raise ValueError("times with and without a zone")  # they cannot be compared
    return SessionRow(
        id=int(row[0]),
        routine_id=str(row[1]),
        routine_title=str(row[2]),
        started_at=started,
        ended_at=ended,
        completed=None if row[5] is None else bool(row[5]),
        pain_first=None if row[6] is None else read_rating(row[6]),
        pain_last=None if row[7] is None else read_rating(row[7]),
        flags=int(row[8]),
        last_event_at=last,
    )
