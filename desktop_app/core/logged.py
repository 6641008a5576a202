"""The names the history keeps a session's events under: a module of its own, small enough to
load at start-up (the history needs it; the engine and its events load with the first session)."""

from __future__ import annotations

import enum


class Logged(enum.StrEnum):
    """The names the history keeps events under (the `event` column; also the keys of a
    session's warning tally). Stored in files: never rename one that has shipped."""

    SESSION_STARTED = "session_started"
    SESSION_FINISHED = "session_finished"
    SESSION_STOPPED = "session_stopped"
    STEP_STARTED = "step_started"
    STEP_ENDED = "step_ended"
    PAIN_RATED = "pain_rated"
    PAIN_RISING = "pain_rising"
    PAIN_ABOVE_BAND = "pain_above_band"
    PAIN_BELOW_BAND = "pain_below_band"
    PAIN_HIGH_AT_REST = "pain_high_at_rest"
    PAIN_NOT_EASED = "pain_not_eased"
    PAIN_EASED = "pain_eased"
    EASING_ASKED = "easing_asked"
    HOLD_STARTED = "hold_started"
    HOLD_ENDED = "hold_ended"
    REPETITION = "repetition"
    REPETITION_CAP_REACHED = "repetition_cap_reached"
    SPOT_ROLLING = "spot_rolling"
    SPOT_HOLD = "spot_hold"
    PAUSED = "paused"
    RESUMED = "resumed"
    CHECK_IN = "check_in"


#: The entries that are warnings: a session's "warnings" count adds these up.
WARNINGS = (
    Logged.PAIN_RISING,
    Logged.PAIN_ABOVE_BAND,
    Logged.PAIN_HIGH_AT_REST,
    Logged.PAIN_NOT_EASED,
)
