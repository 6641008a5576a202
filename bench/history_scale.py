"""History at scale: a heavy user's two years, 100,000 events in about 1,700 sessions.

Measures opening the history (what start-up does), the history window from H to filled
(offscreen), one session's story, --export-csv and the report for the doctor. Targets: window
< 0.5 s, export < 1 s, report < 2 s, opening the history as fast as with an empty one.

Run: .venv/bin/python bench/history_scale.py   (BENCH_EVENTS sets the number of events)
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

EVENTS = int(os.environ.get("BENCH_EVENTS", "100000"))
AREAS = ("quadratus lumborum", "erector spinae", "gluteus maximus", "gluteus medius")


def fill(path: Path, events: int) -> int:
    """Sessions like the bundled ones: 8 steps, each a hold with ratings; ~58 events each."""
    from desktop_app.core.history import History

    History(path).close()  # the schema, as the app makes it
    db = sqlite3.connect(path)
    start = dt.datetime(2024, 11, 26, 7, 30)
    session_id = 0
    written = 0
    with db:
        while written < events:
            session_id += 1
            at = start + dt.timedelta(hours=10 * session_id)

            def stamp(seconds: float, at: dt.datetime = at) -> str:
                return (at + dt.timedelta(seconds=seconds)).isoformat(timespec="milliseconds")

            db.execute(
                "INSERT INTO sessions (id, routine_id, routine_title, started_at, ended_at,"
                " completed, steps_total) VALUES (?, 'lower-back-ball', 'Lower back — massage"
                " ball', ?, ?, 1, 8)",
                (session_id, stamp(0), stamp(8 * 40)),
            )
            rows = [(session_id, None, stamp(0), "session_started", "")]
            for step in range(8):
                t = step * 40.0
                db.execute(
                    "INSERT INTO steps (session_id, step_index, title, kind, area, started_at,"
                    " ended_at, completed) VALUES (?, ?, ?, 'hold', ?, ?, ?, 1)",
                    (
                        session_id,
                        step,
                        f"Hold {step + 1}",
                        AREAS[step % 4],
                        stamp(t),
                        stamp(t + 38),
                    ),
                )
                rows += [
                    (session_id, step, stamp(t), "step_started", ""),
                    (session_id, step, stamp(t + 5), "hold_started", "30"),
                    (session_id, step, stamp(t + 8), "pain_rated", str(4 + session_id % 3)),
                    (session_id, step, stamp(t + 20), "pain_rated", str(5 + step % 2)),
                    (session_id, step, stamp(t + 28), "pain_rated", "4"),
                    (session_id, step, stamp(t + 35), "hold_ended", "30.0"),
                    (session_id, step, stamp(t + 38), "step_ended", "completed"),
                ]
            rows.append((session_id, None, stamp(8 * 40), "session_finished", "8"))
            db.executemany(
                "INSERT INTO events (session_id, step_index, timestamp, event, value)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            written += len(rows)
    db.close()
    return session_id


def timed(action, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def measure() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.history import History
    from desktop_app.core.history_csv import export_csv
    from desktop_app.core.report import MAX_DAYS, SafetyRecord, build
    from desktop_app.core.safety import Answer
    from desktop_app.core.story import tell
    from desktop_app.qt.history_view import HistoryWindow
    from desktop_app.qt.report_pdf import write_pdf

    app = QApplication([])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        empty = folder / "empty.sqlite3"
        History(empty).close()
        path = folder / "history.sqlite3"
        sessions = fill(path, EVENTS)
        open_empty = timed(lambda: History(empty).close())
        open_full = timed(lambda: History(path).close())
        history = History(path)
        window_holder: list[HistoryWindow] = []

        def open_window() -> None:
            if not window_holder:
                window_holder.append(HistoryWindow(history))
            window = window_holder[0]
            window.refresh()
            window.show()
            app.processEvents()

        first_window = timed(open_window, repeat=1)
        again_window = timed(open_window)
        story = timed(lambda: tell(history.events(sessions // 2)))
        export = timed(lambda: export_csv(history, folder / "out.csv"))
        lines = sum(1 for _ in (folder / "out.csv").open(encoding="utf-8"))
        # The report for the doctor, looking back as far as it can (a year) from the last
        # session, with a back check on every one of those days.
        last = max(row.started_at for row in history.sessions()).date()
        for back in range(MAX_DAYS):
            history.add_back_check(last - dt.timedelta(days=back), 3 + back % 5, None)
        history.onset = last - dt.timedelta(days=MAX_DAYS - 1)
        safety = SafetyRecord(Answer.NONE_APPLY, last)

        def write_report() -> None:
            write_pdf(build(history, last, safety, "bench", MAX_DAYS), folder / "report.pdf")

        report = timed(write_report)
        history.close()
    return {
        "sessions": sessions,
        "open_full": open_full,
        "open_empty": open_empty,
        "first_window": first_window,
        "again_window": again_window,
        "story": story,
        "export": export,
        "lines": lines,
        "report": report,
    }


def main() -> None:
    r = measure()
    verdict = lambda ok: "ok" if ok else "MISSED"  # noqa: E731
    print(
        f"history of {EVENTS:,} events, {r['sessions']:,.0f} sessions: opening it"
        f" {r['open_full'] * 1000:.1f} ms (empty: {r['open_empty'] * 1000:.1f} ms); history window"
        f" {r['first_window'] * 1000:.0f} ms the first time, {r['again_window'] * 1000:.0f} ms again"
        f" (target < 500 ms: {verdict(r['first_window'] < 0.5)}); one session's story"
        f" {r['story'] * 1000:.1f} ms; --export-csv {r['export'] * 1000:.0f} ms for"
        f" {r['lines']:,.0f} lines (target < 1 s: {verdict(r['export'] < 1)}); the report for"
        f" the doctor over a year {r['report'] * 1000:.0f} ms (target < 2 s:"
        f" {verdict(r['report'] < 2)})"
    )


if __name__ == "__main__":
    main()
