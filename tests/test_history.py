"""The history: events land in SQLite as they happen, survive a kill, and export to CSV."""

from __future__ import annotations

import csv
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.core.history import BackCheck, History, Movement
from desktop_app.core.history_csv import CSV_COLUMNS, export_csv
from desktop_app.core.history_schema import MIGRATIONS
from desktop_app.core.recorder import HistoryRecorder
from desktop_app.core.recovery import Recovery, assess
from desktop_app.core.routines import Step
from tests.conftest import fill_up
from tests.engine_helpers import Session, hold, prepare, rolling, session


class Wall:
    """A wall clock for timestamps that moves only when told to."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


def recorded(tmp_path: Path, *steps: Step, **options: Any) -> tuple[Session, History, Wall]:
    wall = Wall()
    history = History(tmp_path / "history.sqlite3", now=wall)
    s = session(*steps, start=False, **options)
    s.engine.subscribe(HistoryRecorder(history))
    s.engine.start()
    return s, history, wall


def test_events_of_a_scripted_session_land_in_order(tmp_path: Path) -> None:
    s, history, _ = recorded(tmp_path, prepare(), rolling(cap=3))
    s.engine.rate_pain(5)
    s.engine.next_step()
    for _ in range(3):
        s.engine.count_repetition()
    s.engine.rate_pain(7)
    s.engine.stop()
    assert [(e.step_index, e.event, e.value) for e in history.events()] == [
        (None, "session_started", ""),
        (0, "step_started", ""),
        (0, "pain_rated", "5"),
        (0, "step_ended", "completed"),
        (1, "step_started", ""),
        (1, "repetition", "1"),
        (1, "repetition", "2"),
        (1, "repetition", "3"),
        (1, "repetition_cap_reached", "3"),
        (1, "pain_rated", "7"),
        (1, "step_ended", "completed"),
        (1, "session_stopped", "0"),
    ]


def test_flags_are_kept_with_their_ratings(tmp_path: Path) -> None:
    s, history, _ = recorded(tmp_path, hold())
    s.wait(11)  # settled
    for rating in (4, 6, 9):
        s.engine.rate_pain(rating)
    events = [(e.event, e.value) for e in history.events() if e.event.startswith("pain")]
    assert events == [
        ("pain_rated", "4"),
        ("pain_rated", "6"),
        ("pain_rising", "6"),
        ("pain_rated", "9"),
        ("pain_above_band", "9"),
    ]


def test_a_hold_that_did_not_ease_is_recorded(tmp_path: Path) -> None:
    s, history, _ = recorded(tmp_path, hold(), prepare())
    s.wait(8)
    s.engine.rate_pain(5)
    s.wait(25)
    s.engine.rate_pain(5)
    s.wait(5)
    names = [e.event for e in history.events()]
    assert "easing_asked" in names
    assert names[names.index("hold_ended") + 1] == "pain_not_eased"


def test_the_story_tells_the_engines_verdict_on_easing_with_its_evidence(tmp_path: Path) -> None:
    """A 4 in the lead-in, then 6 and 6 in the hold: the engine judges from the lead-in on, from
    the highest to the last (6 → 6, did not ease), and the story tells that verdict with its
    evidence, never a verdict of its own."""
    from desktop_app.core.story import tell

    s, history, _ = recorded(tmp_path, hold(), prepare())
    s.wait(1)
    s.engine.rate_pain(4)  # in the 5 s lead-in
    s.wait(8)
    s.engine.rate_pain(6)
    s.wait(10)
    s.engine.rate_pain(6)
    s.wait(20)
    told = tell(history.events())
    assert "Held “Hold” 30 s — pain 6 → 6, did not ease" in told, told
    assert not any("eased" in line and "did not" not in line for line in told), told


def test_a_hold_that_eased_is_told_as_the_engine_saw_it(tmp_path: Path) -> None:
    from desktop_app.core.story import tell

    s, history, _ = recorded(tmp_path, hold(), prepare())
    s.wait(8)
    s.engine.rate_pain(6)
    s.wait(10)
    s.engine.rate_pain(4)
    s.wait(20)
    assert [e.value for e in history.events() if e.event == "pain_eased"] == ["6 4"]
    assert "Held “Hold” 30 s — pain 6 → 4, eased" in tell(history.events())


def test_session_list_shows_routine_status_pain_and_flags(tmp_path: Path) -> None:
    s, history, wall = recorded(tmp_path, hold(), prepare())
    s.wait(8)
    s.engine.rate_pain(6)
    s.engine.rate_pain(8)  # too much: one warning (never also "rising")
    wall.advance(120)
    s.engine.stop()
    (row,) = history.sessions()
    assert (row.routine_id, row.completed, row.pain_first, row.pain_last, row.flags) == (
        "test",
        False,
        6,
        8,
        1,
    )
    assert row.duration == 120


def test_an_unfinished_session_shows_as_interrupted(tmp_path: Path) -> None:
    s, history, _ = recorded(tmp_path, hold(), prepare())
    s.engine.rate_pain(6)
    (row,) = History(history.path).sessions()
    assert row.completed is None and row.pain_first == 6


def test_a_killed_app_leaves_every_event_before_the_kill_readable(tmp_path: Path) -> None:
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
from desktop_app.core.history import History
from desktop_app.core.recorder import HistoryRecorder
from tests.engine_helpers import hold, prepare, session
history = History(__import__('pathlib').Path({str(tmp_path / "history.sqlite3")!r}))
s = session(hold(), prepare(), start=False)
s.engine.subscribe(HistoryRecorder(history))
s.engine.start()
s.wait(8)
for rating in (5, 6, 4):
    s.engine.rate_pain(rating)
print('rated', flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, encoding="utf-8", timeout=60
    )
    assert result.returncode == -signal.SIGKILL and result.stdout.strip() == "rated"
    history = History(tmp_path / "history.sqlite3")
    assert history.problem == ""
    ratings = [e.value for e in history.events() if e.event == "pain_rated"]
    assert ratings == ["5", "6", "4"]
    (row,) = history.sessions()
    assert row.completed is None


def test_random_bytes_as_the_database_are_moved_aside_and_a_fresh_one_starts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(os.urandom(8192))
    wall = Wall()
    history = History(path, now=wall)
    aside = tmp_path / "history.sqlite3.corrupt-20261120-090000"
    assert aside.exists()
    assert str(aside) in history.problem
    assert history.available and history.sessions() == []
    history.start_session("r", "R", 1)
    assert len(history.sessions()) == 1


def test_an_older_schema_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[1])
    old.execute("PRAGMA user_version = 1")
    old.execute(
        "INSERT INTO sessions (routine_id, routine_title, started_at) VALUES ('r', 'Old', '2026-11-01T08:00:00')"
    )
    old.execute(
        "INSERT INTO events (session_id, step_index, timestamp, event, value) VALUES (1, 0, '2026-11-01T08:00:05', 'pain_rated', '6')"
    )
    old.commit()
    old.close()
    history = History(path)
    assert history.problem == ""
    (row,) = history.sessions()
    assert (row.routine_title, row.pain_first) == ("Old", 6)
    history.onset = dt.date(2026, 10, 30)
    assert History(path).onset == dt.date(2026, 10, 30)


def test_a_newer_schema_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as newer:
        newer.execute("PRAGMA user_version = 99")
    history = History(path)
    assert not history.available and "newer version" in history.problem
    assert path.exists()


def test_an_unusable_data_folder_lets_the_session_run_and_says_it_is_not_saved(
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "blocked"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")
    history = History(not_a_folder / "history.sqlite3")
    assert not history.available
    assert history.problem.startswith("History is not saved: the folder")
    s = session(hold(), prepare(), start=False)
    s.engine.subscribe(HistoryRecorder(history))
    s.engine.start()
    s.wait(40)
    assert s.engine.view().step_index == 1


def test_a_full_disk_mid_session_is_reported_once_and_the_session_goes_on(
    small_disk: Path,
) -> None:
    problems: list[str] = []
    history = History(small_disk / "history.sqlite3")
    s = session(hold(), prepare(), start=False)
    s.engine.subscribe(HistoryRecorder(history, problems.append))
    s.engine.start()
    fill_up(small_disk)  # a real file system with no byte left
    for _ in range(200):
        s.engine.rate_pain(5)
    s.wait(40)
    assert s.engine.view().step_index == 1
    assert len(problems) == 1
    assert "saved as soon as the history can be written again" in problems[0]


def test_after_a_full_disk_has_room_again_all_of_the_session_is_saved_with_its_times(
    small_disk: Path,
) -> None:
    """The ratings given while the disk was full are written once there is room, each at
    the moment it was given; the person is told both times. It was lost for the rest of
    the session, without a word when space came back."""
    problems: list[str] = []
    wall = Wall()
    history = History(small_disk / "history.sqlite3", now=wall)
    s = session(hold(), prepare(), start=False)
    recorder = HistoryRecorder(history, problems.append)
    s.engine.subscribe(recorder)
    s.engine.start()
    s.wait(5)
    fill_up(small_disk)
    for rating in (4, 5, 6):
        wall.advance(10)
        s.engine.rate_pain(rating)
    assert recorder.failed and len(problems) == 1
    (small_disk / "filler").unlink()  # room again
    wall.advance(10)
    s.engine.rate_pain(3)
    assert not recorder.failed
    assert problems[1] == "The history can be written again; all of this session is saved."
    s.engine.stop()
    rated = [(e.value, e.timestamp) for e in history.events() if e.event == "pain_rated"]
    start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    assert rated == [
        (str(r), start + dt.timedelta(seconds=10 * n)) for n, r in enumerate((4, 5, 6, 3), 1)
    ]
    assert [row.completed for row in history.sessions()] == [False]  # kept as stopped


@pytest.mark.parametrize("how", ["deleted", "deleted, its log left", "replaced"])
def test_a_history_file_deleted_or_replaced_mid_session_is_followed_and_nothing_is_lost(
    tmp_path: Path, how: str
) -> None:
    """SQLite went on writing into the file that was gone: every later rating was lost
    without a word. Now the file at the path is opened (a new one when there is none), the
    person is told, and the whole session is written into it."""
    problems: list[str] = []
    path = tmp_path / "history.sqlite3"
    history = History(path, now=Wall())
    s = session(hold(), prepare(), start=False)
    s.engine.subscribe(HistoryRecorder(history, problems.append))
    s.engine.start()
    s.engine.rate_pain(4)
    if how == "deleted":
        for name in (path, *path.parent.glob("history.sqlite3-*")):
            name.unlink()
    elif how == "deleted, its log left":  # the -wal and -shm of the file that is gone stay
        path.unlink()
    else:  # another history put in its place, as a restore or a sync tool does
        other = History(tmp_path / "other.sqlite3")
        other.start_session("earlier", "Earlier", 1)
        other.close()
        os.replace(tmp_path / "other.sqlite3", path)
    s.engine.rate_pain(5)
    s.engine.stop()
    assert problems == [
        f"The history file {path} was deleted while the app was open. A new one was started"
        " there, and this session is kept in it."
        if how.startswith("deleted")
        else f"The history file {path} was replaced while the app was open. The new file is"
        " used now, and this session is kept in it."
    ]
    history.close()
    reopened = History(path)
    kept = {row.routine_id: row.completed for row in reopened.sessions()}
    assert kept == (
        {"test": False} if how.startswith("deleted") else {"test": False, "earlier": None}
    )
    rated = [e.value for e in reopened.events() if e.event == "pain_rated"]
    assert rated == ["4", "5"]


def test_an_interrupted_last_session_is_said_once_at_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    history = History(path)
    ended = history.start_session("a", "A", 1)
    history.end_session(ended, completed=True)
    assert history.interrupted() is None  # the last one ended
    history.start_session("b", "B", 1)  # ... and this one never did (killed)
    history.close()
    history = History(path)
    said = history.interrupted()
    assert said is not None and said.routine_title == "B"
    history.close()
    assert History(path).interrupted() is None  # said once


def test_csv_export_round_trips_the_events(tmp_path: Path) -> None:
    s, history, _ = recorded(tmp_path, hold(), prepare())
    s.wait(8)
    s.engine.rate_pain(5)
    s.wait(40)
    target = tmp_path / "out.csv"
    count = export_csv(history, target)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == count == len(list(history.events()))
    assert [(r["event"], r["value"]) for r in rows] == [
        (e.event, e.value) for e in history.events()
    ]
    rated = next(r for r in rows if r["event"] == "pain_rated")
    assert (rated["routine_id"], rated["step_index"], rated["step_title"], rated["value"]) == (
        "test",
        "0",
        "Hold",
        "5",
    )
    assert dt.datetime.fromisoformat(rated["timestamp"]).tzinfo is not None


def test_export_csv_from_the_command_line(
    tmp_path: Path, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = History(isolated_data_dir / "history.sqlite3")
    session_id = history.start_session("r", "R", 1)
    history.add_event(session_id, 0, "pain_rated", 6)
    history.close()
    target = tmp_path / "export.csv"
    assert main(["--export-csv", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote 1 events to {target}."
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(CSV_COLUMNS)


def test_export_csv_without_history_writes_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "empty.csv"
    assert main(["--export-csv", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == ",".join(CSV_COLUMNS) + "\n"


def test_export_csv_to_an_unwritable_place_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--export-csv", str(tmp_path / "no" / "such" / "dir" / "x.csv")]) == 1
    assert "Cannot write" in capsys.readouterr().err


def test_pain_by_day_gives_average_and_highest(tmp_path: Path) -> None:
    wall = Wall()
    history = History(tmp_path / "h.sqlite3", now=wall)
    session_id = history.start_session("r", "R", 1)
    for day, ratings in enumerate(((7, 5), (4, 6, 2))):
        for rating in ratings:
            history.add_event(session_id, 0, "pain_rated", rating)
        wall.advance(86_400 * (day + 1))
    days = history.pain_by_day()
    assert [(d.day.isoformat(), d.average, d.highest) for d in days] == [
        ("2026-11-20", 6, 7),
        ("2026-11-21", 4, 6),
    ]


def test_area_totals_sum_hold_time_and_rolls_for_the_day(tmp_path: Path) -> None:
    s, history, wall = recorded(
        tmp_path, hold(area="quadratus lumborum"), rolling(cap=4, area="gluteus maximus"), prepare()
    )
    s.wait(45)
    for _ in range(4):
        s.engine.count_repetition()
    totals = history.area_totals(wall().date())
    assert [(t.area, round(t.hold_seconds), t.rolls) for t in totals] == [
        ("gluteus maximus", 0, 4),
        ("quadratus lumborum", 30, 0),
    ]


ONSET = dt.date(2026, 11, 1)


def checks(*ratings: int | None, start: dt.date = ONSET) -> list[BackCheck]:
    """Back checks on consecutive days from `start`; None skips a day."""
    made = []
    for offset, rating in enumerate(ratings):
        if rating is not None:
            day = start + dt.timedelta(days=offset)
            made.append(BackCheck(day, rating, None, dt.datetime.combine(day, dt.time(9))))
    return made


def course(onset: dt.date | None, today: dt.date, checks: list[BackCheck]) -> Recovery:
    """The course on `today` (there is one: these tests give it an onset or back checks)."""
    found = assess(onset, today, checks)
    assert found is not None
    return found


def on_day(day: int) -> dt.date:
    return ONSET + dt.timedelta(days=day - 1)


def test_recovery_follows_the_guides_course() -> None:
    phases = {day: course(ONSET, on_day(day), []) for day in (1, 2, 3, 4, 5, 18, 19)}
    assert [phases[d].phase.value for d in (1, 2, 3, 4, 5, 18, 19)] == [
        "worst", "worst", "easing", "easing", "tension", "tension", "settled",
    ]  # fmt: skip
    assert phases[1].expectation.startswith("The first two days")
    assert "day 3 and 4" in phases[3].expectation
    assert "one to two weeks more" in phases[10 if 10 in phases else 5].expectation


# The doctor prompt over whole episodes: tests/test_doctor_prompt.py runs the scenario table
# of docs/doctor-prompt.md.


def test_steady_massage_ratings_never_prompt_a_doctor() -> None:
    # Today's false alarm: pressure ratings of 5 every day gave "see a doctor" at day 31. The
    # pressure ratings are not the back check, so they are not even an input any more; with
    # a back check that improved clearly, day 20 says nothing.
    improving = checks(8, 8, 7, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2)
    assert not course(ONSET, on_day(20), improving).see_doctor


def test_back_checks_are_stored_once_a_day_and_exported(tmp_path: Path) -> None:
    wall = Wall()
    history = History(tmp_path / "history.sqlite3", now=wall)
    history.add_back_check(wall().date(), 7, Movement.HARDLY)
    history.add_back_check(wall().date(), 6, Movement.WITH_EFFORT)  # replaces the first
    assert [(c.rating, c.movement) for c in history.back_checks()] == [(6, Movement.WITH_EFFORT)]
    with pytest.raises(ValueError):
        history.add_back_check(wall().date(), 11, None)
    target = tmp_path / "out.csv"
    export_csv(history, target)
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0][-1] == "detail"
    assert rows[1][5:] == ["back_check", "6", "with_effort"]


def test_a_history_from_before_the_back_check_is_migrated(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(path)
    for version in (1, 2):
        old.executescript(MIGRATIONS[version])
    old.execute("PRAGMA user_version = 2")
    old.execute(
        "INSERT INTO sessions (routine_id, routine_title, started_at) VALUES ('x', 'X', '2026-11-01T09:00:00')"
    )
    old.commit()
    old.close()
    history = History(path)
    assert history.problem == ""
    assert len(history.sessions()) == 1
    history.add_back_check(dt.date(2026, 11, 2), 5, Movement.ALMOST_NORMALLY)
    assert history.back_checks()[0].rating == 5


def test_the_history_queries_use_indexes(tmp_path: Path) -> None:
    History(tmp_path / "history.sqlite3", now=Wall()).close()  # creates and migrates it
    database = sqlite3.connect(tmp_path / "history.sqlite3")
    plans = []
    for sql in (
        "SELECT title FROM steps t WHERE t.session_id = 1 AND t.step_index = 2 ORDER BY t.id DESC LIMIT 1",
        "SELECT value FROM events WHERE session_id = 1 AND event = 'pain_rated' ORDER BY id LIMIT 1",
    ):
        plan = " ".join(str(row) for row in database.execute(f"EXPLAIN QUERY PLAN {sql}"))
        plans.append(plan)
    assert (
        "USING COVERING INDEX steps_by_session_step" in plans[0]
        or "USING INDEX steps_by_session_step" in plans[0]
    ), plans[0]
    assert "events_by_session_event" in plans[1], plans[1]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    wall = Wall()
    history = History(tmp_path / "history.sqlite3", now=wall)
    session = history.start_session("=cmd|' /C calc'!A0", "Evil", 1)
    history.start_step(session, 0, "@SUM(1+1)", "hold", "")
    history.add_event(session, 0, "pain_rated", 5)
    history.add_event(session, 0, "paused", "-2+3")
    target = tmp_path / "out.csv"
    export_csv(history, target)
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[1][2] == "'=cmd|' /C calc'!A0" and rows[1][4] == "'@SUM(1+1)"
    assert rows[1][6] == "5" and rows[2][6] == "'-2+3"


@pytest.mark.parametrize("command", ["--export-csv", "--report"])
def test_reading_the_history_from_the_command_line_changes_nothing_in_the_data_folder(
    tmp_path: Path, command: str
) -> None:
    """The export and the report only read: every file in the data folder keeps its bytes
    and its time, and nothing is added. SQLite's reader left a -wal and a -shm behind.
    The folder's name holds characters a file URI must escape."""
    data = tmp_path / "data 100% #1"
    history = History(data / "history.sqlite3")
    session_id = history.start_session("r", "R", 1)
    history.add_event(session_id, 0, "pain_rated", 6)
    history.close()

    def state() -> dict[str, tuple[bytes, int]]:
        return {f.name: (f.read_bytes(), f.stat().st_mtime_ns) for f in data.iterdir()}

    before = state()
    done = subprocess.run(  # its own process: the report makes a QGuiApplication
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data), command,
         str(tmp_path / "out")],
        capture_output=True, encoding="utf-8", timeout=120, cwd=Path(__file__).parent.parent,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert state() == before
