"""Integrity files (政务诚信档案): credit records of agencies and civil servants, and the
integrity facts other apps report (docs/glossary.md, "Records and files")."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import long_text
from core.models import Agency, AgencyScopedQuerySet, CivilServant
from core.roles import Role
from core.services.takedowns import TakedownReason
from core.workflow import Reviewable, ReviewableQuerySet, ReviewPolicy, Status


class IntegrityFact(models.Model):
    """Something that counts in an agency's integrity evaluation (plan item 16), reported by
    the app where it happened through `records.services.facts`, so the evaluation counts
    these rows and never imports `disclosure` or `objections`."""

    class Kind(models.TextChoices):
        LATE_PUBLICATION = "late_publication", _("Publication deadline missed")
        LATE_OBJECTION_ANSWER = "late_objection_answer", _("Objection answer deadline missed")

    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="integrity_facts"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    occurred_on = models.DateField(_("occurred on"), db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("integrity fact")
        verbose_name_plural = _("integrity facts")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            # A fact about one object is counted once, however often it is reported.
            models.UniqueConstraint(fields=["kind", "object_type", "object_id"], name="integrity_fact_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_type}:{self.object_id}"


# --- credit records (plan items 1 and 2) ---


class Category(models.TextChoices):
    """The plan's two lists: item 1 for civil servants, item 2 for agencies (one field, two
    allowed subsets: `CIVIL_SERVANT_CATEGORIES`, `AGENCY_CATEGORIES`)."""

    # 公务员诚信档案 (plan item 1)
    PERSONAL_FILE = "personal_file", _("Personal-file registration (个人档案填写登记)")
    PERSONAL_MATTERS = "personal_matters", _("Personal-matters report verification (个人事项报告查核)")
    CLEAN_GOVERNANCE = "clean_governance", _("Integrity record (廉政记录)")
    ANNUAL_ASSESSMENT = "annual_assessment", _("Annual assessment result (年度考核结果)")
    TRAINING = "training", _("Integrity education and training (诚信教育培训)")
    ADMINISTRATIVE_PENALTY = "administrative_penalty", _("Administrative penalty (行政处罚)")
    DISCIPLINARY_SANCTION = "disciplinary_sanction", _("Disciplinary or governmental sanction (纪律处分/政务处分)")
    ACCOUNTABILITY = "accountability", _("Accountability (问责处理)")
    # both lists
    JUDGMENT = "judgment", _("Judicial judgment, incl. dishonest judgment debtor (司法判决, 含失信被执行人)")
    # 政府诚信档案 (plan item 2)
    LAW_BASED_ADMINISTRATION = "law_based_administration", _("Law-based administration (依法行政)")
    INFORMATION_DISCLOSURE = "information_disclosure", _("Information disclosure (政务公开/信息公开)")
    CREDIT_SYSTEM_WORK = "credit_system_work", _("Credit-system work (社会信用体系建设)")
    GOAL_COMPLETION = "goal_completion", _("Plan and goal completion (计划和目标完成)")
    DEBT_AND_BUDGET = "debt_and_budget", _("Debt and budget management (政府债务和预算管理)")
    CONTRACT_FULFILMENT = "contract_fulfilment", _("Contract and commitment fulfilment (合同和承诺履行)")
    RECONSIDERATION_LITIGATION = (
        "reconsideration_litigation",
        _("Administrative reconsideration and litigation (行政复议和行政诉讼)"),
    )
    DISCIPLINE_INSPECTION = "discipline_inspection", _("Discipline inspection (纪检监察)")
    AUDIT = "audit", _("Audit and inspection (审计督查)")


CIVIL_SERVANT_CATEGORIES = frozenset(
    {
        Category.PERSONAL_FILE,
        Category.PERSONAL_MATTERS,
        Category.CLEAN_GOVERNANCE,
        Category.ANNUAL_ASSESSMENT,
        Category.TRAINING,
        Category.JUDGMENT,
        Category.ADMINISTRATIVE_PENALTY,
        Category.DISCIPLINARY_SANCTION,
        Category.ACCOUNTABILITY,
    }
)
AGENCY_CATEGORIES = frozenset(
    {
        Category.LAW_BASED_ADMINISTRATION,
        Category.INFORMATION_DISCLOSURE,
        Category.CREDIT_SYSTEM_WORK,
        Category.GOAL_COMPLETION,
        Category.DEBT_AND_BUDGET,
        Category.CONTRACT_FULFILMENT,
        Category.JUDGMENT,
        Category.RECONSIDERATION_LITIGATION,
        Category.DISCIPLINE_INSPECTION,
        Category.AUDIT,
    }
)


class Polarity(models.TextChoices):
    TRUSTWORTHY = "trustworthy", _("Trustworthy (守信)")
    DISHONEST = "dishonest", _("Dishonest (失信)")
    NEUTRAL = "neutral", _("Neutral (中性)")


class Tier(models.TextChoices):
    # Shared with disclosure's actions, which import it from here (records ← disclosure).
    MINOR = "minor", _("Minor (轻微)")
    GENERAL = "general", _("General (一般)")
    SERIOUS = "serious", _("Serious (严重)")


class UseScope(models.TextChoices):
    PUBLIC = "public", _("Public (公示)")
    INTERNAL = "internal", _("Internal sharing (内部共享)")
    AUTHORISED = "authorised", _("Authorised query (授权查询)")


class KeyArea(models.TextChoices):
    PROCUREMENT = "procurement", _("Government procurement (政府采购)")
    PPP = "ppp", _("Public-private partnership (政府和社会资本合作)")
    INVESTMENT_PROMOTION = "investment_promotion", _("Investment promotion (招商引资)")
    PROPERTY_RIGHTS = "property_rights", _("Property-rights protection (产权保护)")
    AIR_POLLUTION = "air_pollution", _("Air-pollution control (大气污染防治)")
    APPROVAL = "approval", _("Administrative approval (行政审批)")
    STATISTICS = "statistics", _("Statistics (统计)")
    SUB_DISTRICT = "sub_district", _("Sub-district (街道)")
    OTHER = "other", _("Other (其他)")


class SanctionKind(models.TextChoices):
    """A civil servant's 政务处分 with an influence period (公职人员政务处分法 art. 8)."""

    WARNING = "warning", _("Warning (警告)")
    DEMERIT = "demerit", _("Demerit (记过)")
    MAJOR_DEMERIT = "major_demerit", _("Major demerit (记大过)")
    DEMOTION = "demotion", _("Demotion (降级)")
    REMOVAL = "removal", _("Removal from post (撤职)")


class RecordsPolicy(ReviewPolicy):
    """A clerk of the agency enters, another reviewer of it publishes or returns (the
    default); the credit office enters and reviews for every agency (plan item 21), still
    never what it wrote itself (four eyes)."""

    enter_roles = frozenset({Role.CLERK, Role.CREDIT_OFFICE})
    review_roles = frozenset({Role.REVIEWER, Role.CREDIT_OFFICE})
    any_agency_roles = frozenset({Role.CREDIT_OFFICE})


def notified_record_ids(user: Any) -> list[int]:
    """The credit records ``user`` received a notice about: a notice's key starts with
    ``records.creditrecord-<pk>-`` (records.selectors.record_notice_prefix)."""
    from core.models import Notification

    prefix = "records.creditrecord-"
    keys = Notification.objects.filter(recipient=user, key__startswith=prefix).values_list("key", flat=True)
    ids = {key[len(prefix) :].split("-", 1)[0] for key in keys}
    return sorted(int(i) for i in ids if i.isdigit())


class CreditRecordQuerySet(ReviewableQuerySet):
    def visible_to_others(self, user: Any) -> Any:
        # A civil servant sees their own file, the non-public records too (plan item 9), but
        # not what is still being entered.
        own = Q(civil_servant__user=user, status__in=[Status.PUBLISHED, Status.EXPIRED, Status.REVOKED])
        if user.is_staff and user.has_role(Role.OVERSEER):
            # An overseer (纪检监察、审计、上级部门) reads the records it was notified of.
            return self.filter(own | Q(pk__in=notified_record_ids(user)))
        return self.filter(own)

    def public(self, today: Any = None) -> CreditRecordQuerySet:
        """What the public site may show today: published, public scope, within its period
        and not taken down."""
        today = today or timezone.localdate()
        return self.filter(status=Status.PUBLISHED, use_scope=UseScope.PUBLIC, left_public_at__isnull=True).filter(
            Q(public_until__isnull=True) | Q(public_until__gte=today)
        )

    def automatic(self) -> CreditRecordQuerySet:
        return self.filter(fact__isnull=False)


class CreditRecord(Reviewable):
    """One entry (信用记录) in the integrity file of an agency or of a civil servant.

    ``agency`` (the workflow's owning agency) is derived from the subject: the agency itself,
    or the civil servant's agency, so its clerks enter and its reviewers publish.
    """

    # Checked for personal data when the record is public (R-P).
    FREE_TEXT_FIELDS = ("summary", "document_number")
    ENTRY_FIELDS = (
        "subject_agency",
        "civil_servant",
        "category",
        "polarity",
        "tier",
        "key_areas",
        "providing_agency",
        "decision_date",
        "document_number",
        "summary",
        "use_scope",
        "publicity_months",
        "sanction_kind",
        "sanction_effective_on",
    )
    policy: ClassVar[ReviewPolicy] = RecordsPolicy()

    subject_agency = models.ForeignKey(
        Agency,
        verbose_name=_("subject agency"),
        on_delete=models.PROTECT,
        related_name="credit_records",
        null=True,
        blank=True,
        help_text=_("For a record in an agency's file. Choose either an agency or a civil servant."),
    )
    civil_servant = models.ForeignKey(
        CivilServant,
        verbose_name=_("civil servant"),
        on_delete=models.PROTECT,
        related_name="credit_records",
        null=True,
        blank=True,
        help_text=_("For a record in a civil servant's file. Choose either an agency or a civil servant."),
    )
    category = models.CharField(_("category"), max_length=40, choices=Category.choices, db_index=True)
    polarity = models.CharField(_("polarity"), max_length=20, choices=Polarity.choices, db_index=True)
    tier = models.CharField(
        _("tier"), max_length=10, choices=Tier.choices, blank=True, help_text=_("Required for dishonesty records.")
    )
    key_areas = models.JSONField(_("key areas (重点领域)"), default=list, blank=True)
    providing_agency = models.ForeignKey(
        Agency,
        verbose_name=_("providing agency (信息提供单位)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decision_date = models.DateField(_("decision date (认定日期)"), db_index=True)
    document_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    summary = long_text(_("summary (内容摘要)"))
    use_scope = models.CharField(
        _("use scope (信息使用范围)"),
        max_length=20,
        choices=UseScope.choices,
        blank=True,
        help_text=_("Leave blank for the default: internal for civil servants and minor dishonesty, else public."),
    )
    publicity_months = models.PositiveSmallIntegerField(
        _("publicity period in months"),
        null=True,
        blank=True,
        help_text=_(
            "Dishonesty only. Minor: not public unless 1 to 3 months are chosen; general: 3 to 12 "
            "(default 12); serious: 12 to 36 (default 36)."
        ),
    )
    sanction_kind = models.CharField(_("sanction (处分种类)"), max_length=20, choices=SanctionKind.choices, blank=True)
    sanction_effective_on = models.DateField(_("sanction effective on (处分生效日期)"), null=True, blank=True)

    # Derived by records.services.periods when the record is saved; never typed.
    public_until = models.DateField(_("public until (公示截止)"), null=True, blank=True, db_index=True)
    min_public_until = models.DateField(_("minimum publicity until (最短公示期满)"), null=True, blank=True)
    influence_until = models.DateField(_("influence period ends (影响期满)"), null=True, blank=True)
    left_public_at = models.DateTimeField(_("left the public site at"), null=True, blank=True)
    # Optimistic locking: every content edit bumps it; an edit based on an older one is a conflict.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # When the bodies R-3 names were told of this published dishonesty record (records.services.notices).
    notified_at = models.DateTimeField(_("notices sent at"), null=True, blank=True, editable=False)
    # Set only for the records the portal writes itself from an integrity fact (plan item 16).
    fact = models.OneToOneField(
        IntegrityFact,
        verbose_name=_("source fact"),
        on_delete=models.PROTECT,
        related_name="credit_record",
        null=True,
        blank=True,
        editable=False,
    )

    objects = CreditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        ordering = ["-decision_date", "-id"]
        constraints = [
            # The subject is exactly one agency or one civil servant.
            models.CheckConstraint(
                condition=(Q(subject_agency__isnull=False) & Q(civil_servant__isnull=True))
                | (Q(subject_agency__isnull=True) & Q(civil_servant__isnull=False)),
                name="credit_record_one_subject",
            ),
            # A dishonesty record has a tier; the others have none.
            models.CheckConstraint(
                condition=(Q(polarity="dishonest") & ~Q(tier="")) | (~Q(polarity="dishonest") & Q(tier="")),
                name="credit_record_tier_iff_dishonest",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "-decision_date"], name="record_agency_status"),
            models.Index(fields=["status", "use_scope", "public_until"], name="record_public"),
        ]

    def __str__(self) -> str:
        number = f" {self.document_number}" if self.document_number else ""
        return f"{self.get_category_display()}{number}"

    @property
    def is_automatic(self) -> bool:
        return self.fact_id is not None

    @property
    def subject(self) -> Agency | CivilServant | None:
        return self.subject_agency if self.subject_agency_id else self.civil_servant

    def key_area_labels(self) -> list[str]:
        """The key areas by name, in the active language (the field holds their codes)."""
        labels = dict(KeyArea.choices)
        return [str(labels[area]) for area in self.key_areas or [] if area in labels]

    def clean(self) -> None:
        from records.services.records import check_record  # the services import this module

        check_record(self)

    def personal_names(self) -> list[str]:
        """The natural person's name the free text must not repeat in public."""
        return [self.civil_servant.name] if self.civil_servant_id and self.civil_servant else []


class RecordTakedown(models.Model):
    """The public log of records that left the public site and why (like disclosure's)."""

    Reason = TakedownReason

    record = models.OneToOneField(CreditRecord, on_delete=models.PROTECT, related_name="takedown")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    taken_down_at = models.DateTimeField(_("taken down at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("record takedown")
        verbose_name_plural = _("record takedown log")
        ordering = ["-taken_down_at", "-id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.reason}"


class Evidence(models.Model):
    """A file supporting a credit record (证明材料). Stored through the ``evidence`` storage
    alias under a name the server makes up; the person's file name is kept only to offer it
    back on download. Its type was judged by content (integrity.lib.filetypes)."""

    record = models.ForeignKey(
        CreditRecord, verbose_name=_("credit record"), on_delete=models.PROTECT, related_name="evidence"
    )
    stored_name = models.CharField(_("stored name"), max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Set when the file is the evidence a sanction was carried out (整改完成的证明材料).
    sanction = models.ForeignKey(
        "records.Sanction",
        verbose_name=_("sanction"),
        on_delete=models.PROTECT,
        related_name="evidence",
        null=True,
        blank=True,
        editable=False,
    )
    uploaded_by = models.ForeignKey(
        "core.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# --- sanctions (惩戒措施, plan item 5) ---


class Measure(models.TextChoices):
    """What an agency listed as a dishonest judgment debtor (失信被执行人) may not have (plan item 5)."""

    SUBSIDIES = "subsidies", _("No government subsidies (限制政府补贴)")
    FINANCING = "financing", _("No financing or credit (限制融资授信)")
    PROJECT_APPROVAL = "project_approval", _("No investment-project approval (限制投资项目审批)")
    APPROPRIATIONS = (
        "appropriations",
        _("No fiscal appropriations other than salaries and livelihood (限制工资和基本民生以外的财政拨款)"),
    )


class SanctionQuerySet(AgencyScopedQuerySet):
    def visible_to_others(self, user: Any) -> Any:
        # A civil servant sees the sanctions of their own published records, like the records.
        return self.filter(record__in=CreditRecord.objects.visible_to_others(user))

    def in_force(self, today: Any = None) -> SanctionQuerySet:
        """Measures that bind today: the record published, not lifted, inside its dates."""
        today = today or timezone.localdate()
        return self.filter(record__status=Status.PUBLISHED, lifted_at__isnull=True, active_from__lte=today).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=today)
        )

    def clock_running(self) -> SanctionQuerySet:
        """The explanation and rectification deadlines the sanction clock enforces."""
        return self.filter(
            kind__in=Sanction.DUE_KINDS,
            record__status=Status.PUBLISHED,
            lifted_at__isnull=True,
            completed_on__isnull=True,
            due_on__isnull=False,
        )


class Sanction(models.Model):
    """A measure (惩戒措施) taken on a dishonesty record's subject (plan item 5).

    Entered by whoever may enter the record (a clerk of its agency, the credit office); it
    binds once the record is published, from ``active_from`` until ``active_until``, and
    is lifted when the record is revoked or repaired (`records.services.sanctions.sanctions_lift`).
    """

    class Kind(models.TextChoices):
        EXPLANATION = "explanation", _("Written explanation (书面说明)")
        RECTIFICATION = "rectification", _("Rectification (整改)")
        AWARD_INELIGIBILITY = "award_ineligibility", _("Award ineligibility (评先评优限制)")
        PUBLIC_CRITICISM = "public_criticism", _("Public criticism (通报批评)")
        JUDGMENT_DEBTOR = "judgment_debtor", _("Dishonest judgment debtor restrictions (失信被执行人限制)")

    # Kinds with a deadline the sanction clock watches, and that are done on a date.
    DUE_KINDS = (Kind.EXPLANATION, Kind.RECTIFICATION)
    # Checked for personal data: a public criticism is a public notice (R-P).
    FREE_TEXT_FIELDS = ("notice_text", "document_number")
    ENTRY_FIELDS = (
        "record",
        "kind",
        "document_number",
        "active_from",
        "active_until",
        "due_on",
        "measures",
        "notice_text",
        "completed_on",
        "completion_note",
    )

    record = models.ForeignKey(
        CreditRecord, verbose_name=_("credit record"), on_delete=models.PROTECT, related_name="sanctions"
    )
    # The record's owning agency, derived (the one gate `visible_to` reads it).
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    kind = models.CharField(_("measure (惩戒措施)"), max_length=30, choices=Kind.choices, db_index=True)
    document_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    active_from = models.DateField(
        _("in force from"), blank=True, help_text=_("Leave blank for the record's decision date.")
    )
    active_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Required for award ineligibility.")
    )
    due_on = models.DateField(
        _("due by"), null=True, blank=True, db_index=True, help_text=_("Written explanation and rectification only.")
    )
    measures = models.JSONField(
        _("restrictions"),
        default=list,
        blank=True,
        help_text=_("Dishonest judgment debtor only; blank for all four restrictions of plan item 5."),
    )
    notice_text = long_text(_("notice text (通报内容)"), blank=True, help_text=_("Public criticism only."))
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        help_text=_("The day the explanation arrived or the rectification was done; rectification needs evidence."),
    )
    completion_note = long_text(_("completion note"), blank=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True, editable=False)
    lift_reason = models.TextField(_("reason for lifting"), blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-active_from", "-id"]
        constraints = [
            # A deadline belongs to an explanation or a rectification, and they always have one.
            models.CheckConstraint(
                condition=(Q(kind__in=["explanation", "rectification"]) & Q(due_on__isnull=False))
                | (~Q(kind__in=["explanation", "rectification"]) & Q(due_on__isnull=True)),
                name="sanction_due_iff_deadline_kind",
            ),
        ]
        indexes = [models.Index(fields=["kind", "lifted_at", "active_from"], name="sanction_in_force")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}" if self.pk else str(self.get_kind_display())

    def state(self, today: Any = None) -> str:
        """Where the measure stands today (a `SanctionState` value)."""
        today = today or timezone.localdate()
        if self.lifted_at is not None:
            return SanctionState.LIFTED
        if self.completed_on is not None:
            return SanctionState.COMPLETED
        if self.due_on is not None and self.due_on < today:
            return SanctionState.OVERDUE
        if self.active_from and self.active_from > today:
            return SanctionState.SCHEDULED
        if self.active_until is not None and self.active_until < today:
            return SanctionState.ENDED
        return SanctionState.PENDING if self.due_on is not None else SanctionState.IN_FORCE

    def clean(self) -> None:
        from records.services.sanctions import check_sanction  # the services import this module

        check_sanction(self)


class SanctionState(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    PENDING = "pending", _("Awaiting completion")
    OVERDUE = "overdue", _("Overdue")
    COMPLETED = "completed", _("Completed")
    SCHEDULED = "scheduled", _("Not yet in force")
    ENDED = "ended", _("Ended")
    LIFTED = "lifted", _("Lifted")


class RecordNotice(models.Model):
    """Who was told that a dishonesty record was published (R-3), once per record,
    recipient and kind (the unique key a redelivered task runs into)."""

    class Audience(models.TextChoices):
        AGENCY_REVIEWER = "agency_reviewer", _("Reviewer of the person's agency")
        OVERSEER = "overseer", _("Discipline inspection (纪检监察)")
        PERSON = "person", _("The person concerned")
        SUPERIOR = "superior", _("Superior agency")
        AUDIT = "audit", _("Audit agency")

    KIND_PUBLISHED = "records.dishonesty_published"

    record = models.ForeignKey(
        CreditRecord, verbose_name=_("credit record"), on_delete=models.PROTECT, related_name="notices"
    )
    recipient = models.ForeignKey("core.User", verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=60, default=KIND_PUBLISHED)
    audience = models.CharField(_("notified as"), max_length=20, choices=Audience.choices)
    # The recipient's agency when sent, for the file page ("notices sent: 区审计局").
    recipient_agency = models.ForeignKey(
        Agency, verbose_name=_("recipient's agency"), on_delete=models.PROTECT, related_name="+", null=True
    )
    notification = models.ForeignKey(
        "core.Notification", verbose_name=_("notification"), on_delete=models.SET_NULL, related_name="+", null=True
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("record notice")
        verbose_name_plural = _("record notices")
        ordering = ["record", "audience", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "recipient", "kind"], name="record_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} → {self.recipient_id} ({self.audience})"


# --- integrity evaluation (政务诚信评价, issue 11 item 3) ---


class EvaluationPeriod(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter to date")


class RankingGroup(models.TextChoices):
    """Sub-district offices are ranked among themselves (plan item 20), every other agency
    in the other table."""

    AGENCIES = "agencies", _("Departments and institutions")
    SUBDISTRICTS = "subdistricts", _("Sub-district offices")


class EvaluationSnapshot(models.Model):
    """One agency's score for one period as of one day, with the counts and the weights it
    was computed from, so a later change of weights never rewrites it
    (records.services.evaluation). ``current`` marks the newest snapshot of its period."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="evaluation_snapshots"
    )
    period = models.CharField(_("period"), max_length=10, choices=EvaluationPeriod.choices)
    period_start = models.DateField(_("period start"))
    as_of = models.DateField(_("as of"))
    group = models.CharField(_("ranking group"), max_length=20, choices=RankingGroup.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=2)
    rank = models.PositiveIntegerField(_("rank"))
    counts = models.JSONField(_("counts"), default=dict)
    weights = models.JSONField(_("weights"), default=dict)
    base = models.DecimalField(_("base score"), max_digits=5, decimal_places=1)
    current = models.BooleanField(_("newest of its period"), default=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation snapshot")
        verbose_name_plural = _("evaluation snapshots")
        ordering = ["-as_of", "group", "rank", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "period", "period_start", "as_of"], name="evaluation_once_a_day"),
        ]
        indexes = [
            models.Index(fields=["period", "current", "period_start"], name="evaluation_current"),
            models.Index(fields=["agency", "period", "-as_of"], name="evaluation_history"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.period} {self.period_start}→{self.as_of}: {self.score}"


# --- credit reports (信用报告, issue 11 item 4) and API clients (item 5) ---


class ReportSubject(models.TextChoices):
    AGENCY = "agency", _("Agency")
    COMPANY = "company", _("Company")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")


class ApiClient(models.Model):
    """Another department's system (R-4). Its token is shown once at creation; only its
    SHA-256 is stored. ``scope_reports`` names the kinds of report it may read and
    ``scope_subjects`` the USCCs (empty: every subject of those kinds)."""

    name = models.CharField(_("system name"), max_length=200)
    department = models.ForeignKey(
        Agency, verbose_name=_("department"), on_delete=models.PROTECT, related_name="api_clients"
    )
    purpose = models.CharField(
        _("stated purpose"), max_length=300, help_text=_("e.g. qualification review in government procurement")
    )
    scope_reports = models.JSONField(_("reports it may read"), default=list)
    scope_subjects = models.JSONField(
        _("subjects it may read (USCCs)"), default=list, blank=True, help_text=_("Empty: every subject.")
    )
    token_prefix = models.CharField(_("token prefix"), max_length=12, editable=False)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    def is_usable(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class IssuedReport(models.Model):
    """A credit report as issued: who it is about, when, to whom, and exactly what it said
    (``content``), so ``/verify/<code>/`` can answer anyone and the PDF of a code is the
    report that was issued."""

    code = models.CharField(_("verification code"), max_length=24, unique=True)
    subject_kind = models.CharField(_("subject kind"), max_length=20, choices=ReportSubject.choices)
    subject_code = models.CharField(_("subject code"), max_length=18, db_index=True)
    subject_name = models.CharField(_("subject name"), max_length=200)
    content = models.JSONField(_("content"))
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    requested_by = models.ForeignKey(
        "core.User", verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    api_client = models.ForeignKey(
        ApiClient, verbose_name=_("API client"), on_delete=models.PROTECT, related_name="reports", null=True
    )

    class Meta:
        verbose_name = _("issued credit report")
        verbose_name_plural = _("issued credit reports")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.subject_name}"
