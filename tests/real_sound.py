"""The real app under a real X server and a real PulseAudio server, driven as a person would.

Used by the sound soak test and by bench/cue_onsets.py. Everything runs in private folders:
a private PulseAudio (its own XDG_RUNTIME_DIR, a null sink whose monitor can be recorded), a
private Xvfb display, a private data folder. Nothing here listens on a network but the app's
own phone remote, on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: One short hold, right at the start: lead-in 3 s, hold 4–5 s, so a launch is over in seconds.
HOLD_ROUTINE = """\
schema: 1
id: soak-hold
title: Soak hold
summary: One hold, for the sound soak test.
muscles: [quadratus lumborum]
equipment: [massage ball]
steps:
  - kind: hold
    title: Hold the spot
    instruction: Rest on the ball without moving.
    illustration: illustrations/ball-quadratus.svg
    area: quadratus lumborum
    seconds: [4, 5]
    lead_in: 3
  - kind: prepare
    title: Get up slowly
    instruction: Roll onto your side and push yourself up.
    illustration: illustrations/get-up-side.svg
"""


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a helper process to end; kill it when it has not within five seconds."""
    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(5)
    if process.poll() is None:
        process.kill()


def missing_programs(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


@dataclass
class SoundServer:
    runtime_dir: Path
    process: subprocess.Popen[bytes]

    @property
    def env(self) -> dict[str, str]:
        return {"XDG_RUNTIME_DIR": str(self.runtime_dir), "PULSE_SERVER": self.socket}

    @property
    def socket(self) -> str:
        return f"unix:{self.runtime_dir}/pulse/native"

    def alive(self) -> bool:
        return self.process.poll() is None


@contextlib.contextmanager
def pulseaudio(folder: Path) -> Iterator[SoundServer]:
    """A private PulseAudio with one null sink ("capture"), gone when the block ends."""
    runtime = folder / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(folder)}
    env.pop("PULSE_SERVER", None)
    process = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--system=false",
            "-L",
            os.environ.get("SOAK_SINK", "module-null-sink sink_name=capture"),
            "-L",
            "module-native-protocol-unix",
            "--log-target=stderr",
            os.environ.get("SOAK_PA_LOG", "--log-level=error"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "pulseaudio.log").open("wb"),
    )
    server = SoundServer(runtime, process)
    socket = runtime / "pulse" / "native"
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline and server.alive():
        time.sleep(0.05)
    if not socket.exists():
        process.kill()
        raise RuntimeError("PulseAudio did not start")
    subprocess.run(["pactl", "set-default-sink", "capture"], env={**env, **server.env}, check=False)
    try:
        yield server
    finally:
        stop(process)


@contextlib.contextmanager
def xvfb(width: int = 1280, height: int = 800) -> Iterator[str]:
    """A private X server; yields its DISPLAY. Xvfb picks a free display number itself
    (-displayfd) and tells it through a pipe: no number guessed here can clash with another
    X server starting at the same moment (another test, another run)."""
    reader, writer = os.pipe()
    process = subprocess.Popen(
        # -noreset: by default the server resets each time its last client leaves, and an app
        # starting in that moment cannot connect ("could not connect to display", seen once
        # in the 30-launch soak on a loaded machine).
        ["Xvfb", "-displayfd", str(writer), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(writer,),
    )  # fmt: skip
    os.close(writer)
    try:
        told = b""
        deadline = time.monotonic() + 30  # a loaded machine can take a while
        while not told.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([reader], [], [], 0.5)
            if ready:
                chunk = os.read(reader, 16)
                if not chunk:
                    break
                told += chunk
        if not told.strip().isdigit():
            raise RuntimeError("Xvfb did not start")
        yield f":{told.strip().decode()}"
    finally:
        os.close(reader)
        stop(process)


@contextlib.contextmanager
def window_manager(display: str) -> Iterator[None]:
    """Openbox on `display`, as a desktop has one: it places, frames, maximises and focuses
    windows. Without one, Wine lays a maximised window out for the whole screen but maps it
    64 px narrower (seen at 1280×800), and a screenshot shows the window cut off."""
    process = subprocess.Popen(
        ["openbox", "--sm-disable"],
        env={**os.environ, "DISPLAY": display},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)  # bounded: openbox takes the screen within a moment
        yield
    finally:
        stop(process)


def close_window(display: str, window: str) -> None:
    """What a window manager does when the person clicks the window's close button: send it
    a WM_DELETE_WINDOW message (xdotool's windowclose destroys the window instead)."""
    import ctypes
    import ctypes.util

    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p,
    ]  # fmt: skip
    x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]

    class ClientMessage(ctypes.Structure):
        _fields_ = [
            ("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
            ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
            ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
            ("data", ctypes.c_long * 5),
        ]  # fmt: skip

    class Event(ctypes.Union):
        _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]

    connection = x11.XOpenDisplay(display.encode())
    if not connection:
        raise RuntimeError(f"cannot open display {display}")
    try:
        event = Event()
        message = event.xclient
        message.type = 33  # ClientMessage
        message.window = int(window)
        message.message_type = x11.XInternAtom(connection, b"WM_PROTOCOLS", 0)
        message.format = 32
        message.data[0] = x11.XInternAtom(connection, b"WM_DELETE_WINDOW", 0)
        message.data[1] = 0  # CurrentTime
        x11.XSendEvent(connection, int(window), 0, 0, ctypes.byref(event))
        x11.XFlush(connection)
    finally:
        x11.XCloseDisplay(connection)


def prepared_data_dir(folder: Path) -> Path:
    """A data folder with the red-flag check answered and the soak routine installed."""
    data = folder / "data"
    (data / "routines").mkdir(parents=True, exist_ok=True)
    (data / "routines" / "soak-hold.yaml").write_text(HOLD_ROUTINE, encoding="utf-8")
    (data / "settings.ini").write_text("[safety]\nanswer=none_apply\n", encoding="utf-8")
    return data


def app_python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


@dataclass
class Launch:
    """What one launch of the real app showed."""

    reached_hold: bool
    #: The hold ran to its end: the session kept going after the hold's start.
    finished_hold: bool
    events: list[str]
    stderr_bytes: int
    stderr_head: str
    exit_code: int | None


def history_events(data: Path) -> list[str]:
    path = data / "history.sqlite3"
    if not path.exists():
        return []
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)) as db:
            return [row[0] for row in db.execute("SELECT event FROM events ORDER BY id")]
    except sqlite3.Error:
        return []


def window_id(display: str, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "Soak hold|Lumbago Coach"],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            encoding="utf-8",
        )
        ids = found.stdout.split()
        if ids:
            return ids[-1]
        time.sleep(0.05)
    return None


def launch_once(
    display: str,
    server: SoundServer,
    folder: Path,
    *,
    space_after: float,
    sound: str | None = None,
    watch_for: float = 14.0,
    extra_env: dict[str, str] | None = None,
    during_lead_in: Callable[[], None] | None = None,
) -> Launch:
    """Start the app on the soak routine, press Space `space_after` s after the window maps,
    and see whether the session gets through its hold (3 s lead-in, 5 s hold) within
    `watch_for` seconds.
    `during_lead_in` runs once the session has started, in the lead-in (say, to kill
    the sound server). The waits here are real: a real app and real servers run no fake clock."""
    data = prepared_data_dir(folder)
    err_path = folder / "stderr.txt"
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(folder),
        **server.env,
        **(extra_env or {}),
    }
    command = [app_python(), "-m", "desktop_app", "--data-dir", str(data), "--routine", "soak-hold"]
    if sound is not None:
        command += ["--sound", sound]
    with err_path.open("wb") as err:
        # Started as `make run` starts it from a terminal: in the caller's session. (In a
        # session of its own, the old in-process QtMultimedia froze far less often: the
        # soak must see the fault where people meet it.)
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err
        )
        try:
            window = window_id(display, 20)
            if window is not None:
                time.sleep(space_after)
                subprocess.run(
                    ["xdotool", "windowfocus", window, "key", "space"],
                    env={**os.environ, "DISPLAY": display},
                    capture_output=True,
                    timeout=10,
                )
                if during_lead_in is not None:
                    # As soon as the session has started, so within its 3 s lead-in.
                    started = time.monotonic()
                    while "step_started" not in history_events(data):
                        if time.monotonic() - started > 5 or process.poll() is not None:
                            break
                        time.sleep(0.05)
                    during_lead_in()
            deadline = time.monotonic() + watch_for
            while time.monotonic() < deadline:
                if "hold_ended" in history_events(data) or process.poll() is not None:
                    break
                # A spinning app can write gigabytes of warnings; stop watching it early.
                if err_path.stat().st_size > 5_000_000:
                    break
                time.sleep(0.1)
        finally:
            process.kill()
            process.wait(10)
    events = history_events(data)
    size = err_path.stat().st_size
    with err_path.open("rb") as err:
        head = err.read(2000).decode(errors="replace")
    return Launch(
        "hold_started" in events, "hold_ended" in events, events, size, head, process.returncode
    )


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="lumbago-sound-")


@contextlib.contextmanager
def recording(server: SoundServer, path: Path) -> Iterator[Path]:
    """Record what reaches the null sink ("the sound card") as 16-bit mono WAV."""
    process = subprocess.Popen(
        [
            "parec",
            "-d",
            "capture.monitor",
            "--file-format=wav",
            "--format=s16le",
            "--channels=1",
            "--rate=44100",
            "--latency-msec=5",
            str(path),
        ],
        env={**os.environ, **server.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    try:
        yield path
    finally:
        stop(process)


def onsets(path: Path, *, threshold: float = 0.02, gap: float = 0.12) -> list[float]:
    """Seconds from the start of a recording at which a sound begins after a quiet gap."""
    import array
    import wave

    with wave.open(str(path), "rb") as recorded:
        rate = recorded.getframerate()
        samples = array.array("h", recorded.readframes(recorded.getnframes()))
    level = threshold * 32768
    found: list[float] = []
    last_loud = -1e9
    for index, value in enumerate(samples):
        if abs(value) >= level:
            moment = index / rate
            if moment - last_loud > gap:
                found.append(moment)
            last_loud = moment
    return found


#: The ways a person ends the app: the window's close button, Ctrl+C in the terminal that
#: ran it (the whole foreground process group gets SIGINT, the sound helper too), and
#: SIGTERM from a logout.
ENDINGS = ("close", "ctrl-c", "sigterm")


@dataclass
class Ending:
    """How one ending of the real app went."""

    how: str
    exit_code: int | None
    stderr: str
    events: list[str]
    #: Child processes (the sound helper, a speaker) still running after the app ended.
    left_running: list[int]
    #: The phone remote's page still answered after the app ended.
    page_reachable: bool
    #: The second-start door (a local socket in the temporary folder) was left behind.
    door_left: bool
    #: Seconds from being asked to end to having ended.
    seconds: float
    #: The Qt libraries the app had loaded, in its hold, just before it was ended.
    qt_libraries: list[str]
    #: How the app closed the paired phone's socket (1001: "going away", as it says when it
    #: ends); None when no phone was paired at the end.
    phone_closed: int | None = None

    @property
    def clean(self) -> bool:
        return (
            self.exit_code == 0
            and not self.stderr.strip()
            and bool(self.events)
            and self.events[-1] == "session_stopped"
            and not self.left_running
            and not self.page_reachable
            and not self.door_left
            and self.phone_closed == 1001
        )


class Phone:
    """A phone's page held open on the app's remote, as a phone lying beside the person keeps
    it: the page read, its socket opened from the page's own origin and paired, and every
    message read in a thread until the app closes the socket."""

    def __init__(self, url: str, seconds: float = 20) -> None:
        import json
        import threading
        import urllib.request

        from websockets.sync.client import connect
        from websockets.typing import Origin

        page, token = url.split("/?t=", 1)
        with urllib.request.urlopen(url, timeout=seconds) as reply:
            body = reply.read()
        found = re.search(rb'name="socket" content="([^"]+)"', body)
        assert found is not None, "the phone page names no socket"
        self.ws = connect(f"{found.group(1).decode()}/ws?t={token}", origin=Origin(page),
                          open_timeout=seconds).__enter__()  # fmt: skip
        self.paired = json.loads(self.ws.recv(timeout=seconds)).get("type") == "paired"
        self._listening = threading.Thread(target=self._listen, daemon=True)
        self._listening.start()

    def _listen(self) -> None:
        from websockets.exceptions import ConnectionClosed

        with contextlib.suppress(ConnectionClosed, OSError):
            for _message in self.ws:
                pass

    def closed(self, seconds: float) -> int | None:
        """The close code the app sent (waited for at most `seconds`), or None."""
        self._listening.join(seconds)
        code = self.ws.close_code  # None while open; 1006 when cut off without a word
        self.ws.close()
        return code if self.paired else None


def first_line(process: subprocess.Popen[str], seconds: float) -> str:
    """The app's first line on stdout (the remote's address), waited for at most `seconds`."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], seconds)
    return process.stdout.readline().strip() if ready else ""


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, encoding="utf-8")
    return [int(line) for line in found.stdout.split()]


def alive(pids: list[int]) -> list[int]:
    """Those of `pids` still running (a zombie has ended: it only waits to be reaped)."""
    running = []
    for pid in pids:
        try:
            state = (
                Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
            )
        except (OSError, IndexError):
            continue
        if state != "Z":
            running.append(pid)
    return running


def reachable(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def end_once(display: str, server: SoundServer, folder: Path, how: str) -> Ending:
    """Start the real app (sound helper on `server`, phone remote on 127.0.0.1 with a phone
    paired, a session in its hold), end it `how` (one of ENDINGS), and see what it left behind. Every wait is
    bounded; a real app runs no fake clock."""
    import signal
    import tempfile

    data = prepared_data_dir(folder)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(folder),
           **server.env}  # fmt: skip
    process = subprocess.Popen(
        [app_python(), "-m", "desktop_app", "--data-dir", str(data), "--sound", "helper",
         "--remote", "127.0.0.1", "--routine", "soak-hold"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
        start_new_session=True,  # its own process group, as a terminal gives it
    )  # fmt: skip
    url = ""
    phone: Phone | None = None
    try:
        url = first_line(process, 60)
        with contextlib.suppress(OSError, AssertionError, TimeoutError):
            phone = Phone(url) if url else None
        window = window_id(display, 60)
        if window is not None:
            subprocess.run(["xdotool", "windowfocus", window, "key", "space"],
                           env={**os.environ, "DISPLAY": display}, capture_output=True,
                           timeout=10)  # fmt: skip
        deadline = time.monotonic() + 30
        while "hold_started" not in history_events(data) and time.monotonic() < deadline:
            if process.poll() is not None:
                break
            time.sleep(0.05)
        helpers = children(process.pid)
        try:
            maps = Path(f"/proc/{process.pid}/maps").read_text(encoding="utf-8")
        except OSError:
            maps = ""
        qt_libraries = sorted(set(re.findall(r"libQt6\w+", maps)))
        asked = time.monotonic()
        if how == "close" and window is not None:
            close_window(display, window)
        elif how == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGTERM)
        try:
            _out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
            err += "\n(did not end within 30 s; killed)"
        seconds = time.monotonic() - asked
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    deadline = time.monotonic() + 5  # a killed child may take a moment to be reaped
    while alive(helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    from desktop_app.qt.instance import channel

    door = Path(tempfile.gettempdir()) / channel(data)
    closed = phone.closed(5) if phone is not None else None
    return Ending(how, process.returncode, err, history_events(data), alive(helpers),
                  bool(url) and reachable(url), door.exists(), seconds, qt_libraries,
                  closed)  # fmt: skip
