"""The routine model: immutable steps and routines, as the loader builds them from YAML."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core import defaults

#: The guide's cap: each spot is rolled at most this many times.
MAX_REPETITIONS = 15
DEFAULT_HOLD = (20.0, 30.0)
DEFAULT_LEAD_IN = 5.0
DEFAULT_SPOTS = 3


class StepKind(enum.StrEnum):
    PREPARE = "prepare"
    HOLD = "hold"
    ROLLING = "rolling"
    SPOT = "spot"
    ACTIVITY = "activity"


class Origin(enum.StrEnum):
    BUNDLED = "bundled"
    USER = "user"


@dataclass(frozen=True)
class HoldSpec:
    """Static pressure: count down from `upper`; `lower` is when releasing is fine."""

    lower: float = DEFAULT_HOLD[0]
    upper: float = DEFAULT_HOLD[1]
    lead_in: float = DEFAULT_LEAD_IN


@dataclass(frozen=True)
class RollingSpec:
    """Rolling over one spot: at most `cap` rolls; `pace` seconds per roll counts by itself."""

    cap: int = MAX_REPETITIONS
    pace: float | None = None


@dataclass(frozen=True)
class Prompt:
    """An activity prompt shown from `at` seconds into the activity."""

    at: float
    text: str
    speak: str | None = None


@dataclass(frozen=True)
class Step:
    kind: StepKind
    title: str
    instruction: str
    illustration: str
    speak: str | None = None
    #: Where the illustration file was found; None when it is missing (a placeholder is shown).
    illustration_path: Path | None = None
    #: The muscle area this step works on, for the per-area dose.
    area: str | None = None
    #: prepare: optional timer; activity: its length.
    duration: float | None = None
    hold: HoldSpec | None = None
    rolling: RollingSpec | None = None
    prompts: tuple[Prompt, ...] = ()
    #: spot: how many spots the guide suggests looking for (for estimates and display).
    spots: int = DEFAULT_SPOTS
    #: prepare: waits for the person however long it takes (getting down onto the floor in
    #: acute pain): never moves on by itself, even hands-free.
    waits: bool = False
    #: prepare: the person is on their feet (finding the muscle standing up); activity steps
    #: always are. Pain of 8 or more then means "stop and stand still", not "rest".
    standing: bool = False
    line: int = 0

    @property
    def spoken_text(self) -> str:
        """What a voice reads at the start of the step."""
        return self.speak if self.speak else f"{self.title}. {self.instruction}"

    @property
    def on_feet(self) -> bool:
        """Whether the person is standing or walking during this step."""
        return self.kind is StepKind.ACTIVITY or self.standing

    @property
    def expects_rating(self) -> bool:
        """Steps that press on a spot ask for a pain rating."""
        return self.kind in (StepKind.HOLD, StepKind.ROLLING, StepKind.SPOT)

    def estimated_seconds(
        self, pace: float | None = defaults.ROLLING_PACE, wait: float | None = defaults.PREPARE_WAIT
    ) -> float:
        """How long the step takes: a rolling step at the routine's pace or else at `pace` (the
        person's; counted by hand: the default's), a prepare step without a timer `wait`."""
        match self.kind:
            case StepKind.PREPARE:
                return self.duration or wait or defaults.PREPARE_WAIT
            case StepKind.ACTIVITY:
                return self.duration or 0.0
            case StepKind.HOLD:
                assert self.hold is not None
                return self.hold.lead_in + self.hold.upper
            case StepKind.ROLLING:
                assert self.rolling is not None
                return self.rolling.cap * (self.rolling.pace or pace or defaults.ROLLING_PACE)
            case StepKind.SPOT:
                assert self.hold is not None
                return self.spots * (self.hold.lead_in + self.hold.upper)


@dataclass(frozen=True)
class PainSettings:
    """The target band on the 0–10 scale and how big a rise counts as 'rising'."""

    band_low: int = 4
    band_high: int = 7
    rising_threshold: int = 2


#: Firm safety limits that no routine file may lift: above 7 the pressure is too much,
#: and a rise of more than 3 points before warning would let the pain climb unchecked.
MAX_BAND_HIGH = 7
MAX_RISING_THRESHOLD = 3


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    summary: str
    muscles: tuple[str, ...]
    equipment: tuple[str, ...]
    steps: tuple[Step, ...]
    pain: PainSettings = field(default_factory=PainSettings)
    #: What to do after the routine (shown on the finish view), in the routine's own words.
    afterwards: str = ""
    source: Path = Path()
    origin: Origin = Origin.BUNDLED

    def estimated_seconds(
        self, pace: float | None = defaults.ROLLING_PACE, wait: float | None = defaults.PREPARE_WAIT
    ) -> float:
        return sum(step.estimated_seconds(pace, wait) for step in self.steps)

    def estimated_minutes(self) -> int:
        return max(1, round(self.estimated_seconds() / 60))

    def listing(self) -> Listing:
        return Listing(
            id=self.id,
            title=self.title,
            summary=self.summary,
            muscles=self.muscles,
            equipment=self.equipment,
            minutes=self.estimated_minutes(),
            steps=len(self.steps),
            source=self.source,
            origin=self.origin,
        )


@dataclass(frozen=True)
class Listing:
    """What the routine list shows of a routine: a few hundred bytes, where the routine with its
    steps is tens of kilobytes (10,000 user routines must fit in a small memory)."""

    id: str
    title: str
    summary: str
    muscles: tuple[str, ...]
    equipment: tuple[str, ...]
    minutes: int
    steps: int
    source: Path
    origin: Origin
