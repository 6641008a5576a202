"""Everything the voice can say, in every shipped language: every cue the engine can raise and
every step and prompt of the bundled routines, as the voice would be handed them. In German
none of it may be English (the German voice once said "Fifteen. Weiter zur nächsten Stelle."),
and espeak-ng, speaking it to a file, reads all of it."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app import i18n
from desktop_app.audio.announcements import speech_for
from desktop_app.core import defaults
from desktop_app.core import events as ev
from desktop_app.core.events import PauseReason, SessionSummary, SpotMode
from desktop_app.core.loader import load_routine
from desktop_app.core.routines import Origin, Prompt, Step, StepKind
from desktop_app.qt.keys import action_names
from desktop_app.resources import assets_dir, bundled_routines_dir

#: Words German shares with English, whole (names of things, not sentences).
SHARED = {"ball", "massage", "lumbago", "stop", "start", "minute", "minuten", "sie", "still"}


def everything_said() -> Iterator[str]:
    """Each sentence the voice can say now, in the current language."""
    names = action_names()
    summary = SessionSummary("r", True, 300, 5, 5, 2, 50, 30, 2, 6, 3)
    routines = [
        load_routine(path, assets_dir(), Origin.BUNDLED)
        for path in sorted(bundled_routines_dir().glob("*.yaml"))
    ]
    step = routines[0].steps[0]
    events: list[ev.Event] = [
        ev.LowerBoundReached(at=0, step_index=0),
        ev.HoldEnded(at=0, step_index=0, held=25, eased=False),
        ev.HoldEnded(at=0, step_index=0, held=25, eased=True),
        ev.PainRising(at=0, step_index=0, rating=7, lowest=4),
        ev.PainAboveBand(at=0, step_index=0, rating=9),
        ev.PainHighAtRest(at=0, step_index=0, rating=9),
        ev.PainHighAtRest(at=0, step_index=0, rating=9, moving=True),
        ev.EasingAsked(at=0, step_index=0),
        ev.PainBelowBand(at=0, step_index=0, rating=2),
        ev.PainBelowBand(at=0, step_index=0, rating=2, eased=True),
        ev.RepetitionCapReached(at=0, step_index=0, cap=15),
        ev.RepetitionCapReached(at=0, step_index=0, cap=3),
        ev.CheckIn(at=0, step_index=0, silent_for=120),
        ev.Paused(at=0, step_index=0, reason=PauseReason.UNRESPONSIVE),
        ev.ActivityPromptChanged(at=0, step_index=0, index=1, prompt=Prompt(30, "x", "y")),
        ev.ContinuingSoon(at=0, step_index=0, seconds=5),
        ev.SpotModeChosen(at=0, step_index=0, spot=1, mode=SpotMode.HOLD, by_itself=True),
        ev.ConfirmNext(at=0, step_index=0),
        ev.PacingStarted(at=0, step_index=0, pace=3),
        ev.SessionFinished(at=0, step_index=0, summary=summary),
        ev.StepStarted(at=0, step_index=0, step=step, total_steps=3),
    ]
    for event in events:
        said = speech_for(event, names)
        if said and said not in ("y", step.spoken_text):
            yield said
    for routine in routines:
        for each in routine.steps:
            yield each.spoken_text
            for prompt in each.prompts:
                yield prompt.speak or prompt.text


def said_in(language: str) -> list[str]:
    i18n.set_language(language)
    try:
        return list(everything_said())
    finally:
        i18n.set_language("en")


def words(texts: list[str]) -> set[str]:
    return {w.lower() for text in texts for w in re.findall(r"[^\W\d_]{3,}", text)}


def test_in_german_the_voice_says_no_english_word() -> None:
    english, german = said_in("en"), said_in("de")
    assert len(german) == len(english) > 30
    heard = (words(german) & words(english)) - SHARED
    assert not heard, sorted(heard)
    # Every number is a number the voice reads in its own language, never an English word.
    numbers = {"one", "two", "three", "five", "ten", "fifteen", "twenty", "thirty"}
    assert not (words(german) & numbers)
    assert any("15" in text for text in german)  # the cap, as digits


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
@pytest.mark.skipif(shutil.which("soxi") is None, reason="needs sox")
def test_a_german_voice_reads_all_of_it_to_a_file(tmp_path: Path) -> None:
    text = "\n".join(said_in("de"))
    wav = tmp_path / "de.wav"
    subprocess.run(["espeak-ng", "-v", "de", "-w", str(wav), text], check=True, capture_output=True)
    seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, encoding="utf-8",
                                   check=True).stdout)  # fmt: skip
    # About 14 characters a second at espeak-ng's usual rate: all of it was read.
    assert seconds > len(text) / 30, (seconds, len(text))


ESPEAK = "/usr/bin/espeak-ng"


@pytest.mark.slow
@pytest.mark.skipif(
    not Path(ESPEAK).exists() or shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
    reason="needs espeak-ng, Xvfb and xdotool",
)
def test_a_session_run_in_german_is_spoken_all_in_german(tmp_path: Path) -> None:
    """The real app, `--lang de`, the voice on, a routine hands-free at 20× speed: what
    espeak-ng was handed (logged by a stand-in that speaks each line to a WAV file) has no
    English word."""
    import os
    import sys
    import time

    root = Path(__file__).resolve().parent.parent
    bin_dir, said, wavs = tmp_path / "bin", tmp_path / "said.txt", tmp_path / "wav"
    bin_dir.mkdir()
    wavs.mkdir()
    speaker = bin_dir / "espeak-ng"
    speaker.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *--voices*) exec {ESPEAK} "$@" ;; esac\n'
        'for text; do :; done\n'
        f"printf '%s\\n' \"$text\" >> {said}\n"
        f"exec {ESPEAK} -w {wavs}/$(wc -l < {said}).wav \"$@\"\n", encoding="utf-8"
    )  # fmt: skip
    speaker.chmod(0o755)
    data = tmp_path / "session-data"
    data.mkdir()
    (data / "settings.ini").write_text(
        "[safety]\nanswer=none_apply\nanswered_on=2026-01-01\n"
        "[voice]\nenabled=true\n[session]\nfloor_mode=false\n",
        encoding="utf-8",
    )
    i18n.set_language("de")
    try:
        paused = speech_for(
            ev.Paused(at=0, step_index=0, reason=PauseReason.UNRESPONSIVE), action_names()
        )
    finally:
        i18n.set_language("en")
    assert paused
    from tests import real_sound

    with real_sound.xvfb() as display:
        env = {
            **os.environ,
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "QT_QPA_PLATFORM": "xcb",
            "DISPLAY": display,
            "LUMBAGO_COACH_DATA_DIR": str(data),
            "HOME": str(data),
        }
        command = [sys.executable, "-m", "desktop_app", "--lang", "de", "--sound", "off",
                   "--speed", "20", "--routine", "immediate-relief"]  # fmt: skip
        app = subprocess.Popen(command, env=env, cwd=root, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
        try:
            window = real_sound.window_id(display, 30)
            assert window is not None, "no window"
            subprocess.run(["xdotool", "windowfocus", window], env=env, timeout=10)
            time.sleep(0.5)
            subprocess.run(["xdotool", "key", "--clearmodifiers", "space"], env=env, timeout=10)
            # With no rating at all the session checks in, then pauses itself (said aloud):
            # the walk through the steps until then is what is heard.
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and app.poll() is None:
                if said.exists() and paused in said.read_text(encoding="utf-8"):
                    break
                time.sleep(0.2)
        finally:
            app.terminate()
            _out, err = app.communicate(timeout=20)
    lines = said.read_text(encoding="utf-8").splitlines() if said.exists() else []
    assert paused in lines, (lines, err[-2000:])
    assert len(lines) >= 4, lines  # steps and their prompts, the check-in, the pause
    heard = (words(lines) & words(said_in("en"))) - SHARED
    assert not heard, (sorted(heard), lines)
    assert any(wav.stat().st_size > 1000 for wav in wavs.glob("*.wav"))


def clearest_german_voice() -> list[str] | None:
    """The command that speaks German into a WAV file most clearly of those installed: Pico's
    de-DE, else espeak-ng with MBROLA's de7, else espeak-ng's own German (hardest to follow)."""
    if shutil.which("pico2wave"):
        return ["pico2wave", "-l", "de-DE", "-w"]
    if shutil.which("espeak-ng") and Path("/usr/share/mbrola/de7").exists():
        return ["espeak-ng", "-v", "mb-de7", "-w"]
    if shutil.which("espeak-ng"):
        return ["espeak-ng", "-v", "de", "-w"]
    return None


def seconds_said(voice: list[str], text: str, wav: Path) -> float:
    subprocess.run([*voice, str(wav), text], check=True, capture_output=True, timeout=60)
    soxi = ["soxi", "-D", str(wav)]
    return float(subprocess.run(soxi, capture_output=True, encoding="utf-8", check=True).stdout)


def said_before_the_next_cue(step: Step) -> float:
    """How long a step's words may take: until the next thing the session says or sounds."""
    match step.kind:
        case StepKind.HOLD:
            assert step.hold is not None
            return step.hold.lead_in  # then the hold begins, with its cue
        case StepKind.ROLLING:
            return defaults.ROLLING_SETTLE  # then "start rolling" and the beat
        case StepKind.SPOT:
            return defaults.SPOT_CHOICE_AFTER  # then the spot is held by itself
        case StepKind.ACTIVITY:
            return min((p.at for p in step.prompts if p.at > 0), default=step.duration or 60.0)
        case StepKind.PREPARE:
            return step.duration or defaults.PREPARE_WAIT


@pytest.mark.skipif(clearest_german_voice() is None, reason="needs a German voice")
@pytest.mark.skipif(shutil.which("soxi") is None, reason="needs sox")
def test_every_step_s_german_words_end_before_its_next_cue(tmp_path: Path) -> None:
    """Each step has short words of its own to be heard, and the clearest German voice here says
    them before the session's next cue (nine steps once read their whole instruction)."""
    voice = clearest_german_voice()
    assert voice is not None
    i18n.set_language("de")
    try:
        too_long = []
        for path in sorted(bundled_routines_dir().glob("*.yaml")):
            routine = load_routine(path, assets_dir(), Origin.BUNDLED)
            for number, step in enumerate(routine.steps, start=1):
                assert step.speak, (path.name, number, "reads its whole instruction")
                said = seconds_said(voice, step.spoken_text, tmp_path / f"{number}.wav")
                if said > said_before_the_next_cue(step):
                    too_long.append((path.name, number, round(said, 1), step.spoken_text))
    finally:
        i18n.set_language("en")
    assert not too_long, too_long
