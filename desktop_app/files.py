"""Files the app opens in its data folder are checked first: something there that is not a
regular file (a named pipe, a device, a folder) is never opened, because opening a named pipe
blocks until someone writes to it, and a device can be read for ever. The settings, the history,
the listing cache and the single-instance lock all ask here before they open."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def special_file(path: Path | str) -> bool:
    """Whether something that is not a regular file is at `path` (nothing there: False)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)
