"""When not to treat yourself: the red flags, in plain words, and whether treatment may start.

The check decides. An emergency sign means no routine starts at all; a see-a-doctor-first
sign means no routine starts unless the person says, deliberately, that a doctor has told
them self-massage is fine (asked again after `REASK_AFTER`). "None of these apply" is a
deliberate answer too. The signs follow the NHS pages and NICE NG59's red flags.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.i18n import _


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


@dataclass(frozen=True)
class RedFlag:
    key: str
    text: str
    urgency: Urgency


def red_flags() -> tuple[RedFlag, ...]:
    """The signs, translated when called (not at import, so a language change shows)."""
    emergency, doctor = Urgency.EMERGENCY, Urgency.DOCTOR
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
        RedFlag("chest", _("Chest pain"), emergency),
        RedFlag("injury", _("The pain started after a fall or an accident"), emergency),
        RedFlag(
            "one_leg",
            _("One leg getting weaker, or a foot that drops or drags (see a doctor urgently)"),
            doctor,
        ),
        RedFlag("fever", _("A fever, or feeling generally unwell"), doctor),
        RedFlag(
            "immune",
            _("A weakened immune system, for example from medicines that suppress it"),
            doctor,
        ),
        RedFlag("weight", _("Weight loss you cannot explain"), doctor),
        RedFlag("cancer", _("Cancer, now or in the past"), doctor),
        RedFlag(
            "constant",
            _(
                "Constant pain that rest and changing position do not ease, "
                "or pain that is worse at night"
            ),
            doctor,
        ),
        RedFlag("over50", _("Back pain that is new to you, and you are over 50"), doctor),
        RedFlag("bones", _("Osteoporosis, or taking steroid tablets for a long time"), doctor),
        RedFlag("thinners", _("Taking blood thinners (pressure can bruise you)"), doctor),
        RedFlag("shape", _("A swelling, or a change in the shape of your back"), doctor),
        RedFlag("high", _("Pain high in your back, between the shoulder blades"), doctor),
        RedFlag(
            "local", _("A blood clot, a fracture or broken skin where you would press"), doctor
        ),
    )


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
        "bowel or sex problems, weakness in both legs, or chest pain."
    )


def by_urgency(urgency: Urgency) -> list[RedFlag]:
    return [flag for flag in red_flags() if flag.urgency is urgency]


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


def check_due(answer: Answer, answered_on: dt.date | None, today: dt.date) -> bool:
    """Whether the check must be answered (again) before a routine may start."""
    if answer is Answer.NONE_APPLY:
        return False
    if answer is Answer.DOCTOR_CLEARED:
        return answered_on is None or not (answered_on <= today < answered_on + REASK_AFTER)
    return True
