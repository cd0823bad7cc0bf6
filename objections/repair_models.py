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
    """A request to repair one credit record of the applicant's own file. ``agency`` is the
    providing agency (信息提供单位), whose reviewers accept and decide it."""

    # What the applicant types; everything else is set by the services.
    ENTRY_FIELDS = ("statement",)

    record = models.ForeignKey(
        "records.CreditRecord",
        verbose_name=_("credit record"),
        on_delete=models.PROTECT,
        related_name="repair_requests",
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("deciding agency (信息提供单位)"),
        on_delete=models.PROTECT,
        related_name="repair_requests",
    )
    civil_servant = models.ForeignKey(
        "core.CivilServant", verbose_name=_("civil servant"), on_delete=models.PROTECT, related_name="repair_requests"
    )
    filed_by = models.ForeignKey(
        "core.User", verbose_name=_("applicant account"), on_delete=models.PROTECT, related_name="+"
    )
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
            # At most one open request per record.
            models.UniqueConstraint(
                fields=["record"], condition=Q(status__in=["submitted", "accepted"]), name="repair_one_open_per_record"
            ),
            # A record is repaired once.
            models.UniqueConstraint(fields=["record"], condition=Q(status="approved"), name="repair_one_approval"),
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
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit repair evidence file")
        verbose_name_plural = _("credit repair evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
