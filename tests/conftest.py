"""Shared test set-up. Qt runs offscreen: with no display and no platform set, pytest-qt aborts."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
