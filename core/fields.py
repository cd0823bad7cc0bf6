"""Model fields the apps share."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

# A long text typed by a person holds at most this many characters (issue 7, items 9 and 11):
# ample for the plan's and the standard's fields, a bound on what a public page or the open
# data repeats, and far below PostgreSQL's 1 MB limit on the bigram tsvector stored beside a
# searched text, which 200,000 CJK characters in one field exceeded.
TEXT_MAX_LENGTH = 5000


def long_text(verbose_name: Any, **kwargs: Any) -> models.TextField[Any, Any]:
    return models.TextField(
        verbose_name,
        max_length=TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],  # TextField's max_length alone binds only forms
        **kwargs,
    )
