"""Frozen entry point of `clio-prep` (console): the command line, the wizard with `gui`."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
