"""Routine files (YAML, schema 1) → Routine objects, with every problem as `path:line: message`.

The app reads YAML here and only here (with its two helpers: `yaml_nodes` reads a node at a
time, `step_fields` each kind of step's own fields). The document is composed into nodes with
PyYAML's safe composer (no Python object is ever constructed from a tag) and the nodes are
walked by hand, so every problem carries the line it was found on and all problems of a file
are reported.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from desktop_app.core.pictures import PictureRefused, read_picture
from desktop_app.core.problems import (
    ROUTINE_SUFFIXES,
    FileResult,
    Library,
    RoutineError,
    Severity,
    first_of_each_id,
    folder_unreadable,
)
from desktop_app.core.routine_texts import STEP_KEYS
from desktop_app.core.routines import (
    MAX_BAND_HIGH,
    MAX_RISING_THRESHOLD,
    Origin,
    PainSettings,
    Routine,
    Step,
    StepKind,
)
from desktop_app.core.step_fields import ALL_KEYS, StepSource, keys_of, read_fields
from desktop_app.core.yaml_nodes import (
    COMPOSER,
    MAX_NODES,
    MISSING,
    Missing,
    NodeReader,
    TooComplex,
)
from desktop_app.i18n import _

SCHEMA_VERSION = 1
#: Routine files are a few kilobytes; anything this big is not a routine.
MAX_FILE_BYTES = 512 * 1024
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_ROUTINE_KEYS = {
    "schema",
    "id",
    "title",
    "summary",
    "muscles",
    "equipment",
    "pain",
    "afterwards",
    "steps",
}
_REQUIRED_ROUTINE_KEYS = ("schema", "id", "title", "summary", "muscles", "equipment", "steps")


class _RoutineBuilder:
    def __init__(self, reader: NodeReader, assets_dir: Path, origin: Origin) -> None:
        self.r = reader
        self.assets_dir = assets_dir
        self.origin = origin

    def words[T: (str, str | Missing)](self, text: T) -> T:
        """A bundled routine's text in the reader's language (routine_texts says which are
        extracted); a person's own routine stays as written."""
        if self.origin is Origin.BUNDLED and isinstance(text, str):
            return _(text)
        return text

    def build(self, root: Node) -> Routine | None:
        r = self.r
        entries = r.mapping(root, _("the routine"), _ROUTINE_KEYS, _REQUIRED_ROUTINE_KEYS)
        if entries is None:
            return None
        values: dict[str, Any] = {}
        if "schema" in entries:
            node = entries["schema"][1]
            schema = r.count(node, "schema", positive=False)
            if schema is not MISSING and schema != SCHEMA_VERSION:
                r.report(
                    node,
                    _(
                        "schema {schema} is not supported (this version reads schema {supported})"
                    ).format(schema=schema, supported=SCHEMA_VERSION),
                )
        if "id" in entries:
            node = entries["id"][1]
            values["id"] = r.text(node, "id")
            if values["id"] is not MISSING and not _ID_PATTERN.match(values["id"]):
                r.report(
                    node, _("id may use only lower-case letters, digits, “-” and “_” (at most 64)")
                )
                values["id"] = MISSING
        for key in ("title", "summary", "afterwards"):
            if key in entries:
                values[key] = self.words(r.text(entries[key][1], key))
        for key in ("muscles", "equipment"):
            if key in entries:
                texts = r.text_list(entries[key][1], key)
                values[key] = texts if texts is MISSING else tuple(map(self.words, texts))
        values["pain"] = self._pain(entries["pain"][1]) if "pain" in entries else PainSettings()
        steps: list[Step] | None = None
        if "steps" in entries:
            steps = self._steps(entries["steps"][1])
        has_errors = any(p.severity is Severity.ERROR for p in r.problems)
        if has_errors or steps is None or any(values.get(k) is MISSING for k in values):
            return None
        return Routine(
            id=values["id"],
            title=values["title"],
            summary=values["summary"],
            muscles=values["muscles"],
            equipment=values["equipment"],
            steps=tuple(steps),
            pain=values["pain"],
            afterwards=values.get("afterwards", ""),
            source=r.path,
            origin=self.origin,
        )

    def _pain(self, node: Node) -> PainSettings | Missing:
        r = self.r
        entries = r.mapping(node, "pain", {"band", "rising_threshold"})
        if entries is None:
            return MISSING
        band_low, band_high = PainSettings.band_low, PainSettings.band_high
        threshold = PainSettings.rising_threshold
        ok = True
        if "band" in entries:
            band_node = entries["band"][1]
            items = r.sequence(band_node, "pain band")
            if items is None or len(items) != 2:
                if items is not None:
                    r.report(band_node, _("pain band must be two ratings: [lowest, highest]"))
                ok = False
            else:
                low = r.count(
                    items[0],
                    "the pain band's lowest",
                    positive=False,
                    at_least=0,
                    at_most=10,
                )
                high = r.count(
                    items[1],
                    "the pain band's highest",
                    positive=False,
                    at_least=0,
                    at_most=10,
                )
                if low is MISSING or high is MISSING:
                    ok = False
                elif high > MAX_BAND_HIGH:
                    r.report(
                        items[1],
                        _(
                            "the pain band's highest must be at most {most} (got {high}): "
                            "above that the pressure is too much, and no routine may lift the limit"
                        ).format(most=MAX_BAND_HIGH, high=high),
                    )
                    ok = False
                elif low > high:
                    r.report(
                        band_node,
                        _("pain band: lowest ({low}) is above highest ({high})").format(
                            low=low, high=high
                        ),
                    )
                    ok = False
                else:
                    band_low, band_high = low, high
        if "rising_threshold" in entries:
            value = r.count(entries["rising_threshold"][1], "rising_threshold")
            if value is MISSING:
                ok = False
            elif value > MAX_RISING_THRESHOLD:
                r.report(
                    entries["rising_threshold"][1],
                    _(
                        "rising_threshold must be at most {most} (got {value}): "
                        "a larger rise would go unwarned"
                    ).format(most=MAX_RISING_THRESHOLD, value=value),
                )
                ok = False
            else:
                threshold = value
        return PainSettings(band_low, band_high, threshold) if ok else MISSING

    def _steps(self, node: Node) -> list[Step] | None:
        items = self.r.sequence(node, "steps")
        if items is None:
            return None
        if not items:
            self.r.report(node, _("a routine needs at least one step"))
            return None
        steps = [self._step(item, index) for index, item in enumerate(items, start=1)]
        return None if any(s is None for s in steps) else [s for s in steps if s is not None]

    def _step(self, node: Node, number: int) -> Step | None:
        r = self.r
        what = _("step {number}").format(number=number)
        entries = r.mapping(node, what, ALL_KEYS, ("kind", "title", "instruction", "illustration"))
        if entries is None or "kind" not in entries:
            return None
        kind = self._kind(entries["kind"][1], what)
        if kind is None:
            return None
        for key, (key_node, _value) in entries.items():
            if key not in keys_of(kind):
                r.report(
                    key_node,
                    _("“{key}” does not apply to a {kind} step").format(key=key, kind=kind),
                )
        fields: dict[str, Any] = {}
        for key in sorted(STEP_KEYS):
            if key in entries:
                text = r.text(entries[key][1], f"{what} {key}")
                # The area stays English: the engine and the history count by it.
                fields[key] = text if key == "area" else self.words(text)
        illustration_path = None
        if "illustration" in entries:
            fields["illustration"] = r.text(entries["illustration"][1], f"{what} illustration")
            if fields["illustration"] is not MISSING:
                illustration_path = self._illustration(
                    entries["illustration"][1], fields["illustration"]
                )
        own = read_fields(kind, StepSource(r, node, entries, what, self.words))
        if (
            own is None
            or any(v is MISSING for v in fields.values())
            or not {"title", "instruction", "illustration"} <= fields.keys()
        ):
            return None
        return Step(
            kind=kind,
            illustration_path=illustration_path,
            line=node.start_mark.line + 1,
            **fields,
            **own,
        )

    def _kind(self, node: Node, what: str) -> StepKind | None:
        text = self.r.text(node, f"{what} kind")
        if text is MISSING:
            return None
        try:
            return StepKind(text)
        except ValueError:
            names = [k.value for k in StepKind]
            close = difflib.get_close_matches(text, names, n=1)
            hint = _(" — did you mean “{close}”?").format(close=close[0]) if close else ""
            self.r.report(
                node,
                _("unknown step kind “{kind}” (one of: {names})").format(
                    kind=text, names=", ".join(names)
                )
                + hint,
            )
            return None

    def _illustration(self, node: Node, relative: str) -> Path | None:
        if os.path.isabs(relative) or ".." in Path(relative).parts:
            self.r.report(
                node,
                _("illustration “{path}” must be a path inside the assets folder").format(
                    path=relative
                ),
            )
            return None
        for base in (self.r.path.parent, self.assets_dir):
            candidate = os.path.join(base, relative)  # strings: thousands of files are read
            if os.path.lexists(candidate):
                try:
                    read_picture(Path(candidate))
                except PictureRefused as why:
                    self.r.report(
                        node,
                        _("illustration “{path}” is not drawn: {why}").format(
                            path=relative, why=why
                        ),
                        Severity.WARNING,
                    )
                    return None
                return Path(candidate)
        self.r.report(
            node,
            _(
                "illustration “{path}” not found (looked next to the routine and in {folder});"
                " a placeholder will be shown"
            ).format(path=relative, folder=self.assets_dir),
            Severity.WARNING,
        )
        return None


def read_routine(path: Path, assets_dir: Path, origin: Origin = Origin.USER) -> FileResult:
    """Read one routine file; never raises for bad content, returns the problems instead."""
    reader = NodeReader(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            # /dev/zero would be read until memory runs out, a named pipe would hang.
            reader.report(0, _("not a regular file; a routine is a .yaml file"))
            return FileResult(path, None, tuple(reader.problems))
        # Bounded by the bytes actually read, not by what st_size claims.
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            reader.report(
                1,
                _("file is over {size} KiB; a routine file is at most that").format(
                    size=MAX_FILE_BYTES // 1024
                ),
            )
            return FileResult(path, None, tuple(reader.problems))
    except OSError as error:
        reader.report(0, _("cannot read the file: {reason}").format(reason=error.strerror or error))
        return FileResult(path, None, tuple(reader.problems))
    routine = None
    try:
        root = yaml.compose(data, Loader=COMPOSER)
        if root is None:
            reader.report(1, _("the file is empty; a routine starts with “schema: 1”"))
        else:
            routine = _RoutineBuilder(reader, assets_dir, origin).build(root)
    except yaml.MarkedYAMLError as error:
        # The line where the broken construct starts (an unterminated quote, say) comes first;
        # where the parser noticed, when that is elsewhere, is said too.
        start, found = error.context_mark, error.problem_mark
        first = start or found
        line = first.line + 1 if first is not None else 1
        reason = error.problem or error.context or "not valid YAML"
        if "nesting depth" in reason:
            reader.report(1, _("the document is nested too deeply to be a routine"))
        else:
            if error.context and start is not None:
                reason = f"{error.context}: {reason}"
            if start is not None and found is not None and found.line != start.line:
                reason += _(" (noticed at line {line})").format(line=found.line + 1)
            reader.report(line, _("YAML syntax error: {reason}").format(reason=reason))
    except yaml.YAMLError:
        # A ReaderError: bytes that are not text. Find the first offending byte ourselves,
        # since libyaml's error carries no position.
        reader.report(_first_non_text_line(data), _("not a text file (YAML must be UTF-8 text)"))
    except RecursionError:
        reader.report(1, _("the document is nested too deeply to be a routine"))
    except TooComplex:
        # What was reported before the budget ran out is noise from the expansion itself.
        reader.problems.clear()
        reader.report(
            1,
            _(
                "the document repeats values through aliases more than {most} times "
                "(an alias bomb?); not loaded"
            ).format(most=MAX_NODES),
        )
        routine = None
    return FileResult(path, routine, tuple(reader.problems))


def _first_non_text_line(data: bytes) -> int:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data[: error.start].count(b"\n") + 1
    for index, char in enumerate(text):
        if ord(char) < 32 and char not in "\t\n\r":
            return text[:index].count("\n") + 1
    return 1


def load_routine(path: Path, assets_dir: Path, origin: Origin = Origin.USER) -> Routine:
    """Read one routine file, raising RoutineError with every problem when it does not load."""
    result = read_routine(path, assets_dir, origin)
    if result.routine is None:
        raise RoutineError(result.problems)
    return result.routine


def routine_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in ROUTINE_SUFFIXES and p.is_file()
    )


def load_library(sources: Sequence[tuple[Path, Origin]], assets_dir: Path) -> Library:
    """Load every routine file in the given folders; a bad file never hides the others."""
    library = Library()
    loaded: list[Routine] = []
    for folder, origin in sources:
        if not folder.exists():
            continue
        try:
            files = routine_files(folder)
        except OSError as error:
            library.problems.append(folder_unreadable(folder, error))
            continue
        for path in files:
            result = read_routine(path, assets_dir, origin)
            library.problems.extend(result.problems)
            if result.routine is not None:
                loaded.append(result.routine)
    library.routines, twice = first_of_each_id(loaded)
    library.problems.extend(twice)
    return library
