"""Creating, editing and moving administrative actions through the review workflow."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.selectors import DatabaseCalendar
from core.services.audit import audit_record
from core.workflow import EDITABLE_STATUSES, can_enter, item_publish, item_return, item_revoke, item_submit
from disclosure.models import AdministrativeAction, Takedown, UseScope
from disclosure.services.clock import default_use_scope, stamp_clocks

EDIT_EXCLUDED = {
    "id",
    "agency",
    "status",
    "created_by",
    "created_at",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "published_at",
    "return_reason",
    "revoked_at",
    "revoke_reason",
    "due_on",
    "public_until",
    "left_public_at",
    "search_text",
    "id_number_encrypted",
    "id_number_hash",
}


RELATIONS = ["agency", "data_source_agency", "created_by", "submitted_by"]


def prepare(
    action: AdministrativeAction,
    *,
    id_number: str | None = None,
    scope_given: bool = True,
    check_database: bool = True,
    calendar: DatabaseCalendar | None = None,
) -> AdministrativeAction:
    """Fill the derived fields and validate; raises ValidationError with field messages.

    Without ``scope_given`` the use scope follows the rules (minor penalties are internal).
    ``check_database=False`` skips the per-row queries (relations, duplicates) for bulk
    import, which checks those for the whole file at once and passes one ``calendar``.
    """
    if id_number is not None:
        action.id_number = id_number
    if not scope_given or not action.use_scope:
        action.use_scope = default_use_scope(action)
    stamp_clocks(action, calendar)
    action.refresh_search_text()
    # Uniqueness is checked below as a field error; the database constraint stays the judge.
    action.full_clean(exclude=None if check_database else RELATIONS, validate_unique=False, validate_constraints=False)
    if check_database and duplicate_exists(action):
        raise ValidationError({"document_number": [DUPLICATE_MESSAGE]})
    return action


DUPLICATE_MESSAGE = gettext_lazy("This agency already has an action with this document number.")


def duplicate_exists(action: AdministrativeAction) -> bool:
    same = AdministrativeAction.objects.filter(agency_id=action.agency_id, document_number=action.document_number)
    return same.exclude(pk=action.pk).exists()


def _save(action: AdministrativeAction) -> None:
    try:
        with transaction.atomic():  # a savepoint: the duplicate check above can lose a race
            action.save()
    except IntegrityError as exc:
        raise ValidationError({"document_number": [DUPLICATE_MESSAGE]}) from exc


@transaction.atomic
def action_create(*, actor: Any, data: dict[str, Any], id_number: str = "") -> AdministrativeAction:
    action = AdministrativeAction(**data)
    action.agency_id = actor.agency_id
    action.created_by = actor
    if not can_enter(actor, action):
        raise PermissionDenied(_("Only a clerk can enter actions, and only for their own agency."))
    prepare(action, id_number=id_number, scope_given="use_scope" in data)
    _save(action)
    audit_record(action="disclosure.administrativeaction.create", actor=actor, obj=action, to_state=action.status)
    return action


@transaction.atomic
def action_update(
    *, action: AdministrativeAction, actor: Any, data: dict[str, Any], id_number: str | None = None
) -> AdministrativeAction:
    if not can_enter(actor, action):
        raise PermissionDenied(_("Only a clerk of the action's agency can edit it."))
    if action.status not in EDITABLE_STATUSES:
        raise PermissionDenied(_("Only a draft or a returned action can be edited."))
    changed = {k: v for k, v in data.items() if k not in EDIT_EXCLUDED and getattr(action, k) != v}
    for field, value in changed.items():
        setattr(action, field, value)
    prepare(action, id_number=id_number or None)
    _save(action)
    audit_record(
        action="disclosure.administrativeaction.update",
        actor=actor,
        obj=action,
        data={"fields": sorted(changed) + (["id_number"] if id_number else [])},
    )
    return action


def action_submit(*, action: AdministrativeAction, actor: Any) -> AdministrativeAction:
    return item_submit(item=action, actor=actor)  # type: ignore[return-value]


def action_publish(*, action: AdministrativeAction, actor: Any) -> AdministrativeAction:
    return item_publish(item=action, actor=actor)  # type: ignore[return-value]


def action_return(*, action: AdministrativeAction, actor: Any, reason: str) -> AdministrativeAction:
    return item_return(item=action, actor=actor, reason=reason)  # type: ignore[return-value]


def action_revoke(*, action: AdministrativeAction, actor: Any, reason: str) -> AdministrativeAction:
    """A revoked decision leaves the public site at once and enters the takedown log."""

    def log_takedown() -> None:
        if action.use_scope == UseScope.PUBLIC and action.published_at is not None:
            Takedown.objects.get_or_create(action=action, defaults={"reason": Takedown.Reason.REVOKED})
            AdministrativeAction.objects.filter(pk=action.pk).update(left_public_at=timezone.now())

    return item_revoke(item=action, actor=actor, reason=reason, after=log_takedown)  # type: ignore[return-value]
