"""The middle layer: the controller composes the data, the services and the flows (sound,
routines, safety, back check, phone, session, reminders, secondary windows) with the window.
Each flow is a QObject built with what it needs: signals out, intention methods in."""

import builtins

import PySide6.QtCore  # noqa: F401  (installs PySide's import hook, undone below)

# PySide6 replaces `__import__` with its own, which reads the whole source of every module
# imported after it to see whether it names PySide6: it serves `from __feature__ import
# snake_case`, which this app never uses. For the app's ~110 modules that cost 30 ms and
# 4 MiB at every start (bench/RESULTS.md, 2026-12-03 evening); the plain import comes back.
builtins.__import__ = getattr(builtins, "__orig_import__", builtins.__import__)
