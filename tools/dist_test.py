"""`make dist-test`: the .deb tried on a clean Debian 12 as a person would have it.

A minimal Debian 12 root is made once with `debootstrap --variant=minbase` and kept under
.cache/ (never committed); every run copies it afresh, so each run starts clean. In the copy,
the .deb from dist/ is installed with `apt-get install ./…deb` and nothing else by hand. Then,
with an X server (Xvfb) and a sound server (PulseAudio with a null sink) running outside the root
and their sockets shown inside it:

- `lumbago-coach --version` says the version written in desktop_app/__init__.py;
- `lumbago-coach --lang de --list` is German (its header is the one the checkout prints);
- apt brings what the package recommends, as it does for a person: espeak-ng, the voice;
- a first start, as a person has it: the red-flag check comes first and is answered by keys
  ("None of these apply", never a stray Enter), then the daily back check (6, "with effort",
  today) and the first day's questions about the episode (keys 1, 1, 1), then a bundled routine opens from the start page and starts; first-start.png is kept;
- the app started from the menu's command maps its window, runs a routine to its first hold,
  the sound helper's cues are in the recording of the null sink, and so is the voice reading
  the step (seconds of speech beyond the cues); the window is saved as window.png;
- the history was written in the person's data folder (~/.local/share/lumbago-coach);
- `apt-get remove` leaves no file of the package behind, and the data folder untouched.

Needs root (chroot, mounts), debootstrap, Xvfb, xdotool, pulseaudio and parec. Output:
.cache/dist-test/out/. Takes about two minutes with the root cached (once more to make it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app import __version__  # noqa: E402
from tests import real_sound  # noqa: E402

CACHE = ROOT / ".cache"
BASE = CACHE / "debian12-minbase"
WORK = CACHE / "dist-test"
OUT = WORK / "out"
DEB = ROOT / "dist" / f"lumbago-coach_{__version__}_amd64.deb"
#: Where the X and sound sockets appear inside the root.
X_SOCKETS = "/tmp/.X11-unix"
PULSE_INSIDE = "/run/host-pulse"
CHROOT = shutil.which("chroot") or "/usr/sbin/chroot"
#: The person's data folder inside the root (HOME=/root).
DATA_INSIDE = "root/.local/share/lumbago-coach"


class Failed(Exception):
    pass


def say(text: str) -> None:
    print(f"dist-test: {text}", flush=True)


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Failed(what)
    say(f"ok   {what}")


def debian_mirror() -> str:
    """The Debian mirror this machine's apt uses (deb822 or one-line sources)."""
    sources = Path("/etc/apt/sources.list.d/debian.sources")
    if sources.exists():
        for line in sources.read_text(encoding="utf-8").splitlines():
            if line.startswith("URIs:"):
                return line.split()[1]
    for line in Path("/etc/apt/sources.list").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts[:1] == ["deb"] and "security" not in line:
            return next(p for p in parts[1:] if "://" in p)
    raise Failed("no Debian mirror in this machine's apt sources")


def base_root() -> Path:
    """The clean Debian 12 minbase root, made once and kept."""
    if (BASE / "etc" / "debian_version").exists():
        return BASE
    partial = BASE.with_name(BASE.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    say("making a minimal Debian 12 root (once; kept in .cache/)")
    subprocess.run(
        ["debootstrap", "--variant=minbase", "bookworm", str(partial), debian_mirror()],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    partial.rename(BASE)
    return BASE


@contextlib.contextmanager
def fresh_root(display: str, sound: real_sound.SoundServer) -> Iterator[Path]:
    """A copy of the clean root with /proc, /dev and the X and sound sockets mounted."""
    root = WORK / "root"
    if root.exists():
        unmount_all(root)
        shutil.rmtree(root)
    subprocess.run(["cp", "-a", str(base_root()), str(root)], check=True)
    shutil.copy2("/etc/resolv.conf", root / "etc" / "resolv.conf")
    mounts = [
        (["-t", "proc", "proc"], root / "proc"),
        (["--rbind", "/dev"], root / "dev"),
        (["--bind", X_SOCKETS], root / X_SOCKETS.lstrip("/")),
        (["--bind", str(sound.runtime_dir / "pulse")], root / PULSE_INSIDE.lstrip("/")),
    ]
    try:
        for options, target in mounts:
            target.mkdir(parents=True, exist_ok=True)
            subprocess.run(["mount", *options, str(target)], check=True)
        yield root
    finally:
        unmount_all(root)


def unmount_all(root: Path) -> None:
    mounted = [
        line.split()[1]
        for line in Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
        if line.split()[1].startswith(str(root) + "/")
    ]
    for target in sorted(mounted, key=len, reverse=True):
        subprocess.run(["umount", "-l", target], check=False)


def inside(
    root: Path, *command: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "DEBIAN_FRONTEND": "noninteractive",
    }
    return subprocess.run(
        [CHROOT, str(root), *command],
        env={**base, **(env or {})},
        capture_output=True,
        encoding="utf-8",
        timeout=timeout,
    )


def install(root: Path) -> list[str]:
    """apt-get install ./the.deb; returns the package's files as dpkg lists them."""
    shutil.copy2(DEB, root / "tmp" / DEB.name)
    started = time.monotonic()
    updated = inside(root, "apt-get", "update", "-qq")
    if updated.returncode != 0:
        raise Failed(f"apt-get update in the clean root: {updated.stderr[-600:]}")
    installed = inside(root, "apt-get", "install", "-y", "-qq", f"/tmp/{DEB.name}")
    if installed.returncode != 0:
        raise Failed(f"apt-get install ./{DEB.name}: {installed.stderr[-800:]}")
    check(
        True,
        f"apt-get install ./{DEB.name} pulls what it needs ({time.monotonic() - started:.0f} s)",
    )
    voice = inside(root, "dpkg-query", "-W", "-f=${Status}", "espeak-ng").stdout
    check(voice.endswith("installed"), f"apt brings the recommended voice, espeak-ng ({voice})")
    listed = inside(root, "dpkg", "-L", "lumbago-coach").stdout.splitlines()
    return [path for path in listed if path.startswith("/")]


def app_env(display: str) -> dict[str, str]:
    return {
        "DISPLAY": display,
        "PULSE_SERVER": f"unix:{PULSE_INSIDE}/native",
        "XDG_RUNTIME_DIR": "/tmp",
    }


def screenshot(display: str, path: Path) -> bool:
    """The whole X screen as PNG, taken from outside the root with Qt."""
    code = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication(sys.argv[:1])\n"
        "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)\n"
    )
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    python = real_sound.app_python()
    return subprocess.run([python, "-c", code, str(path)], env=env, timeout=60).returncode == 0


def run_a_session(root: Path, display: str, sound: real_sound.SoundServer) -> None:
    data = root / DATA_INSIDE
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "soak-hold.yaml").write_text(real_sound.HOLD_ROUTINE, encoding="utf-8")
    # The red-flag check as answered at the first start (first_start); the voice turned on.
    (data / "settings.ini").write_text(
        "[safety]\nanswer=none_apply\n[voice]\nenabled=true\n[session]\nfloor_mode=false\n",
        encoding="utf-8",
    )
    recorded = OUT / "recording.wav"
    with real_sound.recording(sound, recorded):
        started = time.monotonic()
        app = subprocess.Popen(
            [CHROOT, str(root), "lumbago-coach", "--routine", "soak-hold"],
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": "/root",
                "LANG": "C.UTF-8",
                **app_env(display),
            },
            stdout=subprocess.DEVNULL,
            stderr=(OUT / "app-stderr.txt").open("wb"),
        )
        try:
            window = real_sound.window_id(display, timeout=60)
            check(window is not None, f"the window is mapped ({time.monotonic() - started:.1f} s)")
            assert window is not None
            time.sleep(1)  # the person looks before pressing
            subprocess.run(
                ["xdotool", "windowfocus", window, "key", "space"],
                env={**os.environ, "DISPLAY": display},
                check=True,
            )
            deadline = time.monotonic() + 40
            while "hold_started" not in real_sound.history_events(data):
                if time.monotonic() > deadline or app.poll() is not None:
                    break
                time.sleep(0.2)
            time.sleep(2)  # into the hold: the lead-in's and the hold's cues have played
            check(screenshot(display, OUT / "window.png"), "a screenshot is kept: window.png")
            events = real_sound.history_events(data)
            check("hold_started" in events, f"the routine runs to its first hold ({events})")
        finally:
            code = terminate(app)
    check(code == 0, f"the app ends cleanly on SIGTERM (exit {code})")
    heard = real_sound.onsets(recorded)
    check(len(heard) >= 2, f"the sound helper's cues are in the recording ({len(heard)} heard)")
    # The cues up to two seconds into the first hold sound for under 2 s in all (step start,
    # the lead-in's ticks, the hold's start); the voice reading the step adds seconds more.
    spoken = voiced_seconds(recorded)
    check(spoken >= 2.5, f"the voice speaks through the sound server ({spoken:.1f} s of sound)")
    events = real_sound.history_events(data)
    check(
        bool(events) and events[-1] == "session_stopped",
        f"the history is written in ~/.local/share/lumbago-coach ({len(events)} events)",
    )


def terminate(app: subprocess.Popen[bytes]) -> int:
    """SIGTERM, as a logout sends it; its exit code (killed after 20 s: then not 0)."""
    app.terminate()
    try:
        return app.wait(20)
    except subprocess.TimeoutExpired:
        app.kill()
        return app.wait(5)


def voiced_seconds(path: Path, level: float = 0.01) -> float:
    """How long a recording holds sound above `level` (of full scale), in 20 ms frames."""
    import array
    import wave

    with wave.open(str(path), "rb") as recorded:
        rate = recorded.getframerate()
        samples = array.array("h", recorded.readframes(recorded.getnframes()))
    frame = max(1, rate // 50)
    loud = 0
    for start in range(0, len(samples), frame):
        chunk = samples[start : start + frame]
        if chunk and max(abs(value) for value in chunk) >= level * 32768:
            loud += 1
    return loud / 50


def press(display: str, window: str, *keys: str) -> None:
    """Keys to one window, as a person presses them (a short pause between)."""
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["xdotool", "windowfocus", "--sync", window], env=env, timeout=10)
    for key in keys:
        subprocess.run(["xdotool", "key", "--clearmodifiers", key], env=env, timeout=10)
        time.sleep(0.4)


def wait_for_window(display: str, title: str, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", title],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            encoding="utf-8",
        ).stdout.split()
        if found:
            return found[-1]
        time.sleep(0.2)
    return None


def first_start(root: Path, display: str) -> None:
    """The app as a person first meets it: nothing answered, nothing in the data folder."""
    data = root / DATA_INSIDE
    app = subprocess.Popen(
        [CHROOT, str(root), "lumbago-coach"],
        env={"PATH": "/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", **app_env(display)},
        stdout=subprocess.DEVNULL,
        stderr=(OUT / "first-start-stderr.txt").open("wb"),
    )
    try:
        check_window = wait_for_window(display, "Is this safe for me", 60)
        check(check_window is not None, "the first start opens the red-flag check")
        assert check_window is not None
        time.sleep(1)
        # Enter answers nothing; the answer is a deliberate choice: the last button, by keys.
        press(display, check_window, "Return")
        settings = data / "settings.ini"
        answered = settings.exists() and "none_apply" in settings.read_text(encoding="utf-8")
        check(not answered, "Enter alone does not answer the check")
        press(display, check_window, "shift+Tab", "space")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (
            settings.exists() and "none_apply" in settings.read_text(encoding="utf-8")
        ):
            time.sleep(0.2)
        check("none_apply" in settings.read_text(encoding="utf-8"), "'None of these apply' is kept")
        back = wait_for_window(display, "How is your back today", 20)
        check(back is not None, "then the daily back check asks")
        assert back is not None
        press(display, back, "6", "2", "t")
        history = data / "history.sqlite3"
        deadline = time.monotonic() + 10
        checks = 0
        while time.monotonic() < deadline and not checks:
            with (
                contextlib.suppress(sqlite3.Error),
                contextlib.closing(
                    sqlite3.connect(f"file:{history}?mode=ro", uri=True, timeout=1)
                ) as db,
            ):
                checks = db.execute("SELECT count(*) FROM back_checks").fetchone()[0]
            time.sleep(0.2)
        check(checks == 1, "the back check is kept in the history")
        answer_episode_questions(display)
        window = real_sound.window_id(display, timeout=10)
        assert window is not None
        # The start page's list has the focus: Enter opens the chosen bundled routine, Space
        # starts it.
        press(display, window, "Return", "space")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and "session_started" not in (
            events := real_sound.history_events(data)
        ):
            time.sleep(0.2)
        check("session_started" in events, "a bundled routine opens and starts")
        time.sleep(1)
        check(screenshot(display, OUT / "first-start.png"), "a screenshot is kept: first-start.png")
    finally:
        code = terminate(app)
    check(code == 0, f"the first start ends cleanly on SIGTERM (exit {code})")
    shutil.rmtree(data)  # the session run below starts from its own data


def answer_episode_questions(display: str) -> None:
    """The first day's three questions about the episode, each answered by its key 1."""
    episode = wait_for_window(display, "About this episode", 20)
    check(episode is not None, "then the three questions about this episode")
    assert episode is not None
    press(display, episode, "1", "1", "1")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and wait_for_window(display, "About this episode", 0.5):
        time.sleep(0.2)
    check(not wait_for_window(display, "About this episode", 0.5), "each answered by a key")


def checkout_list_header() -> str:
    own = subprocess.run(
        [real_sound.app_python(), "-m", "desktop_app", "--lang", "de", "--list"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "LUMBAGO_COACH_DATA_DIR": str(WORK / "checkout-data")},
    )
    return own.stdout.splitlines()[0] if own.stdout else ""


def main() -> int:
    if os.geteuid() != 0:
        print("dist-test needs root (chroot and mounts).", file=sys.stderr)
        return 2
    missing = real_sound.missing_programs(
        "debootstrap", "Xvfb", "xdotool", "pulseaudio", "parec", "chroot"
    )
    if missing:
        print(f"dist-test needs: {' '.join(missing)}", file=sys.stderr)
        return 2
    if not DEB.exists():
        print(f"{DEB} is missing: run make dist first.", file=sys.stderr)
        return 2
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    began = time.monotonic()
    try:
        with (
            real_sound.xvfb() as display,
            real_sound.pulseaudio(WORK / "pulse") as sound,
            fresh_root(display, sound) as root,
        ):
            files = install(root)
            version = inside(root, "lumbago-coach", "--version")
            check(
                version.stdout.strip() == f"lumbago-coach {__version__}",
                f"--version says {version.stdout.strip()!r}",
            )
            german = inside(root, "lumbago-coach", "--lang", "de", "--list")
            header = german.stdout.splitlines()[0] if german.stdout else ""
            check(
                german.returncode == 0 and header == checkout_list_header() and "TITEL" in header,
                f"--lang de --list is German ({header.split()[:3]})",
            )
            first_start(root, display)
            run_a_session(root, display, sound)
            removed = inside(root, "apt-get", "remove", "-y", "-qq", "lumbago-coach")
            check(removed.returncode == 0, "apt-get remove lumbago-coach")
            left = [
                path
                for path in files
                if (root / path.lstrip("/")).is_file() or (root / path.lstrip("/")).is_symlink()
            ]
            check(not left, f"no file of the package is left ({left[:3]})")
            check(not (root / "opt" / "lumbago-coach").exists(), "/opt/lumbago-coach is gone")
            history = root / DATA_INSIDE / "history.sqlite3"
            with contextlib.closing(sqlite3.connect(history)) as db:
                kept = db.execute("SELECT count(*) FROM events").fetchone()[0]
            check(kept > 0, f"the data folder is left alone ({kept} events kept)")
    except (Failed, subprocess.SubprocessError, OSError) as problem:
        print(f"dist-test: FAILED: {problem}", file=sys.stderr)
        return 1
    finally:
        unmount_all(WORK / "root")
    say(f"passed in {time.monotonic() - began:.0f} s; output in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
