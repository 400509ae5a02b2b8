"""The error types of reading (kept apart so every reading module can raise them)."""


class ReadError(Exception):
    """A file that cannot be read: the message says why and what to do, in plain words."""


class Cancelled(Exception):
    """The user cancelled the work."""
