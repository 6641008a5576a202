"""The self-contained bundle's one program: the app itself, or — started with `--run-module` —
one module of it in a process of its own (the sound helper), since a bundle has no `python -m`."""

import runpy
import sys

from desktop_app.resources import RUN_MODULE

if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == RUN_MODULE and sys.argv[2].startswith("desktop_app."):
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        from desktop_app.cli import main

        sys.exit(main())
