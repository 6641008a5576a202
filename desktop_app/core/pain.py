"""The pain rules while pressing: the 4–7 band, rising pain on one spot once settled, and
whether a hold eased. docs/pressure-feedback.md has them as a table; its rows are the tests
(tests/test_pressure_feedback.py)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from desktop_app.core.logged import Logged
from desktop_app.core.routines import PainSettings

MIN_RATING = 0
MAX_RATING = 10

#: A hold's settling: its lead-in and this many seconds of its count. The instruction asks the
#: person to let their weight sink in until the pain is clearly felt, so the pain climbing into
#: the band while they sink in is what was asked for, not "pressing too hard". Five seconds:
#: time to sink in and give a rating or two, short against a 20–30 s hold. A rise is judged
#: from where the pain stood when settling ended (the last rating given while settling).
HOLD_SETTLE_SECONDS = 5.0


class PainFlag(enum.StrEnum):
    #: 8 or more: too much pressure, at once.
    ABOVE_BAND = Logged.PAIN_ABOVE_BAND.value
    #: At least the threshold above the lowest rating since settling on the same spot (never
    #: for a rating above the band, which says so itself: one rating, one warning).
    RISING = Logged.PAIN_RISING.value
    #: Below the band: a little more pressure is fine.
    BELOW_BAND = Logged.PAIN_BELOW_BAND.value
    #: 8 or more while nothing is being pressed (lying down, walking): rest, and see a doctor
    #: if it keeps getting worse or is new. Pressure advice would make no sense here.
    HIGH_AT_REST = Logged.PAIN_HIGH_AT_REST.value


#: Most urgent first; the window shows the first raised one.
SEVERITY = (PainFlag.ABOVE_BAND, PainFlag.HIGH_AT_REST, PainFlag.RISING, PainFlag.BELOW_BAND)


def is_valid_rating(value: object) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and MIN_RATING <= value <= MAX_RATING
    )


def eased(ratings: list[int]) -> bool | None:
    """Whether a hold eased: its latest rating below its highest (4 → 6 → 4 eased from 6;
    5 → 5 did not).

    One rating (or none) is no evidence either way: None, and nothing is said about easing.
    """
    if len(ratings) < 2:
        return None
    return ratings[-1] < max(ratings)


@dataclass
class SpotPain:
    """The ratings given on one spot (or one step) and the flags currently raised.

    A flag fires when its condition becomes true and re-arms once it is false again, so a
    user who stays at 8 hears the warning once, not on every rating.
    """

    settings: PainSettings
    #: Something is being pressed (hold, rolling and spot steps). Only then do the band and
    #: rising-pain flags mean anything; lying down or walking, a high rating means "rest".
    pressing: bool = True
    ratings: list[int] = field(default_factory=list)
    raised: set[PainFlag] = field(default_factory=set)
    #: A hold's lead-in and first seconds: ratings are kept, but no rise is judged yet.
    settling: bool = False
    #: The ratings a rise is judged against: those since settling ended (starting with where
    #: the pain stood then); on a rolling spot, all of them.
    baseline: list[int] = field(default_factory=list)

    def begin_settling(self) -> None:
        """A hold's lead-in begins: the person sinks onto the ball."""
        self.settling = True
        self.baseline = []

    def settle(self) -> None:
        """Settling is over: rises are judged from where the pain stands now."""
        self.settling = False
        self.baseline = self.ratings[-1:]

    def rate(self, rating: int) -> list[PainFlag]:
        """Record a rating; return the flags that this rating newly raises, most urgent first
        (at most one warning: above the band, or risen, or at rest)."""
        conditions: set[PainFlag] = set()
        too_high = rating > self.settings.band_high
        if not self.pressing:
            if too_high:
                conditions.add(PainFlag.HIGH_AT_REST)
        else:
            if too_high:
                conditions.add(PainFlag.ABOVE_BAND)
            elif self.risen_to(rating):
                conditions.add(PainFlag.RISING)
            if rating < self.settings.band_low:
                conditions.add(PainFlag.BELOW_BAND)
        if not self.settling:
            self.baseline.append(rating)
        newly = conditions - self.raised
        if rating == MAX_RATING:
            # The worst pain imaginable always warns, even right after a 9 raised the flag.
            newly |= conditions & {PainFlag.ABOVE_BAND, PainFlag.HIGH_AT_REST}
        self.raised = conditions
        self.ratings.append(rating)
        return [flag for flag in SEVERITY if flag in newly]

    def risen_to(self, rating: int) -> bool:
        """Whether `rating` is the rising threshold or more above the lowest since settling."""
        lowest = self.lowest
        return lowest is not None and rating >= lowest + self.settings.rising_threshold

    @property
    def lowest(self) -> int | None:
        """The lowest rating a rise is judged from (None while settling, or before any)."""
        if self.settling or not self.baseline:
            return None
        return min(self.baseline)

    @property
    def warning(self) -> PainFlag | None:
        """The most urgent flag the latest rating raised, if any."""
        return next((flag for flag in SEVERITY if flag in self.raised), None)
