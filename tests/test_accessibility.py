"""What a screen reader finds: the real app's accessibility tree over AT-SPI, through a session.

The app runs under Xvfb with Qt's accessibility bridge on, inside a private D-Bus session with
the AT-SPI bus; `tests/atspi_walk.py` (the system's Python, which has pyatspi) drives one
session by keyboard and reads the tree at each moment, as Orca would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import real_sound

ROOT = Path(__file__).resolve().parent.parent
WALK = ROOT / "tests" / "atspi_walk.py"
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
CATALOGUE = ROOT / "desktop_app" / "locale" / "de" / "LC_MESSAGES" / "lumbago-coach.po"

#: Rolled on the routine's cap, which is not the usual 15.
ROLLING_STEP = """\
  - kind: rolling
    title: Roll along the side
    instruction: Roll slowly over the tender band.
    illustration: illustrations/ball-quadratus.svg
    area: quadratus lumborum
    cap: 3
"""
#: The soak's routine with a longer hold (time to rate, twice, while it runs), then rolling.
ROUTINE = (
    real_sound.HOLD_ROUTINE.replace("id: soak-hold", "id: a11y-hold")
    .replace("title: Soak hold", "title: Screen reader hold")
    .replace("seconds: [4, 5]", "seconds: [20, 25]")
    .replace("  - kind: prepare", ROLLING_STEP + "  - kind: prepare")
)


def _pyatspi() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    return found.returncode == 0


pytestmark = pytest.mark.skipif(
    not (
        shutil.which("dbus-run-session")
        and shutil.which("Xvfb")
        and shutil.which("xdotool")
        and Path(BUS_LAUNCHER).exists()
        and _pyatspi()
    ),
    reason="needs dbus-run-session, at-spi2-core, python3-pyatspi, Xvfb and xdotool",
)

Snapshot = list[dict[str, Any]]


def walk(tmp_path: Path, language: str) -> dict[str, Snapshot]:
    data = tmp_path / language
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "a11y-hold.yaml").write_text(ROUTINE, encoding="utf-8")
    (data / "settings.ini").write_text(
        "[safety]\nanswer=none_apply\nanswered_on=2099-01-01\n[session]\nfloor_mode=false\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    done = subprocess.run(
        ["dbus-run-session", "--", SYSTEM_PYTHON, str(WALK), sys.executable, str(data), language],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("SNAPSHOTS ")]
    assert lines, done.stdout[-2000:] + done.stderr[-2000:]
    snapshots: dict[str, Snapshot] = json.loads(lines[-1].removeprefix("SNAPSHOTS "))
    assert "error" not in snapshots, snapshots
    return snapshots


def find(snapshot: Snapshot, **wanted: str) -> list[dict[str, Any]]:
    return [o for o in snapshot if all(o.get(k) == v for k, v in wanted.items())]


def english_only() -> set[str]:
    """English texts of the catalogue whose German differs: any of them in the German tree is
    an untranslated name."""
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as stream:
        catalogue = read_po(stream)
    found = set()
    for message in catalogue:
        if isinstance(message.id, str) and message.id and message.string != message.id:
            found.add(message.id)
    return found


def test_a_screen_reader_can_follow_a_session(tmp_path: Path) -> None:
    snapshots = walk(tmp_path, "en")
    for moment, snapshot in snapshots.items():
        nameless = [o for o in snapshot if o["focusable"] and not o["name"].strip()]
        assert not nameless, (moment, nameless)
    # The countdown says its value, and the value changes as it counts.
    countdown = [find(snapshots[m], name="Countdown") for m in ("lead-in", "lead-in, later")]
    assert all(countdown), countdown
    assert countdown[0][0]["description"] != countdown[1][0]["description"]
    assert "get ready" in countdown[0][0]["description"]
    hold = find(snapshots["hold, rated 5"], name="Countdown")[0]["description"]
    assert "hold still" in hold
    # The step's own words are the labels' names: what a screen reader reads out.
    names = {o["name"] for o in snapshots["lead-in"]}
    assert {"Hold the spot", "Rest on the ball without moving."} <= names
    # The pain rating is readable, with the target band.
    rating = find(snapshots["hold, rated 5"], name="Pain rating")[0]["description"]
    assert rating.startswith("Pain 5 of 10") and "4 to 7" in rating
    # A warning is an object with its text (and its purpose as description).
    warnings = find(snapshots["hold, rated 9"], description="Pain warning")
    assert warnings and "ease off" in warnings[0]["name"].lower(), warnings
    # … and, for screen readers that ignore announcements (Orca 43), the focused session page
    # takes what was announced as its name, which they do read.
    focused = [o for o in snapshots["hold, rated 9"] if o["focusable"] and o["role"] == "filler"]
    assert any("ease off" in o["name"].lower() for o in focused), focused
    # The roll counter says the count against the routine's own cap.
    counter = find(snapshots["rolling, 2 rolled"], name="Repetitions")
    assert counter and counter[0]["description"].startswith("2 of 3 rolls"), counter
    # Stopping is confirmed in words a screen reader reads; then the finish page, nothing over
    # it: the focused page is named by what happened and describes the session.
    asked = [o["name"] for o in find(snapshots["asked to stop"], description="Notice")]
    assert any("again to stop" in name for name in asked), asked
    finish = snapshots["finish page"]
    assert not find(finish, role="dialog"), "something covers the finish page"
    page = [o for o in finish if o["name"].startswith("Session stopped") and o["focusable"]]
    assert page and "Steps: " in page[0]["description"], page
    assert any("back to the routines" in o["name"] for o in finish), "the page's keys unsaid"
    # Back on the start page, the daily back check: a dialog with its question.
    dialogs = find(snapshots["back check"], role="dialog")
    assert dialogs and dialogs[0]["name"], dialogs
    # The first start's red-flag check: every choice a named focus stop.
    safety = snapshots["safety check"]
    choices = [o for o in safety if o["focusable"] and o["role"] in ("check box", "push button")]
    assert len(choices) >= 5 and all(o["name"].strip() for o in choices), choices
    # The history window: its buttons, the sessions table and the day of onset are named.
    history = snapshots["history window"]
    names = {o["name"] for o in history if o["focusable"]}
    assert {"Report for your doctor…", "Print…", "Export to CSV…"} <= names, names
    # The chart is a picture: what it shows is said in words (here: that there is no back check).
    chart = find(history, name="Pain chart")
    assert chart and chart[0]["description"], chart
    # The settings window and the phone remote's window are named throughout too (checked for
    # every snapshot above); the remote's QR code says in words what it is for.
    settings = {o["name"] for o in snapshots["settings window"] if o["focusable"]}
    assert len(settings) >= 5, settings
    phone = snapshots["phone remote window"]
    assert any("127.0.0.1" in o["name"] + o["description"] + o["text"] for o in phone), phone


def test_in_german_a_screen_reader_hears_no_english(tmp_path: Path) -> None:
    snapshots = walk(tmp_path, "de")
    english = english_only()
    for moment, snapshot in snapshots.items():
        heard = [
            text for o in snapshot for text in (o["name"], o["description"]) if text in english
        ]
        assert not heard, (moment, heard)
    rating = find(snapshots["hold, rated 5"], name="Schmerzstärke")
    assert rating and rating[0]["description"].startswith("Schmerz 5 von 10"), rating
