"""The one translation function every user-visible string goes through, called when the string
is shown (never at import time, so the language can be chosen first).

The language: `--lang`, else View → Settings → Language, else the system's (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG). Catalogues live in desktop_app/locale/<lang>/LC_MESSAGES/lumbago-coach.mo,
compiled from the .po files by the set-up (`make translations` refreshes them).

"qps" is a pseudo-language for tests: every text wrapped in ⟦ ⟧ and made 40 % longer, so a
text that was never translated, or that no longer fits, shows at once.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

DOMAIN = "lumbago-coach"
LOCALE_DIR = Path(__file__).parent / "locale"
PSEUDO = "qps"
#: Languages whose catalogue is complete and reviewed, each with its name in itself: offered
#: in View → Settings → Language. English, the source language, is always there.
SHIPPED: dict[str, str] = {"de": "Deutsch"}
#: The settings file's section and key for the choice (settings.LANGUAGE is made from it).
SETTING = ("window", "language")

#: English, the source language: the texts as written.
NO_TRANSLATION = gettext.NullTranslations()
_translation: gettext.NullTranslations = NO_TRANSLATION
_language = ""


class _Pseudo(gettext.NullTranslations):
    """Every text bracketed and lengthened; {placeholders} and markup kept as they are."""

    _KEEP = re.compile(r"(\{[^{}]*\}|<[^<>]*>|&[a-z]+;|%\([a-z_]+\)[sd])")

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


def pseudo(text: str) -> str:
    if not text.strip():
        return text
    parts = _Pseudo._KEEP.split(text)
    stretched = "".join(part if _Pseudo._KEEP.fullmatch(part) else _stretch(part) for part in parts)
    return f"⟦{stretched}⟧"


def _stretch(part: str) -> str:
    # 40 % longer, vowels doubled: still readable, and as long as German often is.
    out, budget = [], round(len(part) * 0.4)
    for char in part:
        out.append(char)
        if budget and char in "aeiouAEIOU":
            out.append(char)
            budget -= 1
    return "".join(out) + "·" * budget


def set_language(language: str | None) -> str:
    """Use `language` ("de", "qps", "en"; None or "" for the system's); returns the language
    in use ("" when English, the source language). A code is a code: anything else (a path,
    say, which gettext would follow out of the locale folder) counts as no translation."""
    global _translation, _language
    if language == PSEUDO:
        _translation, _language = _Pseudo(), PSEUDO
        return _language
    candidates = [language] if language else _system()
    candidates = [code for code in candidates if _CODE.fullmatch(code)]
    _translation = NO_TRANSLATION
    _language = ""
    for code in candidates:
        found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
        if type(found) is not gettext.NullTranslations:  # a catalogue, not the fallback
            _translation, _language = found, code.split("_")[0]
            break
        if code.split("_")[0] == "en":
            break  # English asked for before any translation: English it is
    return _language


#: A language code as gettext and the settings know them: "de", "de_AT", "gsw".
_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


def _system() -> list[str]:
    """The system's languages, most wanted first (LANGUAGE may list several: "de_AT:de")."""
    import os

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith(("C.", "POSIX.")):
            return [part.split(".")[0].split("@")[0] for part in value.split(":") if part]
        if value:
            return []
    return []


def _(text: str) -> str:
    """Translate a user-visible text, now."""
    return _translation.gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a text whose form depends on a count."""
    return _translation.ngettext(singular, plural, n)


def from_routines(text: str) -> str:
    """A bundled routine's text the code holds no literal of (a muscle's name kept in the
    history): core/routine_texts extracted it into the catalogue; any other text is unchanged."""
    return _(text)


def language_tag() -> str:
    """The language in use, as a page or a locale names it: "de", "en", or "qps"."""
    return _language or "en"


def speech_language() -> str:
    """The language the voice must speak: the one in use ("en" for English and the pseudo)."""
    return "en" if _language in ("", PSEUDO) else _language


def chosen_in(settings_file: Path) -> str | None:
    """The language chosen in View → Settings → Language ("en" or a shipped one), read from the
    settings file without Qt (the command line avoids loading it); None: the system's.
    The file is the user's: anything unexpected in it means "the system's"."""
    import configparser

    from desktop_app.files import special_file

    if special_file(settings_file):
        return None  # a named pipe would hang the command line
    try:
        with settings_file.open(encoding="utf-8", errors="replace") as handle:
            text = handle.read(64 * 1024)
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read_string(text)
        value = parser.get(*SETTING, fallback="").strip().strip('"')
    except (OSError, configparser.Error):
        return None
    return value if value == "en" or value in SHIPPED else None


def N_(text: str) -> str:
    """Mark a text for the catalogue without translating it now: someone else (argparse) looks
    it up, through _(), when it is shown."""
    return text
