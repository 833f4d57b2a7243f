"""One exception tree for the whole package.

Each class carries the HTTP status the API answers with and the exit code the CLI
exits with, and each message says how to fix the problem::

    SourcetraceError                 (500, exit 1)
    ├── UsageError                   (400, exit 2)  a user's mistake in a command or request
    ├── InputError                   (422, exit 1)  an input item that cannot be ingested
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── EncodingError
    │   ├── MalformedInput           JSON, XML, WARC, gzip that does not parse
    │   ├── TooLarge
    │   ├── NoArticleText            HTML with no main text
    │   └── FetchError               a URL that could not or must not be fetched
    ├── NotFound                     (404, exit 1)
    ├── AuthError                    (401, exit 2)
    ├── ModelMissing                 (500, exit 1)  the spaCy model package is not installed
    └── StorageError                 (500, exit 1)  the database cannot be opened or migrated
"""

from __future__ import annotations


class SourcetraceError(Exception):
    """Root of every error sourcetrace raises on purpose."""

    status: int = 500
    exit_code: int = 1
    #: Short machine-readable reason, stored in the rejects table.
    code: str = "error"


class UsageError(SourcetraceError):
    status, exit_code, code = 400, 2, "usage"


class InputError(SourcetraceError):
    status, exit_code, code = 422, 1, "input"


class EmptyInput(InputError):
    code = "empty"


class BinaryInput(InputError):
    code = "binary"


class EncodingError(InputError):
    code = "encoding"


class MalformedInput(InputError):
    code = "malformed"


class TooLarge(InputError):
    code = "too_large"


class NoArticleText(InputError):
    code = "no_text"


class FetchError(InputError):
    code = "fetch"


class NotFound(SourcetraceError):
    status, exit_code, code = 404, 1, "not_found"


class AuthError(SourcetraceError):
    status, exit_code, code = 401, 2, "auth"


class ModelMissing(SourcetraceError):
    code = "model_missing"


class StorageError(SourcetraceError):
    code = "storage"
