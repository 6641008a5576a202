"""When not to treat yourself: the red flags, in plain words, and whether treatment may start.

The check decides. An emergency sign means no routine starts at all; a see-a-doctor-first
sign means no routine starts unless the person says, deliberately, that a doctor has told
them self-massage is fine (asked again after `REASK_AFTER`). "None of these apply" is a
deliberate answer too. The signs follow the NHS pages and NICE NG59's red flags.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.i18n import _

if TYPE_CHECKING:
    from desktop_app.core.history import BackCheck


class Urgency(enum.StrEnum):
    EMERGENCY = "emergency"
    DOCTOR = "doctor"


class Answer(enum.StrEnum):
    """What the person answered, as stored in the settings."""

    #: Nothing answered yet (or an answer that must be given again).
    NONE = ""
    #: None of the signs apply.
    NONE_APPLY = "none_apply"
    #: A see-a-doctor sign applies, and a doctor has said self-massage is fine.
    DOCTOR_CLEARED = "doctor_cleared"
    #: An emergency sign applies: nothing may start. Never stored; kept for this run only.
    EMERGENCY = "emergency"


#: A doctor's all-clear is asked for again after this long: things change.
REASK_AFTER = dt.timedelta(days=30)


class Soon(enum.StrEnum):
    """How soon a see-a-doctor-first sign needs the doctor."""

    #: Fever, weight loss, pain all night, an infection risk: an appointment the same or
    #: the next day.
    TODAY = "today"
    DAYS = "days"


@dataclass(frozen=True)
class RedFlag:
    key: str
    text: str
    urgency: Urgency
    #: For a see-a-doctor-first sign: how soon (None for an emergency: now).
    soon: Soon | None = None


def red_flags() -> tuple[RedFlag, ...]:
    """The signs, translated when called (not at import, so a language change shows). The keys
    are stored with an answer (settings' safety/signs): a new sign gets a new key."""
    emergency, doctor = Urgency.EMERGENCY, Urgency.DOCTOR
    today, days = Soon.TODAY, Soon.DAYS
    return (
        RedFlag(
            "saddle",
            _("Numbness or tingling between your legs or around your bottom"),
            emergency,
        ),
        RedFlag(
            "bladder",
            _("New trouble passing urine, or losing control of your bladder or bowels"),
            emergency,
        ),
        RedFlag(
            "sex", _("New problems with sex: getting an erection, or feeling down there"), emergency
        ),
        RedFlag("legs", _("Weakness or numbness in both legs"), emergency),
        RedFlag("both_legs", _("Pain or tingling that goes down both legs"), emergency),
        RedFlag("walking", _("Your walking has become unsteady, or your legs give way"), emergency),
        RedFlag("chest", _("Chest pain"), emergency),
        # An abdominal aortic aneurysm can feel like back pain (above all in men over 60 and
        # smokers), and the stick presses toward the belly: an emergency sign (NHS).
        RedFlag(
            "belly",
            _("Back pain together with pain in your belly, or a pulsing feeling in your belly"),
            emergency,
        ),
        # A serious accident is an emergency; a minor fall a see-a-doctor-today sign (NHS).
        RedFlag(
            "accident",
            _("The pain started after a serious accident, such as a car crash"),
            emergency,
        ),
        RedFlag("fall", _("The pain started after a minor fall"), doctor, today),
        RedFlag(
            "one_leg", _("One leg getting weaker, or a foot that drops or drags"), doctor, today
        ),
        RedFlag("fever", _("A fever, or feeling generally unwell"), doctor, today),
        RedFlag(
            "constant",
            _(
                "Pain that never lets up, all night long, whatever position you lie in (being "
                "woken when you turn over is usual with lumbago)"
            ),
            doctor,
            today,
        ),
        RedFlag("weight", _("Weight loss you cannot explain"), doctor, today),
        RedFlag("cancer", _("Cancer, now or in the past"), doctor, today),
        RedFlag("urine", _("Burning or blood when you pass urine"), doctor, today),
        RedFlag(
            "infection",
            _("You inject drugs, or have recently had an infection or an operation on your spine"),
            doctor,
            today,
        ),
        RedFlag(
            "immune",
            _("A weakened immune system, for example from medicines that suppress it"),
            doctor,
            days,
        ),
        RedFlag(
            "over50",
            _("You are over 50, and back pain like this is new to you or unlike your usual"),
            doctor,
            days,
        ),
        RedFlag("pregnant", _("You are pregnant"), doctor, days),
        RedFlag(
            "stiff_mornings",
            _("Stiffness for more than half an hour every morning that eases as you move"),
            doctor,
            days,
        ),
        RedFlag(
            "bones", _("Osteoporosis, or taking steroid tablets for a long time"), doctor, days
        ),
        RedFlag("thinners", _("Taking blood thinners (pressure can bruise you)"), doctor, days),
        RedFlag("shape", _("A swelling, or a change in the shape of your back"), doctor, days),
        RedFlag("high", _("Pain high in your back, between the shoulder blades"), doctor, days),
        RedFlag(
            "local",
            _("A blood clot, a fracture or broken skin where you would press"),
            doctor,
            days,
        ),
    )


def short_names() -> dict[str, str]:
    """Each sign in a few words, by key: the report lists what the check asks in one line, so
    that "none of the signs" has a meaning to a doctor."""
    return {
        "saddle": _("saddle numbness"),
        "bladder": _("bladder or bowel control"),
        "sex": _("new sexual problems"),
        "legs": _("weakness or numbness in both legs"),
        "both_legs": _("pain down both legs"),
        "walking": _("unsteady walking"),
        "chest": _("chest pain"),
        "belly": _("belly pain or pulsing"),
        "accident": _("serious accident"),
        "fall": _("minor fall"),
        "one_leg": _("a weak leg or foot drop"),
        "fever": _("fever or feeling unwell"),
        "constant": _("pain all night in any position"),
        "weight": _("unexplained weight loss"),
        "cancer": _("cancer"),
        "urine": _("burning or blood in urine"),
        "infection": _("drug injection, recent infection or spinal operation"),
        "immune": _("weakened immunity"),
        "over50": _("over 50 with new back pain"),
        "pregnant": _("pregnancy"),
        "stiff_mornings": _("morning stiffness over half an hour"),
        "bones": _("osteoporosis or long-term steroids"),
        "thinners": _("blood thinners"),
        "shape": _("swelling or change in the back's shape"),
        "high": _("pain between the shoulder blades"),
        "local": _("clot, fracture or broken skin where pressed"),
    }


def emergency_advice() -> str:
    return _(
        "Get emergency help now: call your local emergency number (112 in Europe, 999 in the "
        "UK, 911 in North America) or go to an emergency department. Do not massage your back "
        "with this app."
    )


def doctor_advice() -> str:
    return _(
        "Please see a doctor before you massage your back, and ask whether self-massage is safe "
        "for you. Once a doctor has said it is fine, you can tell the app so."
    )


def disclaimer() -> str:
    return _(
        "Lumbago Coach guides self-massage for ordinary, muscular low back pain. It does not "
        "diagnose anything and it is no substitute for a doctor. It promises no cure. If the "
        "pain is unusual for you, gets worse, or does not improve within two to four weeks, "
        "see a doctor."
    )


def emergency_reminder() -> str:
    """One short line that keeps the emergency signs in view after the first answer."""
    return _(
        "Get emergency help at once for numbness or tingling around your bottom, new bladder, "
        "bowel or sex problems, weakness in both legs, chest pain, or belly pain with your "
        "back pain."
    )


def by_urgency(urgency: Urgency) -> list[RedFlag]:
    return [flag for flag in red_flags() if flag.urgency is urgency]


@dataclass(frozen=True)
class SignGroup:
    """Signs that need help equally soon, under one heading that says how soon (once)."""

    heading: str
    urgency: Urgency
    flags: tuple[RedFlag, ...]
    #: The group in two or three words (the report's one line of what the check asks).
    short: str = ""


def sign_groups() -> tuple[SignGroup, ...]:
    """The signs by how soon: get help now; see a doctor today or tomorrow; in the next few
    days. The check, the help and the finish page's reminder list them so."""
    flags = red_flags()
    return (
        SignGroup(
            _("Get emergency help now if you have:"),
            Urgency.EMERGENCY,
            tuple(flag for flag in flags if flag.urgency is Urgency.EMERGENCY),
            _("emergency"),
        ),
        SignGroup(
            _("See a doctor today or tomorrow, before using this app, if you have:"),
            Urgency.DOCTOR,
            tuple(flag for flag in flags if flag.soon is Soon.TODAY),
            _("a doctor within a day"),
        ),
        SignGroup(
            _("See a doctor in the next few days, before using this app, if you have:"),
            Urgency.DOCTOR,
            tuple(flag for flag in flags if flag.soon is Soon.DAYS),
            _("a doctor within days"),
        ),
    )


def verdict(ticked: Iterable[str]) -> Urgency | None:
    """The most urgent group among the ticked signs; None when nothing is ticked."""
    chosen = {flag.urgency for flag in red_flags() if flag.key in set(ticked)}
    for urgency in (Urgency.EMERGENCY, Urgency.DOCTOR):
        if urgency in chosen:
            return urgency
    return None


def advice(ticked: Iterable[str]) -> list[str]:
    """What to do instead, most urgent first; empty when nothing is ticked."""
    urgency = verdict(ticked)
    if urgency is Urgency.EMERGENCY:
        return [emergency_advice()]
    if urgency is Urgency.DOCTOR:
        return [doctor_advice()]
    return []


class Asked(enum.StrEnum):
    """Why the check was put: the first start, an answer too old to stand, the person opening
    it, an answer that raised a sign; or, for an answered check that comes back (`recheck`:
    the emergency signs can develop during an episode), a new episode, a worse back, a week.
    The history keeps it with each answer. Stored: never rename one that has shipped."""

    FIRST = "first"
    DUE = "due"
    OWN = "own"
    LEG_PAIN = "leg_pain"
    NEW_EPISODE = "new_episode"
    WORSE = "worse"
    WEEKLY = "weekly"

    @property
    def label(self) -> str:
        """Why, as the report's list of answers says it."""
        match self:
            case Asked.FIRST:
                return _("first start")
            case Asked.DUE:
                return _("the earlier answer was due again")
            case Asked.OWN:
                return _("I opened it myself")
            case Asked.LEG_PAIN:
                return _("I said the pain goes down both legs")
            case Asked.NEW_EPISODE:
                return _("my back went again")
            case Asked.WORSE:
                return _("my back check was worse")
            case Asked.WEEKLY:
                return _("a week since the last answer")


#: During an episode the check comes back at least this often.
RECHECK_EVERY = dt.timedelta(days=7)
#: A back check this high, after this day of the episode, brings the check back.
RECHECK_RATING = 9
RECHECK_AFTER_DAY = 4


def recheck(
    answered_on: dt.date | None,
    today: dt.date,
    onset: dt.date | None,
    checks: Sequence[BackCheck],
) -> Asked | None:
    """Whether an answer given on `answered_on` must be looked at again today, and why: a new
    episode (an onset after it), a back check since then that is clearly worse
    (recovery.rise) or 9–10 after day 4, or a week gone while the back is not settled (its latest check, of the last week, above
    recovery.SETTLED_AT)."""
    from desktop_app.core import recovery

    if answered_on is None:
        return None
    if onset is not None and onset > answered_on:
        return Asked.NEW_EPISODE
    start = recovery.course_start(onset, checks)
    if start is None:
        return None
    episode = recovery.episode_checks(start, today, checks)
    since = [c for c in episode if c.day > answered_on]
    risen = recovery.rise(start, episode)
    if risen is not None and risen[0].day > answered_on:
        return Asked.WORSE
    if any(
        c.rating >= RECHECK_RATING and recovery.day_number(start, c.day) > RECHECK_AFTER_DAY
        for c in since
    ):
        return Asked.WORSE
    latest = episode[-1] if episode else None
    if (
        today - answered_on >= RECHECK_EVERY
        and latest is not None
        and today - latest.day < RECHECK_EVERY
        and latest.rating > recovery.SETTLED_AT
    ):
        return Asked.WEEKLY
    return None


def recheck_text(why: Asked) -> str:
    """The line above the signs when the check comes back."""
    match why:
        case Asked.NEW_EPISODE:
            return _(
                "Your back went again: before you start, please look through the signs once "
                "more, the emergency ones first."
            )
        case Asked.WORSE:
            return _(
                "Your back check is worse than before. Is anything new? Please look through the "
                "signs once more, the emergency ones first."
            )
        case Asked.WEEKLY:
            return _(
                "A week has passed since you last looked through these signs. Is anything new? "
                "The emergency ones first."
            )
        case Asked.LEG_PAIN:
            return _(
                "You said the pain goes down both legs. That can be an emergency sign: please "
                "look through the signs now, the emergency ones first."
            )
    return ""


def check_due(answer: Answer, answered_on: dt.date | None, today: dt.date) -> bool:
    """Whether the check must be answered (again) before a routine may start."""
    if answer is Answer.NONE_APPLY:
        return False
    if answer is Answer.DOCTOR_CLEARED:
        return answered_on is None or not (answered_on <= today < answered_on + REASK_AFTER)
    return True
