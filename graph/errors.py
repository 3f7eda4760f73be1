"""The small family of errors the core raises; the CLI and the app turn them into messages."""


class ThreadlineError(Exception):
    """Base of every error Threadline raises on purpose."""


class InvalidSchema(ThreadlineError):
    """The schema file is inconsistent: Threadline refuses to start with it."""


class InvalidData(ThreadlineError):
    """Input (a file, a snapshot, an extraction) is not what it should be.

    `errors` maps a field or file name to the reason, so callers can say exactly what is wrong.
    """

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = dict(errors or {})


class StoreError(ThreadlineError):
    """The graph database refused or failed a request."""


class ReadOnlyViolation(StoreError):
    """A query tried to change the graph through a read-only call."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped by the database."""


class StoreNotFound(StoreError):
    """A command that only reads was pointed at a place that holds no Threadline store."""


class MissingParameter(InvalidData):
    """A query names a `$parameter` that was not given a value."""
