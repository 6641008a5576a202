"""Walk the real app's accessibility tree as a screen reader sees it (AT-SPI over D-Bus).

Run by tests/test_accessibility.py inside `dbus-run-session`, with the system's Python (it has
pyatspi; the app's Python does not): starts the accessibility bus, a private Xvfb and the app
with Qt's accessibility bridge on, drives one session with the keyboard (xdotool), and prints,
as JSON, what the tree showed at each moment: every showing object's role, name, description,
whether it is focusable, and its text where it has one.

usage: atspi_walk.py APP_PYTHON DATA_DIR LANGUAGE
"""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pyatspi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def objects(node, out, depth=0):
    if depth > 40 or len(out) > 2000:
        return out
    try:
        states = node.getState()
        showing = states.contains(pyatspi.STATE_SHOWING)
        entry = {
            "role": node.getRoleName(),
            "name": node.name or "",
            "description": node.description or "",
            "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
            "showing": showing,
        }
        try:
            text = node.queryText()
            entry["text"] = text.getText(0, min(text.characterCount, 2000))
        except NotImplementedError:
            entry["text"] = ""
        if showing:
            out.append(entry)
        for index in range(min(node.childCount, 300)):
            child = node.getChildAtIndex(index)
            if child is not None:
                objects(child, out, depth + 1)
    except Exception:  # an object gone while it was read: the next snapshot has the rest
        pass
    return out


#: The longest any one wait may take: generous, for a machine busy with other work (two
#: busy processes beside the suite made the old fixed pauses too short).
WAIT = 60


def until(ready, seconds=WAIT):
    """Whether `ready()` came true within `seconds` (asked every 0.1 s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return True
        except Exception:  # not there yet (a bus still starting, a file still being made)
            pass
        time.sleep(0.1)
    return False


def bus_ready():
    """The accessibility bus answers on the session bus (the app's bridge needs it there
    when it starts, or it never joins)."""
    done = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
         "org.a11y.Bus.GetAddress"],
        capture_output=True, timeout=10,
    )  # fmt: skip
    return done.returncode == 0


def events(data):
    """The events the app has written into its history so far, in order."""
    path = os.path.join(data, "history.sqlite3")
    if not os.path.exists(path):
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        return [row[0] for row in db.execute("SELECT event FROM events ORDER BY id")]


def after(data, event, count=1):
    """Wait until the app has written `event` `count` times: the press was taken."""
    return until(lambda: events(data).count(event) >= count)


def find_app(seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and (app.name or "") == "lumbago-coach":
                return app
        time.sleep(0.2)
    return None


def key(display, *names):
    subprocess.run(
        ["xdotool", "key", "--clearmodifiers", *names],
        env=dict(os.environ, DISPLAY=display),
        check=False,
        timeout=10,
    )


def focus(display, window):
    """The keyboard to a window, as a window manager gives it (Xvfb has none)."""
    subprocess.run(
        ["xdotool", "windowfocus", window], env=dict(os.environ, DISPLAY=display), timeout=10
    )


def stop(process):
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


def main():
    app_python, data, language = sys.argv[1:4]
    bus = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
    if not until(bus_ready):
        print("SNAPSHOTS " + json.dumps({"error": "the accessibility bus never started"}))
        return 1
    reader, writer = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(writer), "-screen", "0", "1280x800x24", "-nolisten", "tcp",
         "-noreset"],
        pass_fds=(writer,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(writer)
    display = ":" + os.read(reader, 16).decode().strip()
    env = dict(
        os.environ,
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        LUMBAGO_COACH_DATA_DIR=data,
        HOME=data,
    )
    command = [app_python, "-m", "desktop_app", "--sound", "off", "--lang", language]
    snapshots = {}
    # The very first start: the red-flag check comes first, before any routine.
    first = data + "-first"
    os.makedirs(first, exist_ok=True)
    first_process = subprocess.Popen(
        command, env=dict(env, LUMBAGO_COACH_DATA_DIR=first, HOME=first), cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        app = find_app(WAIT)
        if app is None:
            print("SNAPSHOTS " + json.dumps({"error": "the app never appeared on the bus"}))
            return 1
        time.sleep(2.0)
        snapshots["safety check"] = objects(app, [])
    finally:
        stop(first_process)
    time.sleep(1.0)  # its objects leave the bus
    app_process = subprocess.Popen(
        [*command, "--routine", "a11y-hold", "--remote", "127.0.0.1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        app = find_app(WAIT)
        if app is None:
            print("SNAPSHOTS " + json.dumps({"error": "the app never appeared on the bus"}))
            return 1
        time.sleep(1.5)
        # The window gets the keyboard focus, as a window manager gives it to a new window.
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "Lumbago Coach"],
            env=dict(os.environ, DISPLAY=display),
            capture_output=True,
            encoding="utf-8",
            timeout=10,
        ).stdout.split()
        if found:
            focus(display, found[-1])
            time.sleep(0.5)
        snapshots["before the start"] = objects(app, [])
        # Each press is waited for by what the app writes of it into its history (never a
        # guess of how long a busy machine takes); then a moment for the tree to follow.
        key(display, "space")  # start: the lead-in counts down
        after(data, "step_started")
        time.sleep(1.2)
        snapshots["lead-in"] = objects(app, [])
        time.sleep(1.2)  # a second later, by the clock: the countdown has moved
        snapshots["lead-in, later"] = objects(app, [])
        after(data, "hold_started")
        key(display, "5")
        after(data, "pain_rated")
        time.sleep(0.6)
        snapshots["hold, rated 5"] = objects(app, [])
        key(display, "9")  # too much pressure: a warning
        after(data, "pain_rated", 2)
        time.sleep(0.8)
        snapshots["hold, rated 9"] = objects(app, [])
        key(display, "Right")  # on to the rolling step? (the hold is not over: asked once)
        time.sleep(0.5)
        key(display, "Right")
        after(data, "step_started", 2)
        key(display, "Return")
        after(data, "repetition")
        key(display, "Return")
        after(data, "repetition", 2)
        time.sleep(0.6)
        snapshots["rolling, 2 rolled"] = objects(app, [])
        key(display, "Escape")  # stop? (asked once more, on the screen and to the reader)
        time.sleep(0.6)
        snapshots["asked to stop"] = objects(app, [])
        key(display, "Escape")  # stopped: the finish page, nothing over it
        after(data, "session_stopped")
        time.sleep(1.5)
        snapshots["finish page"] = objects(app, [])
        windows = app.childCount
        key(display, "Escape")  # back to the routines: the daily back check is asked now
        until(lambda: app.childCount > windows)  # its window has joined the tree
        time.sleep(1.2)
        snapshots["back check"] = objects(app, [])
        windows = app.childCount
        key(display, "Escape")  # not today
        until(lambda: app.childCount < windows)
        time.sleep(0.8)
        # The secondary windows, each opened from the main window with its key.
        for name, keys in (
            ("history window", ("ctrl+h",)),
            ("settings window", ("ctrl+comma",)),
            ("phone remote window", ("p",)),
        ):
            windows = app.childCount
            if found:
                focus(display, found[-1])
                time.sleep(0.3)
            key(display, *keys)
            until(lambda opened=windows: app.childCount > opened)  # there (each stays open)
            time.sleep(2.5)
            snapshots[name] = objects(app, [])
    finally:
        stop(app_process)
        xvfb.terminate()
        bus.terminate()
    print("SNAPSHOTS " + json.dumps(snapshots), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
