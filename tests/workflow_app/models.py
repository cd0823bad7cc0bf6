"""A pledge the credit office enters for an agency; a reviewer of that agency publishes it."""

from __future__ import annotations

from django.db import models

from core.roles import Role
from core.workflow import Reviewable, ReviewableQuerySet, ReviewPolicy


class OfficeEnters(ReviewPolicy):
    # Not the default clerk: the credit office enters, for any agency. Core is not edited.
    enter_roles = frozenset({Role.CREDIT_OFFICE})
    any_agency_roles = frozenset({Role.CREDIT_OFFICE})


class Pledge(Reviewable):
    ENTRY_FIELDS = ("title", "promise")
    policy = OfficeEnters()

    title = models.CharField(max_length=100)
    promise = models.TextField(blank=True)

    objects = ReviewableQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title
