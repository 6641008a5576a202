"""The history's database: its tables, one migration per schema version, and opening it.
A database from a newer version is refused, never changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.i18n import _

SCHEMA_VERSION = 5


# Each migration takes the database from version N-1 to N, in one transaction. Never edit one
# that has shipped.
MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine_id TEXT NOT NULL,
            routine_title TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            completed INTEGER
        );
        CREATE TABLE steps (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            step_index INTEGER NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            completed INTEGER
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            step_index INTEGER,
            timestamp TEXT NOT NULL,
            event TEXT NOT NULL,
            value TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX events_by_session ON events(session_id, id);
    """,
    2: """
        ALTER TABLE steps ADD COLUMN area TEXT NOT NULL DEFAULT '';
        ALTER TABLE sessions ADD COLUMN steps_total INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE profile (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    3: """
        CREATE TABLE back_checks (
            day TEXT PRIMARY KEY,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
            movement TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        );
    """,
    4: """
        CREATE INDEX steps_by_session_step ON steps(session_id, step_index, id);
        CREATE INDEX events_by_session_event ON events(session_id, event, id);
    """,
    5: """
        CREATE TABLE safety_checks (
            id INTEGER PRIMARY KEY,
            answered_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            answer TEXT NOT NULL,
            signs TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE episode_answers (
            episode TEXT NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            PRIMARY KEY (episode, question)
        );
    """,
}


class HistoryError(Exception):
    """The history could not be written or read; the message says why, for the user."""


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, timeout=5)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error:
        # Closed now, not when the traceback lets go of it: Windows cannot move a file that
        # is still open (an unreadable history is moved aside next).
        connection.close()
        raise
    return connection


def migrate(connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryError(
            _(
                "the history was written by a newer version of the app (schema {version}); "
                "it is left untouched"
            ).format(version=version)
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN")
        try:
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
            connection.execute("COMMIT")
        except sqlite3.Error:
            connection.execute("ROLLBACK")
            raise
