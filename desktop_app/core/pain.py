"""The pain rules: the 4–7 band, rising pain on one spot, and whether a hold eased."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from desktop_app.core.logged import Logged
from desktop_app.core.routines import PainSettings

MIN_RATING = 0
MAX_RATING = 10


class PainFlag(enum.StrEnum):
    #: 8 or more: too much pressure, at once.
    ABOVE_BAND = Logged.PAIN_ABOVE_BAND.value
    #: At least the threshold above the lowest earlier rating on the same spot.
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
    """Whether a hold eased: its latest rating below its first.

    One rating (or none) is no evidence either way: None, and nothing is said about easing.
    """
    if len(ratings) < 2:
        return None
    return ratings[-1] < ratings[0]


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

    def rate(self, rating: int) -> list[PainFlag]:
        """Record a rating; return the flags that this rating newly raises, most urgent first."""
        conditions: set[PainFlag] = set()
        too_high = rating > self.settings.band_high
        if not self.pressing:
            if too_high:
                conditions.add(PainFlag.HIGH_AT_REST)
        else:
            if too_high:
                conditions.add(PainFlag.ABOVE_BAND)
            if rating < self.settings.band_low:
                conditions.add(PainFlag.BELOW_BAND)
            if self.ratings and rating >= min(self.ratings) + self.settings.rising_threshold:
                conditions.add(PainFlag.RISING)
        newly = conditions - self.raised
        if rating == MAX_RATING:
            # The worst pain imaginable always warns, even right after a 9 raised the flag.
            newly |= conditions & {PainFlag.ABOVE_BAND, PainFlag.HIGH_AT_REST}
        self.raised = conditions
        self.ratings.append(rating)
        return [flag for flag in SEVERITY if flag in newly]

    @property
    def lowest(self) -> int | None:
        return min(self.ratings) if self.ratings else None

    @property
    def warning(self) -> PainFlag | None:
        """The most urgent flag the latest rating raised, if any."""
        return next((flag for flag in SEVERITY if flag in self.raised), None)
