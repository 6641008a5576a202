"""Following a session by ear: which cue and which sentence, when; fallbacks when sound fails."""

from __future__ import annotations

import shutil
import stat
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt

from desktop_app import settings as opt
from desktop_app.audio.backends import RecordingPlayer, SilentPlayer, choose_player
from desktop_app.audio.cues import Cue
from desktop_app.audio.listener import CueListener
from desktop_app.audio.output import AudioOutput
from desktop_app.audio.voice import EspeakVoice, RecordingVoice
from desktop_app.qt.keys import action_names
from desktop_app.resources import assets_dir
from desktop_app.settings import Settings
from desktop_app.view.presenter import present
from tests.engine_helpers import activity, hold, prepare, rolling, session
from tests.qt_helpers import press


def listen(
    *steps: Any, voice: bool = False, **options: Any
) -> tuple[Any, RecordingPlayer, RecordingVoice]:
    s = session(*steps, start=False, **options)
    player = RecordingPlayer(lambda: s.engine.now)
    speaker = RecordingVoice()
    output = AudioOutput(player, speaker)
    output.voice_enabled = voice
    s.engine.subscribe(CueListener(output, action_names()))
    s.engine.start()
    return s, player, speaker


def test_a_whole_routine_plays_exactly_the_expected_cues_at_the_expected_times() -> None:
    s, player, _ = listen(
        prepare(duration=5),
        hold(),
        rolling(cap=3, pace=1),
        activity(10, ((0, "Go"), (5, "Halfway"))),
    )
    s.drive(90)
    assert player.played == [
        (0, Cue.STEP_START),
        (8, Cue.STEP_START),
        (8, Cue.TICK),
        (9, Cue.TICK),
        (10, Cue.TICK),
        (11, Cue.TICK),
        (12, Cue.TICK),
        (13, Cue.HOLD_START),
        (33, Cue.LOWER_BOUND),
        (34.5, Cue.CHECK_IN),  # "how is it now?"
        (40, Cue.TICK),
        (41, Cue.TICK),
        (42, Cue.TICK),
        (43, Cue.HOLD_END),
        (46, Cue.STEP_START),
        (54, Cue.PROMPT),  # "start rolling", once the ball is in place
        (55, Cue.REPETITION),
        (56, Cue.REPETITION),
        (57, Cue.CAP_REACHED),
        (60, Cue.STEP_START),
        (65, Cue.PROMPT),
        (73, Cue.FINISHED),
    ]


def test_rising_pain_plays_the_warning_once() -> None:
    s, player, _ = listen(hold())
    s.wait(11)  # settled
    for rating in (4, 6, 6):
        s.engine.rate_pain(rating)
    assert player.cues.count(Cue.PAIN_WARNING) == 1


def test_silence_plays_the_check_in_whatever_the_step() -> None:
    s, player, _ = listen(hold(), prepare(), checkin_after=60)
    s.drive(61)
    assert (60, Cue.CHECK_IN) in player.played


def test_voice_reads_the_step_then_the_lower_bound_then_the_cap() -> None:
    s, _, voice = listen(hold(), rolling(), voice=True)
    s.drive(40)
    for _ in range(15):
        s.engine.count_repetition()
    assert voice.said == [
        "Hold. Rest on the ball.",
        "You may release when it eases.",
        "How is it now? Rate your pain.",
        "Roll. Roll over the spot.",
        "That's 15. Enough for this spot.",
    ]


def test_the_voice_says_the_routines_own_cap() -> None:
    s, _, voice = listen(rolling(cap=3), prepare(), voice=True)
    for _ in range(3):
        s.engine.count_repetition()
    assert voice.said[-1] == "That's 3. Enough for this spot."


def test_spoken_prompts_name_the_windows_keys() -> None:
    from desktop_app.audio.announcements import speech_for
    from desktop_app.core import events as ev

    said = speech_for(ev.ContinuingSoon(at=0, step_index=0, seconds=5), action_names())
    assert said == "Starting in 5 seconds. Press Space to wait."


def test_voice_warns_when_pressing_too_hard() -> None:
    s, _, voice = listen(hold(), voice=True)
    s.engine.rate_pain(9)
    assert voice.said[-1] == "Pressed too hard: 9 of 10. Ease off."


def test_rising_pain_has_its_own_spoken_words() -> None:
    s, _, voice = listen(hold(), voice=True)
    s.drive(11)  # past the lead-in and the hold's settling
    s.engine.rate_pain(4)
    s.engine.rate_pain(6)
    assert voice.said[-1] == "Up from 4 to 6 since you settled: ease off a little."


def test_high_pain_while_lying_down_says_rest_not_pressure() -> None:
    s, player, voice = listen(prepare(), voice=True)
    s.engine.rate_pain(9)
    said = voice.said[-1]
    assert said.startswith("Rest for a moment.") and "pressure" not in said
    # "New" pain is every first episode's: the doctor sign is pain unlike the usual lumbago.
    assert "unlike your usual lumbago" in said and "is new" not in said
    assert player.cues.count(Cue.PAIN_WARNING) == 1


@pytest.mark.parametrize(
    "step",
    [activity(), replace(prepare(), standing=True)],
    ids=["walking", "standing to find the muscle"],
)
def test_high_pain_on_your_feet_says_stop_until_it_settles_not_rest(step: Any) -> None:
    s, _player, voice = listen(step, voice=True)
    s.engine.rate_pain(9)
    said = voice.said[-1]
    assert said.startswith("Stop. Stand still or lie down until it settles")
    # The screen says the same words as the voice: one rule decides which.
    shown = present(s.engine.view(), s.engine.routine, action_names()).pain.warning
    assert shown is not None and shown.text == said


def test_after_a_hold_has_eased_a_low_rating_is_praised_not_met_with_more_pressure() -> None:
    s, _player, voice = listen(hold(lead_in=0), voice=True)
    s.engine.rate_pain(6)
    s.engine.rate_pain(3)  # eased, below the band
    assert voice.said[-1] == "It has eased. That is what you want."
    fresh, _p, fresh_voice = listen(hold(lead_in=0), voice=True)
    fresh.engine.rate_pain(3)  # below the band from the start: press a little more
    assert fresh_voice.said[-1] == "A little more pressure is fine."


def test_muted_listener_plays_and_says_nothing() -> None:
    s = session(prepare(duration=5), prepare(), start=False)
    player, voice = RecordingPlayer(lambda: s.engine.now), RecordingVoice()
    output = AudioOutput(player, voice)
    output.voice_enabled = True
    s.engine.subscribe(CueListener(output, action_names()))
    s.engine.start()
    output.set_muted(True)
    s.wait(10)
    assert player.played == [(0, Cue.STEP_START)]
    assert voice.said == ["Lie down. Get into position."]


def test_m_in_the_window_mutes_sound_and_voice_at_once(app_controller: Any) -> None:
    app_controller.set_option(opt.VOICE_ENABLED, True)  # what the settings window does
    app_controller.open_routine("walk-through")
    page = app_controller.window.session_page
    press(page, "m")
    press(page, Qt.Key.Key_Space)
    assert app_controller.sound.cues.player.played == []
    assert app_controller.sound.cues.voice.said == []
    press(page, "m")
    press(page, Qt.Key.Key_Right)
    assert app_controller.sound.cues.player.cues == [Cue.STEP_START]
    assert app_controller.sound.cues.voice.said == [
        "Ball under your back, between the lowest rib and the hip bone. Roll slowly."
    ]


def test_with_no_audio_device_the_app_says_so_and_flashes_instead(
    app_controller: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import playsound3

    from desktop_app.audio import backends

    monkeypatch.setattr(backends, "helper_available", lambda: False)
    monkeypatch.setattr(playsound3, "DEFAULT_BACKEND", None)
    app_controller.sound.start_default()
    assert isinstance(app_controller.sound.cues.player, SilentPlayer)
    notice = app_controller.window.start_page.notice.text()
    assert "No sound is available" in notice and "miniaudio library is not installed" in notice
    app_controller.open_routine("walk-through")
    press(app_controller.window.session_page, Qt.Key.Key_Space)
    assert app_controller.window.edge_flash.count == 1
    assert app_controller.window.session_page.sound_status.text() == "No sound: the edge flashes"


def test_sound_off_from_the_command_line_is_silent_without_a_notice() -> None:
    player, notice = choose_player("off", assets_dir() / "sounds", QObject())
    assert isinstance(player, SilentPlayer) and notice == ""


def test_missing_sound_file_is_reported_and_the_rest_still_play(
    app_controller: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.audio.backends import PlaysoundPlayer

    sounds = tmp_path / "sounds"
    shutil.copytree(assets_dir() / "sounds", sounds)
    (sounds / "tick.wav").unlink()
    import playsound3

    monkeypatch.setattr(playsound3, "DEFAULT_BACKEND", "test")
    played: list[str] = []
    monkeypatch.setattr(
        playsound3, "playsound", lambda path, block=True: played.append(Path(path).name)
    )
    player = PlaysoundPlayer(sounds)
    app_controller.sound.use_player(player)
    assert "Missing sound files: tick" in app_controller.window.start_page.notice.text()
    player.play(Cue.TICK)
    player.play(Cue.HOLD_END)
    assert played == ["hold_end.wav"]


def test_espeak_voice_cuts_a_stale_sentence_short(tmp_path: Path) -> None:
    fake = tmp_path / "espeak-ng"
    pids = tmp_path / "pids"
    fake.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 30\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    voice = EspeakVoice(str(fake))
    voice.say("The first prompt, now stale.")
    wait_for(lambda: pids.exists() and len(pids.read_text(encoding="utf-8").split()) == 1)
    voice.say("The new prompt.")
    wait_for(lambda: len(pids.read_text(encoding="utf-8").split()) == 2)
    first, second = (int(pid) for pid in pids.read_text(encoding="utf-8").split())
    wait_for(lambda: not running(first))  # the stale sentence is cut short
    assert running(second) and voice.speaking
    voice.stop()
    assert not voice.speaking


def test_a_new_prompt_never_waits_for_the_old_one_to_end(tmp_path: Path) -> None:
    # A speaker that ignores the polite signal: the old code waited 0.5 s for it, on the
    # timer's own thread, every time a prompt replaced another.
    fake = tmp_path / "espeak-ng"
    fake.write_text("#!/bin/sh\ntrap '' TERM\nexec sleep 30\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    voice = EspeakVoice(str(fake))
    took = []
    for number in range(20):
        started = time.perf_counter()
        voice.say(f"Prompt number {number}.")
        took.append(time.perf_counter() - started)
    voice.stop()
    # Starting a process costs a few ms; waiting for the old one would cost 500 ms.
    assert sorted(took)[len(took) // 2] < 0.02, f"median {sorted(took)[10] * 1000:.1f} ms"
    assert max(took) < 0.1, f"a prompt held the timer up for {max(took) * 1000:.1f} ms"
    assert not voice.speaking


def test_sound_settings_are_kept_in_the_data_folder(qapp: Any, isolated_data_dir: Path) -> None:
    first = Settings(isolated_data_dir)
    first.set(opt.VOLUME, 0.35)
    first.set(opt.VOICE_ENABLED, True)
    assert first.sync()
    second = Settings(isolated_data_dir)
    assert second.get(opt.VOLUME) == pytest.approx(0.35)
    assert second.get(opt.VOICE_ENABLED) is True
    assert (isolated_data_dir / "settings.ini").is_file()


def test_settings_window_shows_how_sound_is_played(app_controller: Any) -> None:
    app_controller.open_settings()
    dialog = app_controller.windows.settings
    assert dialog.backend.text() == "Recording (tests)"
    dialog.volume.setValue(40)
    assert app_controller.sound.cues.player.volume == pytest.approx(0.4)
    assert app_controller.settings.get(opt.VOLUME) == pytest.approx(0.4)
    dialog.sound.setChecked(False)
    assert not app_controller.sound.cues.sound_enabled
    dialog.close()


@pytest.mark.parametrize("garbage", ["nan", "inf", "-inf", "abc", "1e999"])
def test_garbage_in_the_settings_file_reads_as_the_default(
    qapp: Any, isolated_data_dir: Path, garbage: str
) -> None:
    (isolated_data_dir / "settings.ini").write_text(
        f"[sound]\nvolume={garbage}\n[session]\ncheckin_after={garbage}\n", encoding="utf-8"
    )
    settings = Settings(isolated_data_dir)
    assert settings.get(opt.VOLUME) == opt.VOLUME.default
    assert settings.get(opt.CHECKIN_AFTER) == opt.CHECKIN_AFTER.default


def running(pid: int) -> bool:
    """Whether a process is alive (a zombie waiting to be reaped has stopped speaking)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Poll a condition about another process (bounded: it fails after `seconds`)."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_the_voice_speaks_the_apps_language_or_not_at_all(tmp_path: Path) -> None:
    """German is read by a German voice; a language espeak-ng has no voice for is not read
    by its English one."""
    from desktop_app.audio.voice import espeak_speaks

    fake = tmp_path / "espeak-ng"
    said = tmp_path / "said"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$1" in --voices=de) printf "Pty Language Age/Gender VoiceName File\\n'
        ' 5  de  --/M  German  gmw/de\\n" ;;\n'
        '  --voices=*) printf "Pty Language Age/Gender VoiceName File\\n" ;;\n'
        f'  *) echo "$@" > {said} ;; esac\n',
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    assert espeak_speaks(str(fake), "de")
    assert not espeak_speaks(str(fake), "fr")
    assert not espeak_speaks(str(tmp_path / "missing"), "de")
    voice = EspeakVoice(str(fake), language="de")
    voice.say("Atmen Sie ruhig weiter.")
    wait_for(lambda: said.exists() and said.read_text(encoding="utf-8").strip() != "")
    assert said.read_text(encoding="utf-8").split()[:2] == ["-v", "de"]


def test_voice_on_with_no_voice_for_the_language_is_said_in_the_window(
    app_controller: Any,
) -> None:
    from desktop_app import settings as opt
    from desktop_app.audio.voice import NoVoice

    app_controller.sound.cues.voice = NoVoice("espeak-ng has no voice for “xx”")
    app_controller.set_option(opt.VOICE_ENABLED, True)
    assert app_controller.sound.status_text() == "No voice in this language"
    app_controller.open_settings()
    assert "no voice" in app_controller.windows.settings.voice_info.text()


def test_without_a_speech_service_the_voice_is_chosen_without_loading_qt_speech(
    tmp_path: Path,
) -> None:
    """Qt's speech module loads QtMultimedia, which prints PipeWire warnings on a fresh Debian:
    with no speech-dispatcher to talk to, it is not loaded at all (nor for the finish page's
    offer), and the settings say why there is no Qt voice."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from desktop_app.audio.voice import choose_voice, voice_likely\n"
        "likely = voice_likely('en')\n"
        "voice = choose_voice(None, 'en')\n"
        "print(likely, type(voice).__name__, 'PySide6.QtTextToSpeech' in sys.modules)\n"
        "print(voice.description)\n"
    )
    empty = tmp_path / "bin"  # a PATH with neither speech-dispatcher nor espeak-ng
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PATH": str(empty), "LANGUAGE": "en"},
        capture_output=True, encoding="utf-8", timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, description = done.stdout.splitlines()[:2]
    assert first == "False NoVoice False"
    assert "speech-dispatcher is not installed" in description
    assert done.stderr == ""


def test_every_message_marked_spoken_is_said_by_the_voice_as_it_appears() -> None:
    """A message the presenter marks `spoken` has a sentence of the voice at the same moment,
    which is why a screen reader is not made to say it again while the voice speaks."""
    from desktop_app.core.defaults import CHECKIN_AFTER

    s, _player, voice = listen(
        prepare(), hold(lower=20, upper=30, lead_in=5), prepare(), voice=True
    )
    seen: set[str] = set()

    def act(do: Callable[[], object]) -> None:
        before = len(voice.said)
        do()
        pain = present(s.engine.view(), s.engine.routine, action_names()).pain
        for message in (pain.warning, pain.hint):
            if message is None or message.name in seen:
                continue
            seen.add(message.name)
            if message.spoken:
                assert len(voice.said) > before, (message.name, message.text)

    act(lambda: s.engine.rate_pain(9))  # lying down: high with nothing pressed
    act(s.engine.next_step)  # the hold's lead-in: "rate the spot", which the voice does not say
    act(s.engine.next_step)  # too early: confirm
    act(lambda: s.wait(10))  # past the lead-in and the hold's settling
    act(lambda: s.engine.rate_pain(4))
    act(lambda: s.engine.rate_pain(6))  # rising
    act(lambda: s.engine.rate_pain(9))  # too much
    act(lambda: s.engine.rate_pain(5))
    act(lambda: s.wait(20 + 2))  # how is it now?
    act(lambda: s.engine.rate_pain(2))  # eased, below the band
    act(lambda: s.wait(CHECKIN_AFTER + 1))  # still with me?
    assert {
        "rate_spot",
        "confirm",
        "rising",
        "above_band",
        "asking_easing",
        "below_band",
        "check_in",
        "high_at_rest",
    } <= seen, seen


def test_the_voice_prefers_an_installed_mbrola_voice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MBROLA's voices read far more clearly than espeak-ng's own (German above all): used
    where the mbrola program and the voice's data are both installed, never otherwise."""
    from desktop_app.audio.voice import clearest_espeak_voice

    voices = tmp_path / "mbrola"
    (voices / "de7").mkdir(parents=True)
    (voices / "de7" / "de7").write_bytes(b"voice data")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    assert clearest_espeak_voice("de", voices) == "de"  # no mbrola program: espeak's own
    program = bin_dir / "mbrola"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    assert clearest_espeak_voice("de", voices) == "mb-de7"
    assert clearest_espeak_voice("en", voices) == "en"  # no English MBROLA voice installed
