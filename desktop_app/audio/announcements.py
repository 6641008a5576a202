"""Which sound and which spoken sentence each engine event gets (the engine knows no sound)."""

from __future__ import annotations

from desktop_app.audio.cues import Cue
from desktop_app.core import events as ev
from desktop_app.i18n import _
from desktop_app.view.presenter import (
    Names,
    above_band_words,
    asking_words,
    cap_words,
    eased_words,
    not_eased_words,
    rising_words,
    settle_advice,
    words,
)


def cue_for(event: ev.Event) -> Cue | None:
    """The sound for an event, or None for events the user caused and needs no sound for."""
    match event:
        case ev.StepStarted():
            return Cue.STEP_START
        case ev.GetReadyTick() | ev.LastSecondsTick():
            return Cue.TICK
        case ev.HoldStarted():
            return Cue.HOLD_START
        case ev.LowerBoundReached():
            return Cue.LOWER_BOUND
        case ev.HoldEnded():
            return Cue.HOLD_END
        case ev.RepetitionCounted(count=count, cap=cap):
            # The cap's own chime plays instead of the last blip.
            return None if count >= cap else Cue.REPETITION
        case ev.RepetitionCapReached():
            return Cue.CAP_REACHED
        case ev.PainRising() | ev.PainAboveBand() | ev.PainHighAtRest():
            return Cue.PAIN_WARNING
        case ev.EasingAsked():
            return Cue.CHECK_IN
        case ev.CheckIn():
            return Cue.CHECK_IN
        case ev.Paused(reason=ev.PauseReason.UNRESPONSIVE):
            return Cue.CHECK_IN
        case ev.ActivityPromptChanged(prompt=prompt):
            # The prompt at 0 s arrives with the step's own chime.
            return None if prompt.at == 0 else Cue.PROMPT
        case ev.ContinuingSoon() | ev.SpotModeChosen(by_itself=True) | ev.PacingStarted():
            return Cue.PROMPT
        case ev.SessionFinished(summary=summary):
            return Cue.FINISHED if summary.completed else None
    return None


def speech_for(event: ev.Event, names: Names) -> str | None:
    """What the voice says for an event, in our own words; None for silence. `names`: what
    to press for an action, as the window calls it (the voice says the window's keys)."""
    match event:
        case ev.StepStarted(step=step):
            return step.spoken_text
        case ev.LowerBoundReached():
            return _("You may release when it eases.")
        case ev.HoldEnded(eased=False, highest=int(highest)):
            return not_eased_words(highest)
        case ev.PainRising(lowest=lowest, rating=rating):
            return rising_words(lowest, rating)
        case ev.PainAboveBand(rating=rating):
            return above_band_words(rating)
        case ev.PainHighAtRest(moving=moving):
            return settle_advice(moving)
        case ev.EasingAsked():
            return asking_words()
        case ev.PainBelowBand(eased=True):
            return eased_words()
        case ev.PainBelowBand():
            return _("A little more pressure is fine.")
        case ev.RepetitionCapReached(cap=cap, spot_step=spot_step):
            # The number as digits: the voice reads them in its own language (a German
            # voice says "fünfzehn"), and any cap the routine sets reads as itself. The
            # words are the screen's.
            return cap_words(cap, spot_step) + "."
        case ev.CheckIn():
            return _("Are you still with me? Press any key, or rate your pain.")
        case ev.Paused(reason=ev.PauseReason.UNRESPONSIVE):
            return _("I have paused the session. Press {toggle} when you are ready.").format_map(
                words(names)
            )
        case ev.ActivityPromptChanged(prompt=prompt) if prompt.at > 0:
            return prompt.speak or prompt.text
        case ev.ContinuingSoon(seconds=seconds):
            return _("Starting in {seconds} seconds. Press {toggle} to wait.").format(
                seconds=round(seconds), **words(names)
            )
        case ev.SpotModeChosen(by_itself=True):
            return _("Holding this spot. Stay still on it and let it ease.")
        case ev.PacingStarted():
            return _("Start rolling now: one slow roll with each beat.")
        case ev.ConfirmNext():
            return _("The hold is not done yet. Press again to move on.")
        case ev.SessionFinished(summary=summary) if summary.completed:
            return _("Routine finished. Well done. Now keep moving, gently.")
    return None
