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
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from desktop_app.core.pictures import PictureRefused, read_picture
from desktop_app.core.problems import (
    ROUTINE_SUFFIXES,
    FileResult,
    Library,
    Problem,
    RoutineError,
    Severity,
    id_line,
)
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
from desktop_app.i18n import _

SCHEMA_VERSION = 1
#: Routine files are a few kilobytes; anything this big is not a routine.
MAX_FILE_BYTES = 512 * 1024
#: A hold is minutes, not millennia: every number the loader accepts is bounded, so no
#: later arithmetic (estimates, deadlines, the window) can overflow.
MAX_HOLD_SECONDS = 600
#: Nodes visited while reading one file, counting every use of an alias again (alias bombs).
MAX_NODES = 20_000
#: libyaml's composer is about 15× faster than the pure-Python one and safe in the same way
#: (it builds nodes, never objects); the pure one is the fallback where libyaml is missing.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}


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
    StepKind.PREPARE: _COMMON_STEP_KEYS | {"duration", "waits", "standing"},
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
        return _("a mapping")
    if isinstance(node, SequenceNode):
        return _("a list")
    return {
        _TAG + "str": _("text"),
        _TAG + "int": _("a whole number"),
        _TAG + "float": _("a number"),
        _TAG + "bool": _("true/false"),
        _TAG + "null": _("empty"),
    }.get(node.tag, _("a value"))


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
            self.report(
                node, _("the YAML tag “{tag}” is not allowed in a routine").format(tag=node.tag)
            )
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
            self.report(
                node,
                _("“{value}” is not a valid {kind}").format(
                    value=node.value, kind=_kind_name(node)
                ),
            )
            return _REPORTED
        return node.value

    def text(self, node: Node, what: str) -> str | Missing:
        value = self._scalar(node)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, str):
            self.report(node, _("{what} must not be empty").format(what=what))
        elif value is not _REPORTED:
            self.report(
                node, _("{what} must be text, not {kind}").format(what=what, kind=_kind_name(node))
            )
        return _MISSING

    def flag(self, node: Node, what: str) -> bool | Missing:
        value = self._scalar(node)
        if isinstance(value, bool):
            return value
        if value is not _REPORTED:
            self.report(node, _("{what} must be true or false").format(what=what))
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
                kind = _("a whole number") if whole else _("a number")
                self.report(
                    node,
                    _("{what} must be {kind}, not {other}").format(
                        what=what, kind=kind, other=_kind_name(node)
                    ),
                )
            return _MISSING
        if value != value or value in (float("inf"), float("-inf")):
            self.report(node, _("{what} must be a finite number").format(what=what))
            return _MISSING
        if positive and value <= 0:
            self.report(
                node, _("{what} must be more than 0 (got {value})").format(what=what, value=value)
            )
            return _MISSING
        if at_least is not None and value < at_least:
            self.report(
                node,
                _("{what} must be at least {least:g} (got {value})").format(
                    what=what, least=at_least, value=value
                ),
            )
            return _MISSING
        if at_most is not None and value > at_most:
            self.report(
                node,
                _("{what} must be at most {most:g} (got {value})").format(
                    what=what, most=at_most, value=value
                ),
            )
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
            self.report(
                node,
                _("{what} must be a list, not {kind}").format(what=what, kind=_kind_name(node)),
            )
            return None
        return list(node.value)

    def text_list(self, node: Node, what: str) -> tuple[str, ...] | Missing:
        items = self.sequence(node, what)
        if items is None:
            return _MISSING
        values = [self.text(item, _("each entry of {what}").format(what=what)) for item in items]
        texts = tuple(v for v in values if v is not _MISSING)
        return texts if len(texts) == len(values) else _MISSING

    def mapping(
        self, node: Node, what: str, known: set[str], required: Iterable[str] = ()
    ) -> dict[str, tuple[Node, Node]] | None:
        """The mapping's entries by key; unknown, duplicate and missing keys are reported."""
        if not self._visit(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(
                node,
                _("{what} must be a mapping of keys to values, not {kind}").format(
                    what=what, kind=_kind_name(node)
                ),
            )
            return None
        entries: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.report(key_node, _("merge keys (<<) are not supported in routines"))
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                if key is not _REPORTED:
                    self.report(key_node, _("keys in {what} must be text").format(what=what))
                continue
            if key in entries:
                first_line = entries[key][0].start_mark.line + 1
                self.report(
                    key_node,
                    _("duplicate key “{key}” (first given on line {line})").format(
                        key=key, line=first_line
                    ),
                )
                continue
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
                hint = _(" — did you mean “{close}”?").format(close=close[0]) if close else ""
                self.report(
                    key_node, _("unknown key “{key}” in {what}").format(key=key, what=what) + hint
                )
                continue
            entries[key] = (key_node, value_node)
        for key in required:
            if key not in entries:
                self.report(
                    node, _("{what} is missing the required key “{key}”").format(what=what, key=key)
                )
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
        reader.report(
            node, _("{what} must be one number or two: [shortest, longest]").format(what=what)
        )
        return _MISSING
    lower = reader.number(
        items[0], _("the shortest {what}").format(what=what), at_most=MAX_HOLD_SECONDS
    )
    upper = reader.number(
        items[1], _("the longest {what}").format(what=what), at_most=MAX_HOLD_SECONDS
    )
    if lower is _MISSING or upper is _MISSING:
        return _MISSING
    if lower > upper:
        reader.report(
            node,
            _("{what}: the shortest ({lower:g} s) is longer than the longest ({upper:g} s)").format(
                what=what, lower=lower, upper=upper
            ),
        )
        return _MISSING
    return (float(lower), float(upper))


class _RoutineBuilder:
    def __init__(self, reader: _Reader, assets_dir: Path, origin: Origin) -> None:
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
            if schema is not _MISSING and schema != SCHEMA_VERSION:
                r.report(
                    node,
                    _(
                        "schema {schema} is not supported (this version reads schema {supported})"
                    ).format(schema=schema, supported=SCHEMA_VERSION),
                )
        if "id" in entries:
            node = entries["id"][1]
            values["id"] = r.text(node, "id")
            if values["id"] is not _MISSING and not _ID_PATTERN.match(values["id"]):
                r.report(
                    node, _("id may use only lower-case letters, digits, “-” and “_” (at most 64)")
                )
                values["id"] = _MISSING
        for key in ("title", "summary", "afterwards"):
            if key in entries:
                values[key] = self.words(r.text(entries[key][1], key))
        for key in ("muscles", "equipment"):
            if key in entries:
                texts = r.text_list(entries[key][1], key)
                values[key] = texts if texts is _MISSING else tuple(map(self.words, texts))
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
                if low is _MISSING or high is _MISSING:
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
            if value is _MISSING:
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
        return PainSettings(band_low, band_high, threshold) if ok else _MISSING

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
            hint = _(" — did you mean “{close}”?").format(close=close[0]) if close else ""
            r.report(
                kind_node,
                _("unknown step kind “{kind}” (one of: {names})").format(
                    kind=kind_text, names=names
                )
                + hint,
            )
            return None
        for key, (key_node, _value) in entries.items():
            if key not in _STEP_KEYS[kind]:
                r.report(
                    key_node,
                    _("“{key}” does not apply to a {kind} step").format(key=key, kind=kind),
                )
        fields: dict[str, Any] = {}
        for key in ("title", "instruction", "speak", "area"):
            if key in entries:
                text = r.text(entries[key][1], f"{what} {key}")
                # The area stays English: the engine and the history count by it.
                fields[key] = text if key == "area" else self.words(text)
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
                        _("{what} cap is {cap}, but a spot is rolled at most {most} times").format(
                            what=what, cap=cap, most=MAX_REPETITIONS
                        ),
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
            r.report(
                node, _("{what} is an activity and needs a duration in seconds").format(what=what)
            )
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
        waits: bool | Missing = False
        standing: bool | Missing = False
        if "waits" in entries:
            waits = r.flag(entries["waits"][1], f"{what} waits")
        if "standing" in entries:
            standing = r.flag(entries["standing"][1], f"{what} standing")
        if (
            broken
            or spots is _MISSING
            or duration is _MISSING
            or waits is _MISSING
            or standing is _MISSING
        ):
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
            waits=waits,
            standing=standing,
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
                item,
                _("a prompt of {what}").format(what=what),
                {"at", "text", "speak"},
                ("at", "text"),
            )
            if entries is None or not {"at", "text"} <= entries.keys():
                ok = False
                continue
            at = r.number(entries["at"][1], "prompt 'at'", positive=False, at_least=0, at_most=3600)
            text = self.words(r.text(entries["text"][1], "prompt text"))
            speak = (
                self.words(r.text(entries["speak"][1], "prompt speak"))
                if "speak" in entries
                else None
            )
            if at is _MISSING or text is _MISSING or speak is _MISSING:
                ok = False
                continue
            if at >= duration:
                r.report(
                    entries["at"][1],
                    _("prompt at {at:g} s comes after the activity ends ({duration:g} s)").format(
                        at=at, duration=duration
                    ),
                )
                ok = False
                continue
            if prompts and at <= prompts[-1].at:
                r.report(
                    entries["at"][1],
                    _("prompts must be in time order ({at:g} s comes after {before:g} s)").format(
                        at=at, before=prompts[-1].at
                    ),
                )
                ok = False
                continue
            prompts.append(Prompt(float(at), text, speak))
        return tuple(prompts) if ok else None

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
    reader = _Reader(path)
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
        root = yaml.compose(data, Loader=_COMPOSER)
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
    except _TooComplex:
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
    seen: dict[str, Routine] = {}
    for folder, origin in sources:
        if not folder.exists():
            continue
        try:
            files = routine_files(folder)
        except OSError as error:
            library.problems.append(
                Problem(
                    folder,
                    0,
                    _("cannot read the folder: {reason}").format(reason=error.strerror or error),
                )
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
                        _("the id “{id}” is already used by {other}; not loaded").format(
                            id=routine.id, other=other.source
                        ),
                    )
                )
                continue
            seen[routine.id] = routine
            library.routines.append(routine)
    return library
