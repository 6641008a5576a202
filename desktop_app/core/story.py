"""A session's events told as short sentences, for the history ("Held … 30 s — pain 6 → 4")."""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.core.events import PauseReason
from desktop_app.core.history import EventRow
from desktop_app.core.logged import Logged
from desktop_app.core.pain import MAX_RATING
from desktop_app.i18n import _, ngettext


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def tell(events: Iterable[EventRow]) -> list[str]:
    """One sentence per thing that happened; routine text is kept as plain text."""
    lines: list[str] = []
    title = ""
    held_line: int | None = None  # the line of the hold just ended, for the engine's verdict
    rolls = 0
    capped = False
    for event in events:
        value = event.value
        title = title or event.step_title
        match event.event:
            case Logged.STEP_STARTED:
                title = event.step_title
                held_line, rolls, capped = None, 0, False
            case Logged.HOLD_ENDED:
                seconds = _number(value) or 0.0
                lines.append(
                    _("Held “{title}” {seconds} s").format(title=title, seconds=round(seconds))
                )
                held_line = len(lines) - 1
            case Logged.PAIN_EASED | Logged.PAIN_NOT_EASED if held_line is not None:
                # The engine decided whether the hold eased (from its highest rating to its
                # last); the story only tells it.
                high, _sep, last = value.partition(" ")
                if high.isdigit() and last.isdigit():
                    verdict = _("eased") if event.event == Logged.PAIN_EASED else _("did not ease")
                    lines[held_line] += _(" — pain {high} → {last}, {verdict}").format(
                        high=high, last=last, verdict=verdict
                    )
                held_line = None
                if event.event == Logged.PAIN_NOT_EASED:
                    lines.append(_("The hold did not ease: press more gently next time"))
            case Logged.REPETITION:
                rolls = int(_number(value) or rolls + 1)
            case Logged.REPETITION_CAP_REACHED:
                capped = True
                lines.append(
                    _("Rolled “{title}” {count} times — the cap, so it stopped").format(
                        title=title, count=value
                    )
                )
            case Logged.STEP_ENDED:
                if rolls and not capped:
                    lines.append(
                        ngettext(
                            "Rolled “{title}” {count} time",
                            "Rolled “{title}” {count} times",
                            rolls,
                        ).format(title=title, count=rolls)
                    )
                rolls = 0
                if value == "skipped":
                    lines.append(_("Moved on from “{title}” early").format(title=title))
            case Logged.PAIN_RISING:
                lines.append(
                    _("Pain rose to {rating} after settling: told to ease off").format(rating=value)
                )
            case Logged.PAIN_ABOVE_BAND:
                lines.append(
                    _("Pressed too hard: {rating} of {most}, told to ease off").format(
                        rating=value, most=MAX_RATING
                    )
                )
            case Logged.PAIN_HIGH_AT_REST:
                lines.append(
                    _("Pain {rating} with nothing pressed: told to stop until it settles").format(
                        rating=value
                    )
                )
            case Logged.PAIN_NOT_EASED:  # kept by an older version: no hold line to join
                lines.append(_("The hold did not ease: press more gently next time"))
            case Logged.CHECK_IN:
                lines.append(_("Asked whether you were still there"))
            case Logged.PAUSED:
                lines.append(
                    _("Paused: no answer for a while")
                    if value == PauseReason.UNRESPONSIVE
                    else _("Paused")
                )
            case Logged.SESSION_FINISHED | Logged.SESSION_STOPPED:
                minutes = round((_number(value) or 0.0) / 60)
                finished = event.event == Logged.SESSION_FINISHED
                lines.append(
                    (
                        ngettext("Finished after {n} minute", "Finished after {n} minutes", minutes)
                        if finished
                        else ngettext(
                            "Stopped after {n} minute", "Stopped after {n} minutes", minutes
                        )
                    ).format(n=minutes)
                )
    return lines
