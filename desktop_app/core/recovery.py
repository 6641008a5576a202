"""The guide's usual course of lumbago, and when to suggest seeing a doctor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop_app.core.history import DayPain
from desktop_app.i18n import _

#: The guide's phases, in days since onset (day 1 is the day it started).
PHASES = (
    (1, 2, "worst"),
    (3, 4, "easing"),
    (5, 14, "residual"),
)
#: From this day on, pain that has not improved is worth a doctor's look (the 2–4 week window).
DOCTOR_AFTER_DAYS = 14
#: By this day, any pain still in the band is worth a doctor's look.
DOCTOR_BY_DAYS = 28


@dataclass(frozen=True)
class Recovery:
    day: int
    expectation: str
    see_doctor: bool
    reason: str


def day_number(onset: dt.date, today: dt.date) -> int:
    return (today - onset).days + 1


def expectation(day: int) -> str:
    if day <= 2:
        return _(
            "The first two days are usually the worst. Move gently and often; short slow walks help."
        )
    if day <= 4:
        return _(
            "Around day 3 and 4 the pain has usually eased a lot and moving is almost normal again."
        )
    if day <= 14:
        return _(
            "Some tension in the lower back and around the sacrum, and a little stiffness bending "
            "forward or sideways, often lasts another week or two. Keep up the massage and the walks."
        )
    return _("By now most lumbago has settled. Keep the muscles moving so it does not come back.")


def assess(onset: dt.date, today: dt.date, days: list[DayPain]) -> Recovery:
    day = day_number(onset, today)
    rated = [d for d in days if d.day >= onset]
    see_doctor, reason = False, ""
    if day > DOCTOR_AFTER_DAYS and rated:
        first = rated[: max(1, min(3, len(rated) // 2))]
        last = rated[-max(1, min(3, len(rated) // 2)) :]
        early = sum(d.average for d in first) / len(first)
        late = sum(d.average for d in last) / len(last)
        if len(rated) >= 2 and late > early - 1:
            see_doctor = True
            reason = _("Your pain ratings have not improved in {days} days.").format(days=day - 1)
        elif day > DOCTOR_BY_DAYS and late >= 4:
            see_doctor = True
            reason = _("After {weeks} weeks your back still hurts at {late:.0f} of 10.").format(
                weeks=(day - 1) // 7, late=late
            )
    return Recovery(day, expectation(day), see_doctor, reason)
