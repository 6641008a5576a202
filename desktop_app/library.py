"""The routine library as the app sees it: every routine file read once, and again only when it
changes.

The window lists thousands of routines from their `Listing`s; a routine's steps are read from its
file when it is opened, so what runs is what the file says now. Reading is done in portions
(`read_some`) so the app can show its window first and fill the list while it stays responsive.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.loader import (
    ROUTINE_SUFFIXES,
    FileResult,
    Library,
    Problem,
    id_line,
    load_library,
    read_routine,
)
from desktop_app.core.routines import Listing, Origin, Routine
from desktop_app.paths import user_routines_dir
from desktop_app.resources import assets_dir, bundled_routines_dir


def sources(data: Path) -> list[tuple[Path, Origin]]:
    """Where routines come from: the bundled ones first, then the user's own."""
    return [(bundled_routines_dir(), Origin.BUNDLED), (user_routines_dir(data), Origin.USER)]


def load_all(data: Path) -> Library:
    """Every routine with its steps, read now (the command line's --list and --validate)."""
    return load_library(sources(data), assets_dir())


#: What tells a changed file from an unchanged one without reading it.
type Signature = tuple[int, int, int]


@dataclass(frozen=True)
class _Entry:
    signature: Signature
    listing: Listing | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Change:
    """What one `refresh()` found: files that are new or changed, and files that went away."""

    read: int
    removed: int

    def __bool__(self) -> bool:
        return bool(self.read or self.removed)


class Catalogue:
    """The routine files of several folders, each read once and re-read only when it changes."""

    def __init__(
        self,
        folders: Sequence[tuple[Path, Origin]],
        assets: Path,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folders = list(folders)
        self.assets = assets
        self.clock = clock
        self._entries: dict[Path, _Entry] = {}
        #: In list order: (path, origin, signature); files still to read are in `_waiting`.
        self._files: list[tuple[Path, Origin]] = []
        self._waiting: dict[Path, tuple[Origin, Signature]] = {}
        self._folder_problems: list[Problem] = []
        self._assembled: tuple[list[Listing], list[Problem]] | None = None

    @classmethod
    def for_data(cls, data: Path) -> Catalogue:
        return cls(sources(data), assets_dir())

    # -- finding what changed ----------------------------------------------------------------

    def scan(self) -> Change:
        """List the folders and note every file that is new or changed since it was read
        (by modification time, size and inode: a `stat`, not a read). Reads nothing."""
        files: list[tuple[Path, Origin]] = []
        folder_problems: list[Problem] = []
        seen: set[Path] = set()
        for folder, origin in self.folders:
            try:
                found = _routine_files(folder)
            except FileNotFoundError:
                continue
            except OSError as error:
                folder_problems.append(
                    Problem(folder, 0, f"cannot read the folder: {error.strerror or error}")
                )
                continue
            for path, signature in found:
                files.append((path, origin))
                seen.add(path)
                entry = self._entries.get(path)
                if entry is None or entry.signature != signature:
                    self._waiting[path] = (origin, signature)
                else:
                    self._waiting.pop(path, None)
        removed = [path for path in self._entries if path not in seen]
        for path in removed:
            del self._entries[path]
        for path in [p for p in self._waiting if p not in seen]:
            del self._waiting[path]
        changed = bool(removed) or files != self._files or folder_problems != self._folder_problems
        self._files = files
        self._folder_problems = folder_problems
        if changed:
            self._assembled = None
        return Change(read=len(self._waiting), removed=len(removed))

    @property
    def waiting(self) -> int:
        """Files found by `scan()` and not read yet."""
        return len(self._waiting)

    @property
    def total(self) -> int:
        return len(self._files)

    def read_some(self, seconds: float | None = None) -> int:
        """Read waiting files until `seconds` have passed (all of them when None); returns how
        many were read. At least one file is read per call, so the reading always ends."""
        started = self.clock()
        count = 0
        while self._waiting:
            path, (origin, signature) = next(iter(self._waiting.items()))
            del self._waiting[path]
            self._entries[path] = _entry(read_routine(path, self.assets, origin), signature)
            count += 1
            if seconds is not None and self.clock() - started >= seconds:
                break
        if count:
            self._assembled = None
        return count

    def refresh(self) -> Change:
        """Scan, and read whatever changed (a folder watcher's answer to "something changed")."""
        change = self.scan()
        self.read_some()
        return change

    # -- what the app shows ------------------------------------------------------------------

    def listings(self) -> list[Listing]:
        return list(self._assemble()[0])

    def problems(self) -> list[Problem]:
        return list(self._assemble()[1])

    def listing(self, routine_id: str) -> Listing | None:
        return next((r for r in self._assemble()[0] if r.id == routine_id), None)

    def routine(self, routine_id: str) -> Routine | FileResult | None:
        """The routine with its steps, read from its file now; the file's problems instead when it
        no longer loads (it changed since it was listed); None for an unknown id."""
        listing = self.listing(routine_id)
        if listing is None:
            return None
        result = read_routine(listing.source, self.assets, listing.origin)
        if result.routine is None or result.routine.id != routine_id:
            return result
        return result.routine

    def _assemble(self) -> tuple[list[Listing], list[Problem]]:
        """Listings in folder and file order; a later file with an id already used is a problem,
        as `load_library` has it."""
        if self._assembled is not None:
            return self._assembled
        listings: list[Listing] = []
        problems = list(self._folder_problems)
        seen: dict[str, Listing] = {}
        for path, _origin in self._files:
            entry = self._entries.get(path)
            if entry is None:
                continue
            problems.extend(entry.problems)
            listing = entry.listing
            if listing is None:
                continue
            other = seen.get(listing.id)
            if other is not None:
                problems.append(
                    Problem(
                        path,
                        id_line(path),
                        f"the id '{listing.id}' is already used by {other.source}; not loaded",
                    )
                )
                continue
            seen[listing.id] = listing
            listings.append(listing)
        self._assembled = (listings, problems)
        return self._assembled


def _routine_files(folder: Path) -> list[tuple[Path, Signature]]:
    """The folder's routine files, sorted by name, each with its signature (one `stat` each)."""
    found: list[tuple[Path, Signature]] = []
    with os.scandir(folder) as entries:
        for item in entries:
            if os.path.splitext(item.name)[1].lower() not in ROUTINE_SUFFIXES:
                continue
            try:
                info = item.stat()
            except OSError:
                continue  # gone since the folder was listed
            if stat.S_ISREG(info.st_mode):
                found.append((Path(item.path), (info.st_mtime_ns, info.st_size, info.st_ino)))
    found.sort(key=lambda pair: pair[0].name)
    return found


def _entry(result: FileResult, signature: Signature) -> _Entry:
    listing = result.routine.listing() if result.routine is not None else None
    return _Entry(signature, listing, result.problems)
