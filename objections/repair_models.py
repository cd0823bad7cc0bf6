"""Credit repair (信用修复) of a civil servant's own dishonesty record (issue 10, item 7;
docs/lifecycles.md, "Credit repair"), following 信用修复管理办法 (in force 2026-04-01).

A request is a fact of its own, like an objection: the record's status stays a review state.
While a request is open the record shows 「信用修复中」; once approved, 「已信用修复」 (marks read
from these rows, `objections.services.repair_marks`), and the record has left the public site
through the takedown path with the reason "repaired".

Imported by `objections.models`, so the models belong to the objections app.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AgencyScopedQuerySet
from core.roles import Role


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted (已提交)")
    ACCEPTED = "accepted", _("Accepted (已受理)")
    APPROVED = "approved", _("Repaired (准予修复)")
    REFUSED = "refused", _("Refused (不予修复)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted (不予受理)")


REPAIR_OPEN_STATUSES = (RepairStatus.SUBMITTED, RepairStatus.ACCEPTED)
REPAIR_CLOSED_STATUSES = (RepairStatus.APPROVED, RepairStatus.REFUSED, RepairStatus.NOT_ACCEPTED)


class RepairRequestQuerySet(AgencyScopedQuerySet):
    """The deciding agency's clerks and reviewers and the credit office see its requests; a
    civil servant sees the requests they filed; nobody else any."""

    agency_roles = frozenset({Role.CLERK, Role.REVIEWER})

    def visible_to_others(self, user: Any) -> Any:
        return self.filter(filed_by=user)

    def open(self) -> RepairRequestQuerySet:
        return self.filter(status__in=REPAIR_OPEN_STATUSES)


class RepairRequest(models.Model):
    """A request to repair one credit record of the applicant's own file, or one published
    decision about the applicant (a counterparty, without an account). ``agency`` is the
    providing agency (信息提供单位), whose reviewers accept and decide it."""

    # What the applicant types; everything else is set by the services.
    ENTRY_FIELDS = ("statement",)

    # What is repaired: a record of a civil servant's own file, or (a company or person named in
    # a published decision) an item of another app, as for objections; exactly one of the two.
    record = models.ForeignKey(
        "records.CreditRecord",
        verbose_name=_("credit record"),
        on_delete=models.PROTECT,
        related_name="repair_requests",
        null=True,
        blank=True,
    )
    item_type = models.ForeignKey(
        ContentType, verbose_name=_("item type"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    item_id = models.PositiveBigIntegerField(_("item id"), null=True, blank=True)
    item = GenericForeignKey("item_type", "item_id")
    item_title = models.CharField(_("item"), max_length=300, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("deciding agency (信息提供单位)"),
        on_delete=models.PROTECT,
        related_name="repair_requests",
    )
    civil_servant = models.ForeignKey(
        "core.CivilServant",
        verbose_name=_("civil servant"),
        on_delete=models.PROTECT,
        related_name="repair_requests",
        null=True,
        blank=True,
    )
    filed_by = models.ForeignKey(
        "core.User",
        verbose_name=_("applicant account"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # A counterparty applies without an account: identified against the item, a confirmed
    # address for the decision, and a query code for the public status page.
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    identified_by = models.CharField(_("identified by"), max_length=20, blank=True)
    filed_by_agent = models.BooleanField(_("filed by an agent"), default=False)
    query_code = models.CharField(_("query code (查询码)"), max_length=20, unique=True, null=True, blank=True)
    # The decision mail to a counterparty (objections.services.answer_mail, as for objections).
    decision_mail_pending = models.BooleanField(_("decision mail pending"), default=False)
    decision_mailed_at = models.DateTimeField(_("decision mailed at"), null=True, blank=True)
    statement = models.TextField(_("how the obligations were fulfilled (履行情况说明)"), max_length=5000)
    # The credit commitment (信用承诺书) exactly as rendered and accepted at filing.
    commitment_text = models.TextField(_("credit commitment (信用承诺书)"))
    commitment_accepted_at = models.DateTimeField(_("commitment accepted at"))
    # Eligibility as read from the record at filing (the date the periods allowed it from).
    eligible_from = models.DateField(_("eligible from"))
    filed_at = models.DateTimeField(_("filed at"))
    filed_on = models.DateField(_("filed on"))
    # Filing date + 3 and + 10 working days, stored; NULL while the calendar does not cover them.
    accept_due_on = models.DateField(_("acceptance due (受理期限)"), null=True, blank=True, db_index=True)
    decide_due_on = models.DateField(_("decision due (办结期限)"), null=True, blank=True, db_index=True)
    decide_remind_on = models.DateField(_("decision reminder on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RepairStatus.choices, default=RepairStatus.SUBMITTED)
    accepted_by = models.ForeignKey(
        "core.User", verbose_name=_("accepted by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons of the decision (处理意见)"), blank=True)
    decided_by = models.ForeignKey(
        "core.User", verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    objects = RepairRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit repair request")
        verbose_name_plural = _("credit repair requests")
        ordering = ["-filed_at", "-id"]
        constraints = [
            # At most one open request per record or item.
            models.UniqueConstraint(
                fields=["record"], condition=Q(status__in=["submitted", "accepted"]), name="repair_one_open_per_record"
            ),
            models.UniqueConstraint(
                fields=["item_type", "item_id"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="repair_one_open_per_item",
            ),
            # A record or item is repaired once.
            models.UniqueConstraint(fields=["record"], condition=Q(status="approved"), name="repair_one_approval"),
            models.UniqueConstraint(
                fields=["item_type", "item_id"], condition=Q(status="approved"), name="repair_one_item_approval"
            ),
            # A civil servant applies signed in, on a record of their own file; a counterparty on
            # a published item, with a confirmed address and a query code.
            models.CheckConstraint(
                condition=Q(
                    civil_servant__isnull=False,
                    filed_by__isnull=False,
                    record__isnull=False,
                    item_type__isnull=True,
                    item_id__isnull=True,
                )
                | (
                    Q(
                        civil_servant__isnull=True,
                        filed_by__isnull=True,
                        record__isnull=True,
                        item_type__isnull=False,
                        item_id__isnull=False,
                        email_confirmed_at__isnull=False,
                        query_code__isnull=False,
                    )
                    & ~Q(contact_email="")
                ),
                name="repair_applicant_known",
            ),
            # A closed request has its decision; a refusal always says why.
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "accepted"], decided_at__isnull=True)
                | Q(status="approved", decided_at__isnull=False)
                | (Q(status__in=["refused", "not_accepted"], decided_at__isnull=False) & ~Q(decision_reasons="")),
                name="repair_decision_complete",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status"], name="repair_agency_open")]

    def __str__(self) -> str:
        return f"{_('Credit repair request')} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in REPAIR_OPEN_STATUSES

    @property
    def is_counterparty(self) -> bool:
        return self.record_id is None

    def repaired_item(self) -> Any:
        """The credit record or the published item this request is about."""
        return self.record if self.record_id is not None else self.item


class RepairEvidence(models.Model):
    """Evidence that the obligations were fulfilled (履行证明材料), under the upload rules of the
    integrity files (records.services.evidence), read back only by those who may see the request."""

    request = models.ForeignKey(
        RepairRequest, verbose_name=_("credit repair request"), on_delete=models.PROTECT, related_name="evidence"
    )
    stored_name = models.CharField(_("stored name"), max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # A counterparty's agent's authorisation letter (授权委托书), kept apart from the evidence.
    is_authorisation = models.BooleanField(_("authorisation letter"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit repair evidence file")
        verbose_name_plural = _("credit repair evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
