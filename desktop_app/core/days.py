"""Which days and moments belong to a back's story: the one range every date is checked
against where it enters the app (a date field, a history row, a setting) and where it is drawn.

A history row dated in year 1 or 9999 is someone's edit or another program's, not a day of this
back: it is left out, never drawn (a chart from year 1 to today would be 740,000 days wide)."""

from __future__ import annotations

import datetime as dt

#: The first and the last day a date in the app may be.
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
#: How far back a person may date a day they enter (the day the back went, a back check):
#: an episode of acute low back pain is weeks old, a year is more than any.
ENTRY_REACH = dt.timedelta(days=366)


def plausible(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def read_day(text: object) -> dt.date:
    """A day as the history writes it (2026-12-06); ValueError when it is none or out of range."""
    day = dt.date.fromisoformat(str(text))
    if not plausible(day):
        raise ValueError(f"{day} is outside {FIRST_DAY} to {LAST_DAY}")
    return day


def read_moment(text: object) -> dt.datetime:
    """A moment as the history writes it (with its zone); ValueError when it is none or out
    of range."""
    moment = dt.datetime.fromisoformat(str(text))
    if not plausible(moment.date()):
        raise ValueError(f"{moment} is outside {FIRST_DAY} to {LAST_DAY}")
    return moment


def entry_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The earliest and the latest day a date field offers."""
    return max(FIRST_DAY, today - ENTRY_REACH), min(LAST_DAY, today)
