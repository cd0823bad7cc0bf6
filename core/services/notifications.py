"""Notifications: in-portal notices plus mail, each sent once per recipient and key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from core.models import Notification, User
from core.roles import Role

# What each kind of notice is called where a person reads it (apps add theirs at start-up).
_KIND_LABELS: dict[str, Any] = {
    "calendar.missing_year": gettext_lazy("Holiday schedule missing"),
    "audit.anchor": gettext_lazy("Audit log anchor"),
    "workflow.submit": gettext_lazy("Submitted for review"),
    "workflow.return": gettext_lazy("Returned"),
    "workflow.publish": gettext_lazy("Published"),
}


def register_notification_kind(kind: str, label: Any) -> None:
    _KIND_LABELS[kind] = label


def notification_kind_label(kind: str) -> str:
    return str(_KIND_LABELS.get(kind, gettext_lazy("Notice")))


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
