"""Which texts of a routine file a person reads or hears, so that the bundled routines can be
translated without forking their YAML files.

The English text in the file is the message id: `make translations` extracts these texts from
routines/*.yaml into the same catalogue as the app's own (babel.cfg names `extract` below), and
the loader passes a bundled routine's texts through the catalogue as it reads them. A person's
own routine files stay exactly as written. docs/routines.md tells the story for translators.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import IO, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Keys of the routine itself whose text (or each text of a list) is shown.
ROUTINE_KEYS = frozenset({"title", "summary", "afterwards", "muscles", "equipment"})
#: Keys of a step whose text is shown or spoken ("area" names a muscle on the finish page and in
#: the history; it stays English in the engine, which counts by it, and is translated when shown).
STEP_KEYS = frozenset({"title", "instruction", "speak", "area"})
#: Keys of an activity's timed prompt.
PROMPT_KEYS = frozenset({"text", "speak"})


def extract(
    fileobj: IO[bytes], keywords: object, comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor for a routine file: (line, function, message, comments) for each text."""
    root = yaml.compose(fileobj, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode):
        return
    for key, value in _pairs(root):
        if key in ROUTINE_KEYS:
            yield from _texts(value)
        elif key == "steps" and isinstance(value, SequenceNode):
            for step in value.value:
                for step_key, step_value in _pairs(step):
                    if step_key in STEP_KEYS:
                        yield from _texts(step_value)
                    elif step_key == "prompts" and isinstance(step_value, SequenceNode):
                        for prompt in step_value.value:
                            for prompt_key, prompt_value in _pairs(prompt):
                                if prompt_key in PROMPT_KEYS:
                                    yield from _texts(prompt_value)


def _pairs(node: Node) -> Iterator[tuple[str, Node]]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield str(key.value), value


def _texts(node: Node) -> Iterator[tuple[int, str, str, list[str]]]:
    items = node.value if isinstance(node, SequenceNode) else [node]
    for item in items:
        if isinstance(item, ScalarNode) and str(item.value).strip():
            # The loader strips the same way, so the id is exactly what it looks up.
            yield item.start_mark.line + 1, "_", str(item.value).strip(), []
