"""The guide's usual course of lumbago, and when to suggest seeing a doctor.

Both are read from the daily back check ("How is your back today?", 0–10), never from the
pressure ratings given during massage: those the app itself steers into 4–7, so they say
how hard someone presses, not how the back is doing.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.history import BackCheck
from desktop_app.i18n import _


class Phase(enum.StrEnum):
    WORST = "worst"
    EASING = "easing"
    TENSION = "tension"
    SETTLED = "settled"


#: The guide's course in days since onset (day 1 is the day it started): the first two days
#: are the worst, days 3–4 mostly better, and tension for one to two weeks more (to ~day 18).
PHASES: tuple[tuple[int, int, Phase], ...] = (
    (1, 2, Phase.WORST),
    (3, 4, Phase.EASING),
    (5, 18, Phase.TENSION),
)
#: From this day on, a back check not clearly better than in the first days → a doctor.
DOCTOR_FROM_DAY = 15
#: From this day on, a doctor whatever the numbers: it should have settled by now.
DOCTOR_FIRMLY_FROM_DAY = 29
#: "Clearly better" and "worse": 2 points, the 0–10 scale's known measurement error.
CLEAR_CHANGE = 2
#: A rise of CLEAR_CHANGE within this many days → a doctor at once.
WORSENING_WINDOW_DAYS = 3
#: The first days' back checks that set the baseline.
BASELINE_DAYS = 3


class Doctor(enum.StrEnum):
    NONE = ""
    #: Not clearly better after two weeks.
    SUGGESTED = "suggested"
    #: Four weeks on, or getting worse: see a doctor.
    FIRMLY = "firmly"


@dataclass(frozen=True)
class Recovery:
    day: int
    phase: Phase
    expectation: str
    doctor: Doctor
    reason: str

    @property
    def see_doctor(self) -> bool:
        return self.doctor is not Doctor.NONE


def day_number(onset: dt.date, today: dt.date) -> int:
    return (today - onset).days + 1


def phase_of(day: int) -> Phase:
    for first, last, phase in PHASES:
        if first <= day <= last:
            return phase
    return Phase.SETTLED


def phase_label(phase: Phase) -> str:
    """A chart's short label for a phase, with its days taken from PHASES."""
    first, last = next(((f, t) for f, t, p in PHASES if p is phase), (PHASES[-1][1] + 1, 0))
    match phase:
        case Phase.WORST:
            return _("days {first}–{last} worst").format(first=first, last=last)
        case Phase.EASING:
            return _("{first}–{last} easing").format(first=first, last=last)
        case Phase.TENSION:
            return _("to day {last} tension").format(last=last)
        case Phase.SETTLED:
            return _("from day {first} settled").format(first=first)


def expectation(phase: Phase) -> str:
    """What usually happens now, and what helps (in our own words, from the guide's facts)."""
    match phase:
        case Phase.WORST:
            return _(
                "The first two days are usually the worst. Move gently and often; short slow "
                "walks help more than lying still."
            )
        case Phase.EASING:
            return _(
                "Around day 3 and 4 the pain usually eases a lot and moving is almost normal "
                "again. Keep walking, and keep up the massage."
            )
        case Phase.TENSION:
            return _(
                "Some tension low in the back and around the sacrum, and a little stiffness "
                "bending forward or sideways, often lasts one to two weeks more. The massage and "
                "the walks help it go."
            )
    return _("By now most lumbago has settled. Keep the muscles moving so it does not come back.")


def course_start(onset: dt.date | None, checks: Sequence[BackCheck]) -> dt.date | None:
    """The day the course is counted from: the onset, else the first back check."""
    if onset is not None:
        return onset
    return min((check.day for check in checks), default=None)


def assess(onset: dt.date | None, today: dt.date, checks: Sequence[BackCheck]) -> Recovery | None:
    """Where the person is in the usual course, and whether a doctor should look at it.

    None when there is nothing to count from (no onset and no back check yet).
    """
    start = course_start(onset, checks)
    if start is None or start > today:
        return None
    day = day_number(start, today)
    phase = phase_of(day)
    doctor, reason = _doctor(start, today, day, sorted(checks, key=lambda c: c.day))
    return Recovery(day, phase, expectation(phase), doctor, reason)


def _doctor(
    start: dt.date, today: dt.date, day: int, checks: list[BackCheck]
) -> tuple[Doctor, str]:
    checks = [check for check in checks if start <= check.day <= today]
    latest = checks[-1] if checks else None
    # Worse by 2 or more within three days: at once, whatever the day.
    if latest is not None:
        window = [
            check
            for check in checks[:-1]
            if latest.day - check.day <= dt.timedelta(days=WORSENING_WINDOW_DAYS)
        ]
        if window and latest.rating - min(c.rating for c in window) >= CLEAR_CHANGE:
            return Doctor.FIRMLY, _(
                "Your back has got worse by {points} points in the last few days. Please see a "
                "doctor soon."
            ).format(points=latest.rating - min(c.rating for c in window))
    if day >= DOCTOR_FIRMLY_FROM_DAY:
        return Doctor.FIRMLY, _(
            "It is {weeks} weeks since your back went. Lumbago has usually settled by now: "
            "please have it checked by a doctor."
        ).format(weeks=(day - 1) // 7)
    if day >= DOCTOR_FROM_DAY and latest is not None:
        first_days = [
            check for check in checks if (check.day - start).days < BASELINE_DAYS
        ] or checks[:1]
        baseline = max(check.rating for check in first_days)
        if latest is not first_days[-1] and baseline - latest.rating < CLEAR_CHANGE:
            return Doctor.SUGGESTED, _(
                "Two weeks on, your back is not clearly better than in the first days "
                "({then} then, {now} now). It is worth a doctor's look."
            ).format(then=baseline, now=latest.rating)
    return Doctor.NONE, ""
