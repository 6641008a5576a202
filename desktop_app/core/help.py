"""The help pages, written in our own words from the guide's facts (Markdown)."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.core import defaults
from desktop_app.core.pain import HOLD_SETTLE_SECONDS, MAX_RATING, MIN_RATING
from desktop_app.core.recovery import CLEAR_CHANGE, pain_relief
from desktop_app.core.routines import MAX_REPETITIONS, PainSettings
from desktop_app.i18n import _


@dataclass(frozen=True)
class HelpPage:
    key: str
    title: str
    text: str


class _Unnamed(dict[str, str]):
    """Key names nobody reads: for the titles, which name no key."""

    def __missing__(self, _key: str) -> str:
        return ""


def _named(keys: Mapping[str, str]) -> dict[str, str]:
    return keys if isinstance(keys, dict) else dict(keys)


def titles() -> list[tuple[str, str]]:
    """Each page's key and title (the Help menu), without asking the key table for names."""
    return [(page.key, page.title) for page in pages(_Unnamed())]


def pages(keys: Mapping[str, str]) -> tuple[HelpPage, ...]:
    """The help pages, in the language in use (translated when asked for, not at import).
    `keys` names what to press for each action (toggle, confirm, forward, roll, hold,
    next_spot, history; ratings, up and down for the pain), as the window's key table has
    it: the core knows no key."""
    #: The pain page speaks of the usual band; a routine may narrow it, and its session says so.
    pain = PainSettings()
    return (
        HelpPage(
            "how",
            _("How Lumbago Coach works"),
            _(
                """\
Pick a routine, get into position, then press **{toggle}** to start (a pain rating starts it
too). You do not need the mouse, and you do not need to look: every event has its own sound, and
a voice can read the steps (View → Settings).

**Hands-free, as it comes.** A pain rating now and then is all a session needs from you:
- **Holds** begin with a short lead-in to settle onto the ball, then count down from the longest
  time. A soft sound says when you may release, once the pain has eased; the last three seconds
  tick, a bell ends the hold, and the next step follows by itself.
- **Rolling** is counted for you: {settle} seconds after the step begins, the voice says to start
  rolling, and a beat every {pace} seconds counts one slow roll. At the cap (at most {cap} rolls,
  fewer where the routine says so) a rising double chime says the spot has had enough, and the
  session moves on.
- **Spots**: roll a tender spot or hold it still. If nobody chooses within {choose} seconds, the
  spot is held, the gentler of the two, and the next spot follows by itself.
- **Getting into position** waits: a step that gets you down goes on once you rate your pain;
  other preparing steps go on after {prepare} seconds, said aloud first (**{toggle}** waits).
- If the app hears nothing from you for {check_in} minutes, it checks in; with still no answer,
  the session pauses until you are back.

**By hand, when you want to.** Press **{confirm}** after each roll: the beat stops and you count for
this spot. **{roll}** rolls a spot, **{hold}** holds it, **{next_spot}** starts the next spot and
**{forward}** says the whole area is done (or goes to the next step). **{toggle}** pauses at any time.

**Pain.** Give your pain a number at any time with the keys **{ratings}**; **{up}** and **{down}**
change it by one, so {most} is one step above {almost}.

A session you stop, or one cut short by a crash, is still kept in your history (**{history}** on the
start page). Every key is in the table below."""
            ).format_map(
                ChainMap(
                    {
                        "cap": str(MAX_REPETITIONS),
                        "settle": f"{defaults.ROLLING_SETTLE:g}",
                        "pace": f"{defaults.ROLLING_PACE:g}",
                        "choose": f"{defaults.SPOT_CHOICE_AFTER:g}",
                        "prepare": f"{defaults.PREPARE_WAIT:g}",
                        "check_in": f"{defaults.CHECKIN_AFTER / 60:g}",
                        "most": str(MAX_RATING),
                        "almost": str(MAX_RATING - 1),
                    },
                    _named(keys),
                )
            ),
        ),
        HelpPage(
            "pain",
            _("The pain scale and the warnings"),
            _(
                """\
Rate your pain from **{least}** (none) to **{most}** (the worst you can imagine).

While you press on a spot, aim for **{low} to {high}**. {high} is a firm upper limit: the massage
should be clearly felt, but bearable.

These warnings come only while you press on a spot (holds, rolling and spots):

- **Settling in.** At the start of a hold, while you let your weight sink onto the ball (the
  lead-in and the first {settle} seconds), the pain is meant to climb until it is clearly felt:
  that is no warning.
- **Up since you settled — ease off a little.** After that, a rating at least {rise} points above
  the lowest you gave since settling means you are pressing too hard. A smaller change is
  within the usual uncertainty of the scale, so it does not count.
- **Pressed too hard.** A rating of {above} or more is above the band: ease off at once. One
  rating gives one warning, and a {most} always warns, even right after a {almost}.
- **How is it now?** When a hold reaches its shortest time, the app asks for a rating.
- **It did not ease.** If your latest rating in a hold is not lower than the highest you gave
  in that hold, you were probably pressing too hard; press more gently next time. With only one
  rating in the hold, the app says nothing about easing.
- **Below the band.** Under {low}, a little more pressure is fine — unless the spot has just
  eased during a hold: that is what the hold is for, so keep the pressure as it is.

While you lie down, get up, stand or walk, nothing is being pressed, so there is no pressure
advice. A rating of {above} or more then means: lying down, rest; on your feet, stop, stand
still or lie down until it settles, then go on more gently. If the pain keeps getting worse, or is unlike your
usual lumbago (for example, it spreads down both legs), see a doctor.

A spot that hurts too much to roll over can still be treated: lie on it, stay still, and give
it 20 to 30 seconds to calm down a little. Pain that stays the same or climbs during that
time is the sign to press more lightly.

Every rating and every warning is kept in your history."""
            ).format(
                least=MIN_RATING,
                most=MAX_RATING,
                almost=MAX_RATING - 1,
                low=pain.band_low,
                high=pain.band_high,
                above=pain.band_high + 1,
                rise=pain.rising_threshold,
                settle=f"{HOLD_SETTLE_SECONDS:g}",
            ),
        ),
        HelpPage(
            "lumbago",
            _("About lumbago"),
            _(
                """\
Lumbago is low back pain that starts suddenly and is often severe. It is often linked to
tense muscles with tender spots (trigger points) in the lower back and the buttocks: when the
tension is already high, an ordinary movement can be the last straw.

**The muscles involved.** The quadratus lumborum runs from the top of the hip bone past the
lumbar spine to the lowest rib; when it is tense, moving can become very hard. The erector
spinae runs along the spine. In the buttocks, the gluteus maximus (the large muscle of the
seat) and the gluteus medius (higher up, at the side) tie the thigh to the pelvis; their
tension pulls on the lower back too, which is why the routines include them.

**Typical signs.**

- It starts suddenly, often during an ordinary movement such as bending down.
- Moving hurts sharply, and walking normally can be impossible.
- Attacks of pain can wake you at night.
- The joint between the spine and the pelvis (the sacroiliac joint) can hurt when you bend or sit.

**Often linked to.** Bending forward while twisting the upper body; lifting something heavy;
getting up after sitting for a long time, for example after a drive or office work; and
stress or inner turmoil.

**What can add to it.** A lot of sitting and untrained muscles; frequent stair climbing or
walking uphill; unbalanced strength training; jogging or mountain walking you are not used
to; and stress. How much is too much differs a great deal from one person to the next.

**The usual course.** The first two days are usually the worst. After three or four days the
pain has mostly gone and you can move fairly normally again. Some stiffness when bending
forward or sideways, and tension around the lower back and sacrum, often last another one or
two weeks. It is often much better within days; for some people it takes a few weeks. The guide
this app follows suggests keeping up the massage for a while after the pain has gone, to help the
muscles return to a normal tension."""
            ),
        ),
        HelpPage(
            "moving",
            _("Helping yourself between sessions"),
            _(
                """\
**Keep moving**, above all in the first days. Tense muscles squeeze the blood flow to the
lower back, and moving counters that; lying or sitting still often makes the pain and the
tension worse again. Walk slowly on level ground, and press into the tense back muscles with
your hands as you go, as in the routine *Immediate relief*.

**Avoid sitting** where you can. Sitting presses on the buttock muscles, which are usually
tense already with lumbago. Stand instead.

**Warm the muscles.** Heat loosens tight muscles, so a shower or an infrared lamp often takes
the edge off the pain. Warm, never burning: keep the lamp at the distance its maker gives and
the water at a heat that feels pleasant on the skin.

**Getting down and up.** To lie down, kneel first, sit to one side, then roll onto your back.
To get up, bend your knees, roll onto your side as one piece and push up with your arms to
sitting; then kneel, put one foot forward and stand up with your hands on that thigh. Do not
sit straight up from lying on your back, and do not twist.

**If it hurts more the next day.** The massaged spots are often sore the next day, as after
exercise; that goes within a day or two. Keep moving, keep the back warm, and press those
spots more gently or give them a day off. It is your back itself that counts: if the daily
back check is clearly worse ({clear} points or more), if the pain spreads down a leg, or if any
warning sign appears, stop the massage and see a doctor. The usual course is still the
guide: worst on the first two days, much better by day three or four.

**Pain relief.** {relief}

**When to see a doctor anyway.** If you are worried, or struggling to cope with the pain, that is
reason enough to see your GP, whatever the app says.

The massage works alongside movement, not instead of it. Lumbago Coach can remind you to get
up and walk every {minutes} minutes (View → Keep-moving reminders)."""
            ).format(minutes=defaults.REMINDER_MINUTES, clear=CLEAR_CHANGE, relief=pain_relief()),
        ),
    )
