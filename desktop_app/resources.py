"""Where the bundled assets and routines are, in a source checkout and in an installed wheel."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def assets_dir() -> Path:
    """The folder with illustrations, sounds and icons."""
    return _first_existing(_PACKAGE / "_data" / "assets", _PACKAGE.parent / "assets")


def bundled_routines_dir() -> Path:
    """The folder with the routines that ship with the app."""
    return _first_existing(_PACKAGE / "_data" / "routines", _PACKAGE.parent / "routines")
