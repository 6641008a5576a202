"""The catalogues: the template follows the code, a shipped language is complete, and the
language is chosen before anything is shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from desktop_app import i18n

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "desktop_app" / "locale" / "lumbago-coach.pot"


def msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id}


def gaps(path: Path) -> list[str]:
    """Entries a person would see in English: untranslated or fuzzy."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return [
        str(message.id)
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (message.string if isinstance(message.string, str) else all(message.string))
        )
    ]


def test_the_template_holds_every_text_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [Path(sys.executable).parent / "pybabel", "extract", "--no-location",
         "-F", "babel.cfg", "-k", "_", "-k", "ngettext:1,2", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    assert msgids(fresh) == msgids(TEMPLATE), "run `make translations`: the template is stale"


def test_a_shipped_language_has_every_text_translated() -> None:
    for language in i18n.SHIPPED:
        po = ROOT / "desktop_app" / "locale" / language / "LC_MESSAGES" / "lumbago-coach.po"
        assert msgids(po) == msgids(TEMPLATE), f"{language}: run `make translations`"
        assert gaps(po) == [], f"{language}: untranslated or fuzzy entries"


def test_the_completeness_check_finds_what_is_missing(tmp_path: Path) -> None:
    po = tmp_path / "xx.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Done"\nmsgstr "Fertig"\n\n'
        'msgid "Pause"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Close"\nmsgstr "Schließen"\n',
        encoding="utf-8",
    )
    assert gaps(po) == ["Pause", "Close"]


def test_lang_chooses_the_language_before_anything_is_shown() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--lang", "qps", "--list"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, LUMBAGO_COACH_DATA_DIR=os.environ["LUMBAGO_COACH_DATA_DIR"]),
    )
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0]
    assert header.startswith("⟦IID⟧") and "⟦TIITLEE⟧" in header


def test_the_pseudo_language_keeps_placeholders_and_markup() -> None:
    text = i18n.pseudo("Step {number} of {total} · <b>{routine}</b> &amp; more")
    assert "{number}" in text and "{total}" in text and "<b>" in text and "&amp;" in text
    assert text.startswith("⟦") and text.endswith("⟧")
    assert len(text) >= 1.4 * len("Step  of  ·  more")
