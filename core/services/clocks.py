"""Deadline clocks: one generic sweep for every app's stored due dates (docs/deadlines.md).

An app describes its clock once (`Clock`: the open items with a stored due date, who is
told, what they are told, and what an overdue item means) and its Celery task calls
`clock_sweep`. Each stage (reminder, overdue, escalated) goes out once per item: a
`ClockAlert` row is claimed first, inside a savepoint, so a second run or a second worker
sends nothing. "Today" is an argument, so tests stand on any date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from core.models import ClockAlert
from core.services.notifications import notify

Stage = ClockAlert.Stage


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str
    url: str = ""


@dataclass(frozen=True)
class Clock:
    """A stored deadline that a sweep enforces.

    ``open_items`` returns the model's named "open" queryset (the items whose clock runs);
    ``due_field`` holds the stored due date (None while the calendar does not cover it, and
    then nothing is sent). ``remind_days`` (a number, or a function that reads it from the
    settings) calendar days before the due date the reminder goes out; an item is overdue from the day after its due date, and escalated
    ``escalate_after_days`` calendar days after that (None: no escalation).
    """

    name: str
    open_items: Callable[[], models.QuerySet[Any]]
    recipients: Callable[[Any, str], list[Any]]
    notice: Callable[[Any, str], Notice]
    due_field: str = "due_on"
    remind_days: int | Callable[[], int] = 2
    # The latest due date today's reminder covers, when "N days before" means working days:
    # given today, it returns the Nth working day after it (None while the calendar does not
    # cover it: then ``remind_days`` calendar days are used). Overrides ``remind_days``.
    remind_until: Callable[[dt.date], dt.date | None] | None = None
    escalate_after_days: int | None = None
    # A stored reminder date instead of ``remind_days``: for a reminder counted in working days
    # (the objection clock: two working days before the due date), computed with the due date.
    remind_field: str | None = None
    on_overdue: Callable[[Any], None] | None = None  # writes the overdue fact, in the same transaction


def _claim(clock: Clock, content_type: ContentType, item: Any, stage: str) -> bool:
    try:
        with transaction.atomic():
            ClockAlert.objects.create(clock=clock.name, content_type=content_type, object_id=item.pk, stage=stage)
    except IntegrityError:
        return False
    return True


def _stage_items(clock: Clock, stage: str, today: dt.date) -> models.QuerySet[Any]:
    due = clock.due_field
    items = clock.open_items()
    if stage == Stage.REMINDER and clock.remind_field:
        items = items.filter(**{f"{due}__gte": today, f"{clock.remind_field}__lte": today})
    elif stage == Stage.REMINDER:
        days = clock.remind_days() if callable(clock.remind_days) else clock.remind_days
        last = clock.remind_until(today) if clock.remind_until is not None else None
        items = items.filter(**{f"{due}__gte": today, f"{due}__lte": last or today + dt.timedelta(days=days)})
    elif stage == Stage.OVERDUE:
        items = items.filter(**{f"{due}__lt": today})
    else:
        assert clock.escalate_after_days is not None
        items = items.filter(**{f"{due}__lt": today - dt.timedelta(days=clock.escalate_after_days)})
    content_type = ContentType.objects.get_for_model(items.model)
    sent = ClockAlert.objects.filter(clock=clock.name, content_type=content_type, stage=stage).values("object_id")
    return items.exclude(pk__in=sent)


def clock_sweep(clock: Clock, *, today: dt.date) -> dict[str, int]:
    """Send every stage that is due and not yet sent; returns how many went out per stage."""
    stages = [Stage.REMINDER, Stage.OVERDUE] + ([Stage.ESCALATED] if clock.escalate_after_days is not None else [])
    sent = {str(stage): 0 for stage in stages}
    for stage in stages:
        items = _stage_items(clock, stage, today)
        content_type = ContentType.objects.get_for_model(items.model)
        for item in items:
            with transaction.atomic(durable=True):
                if not _claim(clock, content_type, item, stage):
                    continue  # another worker sent it first
                if stage == Stage.OVERDUE and clock.on_overdue is not None:
                    clock.on_overdue(item)
                notice = clock.notice(item, stage)
                notify(
                    recipients=clock.recipients(item, stage),
                    kind=f"{clock.name}.{stage}",
                    key=f"{clock.name}-{item.pk}-{stage}",
                    subject=notice.subject,
                    body=notice.body,
                    url=notice.url,
                )
                sent[str(stage)] += 1
    return sent
