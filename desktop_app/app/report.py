"""The report for the doctor, put together from the history and the settings as they are now
(the window's flow and `lumbago-coach --report` both make it here)."""

from __future__ import annotations

from desktop_app import __version__
from desktop_app import settings as opt
from desktop_app.core.history import History, local_now
from desktop_app.core.report import DEFAULT_DAYS, Report, SafetyRecord, build
from desktop_app.core.safety import Answer
from desktop_app.settings import Settings


def make_report(history: History | None, settings: Settings, days: int = DEFAULT_DAYS) -> Report:
    """`history` None: there is none yet (the report says so, briefly)."""
    answer, answered_on = opt.safety_answer(settings)
    safety = SafetyRecord(
        answer,
        answered_on if answer is not Answer.NONE else None,
        opt.safety_signs(settings) if answer is Answer.DOCTOR_CLEARED else (),
    )
    today = (history.now() if history is not None else local_now()).date()
    if history is None:
        history = History.empty()
    return build(history, today, safety, __version__, days)
