"""Notifications: in-portal notices plus mail, each sent once per recipient and key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from core.models import Notification, User
from core.roles import Role


def notify(
    *, recipients: Iterable[Any], kind: str, key: str, subject: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Create one notification per recipient unless one with the same key exists.

    Safe to call twice or on two workers at once: the unique (recipient, key) constraint
    decides, and only newly created notices are mailed.
    """
    created = []
    for recipient in recipients:
        try:
            with transaction.atomic():
                notice = Notification.objects.create(
                    recipient=recipient, kind=kind, key=key, subject=subject, body=body, url=url
                )
        except IntegrityError:
            continue
        created.append(notice)
    if created:
        ids = [n.pk for n in created]
        from core.tasks import send_notification_mail

        transaction.on_commit(lambda: [send_notification_mail.delay(pk) for pk in ids])
    return created


def credit_office_users() -> list[User]:
    from django.db.models import Q

    return list(
        User.objects.filter(Q(groups__name=Role.CREDIT_OFFICE.value) | Q(is_superuser=True), is_active=True).distinct()
    )
