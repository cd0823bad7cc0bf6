"""Objections (异议) to credit records, answered by the providing agency within 10 working days
(plan item 9; docs/lifecycles.md, "Objection").

An objection is a fact of its own, never a status typed into the record: while one is open the
record shows 「异议处理中」 (a mark read from these rows, `objections.services.marks`).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AgencyScopedQuerySet
from core.roles import Role

# Readable and unambiguous: no 0/O, 1/I/L (a filer may read the code out on the telephone).
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 12


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


class ObjectionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted (已提交)")
    ACCEPTED = "accepted", _("Accepted (已受理)")
    ANSWERED = "answered", _("Answered (已答复)")
    REJECTED = "rejected", _("Not admissible (不予受理)")


OPEN_STATUSES = (ObjectionStatus.SUBMITTED, ObjectionStatus.ACCEPTED)


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Record upheld (维持)")
    CORRECTED = "corrected", _("Record corrected (更正)")
    REVOKED = "revoked", _("Record revoked (撤销)")
    INADMISSIBLE = "inadmissible", _("Not admissible (不予受理)")


class FilerKind(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant, on own record")
    # A counterparty of a published item files without an account, from the item's public page.
    COUNTERPARTY = "counterparty", _("Counterparty of a published item")


class IdentifiedBy(models.TextChoices):
    CREDIT_CODE = "credit_code", _("Unified social credit code and document number")
    ID_NUMBER = "id_number", _("ID number and document number")


class ObjectionQuerySet(AgencyScopedQuerySet):
    """The answering agency's clerks and reviewers and the credit office see its objections; a
    civil servant sees the objections they filed; nobody else any."""

    agency_roles = frozenset({Role.CLERK, Role.REVIEWER})

    def visible_to_others(self, user: Any) -> Any:
        return self.filter(filed_by=user, filer_kind=FilerKind.CIVIL_SERVANT)

    def open(self) -> ObjectionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: Any) -> ObjectionQuerySet:
        """Open past the due date, or answered after it: the credit office's overdue list."""
        return self.filter(due_on__isnull=False).filter(
            Q(status__in=OPEN_STATUSES, due_on__lt=today) | Q(answered_on__gt=models.F("due_on"))
        )


class Objection(models.Model):
    """A challenge to one credit record or one published item. ``agency`` is the providing agency (信息提供单位), whose
    reviewers answer it; the filer is a civil servant (on their own record) or the counterparty
    of a published item, with a confirmed contact e-mail and a query code instead of an account."""

    # What the filer types; everything else is set by the services.
    ENTRY_FIELDS = ("reasons",)

    # What is objected to: a record of a civil servant's own file, or (counterparty) a published
    # item of another app, found through core.services.objectables; exactly one of the two.
    record = models.ForeignKey(
        "records.CreditRecord",
        verbose_name=_("credit record"),
        on_delete=models.PROTECT,
        related_name="objections",
        null=True,
        blank=True,
    )
    item_type = models.ForeignKey(
        ContentType, verbose_name=_("item type"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    item_id = models.PositiveBigIntegerField(_("item id"), null=True, blank=True)
    item = GenericForeignKey("item_type", "item_id")
    # The item's public headline when the objection was filed, for the answering reviewers' lists.
    item_title = models.CharField(_("item"), max_length=300, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("answering agency (信息提供单位)"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    filer_kind = models.CharField(_("filed by"), max_length=20, choices=FilerKind.choices)
    civil_servant = models.ForeignKey(
        "core.CivilServant",
        verbose_name=_("civil servant"),
        on_delete=models.PROTECT,
        related_name="objections",
        null=True,
        blank=True,
    )
    filed_by = models.ForeignKey(
        "core.User", verbose_name=_("filer account"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # A counterparty's address is confirmed by a one-time code before the objection is filed.
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    identified_by = models.CharField(_("identified by"), max_length=20, choices=IdentifiedBy.choices, blank=True)
    # Filed by an agent (代理人) for the counterparty: an authorisation letter is among the files.
    filed_by_agent = models.BooleanField(_("filed by an agent"), default=False)
    reasons = models.TextField(_("reasons (异议理由)"), max_length=5000)
    query_code = models.CharField(_("query code (查询码)"), max_length=20, unique=True, default=new_query_code)
    filed_at = models.DateTimeField(_("filed at"))
    filed_on = models.DateField(_("filed on"))
    # Filing date + 10 working days, stored; NULL while the calendar does not cover it.
    due_on = models.DateField(_("answer due (答复期限)"), null=True, blank=True, db_index=True)
    # Two working days before the due date: the one reminder to the reviewers.
    remind_on = models.DateField(_("reminder on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.SUBMITTED
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("written reply (答复意见)"), blank=True)
    answered_by = models.ForeignKey(
        "core.User", verbose_name=_("answered by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # The answer mail to a counterparty's confirmed address (objections.services.answer_mail).
    answer_mail_pending = models.BooleanField(_("answer mail pending"), default=False)
    answer_mailed_at = models.DateTimeField(_("answer mailed at"), null=True, blank=True)
    corrected_version = models.PositiveIntegerField(_("record version after correction"), null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-filed_at", "-id"]
        constraints = [
            # At most one open objection per record (a second filer waits for the answer).
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="objection_one_open_per_record",
            ),
            models.UniqueConstraint(
                fields=["item_type", "item_id"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="objection_one_open_per_item",
            ),
            # A civil servant files signed in, on a record of their own file; a counterparty
            # files on a published item, with a confirmed contact address.
            models.CheckConstraint(
                condition=(
                    Q(
                        filer_kind="civil_servant",
                        civil_servant__isnull=False,
                        filed_by__isnull=False,
                        record__isnull=False,
                        item_type__isnull=True,
                        item_id__isnull=True,
                    )
                    | (
                        Q(
                            filer_kind="counterparty",
                            record__isnull=True,
                            item_type__isnull=False,
                            item_id__isnull=False,
                            email_confirmed_at__isnull=False,
                        )
                        & ~Q(contact_email="")
                        & ~Q(identified_by="")
                    )
                ),
                name="objection_filer_known",
            ),
            # An answer has its outcome and its written reply; an open objection has neither.
            models.CheckConstraint(
                condition=(Q(status__in=["submitted", "accepted"], outcome="", answered_at__isnull=True))
                | (
                    Q(status__in=["answered", "rejected"])
                    & ~Q(outcome="")
                    & ~Q(reply="")
                    & Q(answered_at__isnull=False)
                ),
                name="objection_answer_complete",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "due_on"], name="objection_agency_open")]

    def __str__(self) -> str:
        return f"{_('Objection')} {self.query_code}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_counterparty(self) -> bool:
        return self.filer_kind == FilerKind.COUNTERPARTY

    def objected_item(self) -> Any:
        """The credit record or the published item this objection is about."""
        return self.record if self.record_id is not None else self.item

    @property
    def kept_deadline(self) -> bool | None:
        """Whether the answer came by the due date; None while open or while no due date is known."""
        if self.answered_on is None or self.due_on is None:
            return None
        return self.answered_on <= self.due_on


class ObjectionEvidence(models.Model):
    """A file the filer attached (证明材料), under the upload rules of the integrity files
    (records.services.evidence), read back only by those who may see the objection."""

    objection = models.ForeignKey(
        Objection, verbose_name=_("objection"), on_delete=models.PROTECT, related_name="evidence"
    )
    stored_name = models.CharField(_("stored name"), max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The agent's authorisation letter (授权委托书), kept apart from the evidence proper.
    is_authorisation = models.BooleanField(_("authorisation letter"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection evidence file")
        verbose_name_plural = _("objection evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# Credit repair lives in its own module (issue 10, item 7); imported here so Django finds it.
from objections.repair_models import (  # noqa: E402
    REPAIR_OPEN_STATUSES,
    RepairEvidence,
    RepairRequest,
    RepairStatus,
)

__all__ = ["REPAIR_OPEN_STATUSES", "RepairEvidence", "RepairRequest", "RepairStatus"]
