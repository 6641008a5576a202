"""What a doctor asks first about an episode, asked once at its first back check: what set it
off (the guide's common triggers), whether pain goes down a leg, and what pain relief was
taken. Each is optional; the history keeps the answers by the episode's first day, the report
puts them on its first lines, and the history window lets them be changed.

Pain down both legs is an emergency sign: that answer opens the red-flag check with the sign
ticked (`LegPain.BOTH.emergency`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.i18n import _

if TYPE_CHECKING:
    import datetime as dt

    from desktop_app.core.history import History


class Trigger(enum.StrEnum):
    """The guide's most common triggers (its section on causes), and neither of them."""

    BEND_TWIST = "bend_twist"
    LIFTING = "lifting"
    AFTER_SITTING = "after_sitting"
    EVERYDAY = "everyday"
    STRESS = "stress"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        match self:
            case Trigger.BEND_TWIST:
                return _("Bending forward and twisting")
            case Trigger.LIFTING:
                return _("Lifting something heavy")
            case Trigger.AFTER_SITTING:
                return _("Getting up after long sitting")
            case Trigger.EVERYDAY:
                return _("An everyday movement")
            case Trigger.STRESS:
                return _("A time of stress")
            case Trigger.UNKNOWN:
                return _("Nothing I know of")


class LegPain(enum.StrEnum):
    NONE = "none"
    ABOVE_KNEE = "above_knee"
    BELOW_KNEE = "below_knee"
    BOTH = "both"

    @property
    def label(self) -> str:
        match self:
            case LegPain.NONE:
                return _("No")
            case LegPain.ABOVE_KNEE:
                return _("One leg, not below the knee")
            case LegPain.BELOW_KNEE:
                return _("One leg, below the knee")
            case LegPain.BOTH:
                return _("Both legs")

    @property
    def emergency(self) -> str | None:
        """The red flag (core.safety key) this answer is, if it is one."""
        return "both_legs" if self is LegPain.BOTH else None


class Relief(enum.StrEnum):
    NONE = "none"
    PHARMACY = "pharmacy"
    PRESCRIBED = "prescribed"

    @property
    def label(self) -> str:
        match self:
            case Relief.NONE:
                return _("None")
            case Relief.PHARMACY:
                return _("From the pharmacy")
            case Relief.PRESCRIBED:
                return _("Prescribed by a doctor")


class Question(enum.StrEnum):
    """The three questions, in the order they are asked; also the history's keys."""

    TRIGGER = "trigger"
    LEG = "leg"
    RELIEF = "relief"

    @property
    def text(self) -> str:
        match self:
            case Question.TRIGGER:
                return _("What set it off?")
            case Question.LEG:
                return _("Does the pain go down a leg?")
            case Question.RELIEF:
                return _("Have you taken pain relief?")

    @property
    def heading(self) -> str:
        """The question as a short label (the report's first lines, the history window)."""
        match self:
            case Question.TRIGGER:
                return _("Set off by")
            case Question.LEG:
                return _("Pain down a leg")
            case Question.RELIEF:
                return _("Pain relief")

    @property
    def choices(self) -> tuple[Choice, ...]:
        match self:
            case Question.TRIGGER:
                return tuple(Trigger)
            case Question.LEG:
                return tuple(LegPain)
            case Question.RELIEF:
                return tuple(Relief)


Choice = Trigger | LegPain | Relief


@dataclass(frozen=True)
class EpisodeAnswers:
    """An episode's answers; None where a question was skipped. `asked`: the questions were
    put (answered or skipped), so they are not put again."""

    trigger: Trigger | None = None
    leg: LegPain | None = None
    relief: Relief | None = None
    asked: bool = False

    @classmethod
    def from_stored(cls, stored: dict[str, str]) -> EpisodeAnswers:
        """From the history's rows (question → value; "" skipped). A value no version of the
        app wrote is read as skipped."""

        def read[T: enum.StrEnum](kind: type[T], key: Question) -> T | None:
            try:
                return kind(stored.get(key, ""))
            except ValueError:
                return None

        return cls(
            read(Trigger, Question.TRIGGER),
            read(LegPain, Question.LEG),
            read(Relief, Question.RELIEF),
            asked=bool(stored),
        )

    def stored(self) -> dict[str, str]:
        return {
            Question.TRIGGER: self.trigger.value if self.trigger else "",
            Question.LEG: self.leg.value if self.leg else "",
            Question.RELIEF: self.relief.value if self.relief else "",
        }

    def answer(self, question: Question) -> Choice | None:
        match question:
            case Question.TRIGGER:
                return self.trigger
            case Question.LEG:
                return self.leg
            case Question.RELIEF:
                return self.relief

    def with_answer(self, question: Question, choice: Choice | None) -> EpisodeAnswers:
        """These answers with `question` answered (None: skipped); a choice of another
        question's kind counts as skipped."""
        from dataclasses import replace

        match question:
            case Question.TRIGGER:
                return replace(self, trigger=_of(Trigger, choice), asked=True)
            case Question.LEG:
                return replace(self, leg=_of(LegPain, choice), asked=True)
            case Question.RELIEF:
                return replace(self, relief=_of(Relief, choice), asked=True)


def _of[T: (Trigger, LegPain, Relief)](kind: type[T], choice: Choice | None) -> T | None:
    return choice if isinstance(choice, kind) else None


def episode_start(history: History) -> dt.date | None:
    """The first day of the episode the answers belong to: the onset, else the first check."""
    from desktop_app.core.recovery import course_start

    return course_start(history.onset, history.back_checks())


def current_answers(history: History) -> EpisodeAnswers:
    start = episode_start(history)
    return EpisodeAnswers.from_stored(history.episode_answers(start)) if start else EpisodeAnswers()


def keep(history: History, answers: EpisodeAnswers) -> str | None:
    """Keep the current episode's answers (asked after its first check, or changed in the
    history window); returns the red flag an answer is (pain down both legs), which the caller
    takes to the red-flag check. Raises HistoryError when the history cannot keep them."""
    start = episode_start(history)
    if start is not None:
        history.set_episode_answers(start, answers.stored())
    return answers.leg.emergency if answers.leg is not None else None


def due(history: History) -> bool:
    """Whether to ask the questions now: the episode's first back check has just been given
    (asked once: answered or skipped, they are not asked again; an older episode's person can
    give them in the history window)."""
    start = episode_start(history)
    if start is None or history.episode_answers(start):
        return False
    return sum(1 for check in history.back_checks() if check.day >= start) == 1
