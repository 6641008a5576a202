"""What the session engine and its step runs share: the phases, a command's result and why it
was refused, the engine's options, and the view a window draws from.

Kept apart from the engine so that each step kind's run (`desktop_app.core.steps`) can name
them without importing the engine that drives it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from desktop_app.core import defaults
from desktop_app.core.events import PauseReason, SpotMode
from desktop_app.core.pain import PainFlag
from desktop_app.core.routines import Prompt, Step


class Phase(enum.StrEnum):
    IDLE = "idle"
    #: Untimed or timed prepare step, or an activity.
    ACTIVE = "active"
    #: Settling onto the ball before a hold's count starts.
    LEAD_IN = "lead_in"
    HOLDING = "holding"
    ROLLING = "rolling"
    #: A spot step waiting for "roll" or "hold" for the current spot.
    CHOOSING = "choosing"
    #: The step (or, in a spot step, the spot) is over; waiting to move on.
    DONE = "done"
    FINISHED = "finished"
    STOPPED = "stopped"

    @property
    def over(self) -> bool:
        """Finished or stopped: nothing will happen any more."""
        return self in (Phase.FINISHED, Phase.STOPPED)


#: The phases of a session under way (a step run is in one of them).
RUNNING = frozenset(
    {Phase.ACTIVE, Phase.LEAD_IN, Phase.HOLDING, Phase.ROLLING, Phase.CHOOSING, Phase.DONE}
)


class Refusal(enum.StrEnum):
    """Why a command changed nothing. A code, not words: the window and the phone say it in
    the person's language, naming their keys or buttons; the engine knows neither."""

    NOT_STARTED = "not_started"
    OVER = "over"
    ALREADY_STARTED = "already_started"
    ALREADY_PAUSED = "already_paused"
    NOT_PAUSED = "not_paused"
    PAUSED = "paused"
    #: Moving on before a hold's shortest time: asking again confirms.
    HOLD_NOT_DONE = "hold_not_done"
    FIRST_STEP = "first_step"
    CAP_REACHED = "cap_reached"
    NOTHING_TO_COUNT = "nothing_to_count"
    NOT_A_SPOT = "not_a_spot"
    #: A mode chosen while the spot is already being worked (the next spot comes first).
    SPOT_IN_PROGRESS = "spot_in_progress"
    #: Moving to the next spot, or confirming, before roll or hold was chosen.
    CHOOSE_SPOT_MODE = "choose_spot_mode"
    NOTHING_TO_CONFIRM = "nothing_to_confirm"
    RATING_OUT_OF_RANGE = "rating_out_of_range"


@dataclass(frozen=True)
class Result:
    applied: bool
    refusal: Refusal | None = None

    def __bool__(self) -> bool:
        return self.applied


APPLIED = Result(True)


def refused(refusal: Refusal) -> Result:
    return Result(False, refusal)


@dataclass(frozen=True)
class EngineOptions:
    #: Move on by itself when a timed step ends (hands-free).
    auto_advance: bool = True
    #: Seconds between a step's end and the next step, to hear the end cue.
    advance_delay: float = 3.0
    #: No command for this long, whatever the step → check-in.
    checkin_after: float = defaults.CHECKIN_AFTER
    #: …and this much longer with still no answer → the session pauses itself.
    checkin_grace: float = defaults.CHECKIN_GRACE
    #: Hands-free rolling: a beat every this many seconds counts a roll, unless the routine
    #: sets its own pace or the person counts by hand (Enter). None: count by hand only.
    rolling_pace: float | None = defaults.ROLLING_PACE
    #: …and the beat begins this long after the rolling does, said aloud (PacingStarted).
    rolling_settle: float = defaults.ROLLING_SETTLE
    #: A spot nobody chooses roll or hold for is held (the gentler choice) after this long.
    #: None: wait for the choice.
    spot_choice_after: float | None = defaults.SPOT_CHOICE_AFTER
    #: A prepare step without a duration continues by itself after this long (said aloud
    #: `steps.prepare.PREPARE_WARNING` seconds before). None: wait for Enter.
    prepare_wait: float | None = defaults.PREPARE_WAIT


@dataclass(frozen=True)
class SessionView:
    """Everything a window needs to draw the session, at one moment."""

    phase: Phase
    paused: bool
    pause_reason: PauseReason | None
    step_index: int
    total_steps: int
    step: Step | None
    #: Seconds left on the current countdown (lead-in, hold, activity, timed prepare).
    remaining: float | None
    countdown_total: float | None
    lower_bound_reached: bool
    repetitions: int
    cap: int | None
    spot_number: int
    spot_mode: SpotMode | None
    prompt: Prompt | None
    #: The latest rating on the current spot (or step).
    last_rating: int | None
    #: The latest rating of the whole session.
    latest_rating: int | None
    warning: PainFlag | None
    #: The hold just ended without the pain easing.
    not_eased: bool
    #: This spot's hold has eased so far (its latest rating below its first).
    hold_eased: bool
    #: The hold reached its shortest time and asks "how is it now?" until a rating comes.
    asking_easing: bool
    confirm_pending: bool
    check_in: bool
    elapsed: float
    #: An estimate of the session time still to come.
    time_left: float
    #: The highest rating of this spot's hold so far (what "did not ease from" names).
    hold_highest: int | None = None
    #: The lowest rating since settling on this spot: what a rise is measured from.
    rise_from: int | None = None
    #: The pacing beat counts the rolls on this spot (hands-free), not the person's presses.
    beat_counts: bool = False
    #: The session moves on by itself when a step's or a spot's work is done (hands-free).
    moves_on: bool = True
    #: A spot nobody chooses roll or hold for is held by itself.
    holds_unchosen_spot: bool = True

    @property
    def over(self) -> bool:
        """Finished or stopped."""
        return self.phase.over
