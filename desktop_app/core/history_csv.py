"""The history as CSV, one row per event: the sessions' events, the daily back checks, each
episode's first day and answers, and every red-flag check, in time order where they have one.
A cell a spreadsheet would run as a formula is defused (OWASP, CSV injection)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from desktop_app.core.history import BackCheck, History

CSV_COLUMNS = (
    "timestamp",
    "session_id",
    "routine_id",
    "step_index",
    "step_title",
    "event",
    "value",
    #: back_check rows: how well the person can move (hardly, with_effort, almost_normally);
    #: safety_check rows: why it was asked, then the signs ticked; episode_answer rows: the
    #: question.
    "detail",
)


def export_csv(history: History, target: Path) -> int:
    """Write every event as one CSV row; the file is replaced whole or not at all, and a file
    that was there keeps its permissions."""
    target = target.resolve()
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            count = write_csv(history, out)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def write_csv(history: History, out: TextIO) -> int:
    """The CSV to any text stream (standard output for `--export-csv -`)."""
    import csv  # loaded for an export only, not at every start

    count = 0
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    # Each episode's first day, oldest first (a relapse the person confirmed starts one), and
    # what the person said of it.
    onset = history.onset
    for day in [*history.earlier_onsets, *([onset] if onset else [])]:
        writer.writerow((f"{day.isoformat()}T00:00:00", "", "", "", "", "episode_started",
                         day.isoformat(), ""))  # fmt: skip
        count += 1
        for question, answer in history.episode_answers(day).items():
            writer.writerow((f"{day.isoformat()}T00:00:00", "", "", "", "", "episode_answer",
                             answer, question))  # fmt: skip
            count += 1
    for given in history.safety_answers():
        detail = " ".join([given.reason, *given.signs])
        writer.writerow((given.answered_at.isoformat(timespec="milliseconds"), "", "", "", "",
                         "safety_check", given.answer, detail))  # fmt: skip
        count += 1
    checks = iter(history.back_checks())
    check = next(checks, None)
    for event in history.events():
        # The daily back checks, in time order among the session events.
        while check is not None and check.recorded_at <= event.timestamp:
            writer.writerow(_back_check_row(check))
            count += 1
            check = next(checks, None)
        writer.writerow(
            (
                event.timestamp.isoformat(timespec="milliseconds"),
                event.session_id,
                _safe_cell(event.routine_id),
                "" if event.step_index is None else event.step_index,
                _safe_cell(event.step_title),
                event.event,
                _safe_cell(event.value),
                "",
            )
        )
        count += 1
    while check is not None:
        writer.writerow(_back_check_row(check))
        count += 1
        check = next(checks, None)
    return count


#: A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _back_check_row(check: BackCheck) -> tuple[object, ...]:
    movement = check.movement.value if check.movement else ""
    return (
        check.recorded_at.isoformat(timespec="milliseconds"),
        "",
        "",
        "",
        "",
        "back_check",
        check.rating,
        movement,
    )
