"""Shared fixtures: every test gets its own data folder; the user's real one is never touched."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app import i18n
from desktop_app.resources import assets_dir
from tests.linux_only import reason_to_skip

# The tests read English, whatever the machine's language (a test that wants another says so);
# LANGUAGE wins over LANG for gettext, here and in the app processes the tests start.
os.environ["LANGUAGE"] = "en"
i18n.set_language("en")

VALID_ROUTINE = """\
schema: 1
id: test-routine
title: Test routine
summary: A routine for tests.
muscles: [quadratus lumborum]
equipment: [massage ball]
steps:
  - kind: prepare
    title: Lie down
    instruction: Lie on your back.
    illustration: illustrations/lie-legs-up.svg
  - kind: hold
    title: Hold a spot
    instruction: Rest on the ball.
    illustration: illustrations/ball-quadratus.svg
    seconds: [20, 30]
  - kind: rolling
    title: Roll
    instruction: Roll over the spot.
    illustration: illustrations/ball-quadratus.svg
    cap: 15
  - kind: spot
    title: Search spots
    instruction: Roll or hold each spot.
    illustration: illustrations/ball-gluteus-maximus.svg
  - kind: activity
    title: Walk
    instruction: Walk slowly.
    illustration: illustrations/walk-pressing.svg
    duration: 60
    prompts:
      - at: 0
        text: Start walking.
      - at: 30
        text: Keep going.
"""


#: The routine the window tests walk through: the tests' own, so that editing a shipped routine
#: never breaks a test of the window. One step of each kind the window shows differently.
WALK_THROUGH = """\
schema: 1
id: walk-through
title: Walk-through
summary: The window tests' own routine.
muscles: [quadratus lumborum]
equipment: [massage ball]
steps:
  - kind: prepare
    title: Lie down, legs up
    instruction: Lie on your back with your lower legs on a chair.
    illustration: illustrations/lie-legs-up.svg
  - kind: rolling
    title: Roll over the side of the lower back
    instruction: Roll slowly over the tender spot.
    speak: Ball under your back, between the lowest rib and the hip bone. Roll slowly.
    illustration: illustrations/ball-quadratus.svg
    cap: 15
  - kind: hold
    title: Hold the most tender spot
    instruction: Rest still on the spot and let it ease.
    illustration: illustrations/ball-quadratus.svg
    seconds: [20, 30]
  - kind: spot
    title: Work down to the sacrum
    instruction: Roll or hold each tender spot on the way down.
    illustration: illustrations/ball-lumbar-sacrum.svg
    spots: 4
  - kind: prepare
    title: Get up slowly
    instruction: Roll onto your side and push yourself up.
    illustration: illustrations/get-up-side.svg
"""


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data folder (settings, history, user routines) at a temporary folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("LUMBAGO_COACH_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return folder


@pytest.fixture
def assets() -> Path:
    return assets_dir()


@pytest.fixture
def write_routine(tmp_path: Path) -> Callable[..., Path]:
    """Write a routine file (dedented text) into a folder and return its path."""

    def write(text: str, name: str = "routine.yaml", folder: Path | None = None) -> Path:
        target = (folder or tmp_path / "routines") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
        return target

    return write


@pytest.fixture
def language() -> str:
    """The language `app_controller` is built in; a test parametrizes `language` for another."""
    return "en"


@pytest.fixture
def app_controller(qtbot: Any, isolated_data_dir: Path, language: str) -> Iterator[Any]:
    """The whole app on a fake clock, its window shown at 1280×800 (offscreen in CI)."""
    i18n.set_language(language)
    from desktop_app import settings as opt
    from desktop_app.app.controller import Controller
    from desktop_app.audio.backends import RecordingPlayer
    from desktop_app.audio.voice import RecordingVoice
    from desktop_app.core.clock import FakeClock
    from desktop_app.settings import Settings

    acknowledged = Settings(isolated_data_dir)
    acknowledged.set(opt.SAFETY_ANSWER, "none_apply")  # the red-flag check has its own tests
    # The window stays at the size the test gives it (maximised, it would take the offscreen
    # screen's 800×600); floor mode's maximising has its own test.
    acknowledged.set(opt.FLOOR_MODE, False)
    acknowledged.sync()
    add_walk_through(isolated_data_dir)
    holder: list[Any] = []
    player = RecordingPlayer(
        lambda: holder[0].session.engine.now if holder and holder[0].session.engine else 0.0
    )
    controller = Controller(
        isolated_data_dir,
        clock=FakeClock(100.0),
        player=player,
        voice=RecordingVoice(),
        reminder_clock=FakeClock(0.0),
    )
    holder.append(controller)
    controller.looks.choose("light", save=False)
    window = controller.window
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_start()
    qtbot.waitExposed(window)
    try:
        yield controller
    finally:
        controller.shutdown()  # the app's own way out, as at the end of every run
        window.close()
        i18n.set_language("en")


#: Where each QTimer was last started from (napari's dangling_qtimers does the same): a test
#: that leaves one running is told which line started it, not just that one runs.
_TIMER_STARTS: dict[int, str] = {}


def _record_timer_starts() -> None:
    import traceback

    from PySide6.QtCore import QTimer

    if getattr(QTimer.start, "_records_where", False):
        return
    original = QTimer.start

    def start(self: QTimer, *args: Any) -> None:
        frames = traceback.extract_stack(limit=8)[:-1]
        ours = [f for f in frames if "/desktop_app/" in f.filename or "/tests/" in f.filename]
        where = ours[-1] if ours else frames[-1]
        _TIMER_STARTS[id(self)] = f"{where.filename}:{where.lineno} ({where.name})"
        original(self, *args)

    start._records_where = True  # type: ignore[attr-defined]
    QTimer.start = start  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def no_timer_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a QTimer running: it would tick into the next test. The failure
    says where each such timer was started."""
    if "PySide6.QtCore" in sys.modules:
        _record_timer_starts()
    _TIMER_STARTS.clear()
    yield
    if "PySide6.QtCore" not in sys.modules:
        return
    import gc

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer

    if QCoreApplication.instance() is None:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def active(thing: object) -> bool:
        try:
            return isinstance(thing, QTimer) and shiboken6.isValid(thing) and thing.isActive()
        except ReferenceError:  # a dead weak proxy among the objects (websockets makes some)
            return False

    running = [timer for timer in gc.get_objects() if active(timer)]
    where = [
        _TIMER_STARTS.get(id(timer), "started before this test, or by Qt") for timer in running
    ]
    assert not running, (
        f"{request.node.name} left {len(running)} QTimer(s) running, started at:\n"
        + ("\n".join(where))
    )


@contextlib.contextmanager
def _mounted(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs of its own at `folder` (as root: mode bits stop nothing, a real file
    system's limits do); the test is skipped where mounting is not allowed."""
    folder.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip("no permission to mount a file system here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def read_only_folder(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A folder on a read-only file system; with the parameter "stale lock", a lock left in
    it by an app that ended without unlocking (before the file system became read-only)."""
    with _mounted(tmp_path / "ro", "1m") as mount:
        (mount / "data").mkdir()
        if getattr(request, "param", None) == "stale lock":
            code = (
                "import os, sys\n"
                "from PySide6.QtCore import QLockFile\n"
                "held = QLockFile(sys.argv[1])\n"
                "assert held.tryLock(0)\n"
                "os._exit(0)  # without unlocking\n"
            )
            lock = mount / "data" / "lumbago-coach.lock"
            subprocess.run([sys.executable, "-c", code, str(lock)], check=True, timeout=60)
            assert lock.exists()
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount / "data"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB file system, for filling up."""
    with _mounted(tmp_path / "small", "2m") as mount:
        yield mount


def fill_up(disk: Path) -> None:
    """Take every free byte of the file system `disk` is on."""
    handle = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(handle, b"\0" * size)
            except OSError:
                continue  # full at this size: smaller pieces may still fit
    finally:
        os.close(handle)


@pytest.fixture(autouse=True)
def no_window_left_open() -> Iterator[None]:
    """A test that leaves a window open fails (after pytest-qt has closed the widgets it was
    given): a leftover dialog would sit in front of the next test's window."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    app.processEvents()
    left = [w for w in app.topLevelWidgets() if w.isVisible()]
    for widget in left:
        widget.close()
        widget.deleteLater()
    assert not left, f"windows left open: {[type(w).__name__ for w in left]}"


def add_walk_through(data_dir: Path) -> None:
    """Put the window tests' own routine among the user's routines."""
    folder = data_dir / "routines"
    folder.mkdir(exist_ok=True)
    (folder / "walk-through.yaml").write_text(WALK_THROUGH, encoding="utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """On Windows (`make test-windows`), the tests in tests/linux_only.py are skipped with their
    reason."""
    if sys.platform != "win32":
        return
    for item in items:
        reason = reason_to_skip(item.nodeid.replace("\\", "/"))
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=reason))
