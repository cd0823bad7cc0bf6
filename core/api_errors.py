"""The API's one exception handler: the error vocabulary (integrity.lib.errors) mapped once.

- `ApplicationError` (workflow, calendar, file and import errors derive from it) → 400 with
  field messages;
- `NotVisible` → 404, the same answer as for an object that does not exist;
- `Conflict` (a concurrent change) → 409;
- Django's model `ValidationError` → 400 with field messages.
Everything else goes to DRF's handler (403 for PermissionDenied, 404 for Http404, …).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from integrity.lib.errors import ApplicationError, Conflict, NotVisible
from integrity.lib.workdays import CalendarNotCovered


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotVisible):
        exc = exceptions.NotFound()
    elif isinstance(exc, Conflict):
        return Response({"detail": exc.message, **exc.as_dict()}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, CalendarNotCovered):
        return Response({"detail": exc.message, "missing_year": exc.year}, status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError(exc.as_dict())
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)
