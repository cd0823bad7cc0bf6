"""The portal's one error vocabulary (docs/architecture.md, "Errors").

Services raise these; the API's exception handler (core.api_errors) maps them once: an
`ApplicationError` is a 400 with field messages, `NotVisible` a 404 (what the user may not
see answers as if it did not exist), `Conflict` a 409 (someone else changed it first). Pure
Python, so `integrity.lib` helpers can raise them without importing any app.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A request the rules refuse, with a message a person can act on.

    ``field`` names the input the message is about (``"status"`` for a move the item's
    state does not allow); ``None`` makes it a message about the request as a whole.
    """

    default_field: str | None = None

    def __init__(self, message: Any, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field if field is not None else self.default_field

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [self.message]}


class NotVisible(ApplicationError):
    """The object does not exist for this user (missing and forbidden look the same)."""


class Conflict(ApplicationError):
    """Someone else changed the object between reading and writing: reload and try again."""
