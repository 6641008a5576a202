"""Routine files (YAML, schema 1) → Routine objects, with every problem as `path:line: message`.

This is the only module that knows YAML. It composes the document into nodes with PyYAML's
safe composer (no Python object is ever constructed from a tag) and walks the nodes itself,
so every problem carries the line it was found on and all problems of a file are reported.
"""

from __future__ import annotations

import difflib
import enum
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from desktop_app.core.routines import (
    DEFAULT_HOLD,
    DEFAULT_LEAD_IN,
    DEFAULT_SPOTS,
    MAX_BAND_HIGH,
    MAX_REPETITIONS,
    MAX_RISING_THRESHOLD,
    HoldSpec,
    Origin,
    PainSettings,
    Prompt,
    RollingSpec,
    Routine,
    Step,
    StepKind,
)

SCHEMA_VERSION = 1
#: Routine files are a few kilobytes; anything this big is not a routine.
MAX_FILE_BYTES = 512 * 1024
#: A hold is minutes, not millennia: every number the loader accepts is bounded, so no
#: later arithmetic (estimates, deadlines, the window) can overflow.
MAX_HOLD_SECONDS = 600
#: Nodes visited while reading one file, counting every use of an alias again (alias bombs).
MAX_NODES = 20_000
ROUTINE_SUFFIXES = (".yaml", ".yml")
#: libyaml's composer is about 15× faster than the pure-Python one and safe in the same way
#: (it builds nodes, never objects); the pure one is the fallback where libyaml is missing.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}


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


class _TooComplex(Exception):
    pass


class _Gap(enum.Enum):
    """What the reader hands back instead of a value: always already reported, or about to be."""

    #: The value could not be used; its problem has been reported.
    MISSING = "missing"
    #: The node's tag or text was refused and reported (the caller says nothing more).
    REPORTED = "reported"
    #: A list or mapping where one value was expected.
    NOT_SCALAR = "not scalar"


_MISSING: Final = _Gap.MISSING
#: A value that could not be read: its problem is reported, and the routine will not load.
type Missing = Literal[_Gap.MISSING]
_REPORTED: Final = _Gap.REPORTED
_NOT_SCALAR: Final = _Gap.NOT_SCALAR

_COMMON_STEP_KEYS = {"kind", "title", "instruction", "illustration", "speak", "area"}
_STEP_KEYS: dict[StepKind, set[str]] = {
    StepKind.PREPARE: _COMMON_STEP_KEYS | {"duration"},
    StepKind.HOLD: _COMMON_STEP_KEYS | {"seconds", "lead_in"},
    StepKind.ROLLING: _COMMON_STEP_KEYS | {"cap", "pace"},
    StepKind.SPOT: _COMMON_STEP_KEYS | {"seconds", "lead_in", "cap", "pace", "spots"},
    StepKind.ACTIVITY: _COMMON_STEP_KEYS | {"duration", "prompts"},
}
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


def _kind_name(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        _TAG + "str": "text",
        _TAG + "int": "a whole number",
        _TAG + "float": "a number",
        _TAG + "bool": "true/false",
        _TAG + "null": "empty",
    }.get(node.tag, "a value")


class _Reader:
    """Walks one composed document, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        #: Nodes seen again through aliases (the alias-bomb budget), and every node seen once.
        self._visited = 0
        self._seen: set[int] = set()
        self._constructor = SafeConstructor()

    def report(self, node: Node | int, message: str, severity: Severity = Severity.ERROR) -> None:
        line = node if isinstance(node, int) else node.start_mark.line + 1
        self.problems.append(Problem(self.path, line, message, severity))

    def _visit(self, node: Node) -> bool:
        """Count a node seen again through an alias against the budget (a plain value is read
        once and is bounded by the file's size, so a long routine is fine); False (reported)
        when its tag is not allowed."""
        if id(node) in self._seen:
            self._visited += 1
            if self._visited > MAX_NODES:
                raise _TooComplex
        else:
            self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.report(node, f"the YAML tag '{node.tag}' is not allowed in a routine")
            return False
        return True

    # -- scalars -------------------------------------------------------------------------

    def _scalar(self, node: Node) -> object:
        """The node's Python value; _REPORTED when its tag was refused, _NOT_SCALAR for collections."""
        if not self._visit(node):
            return _REPORTED
        if not isinstance(node, ScalarNode):
            return _NOT_SCALAR
        try:
            if node.tag == _TAG + "int":
                return self._constructor.construct_yaml_int(node)
            if node.tag == _TAG + "float":
                return self._constructor.construct_yaml_float(node)
            if node.tag == _TAG + "bool":
                return self._constructor.construct_yaml_bool(node)
            if node.tag == _TAG + "null":
                return None
        except (ConstructorError, ValueError):
            self.report(node, f"'{node.value}' is not a valid {_kind_name(node)}")
            return _REPORTED
        return node.value

    def text(self, node: Node, what: str) -> str | Missing:
        value = self._scalar(node)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, str):
            self.report(node, f"{what} must not be empty")
        elif value is not _REPORTED:
            self.report(node, f"{what} must be text, not {_kind_name(node)}")
        return _MISSING

    def number(
        self,
        node: Node,
        what: str,
        *,
        whole: bool = False,
        positive: bool = True,
        at_least: float | None = None,
        at_most: float | None = None,
    ) -> float | Missing:
        value = self._scalar(node)
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or (whole and not isinstance(value, int))
        ):
            if value is not _REPORTED:
                kind = "a whole number" if whole else "a number"
                self.report(node, f"{what} must be {kind}, not {_kind_name(node)}")
            return _MISSING
        if value != value or value in (float("inf"), float("-inf")):
            self.report(node, f"{what} must be a finite number")
            return _MISSING
        if positive and value <= 0:
            self.report(node, f"{what} must be more than 0 (got {value})")
            return _MISSING
        if at_least is not None and value < at_least:
            self.report(node, f"{what} must be at least {at_least:g} (got {value})")
            return _MISSING
        if at_most is not None and value > at_most:
            self.report(node, f"{what} must be at most {at_most:g} (got {value})")
            return _MISSING
        return value

    def count(self, node: Node, what: str, **bounds: Any) -> int | Missing:
        """A whole number (see `number` for the bounds)."""
        value = self.number(node, what, whole=True, **bounds)
        return value if value is _MISSING else int(value)

    # -- collections ---------------------------------------------------------------------

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        if not self._visit(node):
            return None
        if not isinstance(node, SequenceNode):
            self.report(node, f"{what} must be a list, not {_kind_name(node)}")
            return None
        return list(node.value)

    def text_list(self, node: Node, what: str) -> tuple[str, ...] | Missing:
        items = self.sequence(node, what)
        if items is None:
            return _MISSING
        values = [self.text(item, f"each entry of {what}") for item in items]
        texts = tuple(v for v in values if v is not _MISSING)
        return texts if len(texts) == len(values) else _MISSING

    def mapping(
        self, node: Node, what: str, known: set[str], required: Iterable[str] = ()
    ) -> dict[str, tuple[Node, Node]] | None:
        """The mapping's entries by key; unknown, duplicate and missing keys are reported."""
        if not self._visit(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(node, f"{what} must be a mapping of keys to values, not {_kind_name(node)}")
            return None
        entries: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.report(key_node, "merge keys (<<) are not supported in routines")
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                if key is not _REPORTED:
                    self.report(key_node, f"keys in {what} must be text")
                continue
            if key in entries:
                first_line = entries[key][0].start_mark.line + 1
                self.report(key_node, f"duplicate key '{key}' (first given on line {first_line})")
                continue
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
                hint = f" — did you mean '{close[0]}'?" if close else ""
                self.report(key_node, f"unknown key '{key}' in {what}{hint}")
                continue
            entries[key] = (key_node, value_node)
        for key in required:
            if key not in entries:
                self.report(node, f"{what} is missing the required key '{key}'")
        return entries


def _seconds_range(reader: _Reader, node: Node, what: str) -> tuple[float, float] | Missing:
    """`seconds: 25` (a fixed hold) or `seconds: [20, 30]` (lower, upper)."""
    if isinstance(node, ScalarNode):
        value = reader.number(node, what, at_most=MAX_HOLD_SECONDS)
        return _MISSING if value is _MISSING else (float(value), float(value))
    items = reader.sequence(node, what)
    if items is None:
        return _MISSING
    if len(items) != 2:
        reader.report(node, f"{what} must be one number or two: [shortest, longest]")
        return _MISSING
    lower = reader.number(items[0], f"the shortest {what}", at_most=MAX_HOLD_SECONDS)
    upper = reader.number(items[1], f"the longest {what}", at_most=MAX_HOLD_SECONDS)
    if lower is _MISSING or upper is _MISSING:
        return _MISSING
    if lower > upper:
        reader.report(
            node, f"{what}: the shortest ({lower:g} s) is longer than the longest ({upper:g} s)"
        )
        return _MISSING
    return (float(lower), float(upper))


class _RoutineBuilder:
    def __init__(self, reader: _Reader, assets_dir: Path, origin: Origin) -> None:
        self.r = reader
        self.assets_dir = assets_dir
        self.origin = origin

    def build(self, root: Node) -> Routine | None:
        r = self.r
        entries = r.mapping(root, "the routine", _ROUTINE_KEYS, _REQUIRED_ROUTINE_KEYS)
        if entries is None:
            return None
        values: dict[str, Any] = {}
        if "schema" in entries:
            node = entries["schema"][1]
            schema = r.count(node, "schema", positive=False)
            if schema is not _MISSING and schema != SCHEMA_VERSION:
                r.report(
                    node,
                    f"schema {schema} is not supported (this version reads schema {SCHEMA_VERSION})",
                )
        if "id" in entries:
            node = entries["id"][1]
            values["id"] = r.text(node, "id")
            if values["id"] is not _MISSING and not _ID_PATTERN.match(values["id"]):
                r.report(
                    node, "id may use only lower-case letters, digits, '-' and '_' (at most 64)"
                )
                values["id"] = _MISSING
        for key in ("title", "summary", "afterwards"):
            if key in entries:
                values[key] = r.text(entries[key][1], key)
        for key in ("muscles", "equipment"):
            if key in entries:
                values[key] = r.text_list(entries[key][1], key)
        values["pain"] = self._pain(entries["pain"][1]) if "pain" in entries else PainSettings()
        steps: list[Step] | None = None
        if "steps" in entries:
            steps = self._steps(entries["steps"][1])
        has_errors = any(p.severity is Severity.ERROR for p in r.problems)
        if has_errors or steps is None or any(values.get(k) is _MISSING for k in values):
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
            return _MISSING
        band_low, band_high = PainSettings.band_low, PainSettings.band_high
        threshold = PainSettings.rising_threshold
        ok = True
        if "band" in entries:
            band_node = entries["band"][1]
            items = r.sequence(band_node, "pain band")
            if items is None or len(items) != 2:
                if items is not None:
                    r.report(band_node, "pain band must be two ratings: [lowest, highest]")
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
                if low is _MISSING or high is _MISSING:
                    ok = False
                elif high > MAX_BAND_HIGH:
                    r.report(
                        items[1],
                        f"the pain band's highest must be at most {MAX_BAND_HIGH} (got {high}): "
                        "above that the pressure is too much, and no routine may lift the limit",
                    )
                    ok = False
                elif low > high:
                    r.report(band_node, f"pain band: lowest ({low}) is above highest ({high})")
                    ok = False
                else:
                    band_low, band_high = low, high
        if "rising_threshold" in entries:
            value = r.count(entries["rising_threshold"][1], "rising_threshold")
            if value is _MISSING:
                ok = False
            elif value > MAX_RISING_THRESHOLD:
                r.report(
                    entries["rising_threshold"][1],
                    f"rising_threshold must be at most {MAX_RISING_THRESHOLD} (got {value}): "
                    "a larger rise would go unwarned",
                )
                ok = False
            else:
                threshold = value
        return PainSettings(band_low, band_high, threshold) if ok else _MISSING

    def _steps(self, node: Node) -> list[Step] | None:
        items = self.r.sequence(node, "steps")
        if items is None:
            return None
        if not items:
            self.r.report(node, "a routine needs at least one step")
            return None
        steps = [self._step(item, index) for index, item in enumerate(items, start=1)]
        return None if any(s is None for s in steps) else [s for s in steps if s is not None]

    def _step(self, node: Node, number: int) -> Step | None:
        r = self.r
        what = f"step {number}"
        all_keys = set().union(*_STEP_KEYS.values())
        entries = r.mapping(node, what, all_keys, ("kind", "title", "instruction", "illustration"))
        if entries is None:
            return None
        if "kind" not in entries:
            return None
        kind_node = entries["kind"][1]
        kind_text = r.text(kind_node, f"{what} kind")
        if kind_text is _MISSING:
            return None
        try:
            kind = StepKind(kind_text)
        except ValueError:
            names = ", ".join(k.value for k in StepKind)
            close = difflib.get_close_matches(kind_text, [k.value for k in StepKind], n=1)
            hint = f" — did you mean '{close[0]}'?" if close else ""
            r.report(kind_node, f"unknown step kind '{kind_text}' (one of: {names}){hint}")
            return None
        for key, (key_node, _) in entries.items():
            if key not in _STEP_KEYS[kind]:
                r.report(key_node, f"'{key}' does not apply to a {kind} step")
        fields: dict[str, Any] = {}
        for key in ("title", "instruction", "speak", "area"):
            if key in entries:
                fields[key] = r.text(entries[key][1], f"{what} {key}")
        illustration_path = None
        if "illustration" in entries:
            fields["illustration"] = r.text(entries["illustration"][1], f"{what} illustration")
            if fields["illustration"] is not _MISSING:
                illustration_path = self._illustration(
                    entries["illustration"][1], fields["illustration"]
                )

        hold = rolling = None
        duration: float | Missing | None = None
        prompts: tuple[Prompt, ...] = ()
        spots: int | Missing = DEFAULT_SPOTS
        broken = False
        if kind in (StepKind.HOLD, StepKind.SPOT):
            seconds: tuple[float, float] | Missing = DEFAULT_HOLD
            lead_in: float | Missing = DEFAULT_LEAD_IN
            if "seconds" in entries:
                seconds = _seconds_range(r, entries["seconds"][1], f"{what} seconds")
            if "lead_in" in entries:
                lead_in = r.number(
                    entries["lead_in"][1], f"{what} lead_in", positive=False, at_least=0, at_most=60
                )
            if seconds is _MISSING or lead_in is _MISSING:
                broken = True
            else:
                hold = HoldSpec(seconds[0], seconds[1], float(lead_in))
        if kind in (StepKind.ROLLING, StepKind.SPOT):
            cap: int | Missing = MAX_REPETITIONS
            pace: float | Missing | None = None
            if "cap" in entries:
                cap_node = entries["cap"][1]
                cap = r.count(cap_node, f"{what} cap")
                if cap is not _MISSING and cap > MAX_REPETITIONS:
                    r.report(
                        cap_node,
                        f"{what} cap is {cap}, but a spot is rolled at most {MAX_REPETITIONS} times",
                    )
                    cap = _MISSING
            if "pace" in entries:
                pace = r.number(entries["pace"][1], f"{what} pace", at_most=60)
            if cap is _MISSING or pace is _MISSING:
                broken = True
            else:
                rolling = RollingSpec(cap, None if pace is None else float(pace))
        if kind is StepKind.SPOT and "spots" in entries:
            spots = r.count(entries["spots"][1], f"{what} spots", at_most=50)
            broken = broken or spots is _MISSING
        if kind is StepKind.ACTIVITY and "duration" not in entries:
            r.report(node, f"{what} is an activity and needs a duration in seconds")
            broken = True
        if "duration" in entries:
            duration = r.number(entries["duration"][1], f"{what} duration", at_most=3600)
            broken = broken or duration is _MISSING
        if kind is StepKind.ACTIVITY and "prompts" in entries:
            length = duration if isinstance(duration, int | float) else float("inf")
            parsed = self._prompts(entries["prompts"][1], what, float(length))
            if parsed is None:
                broken = True
            else:
                prompts = parsed
        if broken or spots is _MISSING or duration is _MISSING:
            return None
        if (
            any(v is _MISSING for v in fields.values())
            or not {"title", "instruction", "illustration"} <= fields.keys()
        ):
            return None
        return Step(
            kind=kind,
            title=fields["title"],
            instruction=fields["instruction"],
            illustration=fields["illustration"],
            illustration_path=illustration_path,
            speak=fields.get("speak"),
            area=fields.get("area"),
            duration=None if duration is None else float(duration),
            hold=hold,
            rolling=rolling,
            prompts=prompts,
            spots=spots,
            line=node.start_mark.line + 1,
        )

    def _prompts(self, node: Node, what: str, duration: float) -> tuple[Prompt, ...] | None:
        r = self.r
        items = r.sequence(node, f"{what} prompts")
        if items is None:
            return None
        prompts: list[Prompt] = []
        ok = True
        for item in items:
            entries = r.mapping(
                item, f"a prompt of {what}", {"at", "text", "speak"}, ("at", "text")
            )
            if entries is None or not {"at", "text"} <= entries.keys():
                ok = False
                continue
            at = r.number(entries["at"][1], "prompt 'at'", positive=False, at_least=0, at_most=3600)
            text = r.text(entries["text"][1], "prompt text")
            speak = r.text(entries["speak"][1], "prompt speak") if "speak" in entries else None
            if at is _MISSING or text is _MISSING or speak is _MISSING:
                ok = False
                continue
            if at >= duration:
                r.report(
                    entries["at"][1],
                    f"prompt at {at:g} s comes after the activity ends ({duration:g} s)",
                )
                ok = False
                continue
            if prompts and at <= prompts[-1].at:
                r.report(
                    entries["at"][1],
                    f"prompts must be in time order ({at:g} s comes after {prompts[-1].at:g} s)",
                )
                ok = False
                continue
            prompts.append(Prompt(float(at), text, speak))
        return tuple(prompts) if ok else None

    def _illustration(self, node: Node, relative: str) -> Path | None:
        if os.path.isabs(relative) or ".." in Path(relative).parts:
            self.r.report(
                node, f"illustration '{relative}' must be a path inside the assets folder"
            )
            return None
        for base in (self.r.path.parent, self.assets_dir):
            candidate = os.path.join(base, relative)  # strings: thousands of files are read
            if os.path.isfile(candidate):
                return Path(candidate)
        self.r.report(
            node,
            f"illustration '{relative}' not found (looked next to the routine and in {self.assets_dir});"
            " a placeholder will be shown",
            Severity.WARNING,
        )
        return None


def read_routine(path: Path, assets_dir: Path, origin: Origin = Origin.USER) -> FileResult:
    """Read one routine file; never raises for bad content, returns the problems instead."""
    reader = _Reader(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            # /dev/zero would be read until memory runs out, a named pipe would hang.
            reader.report(0, "not a regular file; a routine is a .yaml file")
            return FileResult(path, None, tuple(reader.problems))
        # Bounded by the bytes actually read, not by what st_size claims.
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            reader.report(
                1, f"file is over {MAX_FILE_BYTES // 1024} KiB; a routine file is at most that"
            )
            return FileResult(path, None, tuple(reader.problems))
    except OSError as error:
        reader.report(0, f"cannot read the file: {error.strerror or error}")
        return FileResult(path, None, tuple(reader.problems))
    routine = None
    try:
        root = yaml.compose(data, Loader=_COMPOSER)
        if root is None:
            reader.report(1, "the file is empty; a routine starts with 'schema: 1'")
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
            reader.report(1, "the document is nested too deeply to be a routine")
        else:
            if error.context and start is not None:
                reason = f"{error.context}: {reason}"
            if start is not None and found is not None and found.line != start.line:
                reason += f" (noticed at line {found.line + 1})"
            reader.report(line, f"YAML syntax error: {reason}")
    except yaml.YAMLError:
        # A ReaderError: bytes that are not text. Find the first offending byte ourselves,
        # since libyaml's error carries no position.
        reader.report(_first_non_text_line(data), "not a text file (YAML must be UTF-8 text)")
    except RecursionError:
        reader.report(1, "the document is nested too deeply to be a routine")
    except _TooComplex:
        # What was reported before the budget ran out is noise from the expansion itself.
        reader.problems.clear()
        reader.report(
            1,
            f"the document repeats values through aliases more than {MAX_NODES} times "
            "(an alias bomb?); not loaded",
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
    seen: dict[str, Routine] = {}
    for folder, origin in sources:
        if not folder.exists():
            continue
        try:
            files = routine_files(folder)
        except OSError as error:
            library.problems.append(
                Problem(folder, 0, f"cannot read the folder: {error.strerror or error}")
            )
            continue
        for path in files:
            result = read_routine(path, assets_dir, origin)
            library.problems.extend(result.problems)
            routine = result.routine
            if routine is None:
                continue
            if routine.id in seen:
                other = seen[routine.id]
                library.problems.append(
                    Problem(
                        path,
                        id_line(path),
                        f"the id '{routine.id}' is already used by {other.source}; not loaded",
                    )
                )
                continue
            seen[routine.id] = routine
            library.routines.append(routine)
    return library


def id_line(path: Path) -> int:
    """The line of a routine file's `id:` (1 when there is none to be found)."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("id:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1
