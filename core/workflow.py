"""The review workflow every published item goes through (records, actions, commitments).

draft → submitted → published, or submitted → returned → (edited) → submitted. Only a
reviewer of the item's own agency who did not submit it may publish or return it. A move is
a conditional UPDATE on the old status, so a repeated or racing call changes nothing twice,
and the audit event is written in the same transaction. Published items can be revoked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .roles import Role
from .services.audit import audit_record


class Status(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted for review")
    RETURNED = "returned", gettext_lazy("Returned")
    PUBLISHED = "published", gettext_lazy("Published")
    UNDER_OBJECTION = "under_objection", gettext_lazy("Under objection")
    CORRECTED = "corrected", gettext_lazy("Corrected")
    REVOKED = "revoked", gettext_lazy("Revoked")
    REPAIRED = "repaired", gettext_lazy("Repaired")
    EXPIRED = "expired", gettext_lazy("Expired")


# The allowed moves: action → (statuses it may start from, status it leads to).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    "publish": (frozenset({Status.SUBMITTED}), Status.PUBLISHED),
    "return": (frozenset({Status.SUBMITTED}), Status.RETURNED),
    "revoke": (frozenset({Status.PUBLISHED, Status.UNDER_OBJECTION, Status.CORRECTED}), Status.REVOKED),
}

ACTION_LABELS = {
    "submit": gettext_lazy("submit"),
    "publish": gettext_lazy("publish"),
    "return": gettext_lazy("return"),
    "revoke": gettext_lazy("revoke"),
}

# Statuses in which an item has been published and may still be on the public site.
LIVE_STATUSES = frozenset({Status.PUBLISHED, Status.UNDER_OBJECTION, Status.CORRECTED})
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})


class WorkflowError(Exception):
    """A move the item's current status does not allow."""


class Reviewable(models.Model):
    """Fields of the review workflow; `agency` is the owning agency."""

    agency = models.ForeignKey(
        "core.Agency", verbose_name=gettext_lazy("agency"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        gettext_lazy("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(gettext_lazy("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(gettext_lazy("published at"), null=True, blank=True, db_index=True)
    return_reason = models.TextField(gettext_lazy("reason for return"), blank=True)
    revoked_at = models.DateTimeField(gettext_lazy("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(gettext_lazy("reason for revocation"), blank=True)

    class Meta:
        abstract = True


def can_enter(user: Any, item: Reviewable) -> bool:
    return bool(user.is_active and user.agency_id == item.agency_id and user.has_role(Role.CLERK))


def can_review(user: Any, item: Reviewable) -> bool:
    # Four eyes: the submitter never approves their own submission.
    return bool(
        user.is_active
        and user.agency_id == item.agency_id
        and user.has_role(Role.REVIEWER)
        and item.submitted_by_id != user.pk
    )


def _move(
    item: Reviewable,
    *,
    action: str,
    actor: Any,
    reason: str = "",
    extra: dict[str, Any] | None = None,
    after: Callable[[], None] | None = None,
    permitted: Callable[[Reviewable], bool] | None = None,
) -> Reviewable:
    allowed_from, to_status = TRANSITIONS[action]
    model = type(item)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=item.pk)  # type: ignore[attr-defined]
        # Checked again on the locked row: the caller's copy may predate a resubmission.
        if permitted is not None and not permitted(current):
            raise PermissionDenied(_("The item was changed by someone else; reload and try again."))
        if current.status not in allowed_from:
            raise WorkflowError(
                _("Cannot %(action)s an item whose status is “%(status)s”.")
                % {"action": ACTION_LABELS[action], "status": current.get_status_display()}
            )
        fields = {"status": to_status, **(extra or {})}
        updated = model.objects.filter(pk=item.pk, status=current.status).update(**fields)  # type: ignore[attr-defined]
        if not updated:  # another request moved it first
            raise WorkflowError(_("The item was changed by someone else; reload and try again."))
        audit_record(
            action=f"{model._meta.label_lower}.{action}",
            actor=actor,
            obj=current,
            from_state=current.status,
            to_state=to_status,
            reason=reason,
        )
        if after is not None:
            after()
    item.refresh_from_db()
    return item


def item_submit(*, item: Reviewable, actor: Any) -> Reviewable:
    if not can_enter(actor, item):
        raise PermissionDenied(_("Only a clerk of the item's agency can submit it."))
    return _move(
        item,
        action="submit",
        actor=actor,
        extra={"submitted_by": actor, "submitted_at": timezone.now(), "return_reason": ""},
    )


def item_publish(*, item: Reviewable, actor: Any, after: Callable[[], None] | None = None) -> Reviewable:
    if not can_review(actor, item):
        raise PermissionDenied(_("Only a reviewer of the item's agency who did not submit it can publish it."))
    return _move(
        item,
        action="publish",
        actor=actor,
        after=after,
        permitted=lambda obj: can_review(actor, obj),
        extra={"reviewed_by": actor, "published_at": timezone.now()},
    )


def item_return(*, item: Reviewable, actor: Any, reason: str) -> Reviewable:
    if not can_review(actor, item):
        raise PermissionDenied(_("Only a reviewer of the item's agency who did not submit it can return it."))
    if not reason.strip():
        raise WorkflowError(_("Give the reason for returning the item."))
    return _move(
        item,
        action="return",
        actor=actor,
        reason=reason,
        permitted=lambda obj: can_review(actor, obj),
        extra={"reviewed_by": actor, "return_reason": reason},
    )


def item_revoke(*, item: Reviewable, actor: Any, reason: str, after: Callable[[], None] | None = None) -> Reviewable:
    own_reviewer = actor.agency_id == item.agency_id and actor.has_role(Role.REVIEWER)
    if not (actor.is_active and (own_reviewer or actor.is_credit_office)):
        raise PermissionDenied(_("Only a reviewer of the item's agency or the credit office can revoke it."))
    if not reason.strip():
        raise WorkflowError(_("Give the reason for revoking the item."))
    return _move(
        item,
        action="revoke",
        actor=actor,
        reason=reason,
        after=after,
        extra={"revoked_at": timezone.now(), "revoke_reason": reason},
    )
