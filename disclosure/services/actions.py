"""Creating, editing and moving administrative actions through the review workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.selectors import DatabaseCalendar
from core.services.audit import audit_record
from core.services.takedowns import TakedownReason
from core.workflow import EDITABLE_STATUSES, Status, entry_data, item_move
from disclosure.models import (
    ActionKind,
    AdministrativeAction,
    Takedown,
    Tier,
    UseScope,
    decision_date_in_range,
)
from disclosure.presenters import search_text_for
from disclosure.services.clock import default_use_scope, legal_public_until, stamp_clocks
from records.services.facts import Kind as FactKind
from records.services.facts import integrity_fact_record

RELATIONS = ["agency", "data_source_agency", "created_by", "last_edited_by", "submitted_by"]


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
    publicity_end_check(action)
    stamp_clocks(action, calendar)
    action.search_text = search_text_for(action)
    # Uniqueness is checked below as a field error; the database constraint stays the judge.
    action.full_clean(exclude=None if check_database else RELATIONS, validate_unique=False, validate_constraints=False)
    if check_database and duplicate_exists(action.agency_id, action.document_number, exclude_pk=action.pk):
        raise ValidationError({"document_number": [DUPLICATE_MESSAGE]})
    return action


def publicity_end_check(action: AdministrativeAction) -> None:
    """A stated 公示截止期 beyond the legal maximum of the tier is refused, with the maximum."""
    stated = action.publicity_end_stated
    if stated is None or action.kind != ActionKind.PENALTY or not decision_date_in_range(action.decision_date):
        return
    legal = legal_public_until(action)
    if legal is not None and stated > legal:
        raise ValidationError(
            {
                "publicity_end_stated": [
                    _(
                        "The publicity end %(stated)s is after the longest the rules allow for a %(tier)s "
                        "penalty decided on %(decided)s: %(legal)s. Correct it, or leave it blank for that maximum."
                    )
                    % {
                        "stated": stated.isoformat(),
                        "tier": Tier(action.tier or Tier.GENERAL).label,
                        "decided": action.decision_date.isoformat(),
                        "legal": legal.isoformat(),
                    }
                ]
            }
        )


def deciding_agency_problem(action: AdministrativeAction, actor: Any) -> str | None:
    """Why an action naming another deciding agency (处罚机关/许可机关) may not be filed under
    ``action.agency`` by ``actor``, or None. Allowed: the agency itself, the credit office, and
    an agency that names itself as the 数据来源单位 (entering on the deciding agency's behalf)."""
    code, name = action.deciding_agency_uscc, action.deciding_agency_name
    own = action.agency
    if not code and not name:
        return None
    if (code and code == own.uscc) or (not code and name == own.name):
        return None
    if actor is not None and getattr(actor, "is_credit_office", False):
        return None
    if action.data_source_uscc and action.data_source_uscc == own.uscc:
        return None
    return _(
        "This decision is %(other)s's, not %(own)s's. Only the district credit office may enter another agency's "
        "decisions; or, entering on its behalf, name %(own)s as the data source (数据来源单位 and its code)."
    ) % {"other": name or code, "own": own.name}


DUPLICATE_MESSAGE = gettext_lazy("This agency already has an action with this document number.")


def duplicate_exists(agency_id: int, document_number: str, *, exclude_pk: int | None = None) -> bool:
    """The one duplicate check of entry (the admin form, the API and the services use it)."""
    same = AdministrativeAction.objects.filter(agency_id=agency_id, document_number=document_number)
    return same.exclude(pk=exclude_pk).exists()


def _check_deciding_agency(action: AdministrativeAction, actor: Any) -> None:
    problem = deciding_agency_problem(action, actor)
    if problem:
        raise ValidationError(
            {"deciding_agency_uscc" if action.deciding_agency_uscc else "deciding_agency_name": [problem]}
        )


def _save(action: AdministrativeAction) -> None:
    try:
        with transaction.atomic():  # a savepoint: the duplicate check above can lose a race
            action.save()
    except IntegrityError as exc:
        raise ValidationError({"document_number": [DUPLICATE_MESSAGE]}) from exc


# Not durable: the admin runs save_model inside its own request transaction.
@transaction.atomic
def action_create(
    *, actor: Any, data: dict[str, Any], id_number: str = "", legal_representative_id_number: str = ""
) -> AdministrativeAction:
    fields = entry_data(AdministrativeAction, data)
    action = AdministrativeAction(**fields)
    action.legal_representative_id_number = legal_representative_id_number
    action.agency_id = actor.agency_id
    action.created_by = action.last_edited_by = actor
    if not action.policy.may_enter(actor, action):
        raise PermissionDenied(_("Only a clerk can enter actions, and only for their own agency."))
    _check_deciding_agency(action, actor)
    prepare(action, id_number=id_number, scope_given="use_scope" in fields)
    _save(action)
    audit_record(action="disclosure.administrativeaction.create", actor=actor, obj=action, to_state=action.status)
    return action


@transaction.atomic
def action_update(
    *,
    action: AdministrativeAction,
    actor: Any,
    data: dict[str, Any],
    id_number: str | None = None,
    legal_representative_id_number: str | None = None,
) -> AdministrativeAction:
    if not action.policy.may_enter(actor, action):
        raise PermissionDenied(_("Only a clerk of the action's agency can edit it."))
    if action.status not in EDITABLE_STATUSES:
        raise PermissionDenied(_("Only a draft or a returned action can be edited."))
    changed = {k: v for k, v in entry_data(AdministrativeAction, data).items() if getattr(action, k) != v}
    for name, value in changed.items():
        setattr(action, name, value)
    if legal_representative_id_number:
        action.legal_representative_id_number = legal_representative_id_number
    if changed or id_number or legal_representative_id_number:
        action.last_edited_by = actor  # four eyes: the editor may not publish what they wrote
    _check_deciding_agency(action, actor)
    prepare(action, id_number=id_number or None)
    _save(action)
    audit_record(
        action="disclosure.administrativeaction.update",
        actor=actor,
        obj=action,
        data={
            "fields": sorted(changed)
            + (["id_number"] if id_number else [])
            + (["legal_representative_id_number"] if legal_representative_id_number else [])
        },
    )
    return action


def action_move(item: AdministrativeAction, *, move: str, actor: Any, reason: str = "") -> AdministrativeAction:
    """Every person's move on an action (admin buttons, bulk actions, the staff API).

    A durable transaction: the move, its audit event and what follows from it (a revoked
    decision leaves the public site; a late publication is an integrity fact) commit together.
    """
    after = {"publish": _after_publish, "revoke": _after_revoke}.get(move)
    with transaction.atomic(durable=True):
        return item_move(item, move=move, actor=actor, reason=reason, after=after)


def action_submit(*, action: AdministrativeAction, actor: Any) -> AdministrativeAction:
    return action_move(action, move="submit", actor=actor)


def action_publish(*, action: AdministrativeAction, actor: Any) -> AdministrativeAction:
    return action_move(action, move="publish", actor=actor)


def action_return(*, action: AdministrativeAction, actor: Any, reason: str) -> AdministrativeAction:
    return action_move(action, move="return", actor=actor, reason=reason)


def action_revoke(*, action: AdministrativeAction, actor: Any, reason: str) -> AdministrativeAction:
    return action_move(action, move="revoke", actor=actor, reason=reason)


@transaction.atomic
def action_tier_set(*, action: AdministrativeAction, actor: Any, tier: str) -> AdministrativeAction:
    """The reviewer confirms or changes the tier an import derived (disclosure.standard), before
    publication: the publicity period follows the tier, so it is recomputed. Audited."""
    if action.kind != ActionKind.PENALTY or action.status != Status.SUBMITTED:
        raise PermissionDenied(_("Only the tier of a submitted penalty can be set in review."))
    if not action.policy.may_review(actor, action):
        raise PermissionDenied(_("Only a reviewer of the agency who did not enter the item can set its tier."))
    if tier not in Tier.values:
        raise ValidationError({"tier": [_("Choose a tier.")]})
    before = action.tier
    # The use scope followed the old tier's rule (a minor penalty is internal): it follows the new one.
    scope_followed_rule = action.use_scope == default_use_scope(action)
    action.tier, action.tier_derived = tier, False
    prepare(action, scope_given=not scope_followed_rule)
    action.save(update_fields=["tier", "tier_derived", "use_scope", "due_on", "public_until", "search_text"])
    audit_record(
        action="disclosure.administrativeaction.tier_set",
        actor=actor,
        obj=action,
        from_state=action.status,
        to_state=action.status,
        data={"tier_from": before, "tier_to": tier, "derived": True},
    )
    return action


def _after_publish(action: AdministrativeAction) -> None:
    # Publishing is the reviewer's confirmation of a derived tier as it stands.
    if action.tier_derived:
        AdministrativeAction.objects.filter(pk=action.pk).update(tier_derived=False)
        action.tier_derived = False
    published = timezone.localdate(action.published_at) if action.published_at else timezone.localdate()
    if action.due_on is not None and published > action.due_on:
        record_late_publication(action, occurred_on=action.due_on + dt.timedelta(days=1))


def _after_revoke(action: AdministrativeAction) -> None:
    action_take_down(action, reason=TakedownReason.REVOKED)


def record_late_publication(action: AdministrativeAction, *, occurred_on: dt.date) -> None:
    """A missed 7-working-day clock is a government-integrity fact (plan item 16)."""
    integrity_fact_record(
        agency_id=action.agency_id,
        kind=FactKind.LATE_PUBLICATION,
        obj=action,
        occurred_on=occurred_on,
        details={"due_on": action.due_on.isoformat() if action.due_on else None},
    )


def action_take_down(
    action: AdministrativeAction, *, reason: TakedownReason, actor: Any = None, note: str = ""
) -> bool:
    """Take a published public action off the public site and log it; False if it was not up.

    The one way down: revocation, expiry, and takedowns other apps ask for through
    `core.services.takedowns` (a repaired record) all end here. Runs in the caller's transaction.
    """
    if action.use_scope != UseScope.PUBLIC or action.published_at is None:
        return False
    moved = AdministrativeAction.objects.filter(pk=action.pk, left_public_at__isnull=True).update(
        left_public_at=timezone.now()
    )
    if not moved:
        return False
    text = note or (action.revoke_reason if reason == TakedownReason.REVOKED else "")
    Takedown.objects.get_or_create(action=action, defaults={"reason": reason, "note": text})
    audit_record(
        action="disclosure.administrativeaction.take_down",
        actor=actor,
        obj=action,
        from_state=action.status,
        to_state=action.status,
        reason=note or str(TakedownReason(reason).label),
        data={"takedown_reason": str(reason)},
    )
    return True


def takedown_handler(obj: Any, *, reason: TakedownReason, actor: Any = None, note: str = "") -> None:
    """Subscribed to `core.services.takedowns` in DisclosureConfig.ready()."""
    action_take_down(obj, reason=reason, actor=actor, note=note)


@transaction.atomic
def action_show_id_number(*, action: AdministrativeAction, actor: Any) -> None:
    """Seeing a full ID number is itself recorded: who looked at whose number, and when."""
    if not actor.has_perm("core.view_full_id_number"):
        raise PermissionDenied(_("Only holders of the permission to see full ID numbers may do this."))
    audit_record(action="disclosure.administrativeaction.show_id_number", actor=actor, obj=action)
