"""Wine 8 gaps in Windows APIs that CPython 3.12 uses, closed for the test interpreter only
(never part of the shipped app; tools/wine.py puts this folder on the test Python's path).

- `_wmi` asks WMI through propsys.dll's VariantToString, which Wine 8 does not implement: the
  process aborts. Without `_wmi`, `platform` falls back to `ver`, as on older Pythons.
- `_winapi.CopyFile2` is missing from Wine 8's kernel32; `shutil.copy2` uses it when present.
- Wine drops every QT_* variable on its way from Linux to a Windows program: tools/wine.py
  sends them as WINEPASS_QT_… and they are put back here.
"""

import os
import sys

for _key, _value in list(os.environ.items()):
    if _key.upper().startswith("WINEPASS_"):
        os.environ[_key[len("WINEPASS_") :]] = _value

sys.modules["_wmi"] = None  # type: ignore[assignment]

try:
    import _winapi
except ImportError:
    pass
else:
    if hasattr(_winapi, "CopyFile2"):
        del _winapi.CopyFile2
