"""The guide's usual course of lumbago, and when to suggest seeing a doctor.

Both are read from the daily back check ("How is your back today?", 0–10), never from the
pressure ratings given during massage: those the app itself steers into 4–7, so they say
how hard someone presses, not how the back is doing.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from desktop_app.core.history import BackCheck, Movement
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


def back_question() -> str:
    """The daily back check's question, as the check asks it and the report quotes it."""
    return _("How is your back today?")


#: A back check older than this many days says nothing about how the back is today: the card's
#: course text no longer follows it (a prompt it gave stays until a newer check clears it).
FRESH_DAYS = 1
#: "Clearly" better or worse: 2 points, the 0–10 scale's known measurement error.
CLEAR_CHANGE = 2
#: At or below this a back check counts as good whatever the start was (1 → 0 is better).
SETTLED_AT = 2
#: The first days: they set the baseline, and a rise in them is the usual course, no alarm.
WORST_DAYS = 2
#: The days whose checks are the baseline for "clearly better" (days 1–3).
BASELINE_DAYS = 3
#: A rise is judged against the median of this many checks before it, whatever the gaps.
RECENT_CHECKS = 3
#: A back check this high for this many checks in a row, past the worst days → a doctor.
HIGH_RATING = 7
HIGH_CHECKS = 5
#: "Hardly" able to move from this day on → a doctor, on one check (by day 3–4 moving is
#: usually almost normal again).
HARDLY_FROM_DAY = 5
#: 9–10 on one back check after the worst days → a doctor.
SEVERE_RATING = 9
#: Climbing: this many checks in a row, each above the one before, past the worst days, and
#: CLEAR_CHANGE or more in all → a doctor, before it reaches HIGH_RATING.
CLIMB_CHECKS = 3
#: A plateau: this many checks within a point of each other, all at PLATEAU_RATING or more,
#: from the second week (PLATEAU_FROM_DAY) → worth a doctor's look.
PLATEAU_CHECKS = 3
PLATEAU_RATING = 4
PLATEAU_FROM_DAY = 8
#: From this day on, not clearly better than at the start → worth a doctor's look.
DOCTOR_FROM_DAY = 15
#: From this day on, anything above SETTLED_AT → see a doctor: it should have settled by now.
DOCTOR_FIRMLY_FROM_DAY = 29


class Doctor(enum.StrEnum):
    NONE = ""
    #: One worse day: check again tomorrow (not yet a doctor).
    WATCH = "watch"
    #: Not clearly better after two weeks, or a plateau in the second week.
    SUGGESTED = "suggested"
    #: Four weeks on, or getting worse: see a doctor.
    FIRMLY = "firmly"


#: Most urgent last: when several rules apply, the most urgent speaks.
URGENCY = (Doctor.NONE, Doctor.WATCH, Doctor.SUGGESTED, Doctor.FIRMLY)


@dataclass(frozen=True)
class Recovery:
    day: int
    phase: Phase
    expectation: str
    doctor: Doctor
    #: The app's words to the person now (the start page).
    reason: str
    #: The same finding as the person's own record says it later, in the past tense: "my back
    #: check rose from 5 to 7" (the report's dated history of what the app suggested).
    record: str = ""

    @property
    def see_doctor(self) -> bool:
        return self.doctor in (Doctor.SUGGESTED, Doctor.FIRMLY)

    @property
    def says(self) -> bool:
        """The card says the reason (a doctor, or: check again tomorrow)."""
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


def pain_relief() -> str:
    """NICE's first step for low back pain, in one line: the card's first days and the help."""
    return _(
        "A pharmacist can advise on pain relief, such as ibuprofen, that helps you keep moving."
    )


def expectation(phase: Phase, latest: BackCheck | None = None) -> str:
    """What usually happens now, and what helps (in our own words, from the guide's facts).
    Past the first days, a current back check that is still high, or hardly moving, is said
    as it is: the card never promises "settled" to someone who is not."""
    if (
        phase is not Phase.WORST
        and latest is not None
        and (latest.rating >= HIGH_RATING or latest.movement is Movement.HARDLY)
    ):
        return (
            _(
                "Your back is worse than usual for this point (your last check: {rating}). Keep "
                "moving gently and often, and see the advice below."
            ).format(rating=latest.rating)
            + " "
            + pain_relief()
        )
    match phase:
        case Phase.WORST:
            return (
                _(
                    "The first two days are usually the worst. Move gently and often; short "
                    "slow walks help more than lying still."
                )
                + " "
                + pain_relief()
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
    return _(
        "Lumbago is often much better within days, for some people after a few weeks. Keep the "
        "muscles moving so it does not come back."
    )


def course_start(onset: dt.date | None, checks: Sequence[BackCheck]) -> dt.date | None:
    """The day the course is counted from: the onset, else the first back check."""
    if onset is not None:
        return onset
    return min((check.day for check in checks), default=None)


def had_settled(checks: Sequence[BackCheck]) -> bool:
    """Whether the back had settled (SETTLED_AT or below) before the latest of `checks`: a
    clear rise after that may be the back going again, a new episode."""
    return any(c.rating <= SETTLED_AT for c in checks[:-1])


def went_again(onset: dt.date | None, today: dt.date, checks: Sequence[BackCheck]) -> bool:
    """Whether to ask "Did your back go again?": today's back check is clearly worse than the
    checks before it (`rise`), and the back had settled (SETTLED_AT or below) in this episode."""
    start = course_start(onset, checks)
    if start is None:
        return False
    episode = episode_checks(start, today, checks)
    if not episode or episode[-1].day != today:
        return False
    found = rise(start, episode)
    settled = had_settled(episode)
    return found is not None and found[0] is episode[-1] and settled


def episode_checks(start: dt.date, today: dt.date, checks: Sequence[BackCheck]) -> list[BackCheck]:
    """This episode's back checks up to today, in order of their days (those before the onset
    belong to an earlier one)."""
    return sorted((c for c in checks if start <= c.day <= today), key=lambda c: c.day)


def assess(onset: dt.date | None, today: dt.date, checks: Sequence[BackCheck]) -> Recovery | None:
    """Where the person is in the usual course, and whether a doctor should look at it.

    None when there is nothing to count from (no onset and no back check yet). Back checks
    before the onset belong to an earlier episode and are not counted.
    """
    start = course_start(onset, checks)
    if start is None or start > today:
        return None
    day = day_number(start, today)
    phase = phase_of(day)
    current = episode_checks(start, today, checks)
    fresh = current[-1] if current and (today - current[-1].day).days <= FRESH_DAYS else None
    doctor, reason, record = _doctor(start, today, current)
    return Recovery(day, phase, expectation(phase, fresh), doctor, reason, record)


class Said(NamedTuple):
    """A rule's finding: how urgent, the app's words now, and the record's words later."""

    doctor: Doctor
    reason: str
    record: str


def _doctor(start: dt.date, today: dt.date, checks: list[BackCheck]) -> Said:
    """The rules (docs/doctor-prompt.md has them with the scenarios their test runs): each reads
    only back checks, the most urgent that applies speaks, and a prompt stays until a newer
    check clears it (asking for today's check when the latest is older)."""
    if not checks:
        return Said(Doctor.NONE, "", "")
    latest = checks[-1]
    latest_day = day_number(start, latest.day)
    said = [
        found
        for rule in (
            _worse,
            _climbing,
            _stuck_high,
            _severe,
            _hardly_moving,
            _four_weeks,
            _two_weeks,
            _plateau,
        )
        if (found := rule(start, latest_day, latest, checks)) is not None
    ]
    if not said:
        return Said(Doctor.NONE, "", "")
    doctor, reason, record = max(said, key=lambda found: URGENCY.index(found.doctor))
    if latest.day < today:
        reason += " " + _("Please give today's back check.")
    return Said(doctor, reason, record)


def rise(start: dt.date, checks: Sequence[BackCheck]) -> tuple[BackCheck, int] | None:
    """The back check that made the back clearly worse, and what it was before (None: none).

    A rise of CLEAR_CHANGE over the checks before it (their median: one good day between bad
    ones is no baseline), past the worst days, whatever the gaps between checks; it stands
    while the later checks stay within a point of it. `checks` in order of their days."""
    for index in range(len(checks) - 1, 0, -1):
        risen = checks[index]
        if day_number(start, risen.day) <= WORST_DAYS:
            return None
        usual = _usual_before(checks, index)
        if risen.rating - usual >= CLEAR_CHANGE and all(
            risen.rating - c.rating < CLEAR_CHANGE for c in checks[index:]
        ):
            return risen, usual
    return None


def setbacks(start: dt.date, checks: Sequence[BackCheck]) -> list[tuple[BackCheck, int]]:
    """Every back check that was clearly worse than the checks before it (as `rise` judges),
    past the worst days, with what it was before; a rise that lasts several days counts once,
    on its first day. `checks` in order of their days."""
    found: list[tuple[BackCheck, int]] = []
    up = False  # the check before was part of a setback already counted
    for index in range(1, len(checks)):
        risen = checks[index]
        if day_number(start, risen.day) <= WORST_DAYS:
            continue
        usual = _usual_before(checks, index)
        clearly = risen.rating - usual >= CLEAR_CHANGE
        if clearly and not up:
            found.append((risen, usual))
        up = clearly
    return found


def _usual_before(checks: Sequence[BackCheck], index: int) -> int:
    """What the back was before `checks[index]`: the median of the few checks before it."""
    return statistics.median_low(c.rating for c in checks[:index][-RECENT_CHECKS:])


def _worse(start: dt.date, day: int, latest: BackCheck, checks: list[BackCheck]) -> Said | None:
    """Clearly worse than the checks before: on one day, check again tomorrow (a bad day after
    a long drive or a busy day is common); still up on a later check, a doctor."""
    found = rise(start, checks)
    if found is None:
        return None
    risen, before = found
    # Had it settled before? Then the back may have gone again: a new episode, if so.
    again = (
        " "
        + _(
            "If your back went again, enter today as the day it started in the history window: "
            "the course then counts from today."
        )
        if had_settled(checks)
        else ""
    )
    earlier = checks[-2] if len(checks) > 1 else None
    stayed_up = (
        earlier is not None
        and earlier.rating - before >= CLEAR_CHANGE
        and day_number(start, earlier.day) > WORST_DAYS
    )
    if not stayed_up:
        return Said(
            Doctor.WATCH,
            _(
                "Your back check rose from {before} to {now}. One bad day, after a long drive or "
                "a busy day, is common: check in again tomorrow. If it stays up, see a doctor."
            ).format(now=risen.rating, before=before)
            + again,
            _("my back check rose from {before} to {now}").format(now=risen.rating, before=before),
        )
    return Said(
        Doctor.FIRMLY,
        _(
            "Your back check is {now} now, up from {before} before it got worse, and it has "
            "stayed up. After the first two days lumbago usually gets better, not worse: please "
            "see a doctor soon."
        ).format(now=latest.rating, before=before)
        + again,
        _("my back check stayed up at {now} (it had been {before} before it got worse)").format(
            now=latest.rating, before=before
        ),
    )


def _climbing(start: dt.date, day: int, latest: BackCheck, checks: list[BackCheck]) -> Said | None:
    last = checks[-CLIMB_CHECKS:]
    if len(last) < CLIMB_CHECKS or day_number(start, last[0].day) <= WORST_DAYS:
        return None
    if not all(b.rating > a.rating for a, b in itertools.pairwise(last)):
        return None
    if last[-1].rating - last[0].rating < CLEAR_CHANGE:
        return None
    ratings = " → ".join(str(c.rating) for c in last)
    return Said(
        Doctor.FIRMLY,
        _(
            "Your back checks keep climbing ({ratings}). After the first two days lumbago "
            "usually gets better, not worse: please see a doctor soon."
        ).format(ratings=ratings),
        _("my back checks kept climbing ({ratings})").format(ratings=ratings),
    )


def _stuck_high(
    start: dt.date, day: int, latest: BackCheck, checks: list[BackCheck]
) -> Said | None:
    last = checks[-HIGH_CHECKS:]
    if len(last) < HIGH_CHECKS or day_number(start, last[0].day) <= WORST_DAYS:
        return None
    if any(c.rating < HIGH_RATING for c in last):
        return None
    return Said(
        Doctor.FIRMLY,
        _(
            "Your last {count} back checks were all {high} or more. After the first two days "
            "lumbago usually eases a lot: please see a doctor soon."
        ).format(high=HIGH_RATING, count=HIGH_CHECKS),
        _("my last {count} back checks were all {high} or more").format(
            high=HIGH_RATING, count=HIGH_CHECKS
        ),
    )


def _severe(start: dt.date, day: int, latest: BackCheck, checks: list[BackCheck]) -> Said | None:
    if day <= WORST_DAYS or latest.rating < SEVERE_RATING:
        return None
    return Said(
        Doctor.FIRMLY,
        _(
            "Your back check is {now}, the most severe pain, after the first two days: please "
            "see a doctor soon."
        ).format(now=latest.rating),
        _("my back check was {now}, the most severe pain").format(now=latest.rating),
    )


def _hardly_moving(
    start: dt.date, day: int, latest: BackCheck, checks: list[BackCheck]
) -> Said | None:
    if day < HARDLY_FROM_DAY or latest.movement is not Movement.HARDLY:
        return None
    return Said(
        Doctor.FIRMLY,
        _(
            "You can still hardly move on day {day}. By day 3 or 4 moving is usually almost "
            "normal again: please see a doctor soon."
        ).format(day=day),
        _("I could still hardly move"),
    )


def _plateau(start: dt.date, day: int, latest: BackCheck, checks: list[BackCheck]) -> Said | None:
    last = checks[-PLATEAU_CHECKS:]
    if len(last) < PLATEAU_CHECKS or day < PLATEAU_FROM_DAY:
        return None
    ratings = [c.rating for c in last]
    if min(ratings) < PLATEAU_RATING or max(ratings) - min(ratings) > 1:
        return None
    # Since when: back from the latest check, as long as the checks stay within that point.
    run = len(checks)
    low, high = min(ratings), max(ratings)
    while run > 0 and low <= checks[run - 1].rating <= high:
        run -= 1
    level, since = round(statistics.median(ratings)), day_number(start, checks[run].day)
    return Said(
        Doctor.SUGGESTED,
        _(
            "Your back has stayed at about {level} since day {since}. Lumbago usually keeps "
            "easing in the second week: it is worth a doctor's look."
        ).format(level=level, since=since),
        _("my back had stayed at about {level} since day {since}").format(level=level, since=since),
    )


def _four_weeks(
    start: dt.date, day: int, latest: BackCheck, checks: list[BackCheck]
) -> Said | None:
    if day < DOCTOR_FIRMLY_FROM_DAY or latest.rating <= SETTLED_AT:
        return None
    weeks = (day - 1) // 7
    return Said(
        Doctor.FIRMLY,
        _(
            "{weeks} weeks on, your back check is still {now}. Lumbago has usually settled by "
            "now: please have your back checked by a doctor."
        ).format(weeks=weeks, now=latest.rating),
        _("{weeks} weeks on, my back check was still {now}").format(weeks=weeks, now=latest.rating),
    )


def _two_weeks(start: dt.date, day: int, latest: BackCheck, checks: list[BackCheck]) -> Said | None:
    """Not clearly better than at the start: down by CLEAR_CHANGE, or to SETTLED_AT or below."""
    if day < DOCTOR_FROM_DAY:
        return None
    first_days = [c for c in checks if day_number(start, c.day) <= BASELINE_DAYS] or checks[:1]
    if latest is first_days[-1]:
        return None  # nothing to compare with yet
    baseline = max(c.rating for c in first_days)
    if latest.rating <= SETTLED_AT or baseline - latest.rating >= CLEAR_CHANGE:
        return None
    if had_settled(checks):
        return None  # it had settled: worse again is a rise (or a new episode), not this
    return Said(
        Doctor.SUGGESTED,
        _(
            "Two weeks on, your back is not clearly better than in the first days ({then} then, "
            "{now} now); most lumbago is much better by now. It is worth a doctor's look."
        ).format(then=baseline, now=latest.rating),
        _(
            "two weeks on, my back was not clearly better than in the first days ({then} then, "
            "{now} now)"
        ).format(then=baseline, now=latest.rating),
    )
