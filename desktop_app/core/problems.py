"""What reading routine files yields, without reading any: a file's problems as
`path:line: message`, a file's result, the library. Light to import (no YAML): the start page and
the cached routine list use these before, or without, the loader."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desktop_app.core.routines import Routine
from desktop_app.i18n import _

ROUTINE_SUFFIXES = (".yaml", ".yml")


class Severity(enum.StrEnum):
    ERROR = "error"
    #: The routine still loads (e.g. a missing illustration shows a placeholder).
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line > 0 else f"{self.path}"
        return f"{where}: {self.message}"


class RoutineError(Exception):
    """A routine file could not be loaded; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class FileResult:
    path: Path
    routine: Routine | None
    problems: tuple[Problem, ...]


@dataclass
class Library:
    """All routines that loaded, and every problem found on the way."""

    routines: list[Routine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_id(self, routine_id: str) -> Routine | None:
        return next((r for r in self.routines if r.id == routine_id), None)


def id_line(path: Path) -> int:
    """The line of a routine file's `id:` (1 when there is none to be found)."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("id:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def folder_unreadable(folder: Path, error: OSError) -> Problem:
    """A routine folder that could not be listed (its files cannot be read either)."""
    reason = error.strerror or str(error)
    return Problem(folder, 0, _("cannot read the folder: {reason}").format(reason=reason))


class _Identified(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def source(self) -> Path: ...


def first_of_each_id[T: _Identified](found: Iterable[T]) -> tuple[list[T], list[Problem]]:
    """The routines (or listings) in the order found, the first of each id only: a later file
    with an id already used is not loaded, and says so on its `id:` line. The window's list,
    `--list` and `--validate` all keep this one rule."""
    kept: dict[str, T] = {}
    problems: list[Problem] = []
    for item in found:
        other = kept.get(item.id)
        if other is None:
            kept[item.id] = item
            continue
        problems.append(
            Problem(
                item.source,
                id_line(item.source),
                _("the id “{id}” is already used by {other}; not loaded").format(
                    id=item.id, other=other.source
                ),
            )
        )
    return list(kept.values()), problems
