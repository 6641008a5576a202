"""`python -m desktop_app` runs the same command as `lumbago-coach`."""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
