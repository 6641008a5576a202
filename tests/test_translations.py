"""The catalogues: the template follows the code, a shipped language is complete, and the
language is chosen before anything is shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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
            or not (
                message.string if isinstance(message.string, str) else all(message.string or [])
            )
        )
    ]


def test_the_template_holds_every_text_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [Path(sys.executable).parent / "pybabel", "extract", "--no-location",
         "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-o", str(fresh), "."],
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
        encoding="utf-8",  # what the app writes where it is asked to (PYTHONIOENCODING)
        timeout=60,
        env=dict(
            os.environ,
            LUMBAGO_COACH_DATA_DIR=os.environ["LUMBAGO_COACH_DATA_DIR"],
            PYTHONIOENCODING="utf-8",
        ),
    )
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0]
    assert header.startswith("⟦IID⟧") and "⟦TIITLEE⟧" in header


def test_the_pseudo_language_keeps_placeholders_and_markup() -> None:
    text = i18n.pseudo("Step {number} of {total} · <b>{routine}</b> &amp; more")
    assert "{number}" in text and "{total}" in text and "<b>" in text and "&amp;" in text
    assert text.startswith("⟦") and text.endswith("⟧")
    assert len(text) >= 1.4 * len("Step  of  ·  more")


def test_a_shipped_catalogue_is_compiled_from_its_latest_translation() -> None:
    """The .mo the app reads is committed; it must say what the .po says."""
    import gettext

    for language in i18n.SHIPPED:
        folder = ROOT / "desktop_app" / "locale" / language / "LC_MESSAGES"
        with (folder / "lumbago-coach.po").open("rb") as handle:
            wanted = {
                str(m.id if isinstance(m.id, str) else m.id[0]): (
                    m.string if isinstance(m.string, str) else (m.string or [""])[0]
                )
                for m in read_po(handle)
                if m.id and not m.fuzzy
            }
        with (folder / "lumbago-coach.mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        stale = [key for key, text in wanted.items() if compiled.gettext(key) != text]
        assert stale == [], f"{language}: run `make translations` (the .mo is stale)"


def test_a_bundled_routine_is_read_in_the_language_and_a_persons_own_is_not(
    tmp_path: Path,
) -> None:
    from desktop_app.core.loader import load_routine
    from desktop_app.core.routines import Origin
    from desktop_app.resources import assets_dir, bundled_routines_dir

    bundled = sorted(bundled_routines_dir().glob("*.yaml"))[0]
    own = tmp_path / bundled.name
    own.write_bytes(bundled.read_bytes())
    i18n.set_language(i18n.PSEUDO)
    try:
        translated = load_routine(bundled, assets_dir(), Origin.BUNDLED)
        as_written = load_routine(own, assets_dir(), Origin.USER)
    finally:
        i18n.set_language("en")
    assert translated.title.startswith("⟦") and translated.steps[0].instruction.startswith("⟦")
    assert all(p.text.startswith("⟦") for s in translated.steps for p in s.prompts)
    assert translated.muscles[0].startswith("⟦")
    # The area is what the engine and the history count by: it stays as in the file.
    assert all(s.area is None or not s.area.startswith("⟦") for s in translated.steps)
    assert not as_written.title.startswith("⟦")
    assert not any(s.instruction.startswith("⟦") for s in as_written.steps)


def test_the_language_chosen_in_the_settings_window_is_what_the_next_start_reads(
    app_controller: Any, isolated_data_dir: Path
) -> None:
    app_controller.open_settings()
    dialog = app_controller.windows.settings
    assert dialog.language_note.isVisible() and "next start" in dialog.language_note.text()
    choices = [dialog.language.itemData(i) for i in range(dialog.language.count())]
    assert choices == ["", "en", *i18n.SHIPPED]
    dialog.language.setCurrentIndex(choices.index("en"))
    assert app_controller.settings.sync()
    # Read the way the command line reads it: without Qt, from the file QSettings wrote.
    assert i18n.chosen_in(isolated_data_dir / "settings.ini") == "en"
    dialog.language.setCurrentIndex(0)
    assert app_controller.settings.sync()
    assert i18n.chosen_in(isolated_data_dir / "settings.ini") is None


def test_a_hand_edited_language_setting_means_the_systems(tmp_path: Path) -> None:
    settings = tmp_path / "settings.ini"
    assert i18n.chosen_in(settings) is None  # no file yet
    for text in (
        "[window]\nlanguage=xx\n",
        "[window]\nlanguage=../../../etc/passwd\n",
        "[window\nlanguage=en\n",
        "language=en\n",
        "\x00\xff\xfe garbage",
        "[window]\nlanguage=" + "e" * 200_000 + "\n",
    ):
        settings.write_text(text, encoding="utf-8", errors="surrogateescape")
        assert i18n.chosen_in(settings) is None, text[:40]
    settings.write_text("[General]\nx=1\n\n[window]\ntheme=dark\nlanguage=en\n", encoding="utf-8")
    assert i18n.chosen_in(settings) == "en"


def test_the_help_pages_are_markdown_in_every_language(qapp: Any) -> None:
    """Each page is read as Markdown (bold words, lists), never shown as raw marks or as a
    code block — the way an indented text in the source once showed it."""
    from PySide6.QtGui import QTextDocument

    from desktop_app.core.help import pages
    from desktop_app.qt.keys import help_key_names

    for language in ("en", *i18n.SHIPPED, i18n.PSEUDO):
        i18n.set_language(language)
        try:
            for page in pages(help_key_names()):
                document = QTextDocument()
                document.setMarkdown(f"# {page.title}\n{page.text}")
                shown = document.toPlainText()
                assert "**" not in shown, f"{language}, {page.key}: {shown[:200]}"
                fixed = [
                    block.text()[:40]
                    for block in _blocks(document)
                    if block.charFormat().font().fixedPitch()
                    or block.blockFormat().nonBreakableLines()
                ]
                assert fixed == [], f"{language}, {page.key}: shown as code: {fixed}"
        finally:
            i18n.set_language("en")


def _blocks(document: Any) -> list[Any]:
    block, blocks = document.begin(), []
    while block.isValid():
        blocks.append(block)
        block = block.next()
    return blocks


def _run_cli(env_language: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *arguments],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        env={**env, **env_language},
    )


def test_a_german_system_gets_german_from_the_command_line() -> None:
    result = _run_cli({"LANG": "de_DE.UTF-8"}, "--list")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "TITEL", "SCHRITTE", "DAUER", "ORDNER"]
    assert any("Schnelle Hilfe" in row and "Min." in row for row in rows)
    wrong = _run_cli({"LANG": "de_DE.UTF-8"}, "--speed", "x")
    assert (
        "Aufruf:" in wrong.stderr and "Fehler" in wrong.stderr and "muss eine Zahl" in wrong.stderr
    )
    # English on an English system; and --lang wins over the system.
    assert _run_cli({"LANG": "C.UTF-8"}, "--list").stdout.startswith("ID  ")
    assert "TITLE" in _run_cli({"LANG": "de_DE.UTF-8"}, "--lang", "en", "--list").stdout


def test_the_language_chosen_in_the_settings_wins_over_the_systems(
    isolated_data_dir: Path,
) -> None:
    (isolated_data_dir / "settings.ini").write_text("[window]\nlanguage=de\n", encoding="utf-8")
    result = _run_cli({"LANG": "C.UTF-8"}, "--list")
    assert "TITEL" in result.stdout, result.stdout + result.stderr
    (isolated_data_dir / "settings.ini").write_text("[window]\nlanguage=en\n", encoding="utf-8")
    assert "TITLE" in _run_cli({"LANG": "de_DE.UTF-8"}, "--list").stdout


def test_a_language_without_a_translation_is_said_and_english_is_used() -> None:
    result = _run_cli({"LANG": "C.UTF-8"}, "--lang", "fr", "--list")
    assert result.returncode == 0
    assert "no translation for “fr”" in result.stderr
    assert result.stdout.startswith("ID  ")
    assert _run_cli({"LANG": "C.UTF-8"}, "--lang", "en", "--list").stderr == ""


def test_a_language_code_is_only_ever_a_code(tmp_path: Path) -> None:
    """gettext joins the code into a path: a code like '../../x' would load a catalogue from
    outside the app. Such a code is no translation at all."""
    planted = tmp_path / "LC_MESSAGES"
    planted.mkdir()
    source = ROOT / "desktop_app" / "locale" / "de" / "LC_MESSAGES" / "lumbago-coach.mo"
    (planted / "lumbago-coach.mo").write_bytes(source.read_bytes())
    sneaky = os.path.relpath(tmp_path, i18n.LOCALE_DIR)
    try:
        assert i18n.set_language(sneaky) == ""
        assert i18n._("Settings") == "Settings"
        assert i18n.set_language("de_CH") == "de"  # a region falls back to its language
        assert i18n._("Settings") == "Einstellungen"
    finally:
        i18n.set_language("en")
