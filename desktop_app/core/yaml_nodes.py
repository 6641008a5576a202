"""YAML nodes read one at a time, every problem reported with its line instead of stopping at
the first: the loader's tools for reading a routine file.

The document is composed into nodes with PyYAML's safe composer (no Python object is ever
constructed from a tag); a value that cannot be used comes back as `MISSING`, its problem
already reported.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Set
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from desktop_app.core.problems import Problem, Severity
from desktop_app.i18n import _

#: Nodes visited while reading one file, counting every use of an alias again (alias bombs).
MAX_NODES = 20_000
#: libyaml's composer is about 15× faster than the pure-Python one and safe in the same way
#: (it builds nodes, never objects); the pure one is the fallback where libyaml is missing.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}


class TooComplex(Exception):
    """More nodes than `MAX_NODES` (aliases counted again): not read further."""


class _Gap(enum.Enum):
    """What the reader hands back instead of a value: always already reported, or about to be."""

    #: The value could not be used; its problem has been reported.
    MISSING = "missing"
    #: The node's tag or text was refused and reported (the caller says nothing more).
    REPORTED = "reported"
    #: A list or mapping where one value was expected.
    NOT_SCALAR = "not scalar"


MISSING: Final = _Gap.MISSING
#: A value that could not be read: its problem is reported, and the routine will not load.
type Missing = Literal[_Gap.MISSING]
_REPORTED: Final = _Gap.REPORTED
_NOT_SCALAR: Final = _Gap.NOT_SCALAR


def kind_name(node: Node) -> str:
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


class NodeReader:
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
                raise TooComplex
        else:
            self._seen.add(id(node))
        if node.tag not in ALLOWED_TAGS:
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
                _("“{value}” is not a valid {kind}").format(value=node.value, kind=kind_name(node)),
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
                node, _("{what} must be text, not {kind}").format(what=what, kind=kind_name(node))
            )
        return MISSING

    def flag(self, node: Node, what: str) -> bool | Missing:
        value = self._scalar(node)
        if isinstance(value, bool):
            return value
        if value is not _REPORTED:
            self.report(node, _("{what} must be true or false").format(what=what))
        return MISSING

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
                        what=what, kind=kind, other=kind_name(node)
                    ),
                )
            return MISSING
        if value != value or value in (float("inf"), float("-inf")):
            self.report(node, _("{what} must be a finite number").format(what=what))
            return MISSING
        if positive and value <= 0:
            self.report(
                node, _("{what} must be more than 0 (got {value})").format(what=what, value=value)
            )
            return MISSING
        if at_least is not None and value < at_least:
            self.report(
                node,
                _("{what} must be at least {least:g} (got {value})").format(
                    what=what, least=at_least, value=value
                ),
            )
            return MISSING
        if at_most is not None and value > at_most:
            self.report(
                node,
                _("{what} must be at most {most:g} (got {value})").format(
                    what=what, most=at_most, value=value
                ),
            )
            return MISSING
        return value

    def count(self, node: Node, what: str, **bounds: Any) -> int | Missing:
        """A whole number (see `number` for the bounds)."""
        value = self.number(node, what, whole=True, **bounds)
        return value if value is MISSING else int(value)

    # -- collections ---------------------------------------------------------------------

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        if not self._visit(node):
            return None
        if not isinstance(node, SequenceNode):
            self.report(
                node,
                _("{what} must be a list, not {kind}").format(what=what, kind=kind_name(node)),
            )
            return None
        return list(node.value)

    def text_list(self, node: Node, what: str) -> tuple[str, ...] | Missing:
        items = self.sequence(node, what)
        if items is None:
            return MISSING
        values = [self.text(item, _("each entry of {what}").format(what=what)) for item in items]
        texts = tuple(v for v in values if v is not MISSING)
        return texts if len(texts) == len(values) else MISSING

    def mapping(
        self, node: Node, what: str, known: Set[str], required: Iterable[str] = ()
    ) -> dict[str, tuple[Node, Node]] | None:
        """The mapping's entries by key; unknown, duplicate and missing keys are reported."""
        if not self._visit(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(
                node,
                _("{what} must be a mapping of keys to values, not {kind}").format(
                    what=what, kind=kind_name(node)
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
