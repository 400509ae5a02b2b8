"""Shared test set-up. Qt runs offscreen: with no display and no platform set, pytest-qt aborts."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property-based tests run the same examples on every run and every machine (a red CI must be
# reproducible); set HYPOTHESIS_PROFILE=explore locally to search with fresh random examples.
try:
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
    settings.register_profile("explore", deadline=None, max_examples=500)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover - hypothesis is in the test extras
    pass
