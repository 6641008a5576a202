"""The glossary in docs/translating.md is kept: no German entry uses a word it replaces, and a
session stopped is never called what a finished one is called."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "translating.md"
GERMAN = ROOT / "desktop_app" / "locale" / "de" / "LC_MESSAGES" / "lumbago-coach.po"
#: Each stopped entry beside its finished counterpart: the same word would lose the difference.
STOPPED_AND_FINISHED = [
    ("Session stopped", "Session finished"),
    ("stopped", "finished"),
    ("Stopped after {n} minute", "Finished after {n} minute"),
]


def german() -> dict[str, tuple[str, ...]]:
    with GERMAN.open("rb") as handle:
        catalogue = read_po(handle)
    found: dict[str, tuple[str, ...]] = {}
    for message in catalogue:
        ids = message.id if isinstance(message.id, (tuple, list)) else [message.id]
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        if ids and ids[0]:
            found[str(ids[0])] = tuple(str(string or "") for string in strings)
    return found


def replaced_words() -> list[tuple[str, str]]:
    """(idea, word) for every word the glossary's last column forbids."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("idea", "---"):
            continue
        for word in cells[3].split(","):
            word = re.sub(r"\(.*?\)", "", word).strip()
            if word:
                rows.append((cells[0], word))
    return rows


def test_the_glossary_table_is_read() -> None:
    ideas = {idea for idea, _word in replaced_words()}
    assert {"the question asked once a day", "a session ended by the person"} <= ideas


def test_no_german_entry_uses_a_word_the_glossary_replaces() -> None:
    entries = german()
    stopped = {key for key, _finished in STOPPED_AND_FINISHED}
    found = [
        (word, key[:60])
        for idea, word in replaced_words()
        for key, strings in entries.items()
        if any(word.lower() in string.lower() for string in strings)
        # "beendet" is right for *finished*: only a stopped entry may not use it.
        and (idea != "a session ended by the person" or key in stopped)
    ]
    assert not found, found


def test_stopped_and_finished_never_share_a_word() -> None:
    entries = german()
    for stopped, finished in STOPPED_AND_FINISHED:
        said, done = entries[stopped], entries[finished]
        assert set(" ".join(said).split()) != set(" ".join(done).split()), (said, done)
        assert "abgebrochen" in " ".join(said) and "abgebrochen" not in " ".join(done)


#: A straight quote around something: 'x' or "x" (an apostrophe inside a word is not one).
STRAIGHT_QUOTES = re.compile(r"(?:^|[\s(])(['\"])[^'\"\s][^'\"]*\1")
#: A menu entry that opens a window ends in "…" right after its last word.
SPACED_ELLIPSIS = re.compile(r"\s(…|\.\.\.)")


def test_quotes_and_ellipses_are_typeset_in_english_and_german() -> None:
    """German „…“, English “…”, never straight quotes in what a person reads; an ellipsis
    sits right after its word ("Einstellungen…")."""
    found = [
        (key[:50], text[:60])
        for key, strings in german().items()
        for text in (key, *strings)
        if STRAIGHT_QUOTES.search(text) or SPACED_ELLIPSIS.search(text) or "..." in text
    ]
    assert not found, found
    assert STRAIGHT_QUOTES.search("the id 'x' is used") and not STRAIGHT_QUOTES.search("geht’s")
