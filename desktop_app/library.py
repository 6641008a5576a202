"""The routine library as the app sees it: every routine file read once, and again only when it
changes.

The window lists thousands of routines from their `Listing`s; a routine's steps are read from its
file when it is opened, so what runs is what the file says now. Reading is done in portions
(`read_some`) so the app can show its window first and fill the list while it stays responsive.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import __version__
from desktop_app.core.problems import (
    ROUTINE_SUFFIXES,
    FileResult,
    Problem,
    Severity,
    first_of_each_id,
    folder_unreadable,
)
from desktop_app.core.routines import Listing, Origin, Routine
from desktop_app.files import special_file
from desktop_app.paths import listing_cache_path, user_routines_dir
from desktop_app.resources import assets_dir, bundled_routines_dir

if TYPE_CHECKING:
    from desktop_app.core.problems import Library

#: A cache bigger than this is not ours (10,000 routines make about 5 MB).
MAX_CACHE_BYTES = 64 * 1024 * 1024


def sources(data: Path) -> list[tuple[Path, Origin]]:
    """Where routines come from: the bundled ones first, then the user's own."""
    return [(bundled_routines_dir(), Origin.BUNDLED), (user_routines_dir(data), Origin.USER)]


def load_all(data: Path) -> Library:
    """Every routine with its steps, read now (the command line's --list and --validate)."""
    from desktop_app.core.loader import load_library

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
        cache: Path | None = None,
    ) -> None:
        """`cache`: a file keeping what was read between runs (see `ListingCache`)."""
        self.folders = list(folders)
        self.assets = assets
        self.clock = clock
        self._entries: dict[Path, _Entry] = {}
        #: In list order: (path, origin, signature); files still to read are in `_waiting`.
        self._files: list[tuple[Path, Origin]] = []
        self._waiting: dict[Path, tuple[Origin, Signature]] = {}
        self._folder_problems: list[Problem] = []
        self._assembled: tuple[list[Listing], list[Problem]] | None = None
        self._cache = ListingCache(cache)
        #: What the cache said, until each file's entry is taken from it or found changed.
        self._cached: dict[Path, _Entry] | None = None
        #: Entries changed since the cache was written.
        self._unsaved = False

    @classmethod
    def for_data(cls, data: Path) -> Catalogue:
        return cls(sources(data), assets_dir(), cache=listing_cache_path(data))

    # -- finding what changed ----------------------------------------------------------------

    def scan(self) -> Change:
        """List the folders and note every file that is new or changed since it was read
        (by modification time, size and inode: a `stat`, not a read). Reads nothing."""
        files: list[tuple[Path, Origin]] = []
        folder_problems: list[Problem] = []
        seen: set[Path] = set()
        if self._cached is None:
            self._cached = self._cache.load()
        for folder, origin in self.folders:
            try:
                found = _routine_files(folder)
            except FileNotFoundError:
                continue
            except OSError as error:
                folder_problems.append(folder_unreadable(folder, error))
                continue
            for path, signature in found:
                files.append((path, origin))
                seen.add(path)
                entry = self._entries.get(path)
                if entry is None or entry.signature != signature:
                    cached = self._cached.pop(path, None)
                    if cached is not None and cached.signature == signature:
                        self._entries[path] = cached  # unchanged since the last run
                        self._waiting.pop(path, None)
                    else:
                        self._waiting[path] = (origin, signature)
                else:
                    self._waiting.pop(path, None)
        removed = [path for path in self._entries if path not in seen]
        for path in removed:
            del self._entries[path]
        self._unsaved = self._unsaved or bool(removed) or bool(self._cached)
        self._cached.clear()  # what is left names files that are gone
        for path in [p for p in self._waiting if p not in seen]:
            del self._waiting[path]
        changed = bool(removed) or files != self._files or folder_problems != self._folder_problems
        self._files = files
        self._folder_problems = folder_problems
        if changed:
            self._assembled = None
        self._save_when_read()
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
        if self._waiting:
            from desktop_app.core.loader import read_routine  # YAML: only when a file is read
        while self._waiting:
            path, (origin, signature) = next(iter(self._waiting.items()))
            del self._waiting[path]
            self._entries[path] = _entry(read_routine(path, self.assets, origin), signature)
            count += 1
            if seconds is not None and self.clock() - started >= seconds:
                break
        if count:
            self._assembled = None
            self._unsaved = True
        self._save_when_read()
        return count

    def _save_when_read(self) -> None:
        """Keep what was read for the next run, once every file found has been read."""
        if self._unsaved and not self._waiting:
            self._cache.save(self._entries)
            self._unsaved = False

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
        from desktop_app.core.loader import read_routine

        result = read_routine(listing.source, self.assets, listing.origin)
        if result.routine is None or result.routine.id != routine_id:
            return result
        return result.routine

    def _assemble(self) -> tuple[list[Listing], list[Problem]]:
        """Listings in folder and file order; a later file with an id already used is a problem,
        as `load_library` has it."""
        if self._assembled is not None:
            return self._assembled
        problems = list(self._folder_problems)
        found: list[Listing] = []
        for path, _origin in self._files:
            entry = self._entries.get(path)
            if entry is None:
                continue
            problems.extend(entry.problems)
            if entry.listing is not None:
                found.append(entry.listing)
        listings, twice = first_of_each_id(found)
        problems.extend(twice)
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


class ListingCache:
    """What each routine file said when it was last read, kept between runs, so that the start
    page is shown without reading every file (and without loading the YAML reader at all).

    An entry is used only while its file's signature (modification time, size, inode) is
    unchanged, and the whole cache only by the app version and language that wrote it, with the
    same reading rules. It is a shortcut, never the truth: a routine is read from its file when
    it is opened, and a cache that is unreadable, too big or not in the expected shape is
    ignored (and rewritten). It is written only when what was read changed."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def load(self) -> dict[Path, _Entry]:
        if self.path is None:
            return {}
        if special_file(self.path):
            return {}  # not ours to open (a named pipe would hang the start)
        try:
            with self.path.open("rb") as stream:
                data = stream.read(MAX_CACHE_BYTES + 1)
        except OSError:
            return {}
        if len(data) > MAX_CACHE_BYTES:
            return {}
        try:
            found = json.loads(data)
            if not isinstance(found, dict) or found.get("rules") != _rules():
                return {}
            return dict(_parse_entry(item) for item in found["entries"])
        except (ValueError, TypeError, KeyError, IndexError, RecursionError):
            return {}

    def save(self, entries: dict[Path, _Entry]) -> None:
        if self.path is None:
            return
        document = {
            "rules": _rules(),
            "entries": [_entry_json(path, entry) for path, entry in entries.items()],
        }
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            temporary.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            # A full disk or a read-only folder: the next start reads the files instead.
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


def _rules() -> str:
    """What a cached entry depends on besides its file: the app, the language problems are
    written in, and the reading rules (the loader's own files, where they exist as files)."""
    from desktop_app.i18n import language_tag

    core = Path(__file__).parent / "core"
    stamps = []
    for name in ("loader.py", "problems.py", "routines.py"):
        try:
            info = (core / name).stat()
            stamps.append(f"{info.st_mtime_ns}:{info.st_size}")
        except OSError:
            stamps.append("-")
    return "/".join([__version__, language_tag(), *stamps])


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("a list of texts was expected")
    return tuple(value)


def _typed[T](value: object, kind: type[T]) -> T:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{kind.__name__} expected")
    return value


def _parse_entry(item: object) -> tuple[Path, _Entry]:
    path_text, signature, listing, problems = _typed(item, list)
    mtime, size, inode = (_typed(number, int) for number in _typed(signature, list))
    path = Path(_typed(path_text, str))
    parsed: Listing | None = None
    if listing is not None:
        id_, title, summary, muscles, equipment, minutes, steps, origin = _typed(listing, list)
        parsed = Listing(
            id=_typed(id_, str),
            title=_typed(title, str),
            summary=_typed(summary, str),
            muscles=_strings(muscles),
            equipment=_strings(equipment),
            minutes=_typed(minutes, int),
            steps=_typed(steps, int),
            source=path,
            origin=Origin(origin),
        )
    found = []
    for problem in _typed(problems, list):
        where, line, message, severity = _typed(problem, list)
        found.append(
            Problem(
                Path(_typed(where, str)),
                _typed(line, int),
                _typed(message, str),
                Severity(severity),
            )
        )
    return path, _Entry((mtime, size, inode), parsed, tuple(found))


def _entry_json(path: Path, entry: _Entry) -> list[object]:
    listing = entry.listing
    return [
        str(path),
        list(entry.signature),
        None
        if listing is None
        else [
            listing.id,
            listing.title,
            listing.summary,
            list(listing.muscles),
            list(listing.equipment),
            listing.minutes,
            listing.steps,
            listing.origin.value,
        ],
        [[str(p.path), p.line, p.message, p.severity.value] for p in entry.problems],
    ]
