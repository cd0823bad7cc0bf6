"""The review workflow every published item goes through (docs/lifecycles.md).

Records, administrative actions, commitments and evaluations share the review states. Each
model states its own moves (`Reviewable.moves`) and who may make them (`Reviewable.policy`,
a `ReviewPolicy`); nothing changes a status except `item_move`. A move is a conditional
UPDATE on the old status, so a repeated or racing call changes nothing twice, and its audit
event is written in the same transaction. An open objection, a correction or a repair is not
a status: the objections app owns those facts in its own rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity.lib.errors import ApplicationError, Conflict

from .models import AgencyScopedQuerySet
from .roles import Role
from .services.audit import audit_record


class Status(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted for review")
    RETURNED = "returned", gettext_lazy("Returned")
    PUBLISHED = "published", gettext_lazy("Published")
    REVOKED = "revoked", gettext_lazy("Revoked")
    EXPIRED = "expired", gettext_lazy("Expired")


# Not yet published: the publication clock runs. The one definition of "open".
OPEN_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED, Status.RETURNED})
# A person edits the content only before review, or after it came back.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})


class WorkflowError(ApplicationError):
    """A move the item's current status (or the input) does not allow."""

    default_field = "status"


class ConcurrentChange(Conflict):
    """Another request moved the item between reading and writing it."""

    def __init__(self) -> None:
        super().__init__(_("The item was changed by someone else; reload and try again."))


Stamps = Callable[[Any, str, dt.datetime], dict[str, Any]]


def _no_stamps(actor: Any, reason: str, now: dt.datetime) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Move:
    """One allowed move: from any of ``sources`` to ``target``; ``stamps`` gives the fields it sets."""

    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    needs_reason: bool = False
    reason_prompt: str | Promise = ""  # the message when the reason is missing
    by_system: bool = False  # made by a sweep, never offered to a person
    stamps: Stamps = field(default=_no_stamps, compare=False)


SUBMIT = Move(
    "submit",
    gettext_lazy("Submit for review"),
    frozenset({Status.DRAFT, Status.RETURNED}),
    Status.SUBMITTED,
    stamps=lambda actor, reason, now: {"submitted_by": actor, "submitted_at": now, "return_reason": ""},
)
PUBLISH = Move(
    "publish",
    gettext_lazy("Publish"),
    frozenset({Status.SUBMITTED}),
    Status.PUBLISHED,
    stamps=lambda actor, reason, now: {"reviewed_by": actor, "published_at": now},
)
RETURN = Move(
    "return",
    gettext_lazy("Return with reason"),
    frozenset({Status.SUBMITTED}),
    Status.RETURNED,
    needs_reason=True,
    reason_prompt=gettext_lazy("Give the reason for returning the item."),
    stamps=lambda actor, reason, now: {"reviewed_by": actor, "return_reason": reason},
)
REVOKE = Move(
    "revoke",
    gettext_lazy("Revoke with reason"),
    frozenset({Status.PUBLISHED}),
    Status.REVOKED,
    needs_reason=True,
    reason_prompt=gettext_lazy("Give the reason for revoking the item."),
    stamps=lambda actor, reason, now: {"revoked_at": now, "revoke_reason": reason},
)
EXPIRE = Move("expire", gettext_lazy("Expire"), frozenset({Status.PUBLISHED}), Status.EXPIRED, by_system=True)

REVIEW_MOVES: Mapping[str, Move] = {m.name: m for m in (SUBMIT, PUBLISH, RETURN, REVOKE, EXPIRE)}


def has_any_role(user: Any, roles: Iterable[Role]) -> bool:
    return any(user.has_role(role) for role in roles)


class ReviewPolicy:
    """Who may make which move. The default (docs/lifecycles.md): a clerk of the item's
    agency enters and submits; a reviewer of the same agency who neither submitted nor
    wrote the content publishes or returns; a reviewer of the agency, or the credit office
    for any agency, revokes. A model with other rules subclasses this and changes the role
    sets or a method; core is not edited."""

    enter_roles: ClassVar[frozenset[Role]] = frozenset({Role.CLERK})
    review_roles: ClassVar[frozenset[Role]] = frozenset({Role.REVIEWER})
    revoke_roles: ClassVar[frozenset[Role]] = frozenset({Role.REVIEWER})
    # Roles whose holders act for every agency (the credit office oversees the district).
    any_agency_roles: ClassVar[frozenset[Role]] = frozenset()
    any_agency_revoke_roles: ClassVar[frozenset[Role]] = frozenset({Role.CREDIT_OFFICE})

    def acts_for(self, user: Any, item: Reviewable, roles: frozenset[Role]) -> bool:
        """An active user holding one of ``roles`` for the item's agency, which must be active."""
        if not (user.is_authenticated and user.is_active and has_any_role(user, roles)):
            return False
        if has_any_role(user, roles & self.any_agency_roles):
            return True
        return bool(user.agency_id and user.agency_id == item.agency_id and user.agency.is_active)

    def is_author(self, user: Any, item: Reviewable) -> bool:
        """Four eyes: whoever submitted, created or last edited the content is its author."""
        return user.pk in {item.submitted_by_id, item.created_by_id, item.last_edited_by_id}

    def may_enter(self, user: Any, item: Reviewable) -> bool:
        return self.acts_for(user, item, self.enter_roles)

    def may_review(self, user: Any, item: Reviewable) -> bool:
        return self.acts_for(user, item, self.review_roles) and not self.is_author(user, item)

    def may_revoke(self, user: Any, item: Reviewable) -> bool:
        if user.is_authenticated and user.is_active and has_any_role(user, self.any_agency_revoke_roles):
            return True
        return self.acts_for(user, item, self.revoke_roles)

    def permits(self, move: Move, user: Any, item: Reviewable) -> bool:
        if move.by_system:
            return False
        check = {
            "submit": self.may_enter,
            "publish": self.may_review,
            "return": self.may_review,
            "revoke": self.may_revoke,
        }.get(move.name, self.may_review)
        return check(user, item)

    def notice_recipients(self, move: Move, item: Reviewable, actor: Any) -> list[Any]:
        """Who is told of a move (docs/lifecycles.md): a submission goes to the reviewers of the
        agency, a return or a publication to whoever submitted it; nobody is told of their own move."""
        from .models import User

        if move.name == "submit":
            reviewers = User.objects.filter(
                is_active=True, agency_id=item.agency_id, groups__name__in=[r.value for r in self.review_roles]
            ).distinct()
            return [u for u in reviewers if u.pk != getattr(actor, "pk", None)]
        if move.name in ("return", "publish") and item.submitted_by_id and item.submitted_by_id != actor.pk:
            return [User.objects.get(pk=item.submitted_by_id)]
        return []

    def refusal(self, move: Move) -> str:
        if move.name == "submit":
            return _("Only a clerk of the item's agency can submit it.")
        if move.name == "revoke":
            return _("Only a reviewer of the item's agency or the credit office can revoke it.")
        return _("Only a reviewer of the item's agency who neither wrote nor submitted it can do this.")


class ReviewableQuerySet(AgencyScopedQuerySet):
    def open(self) -> Any:
        """Not yet published: the items whose publication clock is running."""
        return self.filter(status__in=OPEN_STATUSES)

    def published(self) -> Any:
        return self.filter(status=Status.PUBLISHED)


class Reviewable(models.Model):
    """The review workflow's fields; `agency` is the owning agency.

    A concrete model sets ``ENTRY_FIELDS``: the fields a person may type, in form order. The
    admin form, the staff serializer, the create and update services and the import take
    exactly those (a system check and the tests pin them), so a new field stays closed
    until someone adds it there on purpose.
    """

    ENTRY_FIELDS: ClassVar[tuple[str, ...]] = ()
    moves: ClassVar[Mapping[str, Move]] = REVIEW_MOVES
    policy: ClassVar[ReviewPolicy] = ReviewPolicy()

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
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("last edited by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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


# Derived from the abstract model, never typed by hand: no person types any of these.
WORKFLOW_FIELDS: frozenset[str] = frozenset(f.name for f in Reviewable._meta.fields)

R = TypeVar("R", bound=Reviewable)


def moves_for(user: Any, item: Reviewable) -> list[Move]:
    """The moves ``user`` may make on ``item`` now: the buttons to show, and no others."""
    return [m for m in item.moves.values() if item.status in m.sources and item.policy.permits(m, user, item)]


def item_move(
    item: R,
    *,
    move: str,
    actor: Any,
    reason: str = "",
    after: Callable[[R], object] | None = None,
) -> R:
    """Make one move; ``after`` runs on the locked row inside the same transaction.

    ``actor`` is None only for a move ``by_system`` (a sweep); every other move is checked
    against the model's policy, first on the caller's copy and again on the locked row,
    since the copy may predate a resubmission.
    """
    spec = item.moves.get(move)
    if spec is None:
        raise WorkflowError(_("This item has no move “%(move)s”.") % {"move": move})
    policy = item.policy
    if not spec.by_system and not policy.permits(spec, actor, item):
        raise PermissionDenied(policy.refusal(spec))
    if spec.needs_reason and not reason.strip():
        raise WorkflowError(spec.reason_prompt or _("Give the reason."), field="reason")
    model = type(item)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=item.pk)
        if not spec.by_system and not policy.permits(spec, actor, current):
            raise PermissionDenied(policy.refusal(spec))  # e.g. the actor has since become its submitter
        if current.status not in spec.sources:
            raise WorkflowError(
                _("“%(move)s” is not possible while the status is “%(status)s”.")
                % {"move": spec.label, "status": current.get_status_display()}
            )
        fields = {"status": spec.target, **spec.stamps(actor, reason, timezone.now())}
        if not model._default_manager.filter(pk=item.pk, status=current.status).update(**fields):
            raise ConcurrentChange
        audit_record(
            action=f"{model._meta.label_lower}.{spec.name}",
            actor=actor,
            obj=current,
            from_state=current.status,
            to_state=spec.target,
            reason=reason,
        )
        current.refresh_from_db()
        _notify_move(spec, current, actor)
        if after is not None:
            after(current)
    item.refresh_from_db()
    return item


def _notify_move(spec: Move, item: Reviewable, actor: Any) -> None:
    if spec.by_system:
        return
    recipients = item.policy.notice_recipients(spec, item, actor)
    if not recipients:
        return
    from django.urls import NoReverseMatch, reverse

    from .services.notifications import notify

    opts = item._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        url = ""
    words = {"item": str(item), "kind": str(opts.verbose_name), "actor": actor.get_full_name() or actor.get_username()}
    if spec.name == "submit":
        subject = _("To review: %(kind)s %(item)s") % words
        body = _("%(actor)s submitted %(item)s for review.") % words
    elif spec.name == "return":
        subject = _("Returned to you: %(kind)s %(item)s") % words
        body = _("%(actor)s returned it. Reason: %(reason)s") % {**words, "reason": item.return_reason}
    elif spec.name == "publish":
        subject = _("Published: %(kind)s %(item)s") % words
        body = _("%(actor)s published %(item)s.") % words
    else:
        subject = _("%(move)s: %(kind)s %(item)s") % {**words, "move": spec.label}
        body = subject
    # One notice per round: a resubmission after a return is news again.
    stamp = item.submitted_at.isoformat() if item.submitted_at else ""
    notify(
        recipients=recipients,
        kind=f"workflow.{spec.name}",
        key=f"{opts.label_lower}-{item.pk}-{spec.name}-{stamp}",
        subject=subject,
        body=body,
        url=url,
    )


def item_submit(*, item: R, actor: Any) -> R:
    return item_move(item, move=SUBMIT.name, actor=actor)


def item_publish(*, item: R, actor: Any, after: Callable[[R], object] | None = None) -> R:
    return item_move(item, move=PUBLISH.name, actor=actor, after=after)


def item_return(*, item: R, actor: Any, reason: str) -> R:
    return item_move(item, move=RETURN.name, actor=actor, reason=reason)


def item_revoke(*, item: R, actor: Any, reason: str, after: Callable[[R], object] | None = None) -> R:
    return item_move(item, move=REVOKE.name, actor=actor, reason=reason, after=after)


def item_expire(*, item: R, reason: str, after: Callable[[R], object] | None = None) -> R:
    return item_move(item, move=EXPIRE.name, actor=None, reason=reason, after=after)


def entry_data(model: type[Reviewable], data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` limited to the model's ENTRY_FIELDS; anything else is refused, not dropped,
    so a caller that passes a workflow field learns it at once."""
    refused = sorted(set(data) - set(model.ENTRY_FIELDS))
    if refused:
        raise ApplicationError(_("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(refused)})
    return dict(data)
