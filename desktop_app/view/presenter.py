"""What a session's screen shows, decided from the engine's view alone: no Qt here, so every
phase × step kind is tested without a window. The window's session page and the phone page
both render a `Screen`; the page redraws a part only when that part's value changed (comparing
whole values: no field can be forgotten).

No sentence here names a key: where a sentence says what to do, it names the `Action`, and
the surface that shows it says what the action is called there — a key cap in the window
(`qt/keys.py`), a button on the phone (`remote/protocol.py`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.core.actions import Action
from desktop_app.core.events import PauseReason, SpotMode
from desktop_app.core.pain import MAX_RATING, MIN_RATING, PainFlag
from desktop_app.core.routines import MAX_REPETITIONS, Routine, Step, StepKind
from desktop_app.core.session import Phase, Refusal, SessionView
from desktop_app.i18n import _

#: What each action is called on one surface ("Space", or "Start · Pause" on the phone).
Names = Mapping[Action, str]


def seconds_left() -> str:
    """The countdown's plain caption under its digits (the announcement says it with them)."""
    return _("seconds left")


def words(names: Names) -> dict[str, str]:
    """The names for a sentence's placeholders: "{roll} or {hold}" → "R or H"."""
    return {action.value: name for action, name in names.items()}


class Big(enum.Enum):
    """What fills the big area beside the instruction."""

    #: Before the session: "Space to start".
    START = "start"
    #: A spot step: roll it (R) or hold it (H).
    CHOICE = "choice"
    #: Rolls counted up to the cap.
    COUNTER = "counter"
    #: A countdown ring.
    DIAL = "dial"
    #: A ring with nothing left to count.
    DONE = "done"
    #: An untimed step: "Space / → when ready".
    READY = "ready"


class CaptionState(enum.StrEnum):
    """How the countdown and its caption look: plain, settling in (the lead-in), past the
    hold's shortest time, or done (no count: the dial shows a check mark)."""

    NORMAL = "normal"
    LEAD_IN = "lead_in"
    LOWER_BOUND = "lower_bound"
    DONE = "done"


@dataclass(frozen=True)
class BigPanel:
    shows: Big
    caption: str = ""
    caption_state: CaptionState = CaptionState.NORMAL
    #: CHOICE after a held spot: the next-spot and area-done keys are offered too.
    spot_done: bool = False
    count: int = 0
    cap: int = 0
    count_message: str = ""
    remaining: float = 0.0
    total: float = 0.0


@dataclass(frozen=True)
class Message:
    text: str
    #: Which message it is (for styling, and for tests and screen readers).
    name: str
    #: The app's voice says this too, from the same event (audio/announcements.py): a screen
    #: reader need not announce it while that voice speaks. tests/test_audio.py holds the two
    #: together over a whole session.
    spoken: bool = True


@dataclass(frozen=True)
class PainPanel:
    rating: int | None
    band: tuple[int, int]
    warning: Message | None
    hint: Message | None


@dataclass(frozen=True)
class Screen:
    step_index: int
    #: A new countdown starts (the ring is drawn afresh) when this changes.
    countdown: tuple[int, Phase, int]
    big: BigPanel
    prompt: str | None
    time_left: str
    pain: PainPanel
    #: The lines of the pause overlay; None when not paused.
    paused: tuple[str, ...] | None
    ended: bool


def present(view: SessionView, routine: Routine, names: Names) -> Screen:
    """The screen for this view, its sentences naming actions as `names` calls them."""
    return Screen(
        step_index=view.step_index,
        countdown=(view.step_index, view.phase, view.spot_number),
        big=big_panel(view, routine.steps[view.step_index], names),
        prompt=view.prompt.text if view.prompt is not None else None,
        time_left=format_minutes(view.time_left),
        pain=pain_panel(view, (routine.pain.band_low, routine.pain.band_high), names),
        paused=pause_lines(view, names),
        ended=view.over,
    )


def format_minutes(seconds: float) -> str:
    minutes = max(0, round(seconds / 60))
    if minutes < 1:
        return _("under a minute left")
    return _("about {minutes} min left").format(minutes=minutes)


def big_panel(view: SessionView, step: Step, names: Names) -> BigPanel:
    """The big area and the caption under it, in the mode the person is in: hands-free (the
    beat counts, a spot is held by itself, steps move on by themselves) or by hand. The
    caption says the one next thing, the same thing the big area shows."""
    phase, kind = view.phase, step.kind
    said = words(names)
    held_spot_done = (
        phase is Phase.DONE and kind is StepKind.SPOT and view.spot_mode is SpotMode.HOLD
    )
    if phase is Phase.IDLE:
        return BigPanel(Big.START, _("Or rate your pain: that starts it too."))
    if phase is Phase.CHOOSING or held_spot_done:
        return BigPanel(Big.CHOICE, _choice_caption(view, said), spot_done=phase is Phase.DONE)
    rolled = (
        phase is Phase.DONE
        and view.cap is not None
        and view.spot_mode is not SpotMode.HOLD
        and kind in (StepKind.ROLLING, StepKind.SPOT)
    )
    if (phase is Phase.ROLLING or rolled) and view.cap is not None:
        capped = view.repetitions >= view.cap
        return BigPanel(
            Big.COUNTER,
            _rolling_caption(view, kind, capped, said),
            count=view.repetitions,
            cap=view.cap,
            count_message=cap_words(view.cap, kind is StepKind.SPOT) if capped else "",
        )
    if view.remaining is not None and view.countdown_total:
        state = CaptionState.NORMAL
        if phase is Phase.LEAD_IN:
            state, caption = CaptionState.LEAD_IN, _("get ready")
        elif phase is Phase.HOLDING and view.lower_bound_reached:
            state, caption = CaptionState.LOWER_BOUND, _("you may release once it has eased")
        elif phase is Phase.HOLDING:
            caption = _("hold still, breathe out")
        elif kind is StepKind.PREPARE and not step.duration:
            caption = _("until it goes on by itself · {toggle} to wait").format_map(said)
        else:
            caption = seconds_left()
        return BigPanel(
            Big.DIAL, caption, state, remaining=view.remaining, total=view.countdown_total
        )
    if phase is Phase.DONE:
        if view.moves_on:
            return BigPanel(Big.DONE, _("Done · the next step follows by itself"))
        return BigPanel(
            Big.DONE, _("Done · {confirm} or {forward} for the next step").format_map(said)
        )
    if step.waits and view.moves_on:
        return BigPanel(Big.READY, _("Or rate your pain once you are down: it goes on from there."))
    return BigPanel(Big.READY)


def _choice_caption(view: SessionView, said: dict[str, str]) -> str:
    if view.phase is Phase.CHOOSING:
        caption = _(
            "Spot {number}: roll it ({roll}), or hold it ({hold}) if rolling hurts too much."
        )
        if view.holds_unchosen_spot:
            caption += " " + _("Nobody chooses? It is held in a moment.")
        return caption.format(number=view.spot_number, **said)
    if view.moves_on:
        return _(
            "This spot is done. The next one follows by itself; "
            "{roll} or {hold} to start it now, {forward} when the whole area is done."
        ).format_map(said)
    return _(
        "This spot is done: {roll} or {hold} for the next one, {forward} when the whole area is done."
    ).format_map(said)


def _rolling_caption(view: SessionView, kind: StepKind, capped: bool, said: dict[str, str]) -> str:
    """What to do while rolling, and once the rolls are counted: for a spot, the next spot;
    for a rolling step, the next step."""
    if capped and kind is StepKind.SPOT:
        if view.moves_on:
            return _("Spot {number} done. The next one follows by itself.").format(
                number=view.spot_number
            )
        return _("Spot {number} · {next_spot} next spot · {forward} area done").format(
            number=view.spot_number, **said
        )
    if capped:
        if view.moves_on:
            return _("The next step follows by itself.")
        return _("{forward} for the next step.").format_map(said)
    if view.beat_counts:
        caption = _("Roll slowly with the beat: it counts for you. {confirm} counts by hand.")
    else:
        caption = _("Press {confirm} after each roll.")
    if kind is StepKind.SPOT:
        caption = _("Spot {number}").format(number=view.spot_number) + " · " + caption
    return caption.format_map(said)


def cap_words(cap: int, spot_step: bool) -> str:
    """At the roll cap, on the screen and in the voice: in a spot step the next spot comes; a
    rolling step has had enough (the caption says what follows)."""
    if spot_step:
        return _("That's {cap}. Move to the next spot").format(cap=cap)
    return _("That's {cap}. Enough for this spot").format(cap=cap)


def settle_advice(moving: bool) -> str:
    """8 or more on a step where nothing is pressed, on the screen and in the voice: walking,
    stop until it settles; lying, rest — and when to see a doctor."""
    if moving:
        return _("Stop. Stand still or lie down until it settles, then go on more gently.")
    return _(
        "Rest for a moment. If the pain keeps getting worse, or is unlike your usual lumbago "
        "(for example, it spreads down both legs), see a doctor."
    )


def above_band_words(rating: int) -> str:
    """A rating above the band while pressing, named by what happened (screen and voice)."""
    return _("Pressed too hard: {rating} of {most}. Ease off.").format(
        rating=rating, most=MAX_RATING
    )


def rising_words(lowest: int, rating: int) -> str:
    """A rise after settling, named by what happened: the pain on the spot, not the back."""
    return _("Up from {lowest} to {rating} since you settled: ease off a little.").format(
        lowest=lowest, rating=rating
    )


def not_eased_words(highest: int) -> str:
    """A hold that ended no lower than its highest rating."""
    return _("It did not ease from {highest}: press more gently next time.").format(highest=highest)


def asking_words() -> str:
    """A hold at its shortest time asks for a rating, on the screen and in the voice (each
    surface shows its own way to give one: keys, or the phone's number buttons)."""
    return _("How is it now? Rate your pain.")


def eased_words() -> str:
    """A rating below the band after the hold has eased: it worked (no "more pressure")."""
    return _("It has eased. That is what you want.")


def pain_panel(view: SessionView, band: tuple[int, int], names: Names) -> PainPanel:
    # The highlighted rating belongs to the spot: a new step or spot starts with none.
    warning: Message | None
    match view.warning:
        case PainFlag.ABOVE_BAND if view.last_rating is not None:
            warning = Message(above_band_words(view.last_rating), "above_band")
        case PainFlag.HIGH_AT_REST:
            moving = view.step is not None and view.step.on_feet
            warning = Message(settle_advice(moving), "high_at_rest")
        case PainFlag.RISING if view.rise_from is not None and view.last_rating is not None:
            warning = Message(rising_words(view.rise_from, view.last_rating), "rising")
        case _:
            warning = None
    hint: Message | None = None
    if view.check_in:
        hint = Message(_("Still with me? Press any key, or rate your pain."), "check_in")
    elif view.confirm_pending:
        hint = Message(
            _(
                "The hold is not at its shortest time yet. Press {forward} again to move on."
            ).format_map(words(names)),
            "confirm",
        )
    elif view.asking_easing:
        hint = Message(asking_words(), "asking_easing")
    elif view.not_eased and view.hold_highest is not None:
        hint = Message(not_eased_words(view.hold_highest), "not_eased")
    elif view.warning is PainFlag.BELOW_BAND and view.hold_eased:
        hint = Message(eased_words(), "below_band")
    elif view.warning is PainFlag.BELOW_BAND:
        hint = Message(
            _("Below {low}: a little more pressure is fine.").format(low=band[0]), "below_band"
        )
    elif view.last_rating is None and view.step is not None and view.step.expects_rating:
        # Until the first rating on a spot: what the number is about.
        hint = Message(
            _("Rate the spot you are pressing on, not your back pain in general."),
            "rate_spot",
            spoken=False,
        )
    return PainPanel(view.last_rating, band, warning, hint)


def pause_lines(view: SessionView, names: Names) -> tuple[str, ...] | None:
    if not view.paused:
        return None
    go_on = _("{toggle} to go on · {stop} to stop").format_map(words(names))
    if view.pause_reason is PauseReason.UNRESPONSIVE:
        return (_("There was no answer for a while, so the session waits for you."), go_on)
    return (go_on,)


def refusal_sentence(refusal: Refusal | None, names: Names, cap: int | None = None) -> str:
    """Why a press did nothing, as a sentence for a person on the floor, naming what to press
    as `names` calls it (the engine's codes know no keys). `cap`: this spot's roll cap, from
    the routine."""
    match refusal:
        case Refusal.CAP_REACHED:
            return _("That's {cap} for this spot: the count has stopped.").format(
                cap=cap if cap is not None else MAX_REPETITIONS
            )
        case Refusal.NOTHING_TO_CONFIRM:
            return _("{confirm} has nothing to do right now.").format_map(words(names))
        case Refusal.NOTHING_TO_COUNT:
            return _("This step has no rolls to count.")
        case Refusal.CHOOSE_SPOT_MODE:
            return _("First choose: {roll} to roll this spot, {hold} to hold it.").format_map(
                words(names)
            )
        case Refusal.SPOT_IN_PROGRESS:
            return _(
                "This spot is already being worked. {next_spot} goes to the next spot."
            ).format_map(words(names))
        case Refusal.NOT_A_SPOT:
            return _(
                "{roll}, {hold} and {next_spot} are for steps where you search for spots."
            ).format_map(words(names))
        case Refusal.FIRST_STEP:
            return _("This is the first step; there is none before it.")
        case Refusal.PAUSED:
            return _("The session is paused. {toggle} goes on.").format_map(words(names))
        case Refusal.HOLD_NOT_DONE:
            return _("The hold is not done yet. Press again to move on.")
        case Refusal.NOT_STARTED:
            return _("The session has not started yet. {toggle} starts it.").format_map(
                words(names)
            )
        case Refusal.OVER:
            return _("The session is over.")
        case Refusal.ALREADY_STARTED:
            return _("The session has already started.")
        case Refusal.ALREADY_PAUSED:
            return _("The session is already paused.")
        case Refusal.NOT_PAUSED:
            return _("The session is not paused.")
        case Refusal.RATING_OUT_OF_RANGE:
            return _("A pain rating is a whole number from {low} to {high}.").format(
                low=MIN_RATING, high=MAX_RATING
            )
        case None:
            return ""
