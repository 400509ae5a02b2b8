"""Frozen entry point of `clio-prep-gui` (no console window on Windows): opens the wizard.

A project file given as the only argument (a double-click on a .clioprep file) is opened.
"""

import sys

from app.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 1 and args[0].lower().endswith(".clioprep"):
        args = ["gui", "--project", args[0]]
    elif not args or args[0].startswith("-") and args[0] not in ("--self-test", "--version", "-h", "--help"):
        args = ["gui", *args]
    sys.exit(main(args))
