"""Each kind of step's own fields, read by a table of small readers: a reader names the keys
it reads and fills the step's fields from them, reporting every problem with its line.

The keys a kind accepts are the common ones and its readers'; a key of another kind is
reported as not applying. A new kind of step lists its readers in `READERS`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yaml.nodes import Node, ScalarNode

from desktop_app.core.routines import (
    DEFAULT_HOLD,
    DEFAULT_LEAD_IN,
    MAX_REPETITIONS,
    HoldSpec,
    Prompt,
    RollingSpec,
    StepKind,
)
from desktop_app.core.yaml_nodes import MISSING, Missing, NodeReader
from desktop_app.i18n import _

#: A hold is minutes, not millennia: every number the loader accepts is bounded, so no
#: later arithmetic (estimates, deadlines, the window) can overflow.
MAX_HOLD_SECONDS = 600
#: The longest timed step (prepare, activity) and the latest prompt in it.
MAX_STEP_SECONDS = 3600
#: The longest settling onto the ball before a hold.
MAX_LEAD_IN = 60
#: The slowest pacing beat, and the most spots in a spot step.
MAX_PACE = 60
MAX_SPOTS = 50

#: Keys every kind of step has (read by the loader itself).
COMMON_KEYS = frozenset({"kind", "title", "instruction", "illustration", "speak", "area"})


@dataclass(frozen=True)
class StepSource:
    """One step's entries, as a field reader sees them."""

    reader: NodeReader
    #: The step's mapping node (a missing required key is reported on it).
    node: Node
    entries: dict[str, tuple[Node, Node]]
    #: "step 3": how problems name the step.
    what: str
    #: A bundled routine's text in the reader's language; a person's own as written.
    words: Callable[[str | Missing], str | Missing]

    def value(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return None if entry is None else entry[1]


#: Fills `fields` (keyword arguments of `Step`) from the source; False when a problem was
#: reported and the step cannot be made.
type Read = Callable[[StepSource, dict[str, Any]], bool]


@dataclass(frozen=True)
class FieldReader:
    keys: frozenset[str]
    read: Read


def _hold(source: StepSource, fields: dict[str, Any]) -> bool:
    r, what = source.reader, source.what
    seconds: tuple[float, float] | Missing = DEFAULT_HOLD
    lead_in: float | Missing = DEFAULT_LEAD_IN
    if (node := source.value("seconds")) is not None:
        seconds = seconds_range(r, node, f"{what} seconds")
    if (node := source.value("lead_in")) is not None:
        lead_in = r.number(node, f"{what} lead_in", positive=False, at_least=0, at_most=MAX_LEAD_IN)
    if seconds is MISSING or lead_in is MISSING:
        return False
    fields["hold"] = HoldSpec(seconds[0], seconds[1], float(lead_in))
    return True


def _rolling(source: StepSource, fields: dict[str, Any]) -> bool:
    r, what = source.reader, source.what
    cap: int | Missing = MAX_REPETITIONS
    pace: float | Missing | None = None
    if (node := source.value("cap")) is not None:
        cap = r.count(node, f"{what} cap")
        if cap is not MISSING and cap > MAX_REPETITIONS:
            r.report(
                node,
                _("{what} cap is {cap}, but a spot is rolled at most {most} times").format(
                    what=what, cap=cap, most=MAX_REPETITIONS
                ),
            )
            cap = MISSING
    if (node := source.value("pace")) is not None:
        pace = r.number(node, f"{what} pace", at_most=MAX_PACE)
    if cap is MISSING or pace is MISSING:
        return False
    fields["rolling"] = RollingSpec(cap, None if pace is None else float(pace))
    return True


def _spots(source: StepSource, fields: dict[str, Any]) -> bool:
    if (node := source.value("spots")) is None:
        return True
    spots = source.reader.count(node, f"{source.what} spots", at_most=MAX_SPOTS)
    if spots is MISSING:
        return False
    fields["spots"] = spots
    return True


def _duration(*, required: bool) -> Read:
    def read(source: StepSource, fields: dict[str, Any]) -> bool:
        if (node := source.value("duration")) is None:
            if required:
                source.reader.report(
                    source.node,
                    _("{what} is an activity and needs a duration in seconds").format(
                        what=source.what
                    ),
                )
            return not required
        duration = source.reader.number(node, f"{source.what} duration", at_most=MAX_STEP_SECONDS)
        if duration is MISSING:
            return False
        fields["duration"] = float(duration)
        return True

    return read


def _flag(key: str) -> Read:
    def read(source: StepSource, fields: dict[str, Any]) -> bool:
        if (node := source.value(key)) is None:
            return True
        value = source.reader.flag(node, f"{source.what} {key}")
        if value is MISSING:
            return False
        fields[key] = value
        return True

    return read


def _prompts(source: StepSource, fields: dict[str, Any]) -> bool:
    """An activity's timed prompts, each within the activity and after the one before."""
    if (node := source.value("prompts")) is None:
        return True
    r, what = source.reader, source.what
    duration = fields.get("duration", float("inf"))
    items = r.sequence(node, f"{what} prompts")
    if items is None:
        return False
    prompts: list[Prompt] = []
    ok = True
    for item in items:
        entries = r.mapping(
            item, _("a prompt of {what}").format(what=what), {"at", "text", "speak"}, ("at", "text")
        )
        if entries is None or not {"at", "text"} <= entries.keys():
            ok = False
            continue
        at_node = entries["at"][1]
        at = r.number(at_node, "prompt 'at'", positive=False, at_least=0, at_most=MAX_STEP_SECONDS)
        text = source.words(r.text(entries["text"][1], "prompt text"))
        speak = (
            source.words(r.text(entries["speak"][1], "prompt speak"))
            if "speak" in entries
            else None
        )
        if at is MISSING or text is MISSING or speak is MISSING:
            ok = False
            continue
        if at >= duration:
            r.report(
                at_node,
                _("prompt at {at:g} s comes after the activity ends ({duration:g} s)").format(
                    at=at, duration=duration
                ),
            )
            ok = False
            continue
        if prompts and at <= prompts[-1].at:
            r.report(
                at_node,
                _("prompts must be in time order ({at:g} s comes after {before:g} s)").format(
                    at=at, before=prompts[-1].at
                ),
            )
            ok = False
            continue
        prompts.append(Prompt(float(at), text, speak))
    fields["prompts"] = tuple(prompts)
    return ok


def seconds_range(reader: NodeReader, node: Node, what: str) -> tuple[float, float] | Missing:
    """`seconds: 25` (a fixed hold) or `seconds: [20, 30]` (lower, upper)."""
    if isinstance(node, ScalarNode):
        value = reader.number(node, what, at_most=MAX_HOLD_SECONDS)
        return MISSING if value is MISSING else (float(value), float(value))
    items = reader.sequence(node, what)
    if items is None:
        return MISSING
    if len(items) != 2:
        reader.report(
            node, _("{what} must be one number or two: [shortest, longest]").format(what=what)
        )
        return MISSING
    lower = reader.number(
        items[0], _("the shortest {what}").format(what=what), at_most=MAX_HOLD_SECONDS
    )
    upper = reader.number(
        items[1], _("the longest {what}").format(what=what), at_most=MAX_HOLD_SECONDS
    )
    if lower is MISSING or upper is MISSING:
        return MISSING
    if lower > upper:
        reader.report(
            node,
            _("{what}: the shortest ({lower:g} s) is longer than the longest ({upper:g} s)").format(
                what=what, lower=lower, upper=upper
            ),
        )
        return MISSING
    return (float(lower), float(upper))


HOLD = FieldReader(frozenset({"seconds", "lead_in"}), _hold)
ROLLING = FieldReader(frozenset({"cap", "pace"}), _rolling)
SPOTS = FieldReader(frozenset({"spots"}), _spots)
DURATION = FieldReader(frozenset({"duration"}), _duration(required=False))
REQUIRED_DURATION = FieldReader(frozenset({"duration"}), _duration(required=True))
PROMPTS = FieldReader(frozenset({"prompts"}), _prompts)
WAITS = FieldReader(frozenset({"waits"}), _flag("waits"))
STANDING = FieldReader(frozenset({"standing"}), _flag("standing"))

#: Each kind's readers, in the order they read (a prompt is checked against the duration).
READERS: dict[StepKind, tuple[FieldReader, ...]] = {
    StepKind.PREPARE: (DURATION, WAITS, STANDING),
    StepKind.HOLD: (HOLD,),
    StepKind.ROLLING: (ROLLING,),
    StepKind.SPOT: (HOLD, ROLLING, SPOTS),
    StepKind.ACTIVITY: (REQUIRED_DURATION, PROMPTS),
}


def keys_of(kind: StepKind) -> frozenset[str]:
    """The keys a step of this kind may have."""
    return COMMON_KEYS.union(*(reader.keys for reader in READERS[kind]))


#: Every key some kind of step may have.
ALL_KEYS = frozenset().union(*(keys_of(kind) for kind in StepKind))


def read_fields(kind: StepKind, source: StepSource) -> dict[str, Any] | None:
    """A kind's own fields of `Step`; None when any was reported unusable (every reader still
    reads, so that all problems of the step are reported at once)."""
    fields: dict[str, Any] = {}
    ok = True
    for reader in READERS[kind]:
        ok = reader.read(source, fields) and ok
    return fields if ok else None
