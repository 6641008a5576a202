"""What the session engine tells its listeners (window, sound, voice, history)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from desktop_app.core.routines import Prompt, Step


class SpotMode(enum.StrEnum):
    ROLLING = "rolling"
    HOLD = "hold"


class PauseReason(enum.StrEnum):
    """Why a session paused. The value is kept in the history's `paused` rows: never rename."""

    #: The person paused it.
    USER = "user"
    #: Nobody answered the check-in.
    UNRESPONSIVE = "unresponsive"


@dataclass(frozen=True, kw_only=True)
class Event:
    #: Session time (seconds of active time since start) at which the event was due.
    at: float
    step_index: int


@dataclass(frozen=True, kw_only=True)
class SessionStarted(Event):
    routine_id: str
    routine_title: str = ""
    total_steps: int = 0


@dataclass(frozen=True, kw_only=True)
class StepStarted(Event):
    step: Step
    total_steps: int


@dataclass(frozen=True, kw_only=True)
class StepEnded(Event):
    #: False when the user moved on before the step was over.
    completed: bool


@dataclass(frozen=True, kw_only=True)
class GetReadyTick(Event):
    """The lead-in before a hold: seconds until the count starts."""

    remaining: int


@dataclass(frozen=True, kw_only=True)
class HoldStarted(Event):
    lower: float
    upper: float


@dataclass(frozen=True, kw_only=True)
class LowerBoundReached(Event):
    """Releasing is fine from now on, once the pain has eased."""


@dataclass(frozen=True, kw_only=True)
class LastSecondsTick(Event):
    remaining: int


@dataclass(frozen=True, kw_only=True)
class HoldEnded(Event):
    held: float
    #: Whether the latest rating of the hold was below its highest; None with fewer than two.
    #: Decided here, once (core/pain.eased): the voice, the history and its story read this.
    eased: bool | None
    #: The ratings the verdict compared (the hold's highest and latest, lead-in included).
    highest: int | None = None
    latest: int | None = None


@dataclass(frozen=True, kw_only=True)
class ConfirmNext(Event):
    """The user asked to move on before a hold's lower bound; asking again confirms."""


@dataclass(frozen=True, kw_only=True)
class SpotStarted(Event):
    """A new tender spot: the user now chooses to roll it or hold it."""

    spot: int


@dataclass(frozen=True, kw_only=True)
class SpotModeChosen(Event):
    spot: int
    mode: SpotMode
    #: Nobody chose in time, so the engine chose the gentler hold (hands-free).
    by_itself: bool = False


@dataclass(frozen=True, kw_only=True)
class ContinuingSoon(Event):
    """A prepare step is about to continue by itself; Space pauses to wait longer."""

    seconds: float


@dataclass(frozen=True, kw_only=True)
class RepetitionCounted(Event):
    count: int
    cap: int
    by_pacing: bool


@dataclass(frozen=True, kw_only=True)
class PacingStarted(Event):
    """Hands-free rolling begins: from now on a beat every `pace` seconds counts a roll."""

    pace: float


@dataclass(frozen=True, kw_only=True)
class RepetitionCapReached(Event):
    cap: int
    #: The cap of one spot of a spot step (the next spot follows), not of a rolling step.
    spot_step: bool = False


@dataclass(frozen=True, kw_only=True)
class ActivityPromptChanged(Event):
    index: int
    prompt: Prompt


@dataclass(frozen=True, kw_only=True)
class PainRated(Event):
    rating: int


@dataclass(frozen=True, kw_only=True)
class PainRising(Event):
    rating: int
    lowest: int


@dataclass(frozen=True, kw_only=True)
class PainAboveBand(Event):
    rating: int


@dataclass(frozen=True, kw_only=True)
class PainBelowBand(Event):
    rating: int
    #: The hold's ratings have come down (pain.eased): below the band now means it worked,
    #: not that more pressure is wanted.
    eased: bool = False


@dataclass(frozen=True, kw_only=True)
class PainHighAtRest(Event):
    """8 or more on a step where nothing is pressed: rest (or, walking, stop until it settles);
    a doctor if it keeps rising."""

    rating: int
    #: On an activity step (walking): stopping until it settles, not resting, is the advice.
    moving: bool = False


@dataclass(frozen=True, kw_only=True)
class EasingAsked(Event):
    """A hold reached its shortest time: how is the pain now? (The answer decides 'eased'.)"""


@dataclass(frozen=True, kw_only=True)
class Paused(Event):
    reason: PauseReason = PauseReason.USER


@dataclass(frozen=True, kw_only=True)
class Resumed(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class CheckIn(Event):
    """Nothing heard from the person for the check-in time, whatever the step."""

    silent_for: float


@dataclass(frozen=True)
class AreaDose:
    spots: int = 0
    hold_seconds: float = 0.0
    rolls: int = 0


@dataclass(frozen=True)
class SessionSummary:
    routine_id: str
    completed: bool
    duration: float
    steps_total: int
    steps_done: int
    #: Holds that ran to their end (or were released after their shortest time)…
    holds: int
    #: …the time held in every hold begun, ended early or not…
    hold_seconds: float
    rolls: int
    #: Spots searched and worked in spot steps (a hold or a rolling step is no search).
    spots: int
    #: The first and last rating given while pressing (holds, rolling, spots): like with
    #: like, never a rating lying down or walking against one on the ball.
    pain_first: int | None
    pain_last: int | None
    flags: dict[str, int] = field(default_factory=dict)
    areas: dict[str, AreaDose] = field(default_factory=dict)
    #: …and the holds begun, ended early or not.
    holds_started: int = 0


@dataclass(frozen=True, kw_only=True)
class SessionFinished(Event):
    summary: SessionSummary
