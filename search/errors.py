"""Errors that speak to the user; the CLI turns each into a message and exit code 2."""


class PolicySearchError(Exception):
    """Base class: anything raised on purpose, with a message fit to show a user."""


class IngestError(PolicySearchError):
    """A source file cannot be read as a policy document (the message names the file)."""


class EmptyQueryError(PolicySearchError, ValueError):
    """The query or question has no searchable text."""


class UnknownFilterError(PolicySearchError, ValueError):
    """A filter names a value the corpus does not have; the message lists the known ones."""


class IndexCorruptError(PolicySearchError):
    """The built index cannot be loaded (truncated file, manifest mismatch); `reason` says what is wrong,
    without the advice to rebuild that the message adds."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class EncoderError(PolicySearchError):
    """The embedding model cannot be loaded."""


class IndexNotWritableError(PolicySearchError):
    """The index folder refuses writes (read-only folder or file system): no build is possible there."""
