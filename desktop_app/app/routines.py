"""The routines the window lists, kept current: the folders are watched, what changed is read
(in portions when there is much), and the listings are handed on as they come."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from desktop_app.core.problems import FileResult, Problem
from desktop_app.core.routines import Listing, Origin, Routine
from desktop_app.i18n import _
from desktop_app.library import Catalogue
from desktop_app.terminal import say

#: Routine files read before the window shows (a few hundred); the rest follow in portions.
FIRST_READ_SECONDS = 0.25
#: One portion of reading between two turns of the event loop: short enough to feel instant.
READ_PORTION_SECONDS = 0.04
#: Quiet time after a folder event before reading: an editor's save is several events.
SETTLE_MS = 300
#: While reading thousands of files, the list is refreshed this often.
SHOW_EVERY_SECONDS = 0.5

#: (listings, problems, files read, files found)
type Show = Callable[[Sequence[Listing], Sequence[Problem], int, int], None]


class RoutineFeed(QObject):
    #: A routine asked for cannot be opened: the sentence says why.
    problem = Signal(str)

    def __init__(self, catalogue: Catalogue, show: Show, parent: QObject) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._show = show
        self._printed: set[str] = set()
        self._shown_at = 0.0
        self._reading = QTimer(self)
        self._reading.setInterval(0)
        self._reading.timeout.connect(self._read_more)
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self.reload)
        self._watcher.directoryChanged.connect(lambda _path: self._settle.start(SETTLE_MS))
        self._watcher.fileChanged.connect(lambda _path: self._settle.start(SETTLE_MS))

    def watch(self, folder: Path) -> None:
        """Watch the user's routines folder (made when missing)."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        self._watcher.addPath(str(folder))

    def reload(self) -> None:
        """Find what changed in the routine folders and read just that. A short first portion
        is read at once; the rest, when there is much (thousands of files), a portion at a time
        while the window stays responsive."""
        self.catalogue.scan()
        self.catalogue.read_some(FIRST_READ_SECONDS)
        self._hand_on()
        if self.catalogue.waiting:
            self._reading.start()

    def routine(self, routine_id: str) -> Routine | FileResult | None:
        """The routine with its steps, read now (see `Catalogue.routine`); a routine asked for
        by id before every file was read is waited for."""
        if self.catalogue.listing(routine_id) is None and self.catalogue.waiting:
            self.catalogue.read_some()
            self._reading.stop()
            self._hand_on()
        return self.catalogue.routine(routine_id)

    def openable(self, routine_id: str) -> Routine | None:
        """The routine to open, read now; None (and `problem` says why) when there is no such
        routine, or its file changed since it was listed and no longer loads."""
        found = self.routine(routine_id)
        if found is None:
            self.problem.emit(_("There is no routine with the id “{id}”.").format(id=routine_id))
            return None
        if not isinstance(found, Routine):
            problems = "; ".join(str(p) for p in found.problems) or _("it now has another id")
            self.problem.emit(
                _("The routine “{id}” could not be opened: {problems}").format(
                    id=routine_id, problems=problems
                )
            )
            self.reload()
            return None
        return found

    def _read_more(self) -> None:
        self.catalogue.read_some(READ_PORTION_SECONDS)
        if not self.catalogue.waiting:
            self._reading.stop()
            self._hand_on()
        elif time.monotonic() - self._shown_at >= SHOW_EVERY_SECONDS:
            self._hand_on()

    def _hand_on(self) -> None:
        self._shown_at = time.monotonic()
        listings = self.catalogue.listings()
        problems = self.catalogue.problems()
        for problem in problems:
            if str(problem) not in self._printed:
                self._printed.add(str(problem))
                say(problem)
        waiting, total = self.catalogue.waiting, self.catalogue.total
        self._show(listings, problems, total - waiting, total)
        # Watch the user's files too: an edit in place changes no directory entry.
        watched = set(self._watcher.files())
        new = [
            str(r.source)
            for r in listings
            if r.origin is Origin.USER and str(r.source) not in watched
        ]
        if new:
            self._watcher.addPaths(new)
