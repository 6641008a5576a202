"""The history: every session, step, rating and flag, written to SQLite as it happens.

Each event is its own short transaction (autocommit, WAL), so a crash or `kill -9` loses at
most the event being written. A session that never got its end row shows as incomplete.
A database that cannot be read is moved aside and a fresh one started; the caller is told.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from desktop_app.core.days import read_day, read_moment
from desktop_app.core.history_rows import (
    AreaTotal,
    BackCheck,
    DayPain,
    EventRow,
    Movement,
    SafetyCheckRow,
    SessionRow,
    read_rating,
    read_session_row,
)
from desktop_app.core.history_schema import SCHEMA_VERSION, HistoryError, connect, migrate
from desktop_app.core.logged import WARNINGS, Logged
from desktop_app.core.pain import MAX_RATING, MIN_RATING, is_valid_rating
from desktop_app.files import special_file
from desktop_app.i18n import _, ngettext

Now = Callable[[], dt.datetime]

#: The profile key holding the last interrupted session already said at start.
_INTERRUPTED_SAID = "interrupted_said"


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class History:
    """The history database in the data folder."""

    def __init__(self, path: Path, now: Now = local_now, *, read_only: bool = False) -> None:
        self.path = path
        self.now = now
        #: Read only (`--export-csv`): nothing in the data folder is created, changed or
        #: moved, and a history that cannot be read is a problem, not a reason to start anew.
        self.read_only = read_only
        #: Set when something went wrong that the user should hear about.
        self.problem = ""
        #: The rows left out because they cannot be read (a hand edit, another program):
        #: (table, row id), so a row read twice is counted once.
        self._unreadable: set[tuple[str, object]] = set()
        self._db: sqlite3.Connection | None = None
        #: The open file's identity (device, inode), to notice it deleted or replaced.
        self._file: tuple[int, int] | None = None
        self._schema = SCHEMA_VERSION
        self._open_checked()

    def _open_checked(self) -> None:
        if special_file(self.path):  # a named pipe would hang SQLite's open
            self.problem = _(
                "The history {path} is not a regular file, so it is not opened; nothing is "
                "kept in this run."
            ).format(path=self.path)
        elif self.read_only:
            self._open_read_only()
        else:
            self._open()

    def _open_read_only(self) -> None:
        # With no write-ahead log beside it (the app is not running) the file holds it all and
        # is read as it lies: SQLite's reader would otherwise leave a new -wal and -shm in the
        # data folder. While the app runs, its log is read too (SQLite's shared index with it).
        log = self.path.with_name(self.path.name + "-wal")
        uri = self.path.absolute().as_uri() + ("?mode=ro" if log.exists() else "?immutable=1")
        try:
            self._db = sqlite3.connect(uri, uri=True, timeout=5)
            self._schema = self._db.execute("PRAGMA user_version").fetchone()[0]
            self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            if self._db is not None:
                self._db.close()
            self._db = None
            self.problem = _("The history in {path} could not be read ({error}).").format(
                path=self.path, error=error
            )

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = connect(self.path)
            self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            migrate(self._db)
            self._db.execute("PRAGMA quick_check").fetchone()
            self._file = _identity(self.path)
        except HistoryError as error:
            self._db = None
            self.problem = _("History is not saved: {reason}.").format(reason=error)
        except sqlite3.OperationalError as error:
            # Permissions, a locked or read-only file: not corruption, so nothing is moved.
            if self._db is not None:
                self._db.close()
            self._db = None
            self.problem = _("History is not saved: {path} cannot be opened ({error}).").format(
                path=self.path, error=error
            )
        except sqlite3.DatabaseError as error:
            self._recover(error)
        except OSError as error:
            self._db = None
            self.problem = _(
                "History is not saved: the folder {folder} cannot be used ({error})."
            ).format(folder=self.path.parent, error=error.strerror)

    def _recover(self, error: sqlite3.DatabaseError) -> None:
        """Move an unreadable database aside and start a fresh one."""
        if self._db is not None:
            self._db.close()
            self._db = None
        stamp = self.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                extra = self.path.with_name(self.path.name + suffix)
                if extra.exists():
                    extra.rename(aside.with_name(aside.name + suffix))
            self._db = connect(self.path)
            migrate(self._db)
            self._file = _identity(self.path)
            self.problem = _(
                "The history could not be read ({error}). It was moved to {aside}, and a new, "
                "empty history was started."
            ).format(error=error, aside=aside)
        except (OSError, sqlite3.Error) as second:
            self._db = None
            self.problem = _(
                "History is not saved: it could not be read ({error}) or replaced ({second})."
            ).format(error=error, second=second)

    @classmethod
    def empty(cls, now: Now = local_now) -> History:
        """A history with nothing in it that keeps nothing (in memory): what a report says
        before any history was written."""
        return cls(Path(":memory:"), now=now)

    @property
    def available(self) -> bool:
        return self._db is not None

    def follow(self, session: int | None = None) -> tuple[str, int | None]:
        """Open what is at the history's path now when the open file was deleted, moved or
        replaced by another (a person, a sync tool, a restore) — a new history if nothing is
        there — with `session` (the one being written) carried over into it; say so. Returns
        what to tell the person ("" when it is still the same file) and the session's id in
        the file open now. SQLite would go on writing into the file that is gone, and all
        written after would be lost without a word."""
        if self._db is None or self.read_only or self._file is None:
            return "", session
        now = _identity(self.path)
        if now == self._file:
            return "", session
        carried = self._session_rows(session) if session is not None else []
        # What is still in the write-ahead log belongs to the old file: into it, and the log
        # emptied, before anything opens the new file with the same log name (SQLite, seeing
        # its file moved, leaves the log behind, and the new file would be read through it).
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        self.close()
        self.problem = ""
        self._unreadable.clear()
        self._open_checked()
        if self._db is None:
            return self.problem, session
        moved = self._put_session(carried) if carried else None
        if now is None:
            said = _(
                "The history file {path} was deleted while the app was open. A new one was "
                "started there, and this session is kept in it."
            )
        else:
            said = _(
                "The history file {path} was replaced while the app was open. The new file is "
                "used now, and this session is kept in it."
            )
        return said.format(path=self.path), moved

    def _session_rows(self, session: int) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
        """A session's rows in each table, with their columns (no row ids): to carry over."""
        found = []
        for table, key in (("sessions", "id"), ("steps", "session_id"), ("events", "session_id")):
            with contextlib.suppress(sqlite3.Error):
                cursor = self._execute(
                    f"SELECT * FROM {table} WHERE {key} = ? ORDER BY id", (session,)
                )
                names = [column[0] for column in cursor.description]
                keep = [i for i, name in enumerate(names) if name != "id"]
                rows = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
                found.append((table, [names[i] for i in keep], rows))
        return found

    def _put_session(self, carried: list[tuple[str, list[str], list[tuple[Any, ...]]]]) -> int:
        """Write rows read by `_session_rows` into the file open now; the session's new id."""
        new_id = 0
        for table, names, rows in carried:
            for row in rows:
                values = dict(zip(names, row, strict=True))
                if table != "sessions":
                    values["session_id"] = new_id
                cursor = self._execute(
                    f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                    tuple(values.values()),
                )
                if table == "sessions":
                    new_id = int(cursor.lastrowid or 0)
        return new_id

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._file = None

    def query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[Any]:
        """Rows of a read-only query (`history_marks`'s sums); none when nothing is open."""
        return [] if self._db is None else self._execute(sql, parameters).fetchall()

    def _execute(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        if self._db is None:
            raise HistoryError(self.problem or _("the history is not open"))
        try:
            return self._db.execute(sql, parameters)
        except sqlite3.Error as error:
            raise HistoryError(
                _("History could not be saved: {error}.").format(error=error)
            ) from error

    # -- writing ---------------------------------------------------------------------------

    # A session's writes take the moment it happened (`at`, default now): a write kept while
    # the disk was full, or made again into a new file, is written with its own time.

    def _moment(self, at: dt.datetime | None) -> str:
        return (at or self.now()).isoformat(timespec="milliseconds")

    def start_session(
        self, routine_id: str, routine_title: str, steps_total: int, at: dt.datetime | None = None
    ) -> int:
        cursor = self._execute(
            "INSERT INTO sessions (routine_id, routine_title, started_at, steps_total) VALUES (?, ?, ?, ?)",
            (routine_id, routine_title, self._moment(at), steps_total),
        )
        return int(cursor.lastrowid or 0)

    def start_step(
        self,
        session_id: int,
        index: int,
        title: str,
        kind: str,
        area: str,
        at: dt.datetime | None = None,
    ) -> None:
        self._execute(
            "INSERT INTO steps (session_id, step_index, title, kind, area, started_at) VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, index, title, kind, area, self._moment(at)),
        )

    def end_step(
        self, session_id: int, index: int, completed: bool, at: dt.datetime | None = None
    ) -> None:
        self._execute(
            "UPDATE steps SET ended_at = ?, completed = ? WHERE id = (SELECT max(id) FROM steps "
            "WHERE session_id = ? AND step_index = ?)",
            (self._moment(at), int(completed), session_id, index),
        )

    def add_event(
        self,
        session_id: int,
        step_index: int | None,
        event: str,
        value: object = "",
        at: dt.datetime | None = None,
    ) -> None:
        self._execute(
            "INSERT INTO events (session_id, step_index, timestamp, event, value) VALUES (?, ?, ?, ?, ?)",
            (session_id, step_index, self._moment(at), event, _text(value)),
        )

    def end_session(self, session_id: int, completed: bool, at: dt.datetime | None = None) -> None:
        self._execute(
            "UPDATE sessions SET ended_at = ?, completed = ? WHERE id = ?",
            (self._moment(at), int(completed), session_id),
        )

    def interrupted(self) -> SessionRow | None:
        """The last session, when it was interrupted (no end was written: the app was killed,
        the computer went off) and that has not been said yet; said once, then never again."""
        latest = next(iter(self.sessions()), None)
        if latest is None or latest.completed is not None:
            return None
        if self.profile(_INTERRUPTED_SAID) == str(latest.id):
            return None
        with contextlib.suppress(HistoryError):  # a read-only history: said each time
            self.set_profile(_INTERRUPTED_SAID, str(latest.id))
        return latest

    def set_profile(self, key: str, value: str) -> None:
        self._execute("INSERT OR REPLACE INTO profile (key, value) VALUES (?, ?)", (key, value))

    def profile(self, key: str) -> str | None:
        if self._db is None:
            return None
        row = self._execute("SELECT value FROM profile WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def onset(self) -> dt.date | None:
        """The day the back went, as the user set it."""
        value = self.profile("onset")
        try:
            return read_day(value) if value else None
        except ValueError:
            return None

    @onset.setter
    def onset(self, day: dt.date) -> None:
        self.set_profile("onset", day.isoformat())

    @property
    def earlier_onsets(self) -> list[dt.date]:
        """The first days of earlier episodes, oldest first (the back went again since)."""
        found = []
        for part in (self.profile("earlier_onsets") or "").split(","):
            with contextlib.suppress(ValueError):
                found.append(read_day(part.strip()))
        return found

    def start_episode(self, day: dt.date) -> None:
        """The back went again: `day` is a new episode's first day; the one before is kept."""
        before = self.onset or min((c.day for c in self.back_checks()), default=None)
        if before is not None and before < day:
            days = [*self.earlier_onsets, before]
            self.set_profile("earlier_onsets", ",".join(d.isoformat() for d in days))
        self.onset = day

    def set_episode_answers(self, episode: dt.date, answers: dict[str, str]) -> None:
        """What the person said of the episode that began on `episode` (core.episode: question
        → answer, "" skipped); replaces what was there."""
        for question, answer in answers.items():
            self._execute(
                "INSERT OR REPLACE INTO episode_answers (episode, question, answer) "
                "VALUES (?, ?, ?)",
                (episode.isoformat(), question, answer),
            )

    def episode_answers(self, episode: dt.date) -> dict[str, str]:
        """Empty: not asked for this episode yet."""
        if self._db is None or self._schema < 5:
            return {}
        rows = self._execute(
            "SELECT question, answer FROM episode_answers WHERE episode = ?",
            (episode.isoformat(),),
        ).fetchall()
        return {str(question): str(answer) for question, answer in rows}

    def add_safety_answer(self, reason: str, answer: str, signs: tuple[str, ...]) -> None:
        self._execute(
            "INSERT INTO safety_checks (answered_at, reason, answer, signs) VALUES (?, ?, ?, ?)",
            (self.now().isoformat(timespec="milliseconds"), reason, answer, " ".join(signs)),
        )

    def safety_answers(self) -> list[SafetyCheckRow]:
        """Every answer to the red-flag check, oldest first (a row that is no date is skipped)."""
        if self._db is None or self._schema < 5:
            return []
        found = []
        rows = self._execute(
            "SELECT answered_at, reason, answer, signs FROM safety_checks ORDER BY answered_at, id"
        )
        for answered_at, reason, answer, signs in rows:
            try:
                at = read_moment(answered_at)
            except ValueError:
                self._left_out("safety_checks", answered_at)
                continue
            found.append(SafetyCheckRow(at, str(reason), str(answer), tuple(str(signs).split())))
        return found

    # -- reading ---------------------------------------------------------------------------

    @property
    def unreadable(self) -> int:
        """How many rows the readings so far have left out because they cannot be read."""
        return len(self._unreadable)

    @property
    def left_out(self) -> str:
        """What every view of the history says when rows were left out ("" when none were)."""
        count = self.unreadable
        if not count:
            return ""
        return ngettext(
            "{count} entry in the history could not be read and is left out.",
            "{count} entries in the history could not be read and are left out.",
            count,
        ).format(count=count)

    def _left_out(self, table: str, key: object) -> None:
        self._unreadable.add((table, key))

    def sessions(self) -> list[SessionRow]:
        if self._db is None:
            return []
        rows = self._execute(
            f"""
            SELECT s.id, s.routine_id, s.routine_title, s.started_at, s.ended_at, s.completed,
                (SELECT value FROM events WHERE session_id = s.id AND event = ? ORDER BY id LIMIT 1),
                (SELECT value FROM events WHERE session_id = s.id AND event = ? ORDER BY id DESC LIMIT 1),
                (SELECT count(*) FROM events WHERE session_id = s.id AND event IN ({", ".join("?" * len(WARNINGS))})),
                (SELECT max(timestamp) FROM events WHERE session_id = s.id)
            FROM sessions s ORDER BY s.started_at DESC, s.id DESC
            """,
            (Logged.PAIN_RATED, Logged.PAIN_RATED, *WARNINGS),
        ).fetchall()
        found = []
        for row in rows:
            try:
                found.append(read_session_row(row))
            except (TypeError, ValueError):
                self._left_out("sessions", row[0])
        return found

    def events(self, session_id: int | None = None) -> Iterator[EventRow]:
        if self._db is None:
            return
        where = "WHERE e.session_id = ?" if session_id is not None else ""
        parameters: tuple[object, ...] = (session_id,) if session_id is not None else ()
        cursor = self._execute(
            f"""
            SELECT e.timestamp, e.session_id, s.routine_id, e.step_index,
                coalesce((SELECT title FROM steps t WHERE t.session_id = e.session_id
                          AND t.step_index = e.step_index ORDER BY t.id DESC LIMIT 1), ''),
                e.event, e.value, e.id
            FROM events e JOIN sessions s ON s.id = e.session_id {where}
            ORDER BY e.id
            """,
            parameters,
        )
        for row in cursor:
            try:
                step = None if row[3] is None else int(row[3])
                yield EventRow(read_moment(row[0]), row[1], row[2], step, *map(str, row[4:7]))
            except (TypeError, ValueError):
                self._left_out("events", row[7])

    # -- the daily back check ---------------------------------------------------------------

    def add_back_check(self, day: dt.date, rating: int, movement: Movement | None) -> None:
        """Today's answer; a second answer on the same day replaces the first."""
        if not is_valid_rating(rating):
            raise ValueError(f"a back check rating is {MIN_RATING} to {MAX_RATING}, not {rating!r}")
        self._execute(
            "INSERT OR REPLACE INTO back_checks (day, rating, movement, recorded_at) "
            "VALUES (?, ?, ?, ?)",
            (
                day.isoformat(),
                rating,
                movement.value if movement else "",
                self.now().isoformat(timespec="milliseconds"),
            ),
        )

    def back_checks(self) -> list[BackCheck]:
        if self._db is None or self._schema < 3:
            return []  # a history read as it is, from before the back check
        rows = self._execute(
            "SELECT day, rating, movement, recorded_at FROM back_checks ORDER BY day"
        ).fetchall()
        checks = []
        for day, rating, movement, recorded in rows:
            try:
                value = read_rating(rating)
                if value is None:
                    raise ValueError(f"{rating!r} is no rating")
                checks.append(
                    BackCheck(
                        read_day(day),
                        value,
                        Movement(movement) if movement else None,
                        read_moment(recorded),
                    )
                )
            except (TypeError, ValueError):
                self._left_out("back_checks", day)  # skipped rather than lose the rest
        return checks

    def back_check_on(self, day: dt.date) -> BackCheck | None:
        return next((check for check in self.back_checks() if check.day == day), None)

    def pain_by_day(self) -> list[DayPain]:
        """Each day's ratings: average, highest, how many (in SQL: a history of 100,000 events
        is summed in milliseconds, not read row by row). A value that is no rating is skipped."""
        if self._db is None:
            return []
        rows = self._execute(
            """
            SELECT substr(timestamp, 1, 10), avg(CAST(value AS INTEGER)),
                max(CAST(value AS INTEGER)), count(*)
            FROM events
            WHERE event = ? AND value GLOB '[0-9]*' AND CAST(value AS INTEGER) <= ?
            GROUP BY 1 ORDER BY 1
            """,
            (Logged.PAIN_RATED, MAX_RATING),
        ).fetchall()
        days = []
        for day, average, highest, count in rows:
            try:
                days.append(DayPain(read_day(day), average, highest, count))
            except (TypeError, ValueError):
                continue  # a timestamp that is no date: not a day to show
        return days

    def area_totals(self, day: dt.date) -> list[AreaTotal]:
        """Hold time and rolls per muscle area on one day: enough for today?"""
        if self._db is None:
            return []
        rows = self._execute(
            """
            SELECT t.area,
                sum(CASE WHEN e.event = ? THEN CAST(e.value AS REAL) ELSE 0 END),
                sum(CASE WHEN e.event = ? THEN 1 ELSE 0 END)
            FROM events e JOIN steps t ON t.session_id = e.session_id AND t.step_index = e.step_index
                AND t.id = (SELECT max(id) FROM steps WHERE session_id = e.session_id AND step_index = e.step_index)
            WHERE t.area != '' AND substr(e.timestamp, 1, 10) = ?
            GROUP BY t.area ORDER BY t.area
            """,
            (Logged.HOLD_ENDED, Logged.REPETITION, day.isoformat()),
        ).fetchall()
        return [AreaTotal(row[0], row[1] or 0.0, row[2] or 0) for row in rows if (row[1] or row[2])]


def _identity(path: Path) -> tuple[int, int] | None:
    """The file at `path` as the system knows it (device, inode); None when there is none."""
    if str(path) == ":memory:":
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


__all__ = [
    "AreaTotal",
    "BackCheck",
    "DayPain",
    "EventRow",
    "History",
    "HistoryError",
    "Movement",
    "Now",
    "SafetyCheckRow",
    "SessionRow",
    "local_now",
]
