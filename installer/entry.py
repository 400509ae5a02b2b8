"""Frozen entry point of clio-prep.

With no arguments (a double-click) it opens the wizard; with a project file as the only argument
(a double-click on a .clioprep file) it opens that project; otherwise it is the command line.
On Windows the console window is hidden when the program was started by a double-click.
"""

import sys

from app.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        args = ["gui"]  # a double-click opens the wizard
    elif len(args) == 1 and args[0].lower().endswith(".clioprep"):
        args = ["gui", "--project", args[0]]
    sys.exit(main(args))
