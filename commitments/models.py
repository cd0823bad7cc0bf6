"""Government commitments (承诺事项, plan items 7, 8, 12, 13, 15 and 20; docs/glossary.md).

A commitment is entered, reviewed and published through the shared review workflow
(`core.workflow.Reviewable`). Once published its *fulfilment* is a second, separate history
(docs/lifecycles.md, "Commitment fulfilment"): in progress, then fulfilled, lawfully changed
or breached. A breach files a dishonesty record in the agency's and in the responsible
person's integrity file; the links to those records live here, so `records` never knows
about commitments.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import long_text
from core.models import Agency, CivilServant
from core.roles import Role
from core.workflow import Reviewable, ReviewableQuerySet, ReviewPolicy, Status
from integrity.lib.identifiers import validate_uscc
from records.models import CreditRecord, KeyArea


class CommitmentKind(models.TextChoices):
    INVESTMENT_PROMOTION = "investment_promotion", _("Investment-promotion policy (招商引资政策)")
    PPP = "ppp", _("PPP project (政府和社会资本合作项目)")
    ENTERPRISE_CONTRACT = "enterprise_contract", _("Enterprise contract or agreement (涉企合同协议)")
    AIR_QUALITY = "air_quality", _("Air-pollution control target (大气污染防治目标)")
    SUB_DISTRICT_PLEDGE = "sub_district_pledge", _("Sub-district public pledge (街道公开承诺)")
    APPROVAL_TIME_LIMIT = "approval_time_limit", _("Approval time-limit pledge (行政审批时限承诺)")
    OTHER = "other", _("Other (其他)")


# The key area (重点领域) a breach record of each kind is filed under.
KIND_KEY_AREAS: dict[str, str] = {
    CommitmentKind.INVESTMENT_PROMOTION: KeyArea.INVESTMENT_PROMOTION,
    CommitmentKind.PPP: KeyArea.PPP,
    CommitmentKind.ENTERPRISE_CONTRACT: KeyArea.PROPERTY_RIGHTS,
    CommitmentKind.AIR_QUALITY: KeyArea.AIR_POLLUTION,
    CommitmentKind.SUB_DISTRICT_PLEDGE: KeyArea.SUB_DISTRICT,
    CommitmentKind.APPROVAL_TIME_LIMIT: KeyArea.APPROVAL,
    CommitmentKind.OTHER: KeyArea.OTHER,
}


class Fulfilment(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress (履行中)")
    FULFILLED = "fulfilled", _("Fulfilled (已履行)")
    CHANGED = "changed", _("Lawfully changed (依法变更)")
    BREACHED = "breached", _("Breached (失信违约)")


class CommitmentPolicy(ReviewPolicy):
    """Entry and review as for credit records: a clerk of the committing agency enters, another
    reviewer of it publishes or returns; the credit office does both for every agency (plan
    item 21), never for what it wrote itself.

    After publication: anyone of the agency who enters or reviews reports progress; a reviewer
    of the agency or the credit office records that the commitment was fulfilled or lawfully
    changed; only the credit office finds a breach, because a breach files dishonesty records
    against the agency and its responsible person (the agency does not judge itself).
    """

    enter_roles = frozenset({Role.CLERK, Role.CREDIT_OFFICE})
    review_roles = frozenset({Role.REVIEWER, Role.CREDIT_OFFICE})
    any_agency_roles = frozenset({Role.CREDIT_OFFICE})
    settle_roles = frozenset({Role.REVIEWER, Role.CREDIT_OFFICE})
    breach_roles = frozenset({Role.CREDIT_OFFICE})

    def may_report_progress(self, user: Any, item: Commitment) -> bool:
        return self.acts_for(user, item, self.enter_roles | self.review_roles)

    def may_settle(self, user: Any, item: Commitment, outcome: str) -> bool:
        roles = self.breach_roles if outcome == Fulfilment.BREACHED else self.settle_roles
        return self.acts_for(user, item, roles)


class CommitmentQuerySet(ReviewableQuerySet):
    def public(self) -> CommitmentQuerySet:
        """What the public site shows: published (a revoked commitment leaves the site)."""
        return self.filter(status=Status.PUBLISHED)

    def running(self) -> CommitmentQuerySet:
        """Published and still in progress: the commitments whose milestones are watched."""
        return self.filter(status=Status.PUBLISHED, fulfilment=Fulfilment.IN_PROGRESS)


class Commitment(Reviewable):
    """One government commitment (承诺事项). ``agency`` (the workflow's owning agency) is the
    committing agency, so its clerks enter and its reviewers publish."""

    # Checked for personal data (R-P): everything here is public once published.
    FREE_TEXT_FIELDS = ("title", "promise", "document_number")
    ENTRY_FIELDS = (
        "committing_agency",
        "kind",
        "title",
        "promise",
        "responsible_person",
        "made_on",
        "document_number",
    )
    policy: ClassVar[ReviewPolicy] = CommitmentPolicy()

    committing_agency = models.ForeignKey(
        Agency, verbose_name=_("committing agency (承诺单位)"), on_delete=models.PROTECT, related_name="commitments"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CommitmentKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    promise = long_text(_("the promise in words (承诺内容)"))
    responsible_person = models.ForeignKey(
        CivilServant,
        verbose_name=_("responsible person (责任人)"),
        on_delete=models.PROTECT,
        related_name="commitments",
        help_text=_("A civil servant of the committing agency. Never shown on the public site."),
    )
    made_on = models.DateField(
        _("made on (作出日期)"), db_index=True, help_text=_("Publication is due 7 working days after this day.")
    )
    document_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)

    # Derived: the publication clock (None while the calendar does not cover it).
    due_on = models.DateField(_("publication due on"), null=True, blank=True, db_index=True)

    # The fulfilment history after publication; never typed in the entry form.
    fulfilment = models.CharField(
        _("fulfilment"), max_length=20, choices=Fulfilment.choices, default=Fulfilment.IN_PROGRESS, db_index=True
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settled_by = models.ForeignKey(
        "core.User", verbose_name=_("settled by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_note = long_text(_("outcome"), blank=True)
    change_legal_basis = long_text(_("legal basis of the change (变更依据)"), blank=True)
    change_procedure = long_text(_("procedure followed (履行程序)"), blank=True)
    change_compensation = long_text(_("compensation decided (补偿决定)"), blank=True)
    # Responsibility tracing (plan items 12, 13): the dishonesty records a breach filed.
    breach_agency_record = models.OneToOneField(
        CreditRecord,
        verbose_name=_("breach record of the agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    breach_person_record = models.OneToOneField(
        CreditRecord,
        verbose_name=_("breach record of the responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-made_on", "-id"]
        indexes = [models.Index(fields=["status", "fulfilment", "-made_on"], name="commitment_public")]
        constraints = [
            # A breach is traced to both files, or it is not a breach.
            models.CheckConstraint(
                condition=~Q(fulfilment="breached")
                | (Q(breach_agency_record__isnull=False) & Q(breach_person_record__isnull=False)),
                name="commitment_breach_traced",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from commitments.services.commitments import check_commitment  # the services import this module

        check_commitment(self)

    def personal_names(self) -> list[str]:
        return [self.responsible_person.name] if self.responsible_person_id and self.responsible_person else []


class Counterparty(models.Model):
    """A company the commitment is made to, by its unified social credit code (companies only:
    a natural person is never named on the public page)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="counterparties")
    name = models.CharField(_("company name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, validators=[validate_uscc])

    class Meta:
        verbose_name = _("counterparty")
        verbose_name_plural = _("counterparties")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["commitment", "uscc"], name="counterparty_once")]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"


class Target(models.Model):
    """A measurable target (量化指标): reach ``value`` ``unit`` from ``baseline`` by ``deadline``."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="targets")
    description = models.CharField(_("target"), max_length=200)
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(_("deadline"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.value} {self.unit}"


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def open(self) -> MilestoneQuerySet:
        """Not reached, of a commitment that is published and in progress: the milestone clock runs."""
        return self.filter(
            reached_on__isnull=True, commitment__status=Status.PUBLISHED, commitment__fulfilment=Fulfilment.IN_PROGRESS
        )


class Milestone(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"), db_index=True)
    # Set by a progress update that reports it reached; never typed in the entry form.
    reached_on = models.DateField(_("reached on"), null=True, blank=True, editable=False)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.due_on}）"


class ProgressQuerySet(models.QuerySet["ProgressUpdate"]):
    def visible_to(self, user: Any) -> ProgressQuerySet:
        """The progress of the commitments ``user`` may see (the one gate, also for evidence)."""
        return self.filter(commitment__in=Commitment.objects.visible_to(user))


class ProgressUpdate(models.Model):
    """A report on how the commitment is going (履行进展), with an optional evidence file stored
    like credit records' evidence (records.services.evidence): type judged by content, a server
    name, sent only to those who may see the commitment."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.PROTECT, related_name="progress_updates"
    )
    reported_on = models.DateField(_("date of the progress"))
    description = long_text(_("progress"))
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone reached"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        help_text=_("If this progress reaches a milestone, choose it."),
    )
    evidence_stored_name = models.CharField(_("stored name"), max_length=200, blank=True, editable=False)
    evidence_original_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    evidence_content_type = models.CharField(_("type"), max_length=100, blank=True, editable=False)
    evidence_size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True, editable=False)
    evidence_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    entered_by = models.ForeignKey(
        "core.User", verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    ENTRY_FIELDS = ("commitment", "reported_on", "description", "milestone")

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.description[:30]}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_stored_name)
