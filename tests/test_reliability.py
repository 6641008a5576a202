"""What real machines and real users do to the app: key storms, kills, faults, long sessions."""

from __future__ import annotations

import gc
import os
import random
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt

from desktop_app import settings as opt
from desktop_app.core.history import History
from tests.qt_helpers import press, wait

ROOT = Path(__file__).resolve().parent.parent

STORM_KEYS = [
    Qt.Key.Key_Space,
    Qt.Key.Key_Return,
    Qt.Key.Key_Right,
    Qt.Key.Key_Left,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_R,
    Qt.Key.Key_H,
    Qt.Key.Key_N,
    Qt.Key.Key_Escape,
    *[Qt.Key(Qt.Key.Key_0 + digit) for digit in range(10)],
]


def check_invariants(controller: Any) -> None:
    view = controller.session.engine.view()
    assert view.remaining is None or view.remaining >= 0
    if view.cap is not None:
        assert 0 <= view.repetitions <= view.cap <= 15
    assert 0 <= view.step_index < view.total_steps
    assert view.latest_rating is None or 0 <= view.latest_rating <= 10


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param(2_000, id="2000-keys"),
        pytest.param(10_000, id="10000-keys", marks=pytest.mark.slow),
    ],
)
def test_a_storm_of_random_keys_breaks_nothing(app_controller: Any, keys: int) -> None:
    chooser = random.Random(1234)
    routines = app_controller.window.start_page.routine_ids()
    app_controller.open_routine(chooser.choice(routines))
    page = app_controller.window.session_page
    for number in range(keys):
        if app_controller.session.engine is None or app_controller.session.engine.finished:
            # Esc before the start leaves the routine; twice during it stops the session.
            app_controller.open_routine(chooser.choice(routines))
        press(page, chooser.choice(STORM_KEYS))
        if app_controller.session.engine is None:
            continue
        if number % 7 == 0:
            app_controller.clock.advance(chooser.uniform(0, 4))
            app_controller.session.advance()
        check_invariants(app_controller)
    # The window still answers: a fresh session starts and counts.
    app_controller.open_routine("walk-through")
    press(page, Qt.Key.Key_Space)
    press(page, Qt.Key.Key_Right)
    press(page, Qt.Key.Key_Return)
    assert page.counter.text == "1 / 15"


def test_a_killed_app_keeps_the_session_and_shows_it_as_interrupted(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from desktop_app import settings as opt
        from desktop_app.app.run import start_app
        from desktop_app.settings import Settings
        data = Path({str(isolated_data_dir)!r})
        settings = Settings(data)
        settings.set(opt.SAFETY_ANSWER, "none_apply")
        settings.sync()
        app, controller, lock = start_app(data, sound="off")
        controller.open_routine("lower-back-ball")
        page = controller.window.session_page
        for key in (Qt.Key.Key_Space, Qt.Key.Key_6, Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Return, Qt.Key.Key_5):
            QTest.keyClick(page, key)
        print("pressed", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    (session,) = History(isolated_data_dir / "history.sqlite3").sessions()
    assert (session.completed, session.pain_first, session.pain_last) == (None, 6, 5)

    from desktop_app.app.controller import Controller
    from desktop_app.qt.instance import single_instance

    assert single_instance(isolated_data_dir) is not None  # the dead app's lock is stale
    controller = Controller(isolated_data_dir)
    qtbot.addWidget(controller.window)
    controller.windows.open_history()
    history = controller.windows.history
    assert history is not None
    assert history.sessions.model().index(0, 3).data() == "interrupted"
    history.close()


def test_a_file_where_the_routines_folder_should_be_is_reported(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    from desktop_app.app.controller import Controller

    (isolated_data_dir / "routines").write_text("not a folder", encoding="utf-8")
    controller = Controller(isolated_data_dir)
    qtbot.addWidget(controller.window)
    assert len(controller.window.start_page.routine_ids()) == 5
    assert "cannot read the folder" in controller.window.start_page.problems_text.toPlainText()


def test_an_unwritable_data_folder_still_runs_a_routine_and_says_nothing_is_saved(
    qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.app.controller import Controller

    blocker = tmp_path / "blocker"
    blocker.write_text("a file, so nothing can be created below it", encoding="utf-8")
    controller = Controller(blocker / "data")
    qtbot.addWidget(controller.window)
    notice = controller.window.start_page.notice.text()
    assert f"the data folder {blocker / 'data'} cannot be written to" in notice
    assert "history and settings are not saved" in notice
    controller.settings.set(opt.SAFETY_ANSWER, "none_apply")
    assert controller.open_routine("lower-back-ball")
    page = controller.window.session_page
    press(page, Qt.Key.Key_Space)
    press(page, "5")
    assert controller.session.engine is not None
    assert controller.session.engine.view().latest_rating == 5
    controller.session.driver.stop()
    controller.save_window()
    assert "Could not save the settings" in capsys.readouterr().err


def test_a_corrupt_settings_file_is_moved_aside_and_defaults_are_used(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    from desktop_app.app.controller import Controller

    (isolated_data_dir / "settings.ini").write_bytes(
        b"[sound]\nvolume=\x00\xff\xfe garbage \x01\n[[[\n" * 50
    )
    controller = Controller(isolated_data_dir)
    qtbot.addWidget(controller.window)
    assert controller.settings.get(opt.VOLUME) == opt.VOLUME.default
    assert list(isolated_data_dir.glob("settings.ini.corrupt-*"))
    assert "settings file could not be read" in controller.window.start_page.notice.text()


def test_the_start_page_says_once_that_the_last_session_was_interrupted_and_kept(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    """The app was killed mid-session (or the computer went off): the next start says so and
    that what was done is kept; the start after that says nothing more of it."""
    import datetime as dt

    from desktop_app.app.controller import Controller
    from desktop_app.core.history import History
    from desktop_app.paths import history_path

    history = History(history_path(isolated_data_dir))
    started = dt.datetime(2026, 12, 3, 14, 5).astimezone()
    killed = history.start_session("lower-back-ball", "Lower back with a ball", 5, at=started)
    history.add_event(killed, None, "pain_rated", 4, at=started)
    history.close()
    controller = Controller(isolated_data_dir)
    qtbot.addWidget(controller.window)
    assert controller.window.start_page.notice.text() == (
        "Your last session, “Lower back with a ball” on 3 Dec 14:05, was interrupted: the app"
        " did not close normally. What you did until then is kept in your history."
    )
    controller.shutdown()
    again = Controller(isolated_data_dir)
    qtbot.addWidget(again.window)
    assert again.window.start_page.notice.text() == ""
    again.shutdown()


def test_a_two_hour_session_with_the_real_widgets_does_not_grow(
    qtbot: Any, app_controller: Any, isolated_data_dir: Path
) -> None:
    holds = "".join(
        f"""  - kind: hold
    title: Hold {n}
    instruction: Rest on the ball.
    illustration: illustrations/ball-quadratus.svg
"""
        for n in range(190)
    )
    (isolated_data_dir / "routines" / "long.yaml").write_text(
        "schema: 1\nid: long\ntitle: Long\nsummary: Two hours of holds.\nmuscles: [back]\n"
        "equipment: [massage ball]\nsteps:\n" + holds,
        encoding="utf-8",
    )
    # The folder watcher picks the new routine up by itself (and is then quiet for the count).
    qtbot.waitUntil(lambda: "long" in app_controller.window.start_page.routine_ids(), timeout=5000)
    app_controller.settings.set(opt.CHECKIN_AFTER, 3600.0)
    app_controller.open_routine("long")
    page = app_controller.window.session_page
    press(page, Qt.Key.Key_Space)
    wait(app_controller, 600, step=1.0)  # warm up: caches, first paints
    # Count the Qt objects first: wrapping them creates Python objects the baseline must include.
    before = Counter(type(o).__name__ for o in app_controller.window.findChildren(QObject))
    qt_objects = sum(before.values())
    gc.collect()
    python_before = Counter(type(o).__name__ for o in gc.get_objects())
    for _ in range(18):  # to 1 h 58 min of the 2 h 0 min routine: still running
        press(page, "5")
        wait(app_controller, 360, step=1.0)
    assert not app_controller.session.engine.finished
    assert app_controller.session.engine.view().step_index > 180
    gc.collect()
    grown = Counter(type(o).__name__ for o in app_controller.window.findChildren(QObject)) - before
    # Anything made per step or per tick would show up here by the hundred.
    assert len(app_controller.window.findChildren(QObject)) <= qt_objects + 5, grown
    python_growth = Counter(type(o).__name__ for o in gc.get_objects()) - python_before
    # The recording sound backend keeps one (time, cue) tuple per cue by design; nothing else may pile up.
    python_growth.pop("tuple", None)
    assert sum(python_growth.values()) <= 200, python_growth.most_common(10)


def test_a_second_start_brings_the_running_window_forward(
    qtbot: Any, isolated_data_dir: Path
) -> None:
    from PySide6.QtCore import QObject

    from desktop_app.qt.instance import ask_to_come_forward, listen_for_second_start

    knocks: list[bool] = []
    parent = QObject()
    server = listen_for_second_start(isolated_data_dir, lambda: knocks.append(True), parent)
    assert server is not None and server.isListening()
    assert ask_to_come_forward(isolated_data_dir)
    qtbot.waitUntil(lambda: knocks == [True], timeout=3000)
    other = isolated_data_dir.parent / "another-folder"
    assert not ask_to_come_forward(other)  # a different data folder is a different app
    server.close()


@pytest.mark.parametrize("read_only_folder", ["empty", "stale lock"], indirect=True)
def test_a_read_only_data_folder_starts_the_app_and_says_nothing_is_kept(
    read_only_folder: Path,
) -> None:
    """Not "already running" (the lock cannot be written, or one left by an app that ended
    cannot be cleared, but nobody holds it): the app opens, says in one sentence that nothing
    is kept, and a session runs."""
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from desktop_app.app.run import start_app
        started = start_app(Path({str(read_only_folder)!r}), sound="off")
        assert started is not None, "refused to start"
        app, controller, lock = started
        print("NOTICE", controller.window.start_page.notice.text(), flush=True)
        if controller.safety.dialog is not None:  # the first start asks the red-flag check
            controller.safety.dialog.none_apply.click()
        controller.open_routine("lower-back-ball")
        QTest.keyClick(controller.window.session_page, Qt.Key.Key_Space)
        print("RUNNING", controller.session.engine is not None and not controller.session.engine.finished, flush=True)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "already running" not in result.stderr
    assert f"the data folder {read_only_folder} cannot be written to" in result.stdout
    assert "RUNNING True" in result.stdout
