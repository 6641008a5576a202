"""Where the bundled assets and routines are — in a source checkout, an installed wheel and the
self-contained bundle — and how the app starts a second process of its own."""

import sys
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


#: The bundle's one program runs a module of the app when started with this first argument
#: (it has no `python -m`): the sound helper is started this way.
RUN_MODULE = "--run-module"


def module_command(module: str, *arguments: str) -> list[str]:
    """The command that runs `module` of this app in a new process: `python -m module` where
    the app runs in Python, the bundle's own program where it is self-contained."""
    if getattr(sys, "frozen", False):
        return [sys.executable, RUN_MODULE, module, *arguments]
    return [sys.executable, "-m", module, *arguments]
