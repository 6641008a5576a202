"""The one data folder everything the app writes lives in."""

import os
from pathlib import Path

import platformdirs

ENV_VAR = "LUMBAGO_COACH_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir` wins, then $LUMBAGO_COACH_DATA_DIR, then the platform's user data folder."""
    if override:
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(platformdirs.user_data_dir("lumbago-coach", appauthor=False))


def user_routines_dir(base: Path) -> Path:
    return base / "routines"


def history_path(base: Path) -> Path:
    return base / "history.sqlite3"


def settings_path(base: Path) -> Path:
    return base / "settings.ini"


def listing_cache_path(base: Path) -> Path:
    """What the routine files said when last read: the start page is shown from it."""
    return base / "routine-listings.json"


def writable(folder: Path) -> bool:
    """Whether files can be made in the folder (made first when missing). Tried, not judged
    from mode bits: a read-only mount, or a folder that root may still write, answer truly."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False
