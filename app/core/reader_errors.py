"""The one error type for unreadable input (kept apart so every reading module can raise it)."""


class ReadError(Exception):
    """A file that cannot be read: the message says why and what to do, in plain words."""
