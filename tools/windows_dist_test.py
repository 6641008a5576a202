"""`make dist-windows-test`: the Windows installer tried in a fresh Wine prefix as a person would.

With an X server (Xvfb, 1280×800) and a sound server (PulseAudio with a null sink, recorded
with parec; Wine's PulseAudio driver plays into it):

- the installer from dist/ runs silently (`/S`) into %LOCALAPPDATA%\\Programs\\Lumbago Coach,
  with a Start-menu entry and an entry in the list of installed apps;
- the installed lumbago-coach.exe starts as a person first meets it: the red-flag check comes
  first (Enter answers nothing; "None of these apply" by keys), then the daily back check and
  the first day's questions about the episode, then the start page, where the ball routine for the lower back is chosen by keys and started, and
  a hold is reached (→ skips the steps before it); the cues are in the recording (or, if Wine
  cannot reach the sound server, the app said it has no sound); first-start.png is kept;
- the app is closed by its window's close button: exit code 0, no process of it left running,
  the session kept in the history as stopped;
- the silent uninstall removes the program and the Start-menu entry and keeps the data folder.

Needs Wine, Xvfb, openbox, xdotool, pulseaudio and parec (test tools), and the installer
(`make dist-windows`). Output: .cache/windows/dist-test/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import real_sound  # noqa: E402
from tools import wine  # noqa: E402
from tools.dist_test import (  # noqa: E402
    Failed,
    answer_episode_questions,
    check,
    press,
    say,
    screenshot,
    wait_for_window,
)
from tools.make_windows import INSTALLER  # noqa: E402

WORK = wine.CACHE / "dist-test"
OUT = WORK / "out"
PREFIX = WORK / "prefix"
PROGRAM_NAME = "lumbago-coach.exe"


def user_folder(prefix: Path) -> Path:
    (folder,) = [p for p in (prefix / "drive_c" / "users").iterdir() if p.name != "Public"]
    return folder


def wait_until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return bool(condition())  # type: ignore[operator]


def running_programs() -> list[str]:
    found = subprocess.run(["pgrep", "-af", PROGRAM_NAME], capture_output=True, encoding="utf-8")
    return [line for line in found.stdout.splitlines() if "pgrep" not in line]


def start_menu_entry() -> Path | None:
    return next((PREFIX / "drive_c").rglob("Start Menu/Programs/Lumbago Coach.lnk"), None)


def install(env: dict[str, str]) -> Path:
    started = time.monotonic()
    done = subprocess.run(
        ["wine", str(INSTALLER), "/S"], env=env, input=b"", capture_output=True, timeout=300
    )
    wine.wait_for_wineserver(PREFIX)
    local = user_folder(PREFIX) / "AppData" / "Local"
    program = local / "Programs" / "Lumbago Coach" / PROGRAM_NAME
    check(
        done.returncode == 0 and program.exists(),
        f"the installer runs silently and installs {program.name} "
        f"({time.monotonic() - started:.1f} s)",
    )
    check(start_menu_entry() is not None, "the Start menu has Lumbago Coach")
    registry = (PREFIX / "user.reg").read_text(errors="replace")  # Wine's registry is text
    check("LumbagoCoach" in registry, "the list of installed apps has it (uninstall entry)")
    return program


def first_start(link: Path, env: dict[str, str], data: Path, sound: real_sound.SoundServer,
                display: str) -> None:  # fmt: skip
    recorded = OUT / "recording.wav"
    with real_sound.recording(sound, recorded):
        started = time.monotonic()
        # As from the Start menu: the shortcut, opened by the shell (no console, no standard
        # streams of ours); `start /wait` waits for the app and ends with its exit code. (Wine
        # hands a Windows program a Linux file as a standard stream badly, so pipes.)
        app = subprocess.Popen(
            ["wine", "start", "/wait", "/unix", str(link)], env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            safety = wait_for_window(display, "Is this safe for me", 90)
            check(
                safety is not None,
                f"the installed app opens the red-flag check first "
                f"({time.monotonic() - started:.1f} s)",
            )
            assert safety is not None
            time.sleep(1)
            check(screenshot(display, OUT / "safety-check.png"), "kept: safety-check.png")
            settings = data / "settings.ini"
            press(display, safety, "Return")
            answered = settings.exists() and "none_apply" in settings.read_text(encoding="utf-8")
            check(not answered, "Enter alone does not answer the check")
            press(display, safety, "shift+Tab", "space")
            check(
                wait_until(
                    lambda: (
                        settings.exists() and "none_apply" in settings.read_text(encoding="utf-8")
                    ),
                    15,
                ),
                f"'None of these apply' is kept in {settings.relative_to(PREFIX)}",
            )
            back = wait_for_window(display, "How is your back today", 30)
            check(back is not None, "then the daily back check asks")
            assert back is not None
            press(display, back, "6", "2", "t")
            answer_episode_questions(display)
            window = real_sound.window_id(display, timeout=20)
            assert window is not None
            time.sleep(1)
            # The start page's list has the focus: the third routine is the ball routine for
            # the lower back (a rolling step, then a hold); Space starts it, → skips forward.
            press(display, window, "Down", "Down", "Return", "space")
            check(
                wait_until(lambda: "session_started" in real_sound.history_events(data), 20),
                "a bundled routine opens and starts",
            )
            for _ in range(3):
                if "hold_started" in real_sound.history_events(data):
                    break
                press(display, window, "Right")
                wait_until(lambda: "hold_started" in real_sound.history_events(data), 8)
            events = real_sound.history_events(data)
            check("hold_started" in events, f"a hold is reached by keys ({events})")
            time.sleep(2)
            check(screenshot(display, OUT / "hold.png"), "kept: hold.png")
            real_sound.close_window(display, window)
            try:
                out, err = app.communicate(timeout=30)
                code = app.returncode
                (OUT / "app-output.txt").write_bytes(out + err)
            except subprocess.TimeoutExpired:
                code = None
            check(code == 0, f"closing the window ends the app (exit {code})")
        except Failed:
            screenshot(display, OUT / "failed.png")
            raise
        finally:
            if app.poll() is None:
                app.kill()
                app.wait(10)
    check(
        wait_until(lambda: not running_programs(), 15),
        f"nothing of the app is left running ({running_programs()})",
    )
    events = real_sound.history_events(data)
    check(bool(events) and events[-1] == "session_stopped", "the session is kept as stopped")
    heard = real_sound.onsets(recorded)
    check(len(heard) >= 2, f"the cues are heard through Wine's sound driver ({len(heard)})")


def uninstall(program: Path, env: dict[str, str], data: Path) -> None:
    uninstaller = program.parent / "uninstall.exe"
    done = subprocess.run(
        ["wine", str(uninstaller), "/S"], env=env, input=b"", capture_output=True, timeout=120
    )
    wine.wait_for_wineserver(PREFIX)
    wait_until(lambda: not program.exists(), 20)
    check(done.returncode == 0 and not program.exists(), "the silent uninstall removes the app")
    check(not program.parent.exists(), f"and its folder ({sorted(program.parent.glob('*'))[:5]})")
    check(start_menu_entry() is None, "and the Start-menu entry")
    check((data / "history.sqlite3").exists(), "the data folder and its history are kept")


def main() -> int:
    if not INSTALLER.exists():
        print(f"No installer at {INSTALLER}: run `make dist-windows` first.", file=sys.stderr)
        return 2
    missing = real_sound.missing_programs(
        "wine", "Xvfb", "openbox", "xdotool", "pulseaudio", "parec"
    )
    if missing:
        print(f"dist-windows-test needs: {', '.join(missing)}", file=sys.stderr)
        return 2
    shutil.rmtree(WORK, ignore_errors=True)
    OUT.mkdir(parents=True)
    try:
        say(f"a fresh Wine prefix: {PREFIX}")
        wine.ensure_prefix(PREFIX)
        with (
            real_sound.xvfb() as display,
            real_sound.window_manager(display),
            real_sound.pulseaudio(WORK) as sound,
        ):
            env = wine.environment(PREFIX, DISPLAY=display, **sound.env)
            program = install(env)
            data = user_folder(PREFIX) / "AppData" / "Local" / "lumbago-coach"
            link = start_menu_entry()
            assert link is not None
            try:
                first_start(link, env, data, sound, display)
            except Failed:
                screenshot(display, OUT / "failed.png")
                raise
            uninstall(program, env, data)
    except Failed as failed:
        print(f"FAILED: {failed}", file=sys.stderr)
        return 1
    finally:
        wine.end_wineserver(PREFIX)
    say(f"passed; screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
