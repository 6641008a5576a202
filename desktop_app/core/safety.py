"""When not to treat yourself: the red flags, in plain words, and what to do instead."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.i18n import _


class Urgency(enum.StrEnum):
    EMERGENCY = "emergency"
    DOCTOR = "doctor"


@dataclass(frozen=True)
class RedFlag:
    key: str
    text: str
    urgency: Urgency


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag("saddle", _("Numbness between your legs or around your bottom"), Urgency.EMERGENCY),
    RedFlag(
        "bladder",
        _("New trouble passing urine, or losing control of your bladder or bowels"),
        Urgency.EMERGENCY,
    ),
    RedFlag("legs", _("Weakness or numbness in both legs"), Urgency.EMERGENCY),
    RedFlag("chest", _("Chest pain"), Urgency.EMERGENCY),
    RedFlag("injury", _("The pain started after a fall or an accident"), Urgency.EMERGENCY),
    RedFlag("fever", _("Fever"), Urgency.DOCTOR),
    RedFlag("weight", _("Weight loss you cannot explain"), Urgency.DOCTOR),
    RedFlag("cancer", _("Cancer, now or in the past"), Urgency.DOCTOR),
    RedFlag("night", _("Pain that is worse at night or when you rest"), Urgency.DOCTOR),
    RedFlag("over50", _("Back pain that is new to you, and you are over 50"), Urgency.DOCTOR),
    RedFlag("bones", _("Osteoporosis, or taking steroid tablets for a long time"), Urgency.DOCTOR),
    RedFlag(
        "local", _("A blood clot, a fracture or broken skin where you would press"), Urgency.DOCTOR
    ),
)

EMERGENCY_ADVICE = _(
    "Please get emergency help now — call your local emergency number or go to an emergency "
    "department. Do not use this app for this pain."
)
DOCTOR_ADVICE = _(
    "Please see a doctor before you massage your back with this app, and ask whether it is "
    "safe for you."
)
DISCLAIMER = _(
    "Lumbago Coach guides self-massage for ordinary, muscular low back pain. It does not "
    "diagnose anything and it is no substitute for a doctor. It promises no cure. If the pain "
    "is unusual for you, gets worse, or does not improve within two to four weeks, see a doctor."
)


def by_urgency(urgency: Urgency) -> list[RedFlag]:
    return [flag for flag in RED_FLAGS if flag.urgency is urgency]


def advice(ticked: Iterable[str]) -> list[str]:
    """What to do instead, most urgent first; empty when nothing is ticked."""
    chosen = {flag.urgency for flag in RED_FLAGS if flag.key in set(ticked)}
    result = []
    if Urgency.EMERGENCY in chosen:
        result.append(EMERGENCY_ADVICE)
    if Urgency.DOCTOR in chosen:
        result.append(DOCTOR_ADVICE)
    return result
