"""`python -m app ...` runs the command line (the same engine as the wizard)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
