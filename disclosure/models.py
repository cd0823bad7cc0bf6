"""Administrative actions (行政行为) published under 双公示 and the plan's item 6.

Fields follow the national 双公示 data standard (行政许可/行政处罚信息数据标准).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.fields import long_text
from core.models import Agency, AgencyScopedQuerySet, EncryptedIdNumber
from core.services.takedowns import TakedownReason
from core.workflow import Reviewable, ReviewableQuerySet, Status
from integrity.lib.identifiers import normalise_id_number, validate_certificate_number, validate_uscc_or_pilot
from integrity.lib.personal_data import Finding, find_personal_data, mask_personal_data

# One definition of the tiers and use scopes for records and actions (records ← disclosure).
from records.models import Tier, UseScope


class ActionKind(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing (行政许可)")
    PENALTY = "penalty", _("Administrative penalty (行政处罚)")
    ENFORCEMENT = "enforcement", _("Administrative enforcement (行政强制)")
    CONFIRMATION = "confirmation", _("Administrative confirmation (行政确认)")
    LEVY = "levy", _("Administrative levy (行政征收)")
    PAYMENT = "payment", _("Administrative payment (行政给付)")
    OTHER = "other", _("Other administrative act")


class CounterpartyType(models.TextChoices):
    LEGAL_PERSON = "legal_person", _("Legal person or unincorporated organisation (法人及非法人组织)")
    NATURAL_PERSON = "natural_person", _("Natural person (自然人)")
    INDIVIDUAL_BUSINESS = "individual_business", _("Individual business (个体工商户)")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card (身份证)")
    PASSPORT = "passport", _("Passport (护照)")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents (港澳居民来往内地通行证)")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents (台湾居民来往大陆通行证)")
    FOREIGN_PR = "foreign_pr", _("Foreign permanent resident ID card (外国人永久居留身份证)")
    RESIDENCE_PERMIT = (
        "residence_permit",
        _("Residence permit for Hong Kong, Macao and Taiwan residents (港澳台居民居住证)"),
    )
    OTHER = "other", _("Other certificate (其他)")


class LicenceCategory(models.TextChoices):
    """许可类别 of the standard (行政许可法 art. 12)."""

    GENERAL = "general", _("General (普通)")
    FRANCHISE = "franchise", _("Franchise (特许)")
    RECOGNITION = "recognition", _("Recognition (认可)")
    APPROVAL = "approval", _("Approval (核准)")
    REGISTRATION = "registration", _("Registration (登记)")
    OTHER = "other", _("Other (其他)")


class LicenceState(models.TextChoices):
    NORMAL = "normal", _("Normal (正常)")
    REVOKED = "revoked", _("Revoked (撤销)")
    OBJECTION = "objection", _("Under objection (异议)")
    OTHER = "other", _("Other (其他)")


# 处罚类别 as 行政处罚法 (2021) art. 9 lists them; stored as a list of these keys. Items stored
# before 2021 keep their keys (the old wording is a synonym on import, disclosure.standard):
# "licence_suspension" was 暂扣或者吊销许可证、暂扣或者吊销执照 and is now 暂扣许可证件.
PENALTY_CATEGORIES = {
    "warning": "警告",
    "criticism": "通报批评",
    "fine": "罚款",
    "confiscation": "没收违法所得、没收非法财物",
    "licence_suspension": "暂扣许可证件",
    "qualification_downgrade": "降低资质等级",
    "licence_revocation": "吊销许可证件",
    "business_restriction": "限制开展生产经营活动",
    "production_halt": "责令停产停业",
    "closure": "责令关闭",
    "practice_restriction": "限制从业",
    "detention": "行政拘留",
    "other": "其他",
}
# The categories that take away a licence: 暂扣或吊销证照名称及编号 is then required.
LICENCE_CATEGORIES_TAKEN = ("licence_suspension", "licence_revocation")


FINDING_LABELS = {"id_number": _("an ID number"), "mobile": _("a mobile number"), "name": _("the person's full name")}


def personal_data_message(text: str, findings: list[Finding]) -> str:
    """What was found and the masked text to use instead (R-P: free text is published)."""
    found = "、".join(f"{FINDING_LABELS[f.kind]} “{f.text}”" for f in findings)
    names = [f.text for f in findings if f.kind == "name"]
    return str(
        _("Contains personal data that would be published: %(found)s. Remove it, or write the text as: %(masked)s")
        % {"found": found, "masked": mask_personal_data(text, names)}
    )


# No decision of the People's Republic predates its founding; an earlier date is a typo
# (and year 1 or 9999 overflowed the clock arithmetic).
DECISION_DATE_EARLIEST = dt.date(1949, 10, 1)


def decision_date_in_range(value: dt.date | None) -> bool:
    """Whether a decision date is one the clocks can count from: from the founding to today."""
    return value is not None and DECISION_DATE_EARLIEST <= value <= timezone.localdate()


class ActionQuerySet(ReviewableQuerySet):
    """`visible_to` (core): the credit office sees all, clerks and reviewers their own agency."""

    def public(self, today: Any = None) -> ActionQuerySet:
        """What the public site shows today: published, public scope, within its period,
        and not taken down (a repair ends publication without changing the review status)."""
        today = today or timezone.localdate()
        return self.filter(
            status=Status.PUBLISHED,
            use_scope=UseScope.PUBLIC,
            published_at__isnull=False,
            left_public_at__isnull=True,
        ).filter(Q(public_until__isnull=True) | Q(public_until__gte=today))


class AdministrativeAction(EncryptedIdNumber, Reviewable):
    # Published as typed, so checked for personal data at entry and masked again on output.
    FREE_TEXT_FIELDS = (
        "other_kind_name",
        "document_name",
        "remarks",
        "violation_type",
        "violation_facts",
        "penalty_basis",
        "penalty_content",
        "suspended_licence",
        "licence_certificate_name",
        "licence_content",
    )
    # What a clerk types (form order), besides the ID number, which is set through
    # `id_number` so that it is encrypted. Everything else is derived or set by a move.
    ENTRY_FIELDS = (
        "kind",
        "other_kind_name",
        "counterparty_name",
        "counterparty_type",
        "counterparty_uscc",
        "business_registration_no",
        "organisation_code",
        "tax_registration_no",
        "institution_cert_no",
        "social_org_cert_no",
        "legal_representative",
        "legal_representative_id_type",
        "id_type",
        "document_name",
        "document_number",
        "decision_date",
        "deciding_agency_name",
        "deciding_agency_uscc",
        "data_source_agency",
        "data_source_name",
        "data_source_uscc",
        "remarks",
        "use_scope",
        "violation_type",
        "violation_facts",
        "penalty_basis",
        "penalty_categories",
        "penalty_content",
        "fine_amount",
        "confiscated_amount",
        "suspended_licence",
        "penalty_valid_to",
        "publicity_end_stated",
        "tier",
        "licence_category",
        "licence_certificate_name",
        "licence_number",
        "licence_content",
        "valid_from",
        "valid_to",
        "licence_state",
    )

    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices, db_index=True)
    other_kind_name = models.CharField(
        _("name of the other act"), max_length=50, blank=True, help_text=_("e.g. 行政奖励, 行政检查, 行政裁决")
    )
    # 行政相对人
    counterparty_name = models.CharField(_("counterparty name (行政相对人名称)"), max_length=200)
    counterparty_type = models.CharField(
        _("counterparty type (行政相对人类别)"), max_length=20, choices=CounterpartyType.choices
    )
    counterparty_uscc = models.CharField(
        _("counterparty USCC (统一社会信用代码)"), max_length=18, blank=True, validators=[validate_uscc_or_pilot]
    )
    business_registration_no = models.CharField(
        _("business registration number (工商注册号)"), max_length=50, blank=True
    )
    organisation_code = models.CharField(_("organisation code (组织机构代码)"), max_length=20, blank=True)
    tax_registration_no = models.CharField(_("tax registration number (税务登记号)"), max_length=50, blank=True)
    institution_cert_no = models.CharField(
        _("public institution certificate number (事业单位证书号)"), max_length=50, blank=True
    )
    social_org_cert_no = models.CharField(
        _("social organisation certificate number (社会组织登记证号)"), max_length=50, blank=True
    )
    legal_representative = models.CharField(_("legal representative (法定代表人)"), max_length=50, blank=True)
    # The legal representative's certificate (法定代表人证件类型/号码): never public, the number
    # stored encrypted with a keyed lookup hash like the counterparty's (core.crypto).
    legal_representative_id_type = models.CharField(
        _("legal representative's certificate type (法定代表人证件类型)"),
        max_length=20,
        choices=IdType.choices,
        blank=True,
    )
    legal_representative_id_encrypted = models.TextField(
        _("legal representative's certificate number (encrypted)"), blank=True, editable=False
    )
    legal_representative_id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_type = models.CharField(_("ID document type (证件类型)"), max_length=20, choices=IdType.choices, blank=True)
    # Never public: stored encrypted, found by keyed hash (core.crypto).
    id_number_encrypted = models.TextField(_("ID document number (encrypted)"), blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    # 决定
    document_name = models.CharField(_("decision document name (决定文书名称)"), max_length=200)
    document_number = models.CharField(_("decision document number (决定文书号)"), max_length=100)
    # Indexed with the id for the newest-first pages (action_decided_desc), which serves ranges too.
    decision_date = models.DateField(_("decision date (决定日期)"))
    data_source_agency = models.ForeignKey(
        Agency,
        verbose_name=_("data-source agency (数据来源单位)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # 处罚机关/许可机关 as the row states it. Blank: the agency itself. Another agency's name and
    # code when the agency (the 数据来源单位) enters on its behalf, or the credit office does.
    deciding_agency_name = models.CharField(_("deciding agency (处罚机关/许可机关)"), max_length=200, blank=True)
    deciding_agency_uscc = models.CharField(
        _("deciding agency's USCC (处罚机关/许可机关统一社会信用代码)"),
        max_length=18,
        blank=True,
        validators=[validate_uscc_or_pilot],
    )
    # 数据来源单位 and its code: any unit with a valid credit code, in the portal or not.
    data_source_name = models.CharField(_("data source (数据来源单位)"), max_length=200, blank=True)
    data_source_uscc = models.CharField(
        _("data source's USCC (数据来源单位统一社会信用代码)"),
        max_length=18,
        blank=True,
        validators=[validate_uscc_or_pilot],
    )
    remarks = long_text(_("remarks (备注)"), blank=True)
    use_scope = models.CharField(
        _("use scope (信息使用范围)"), max_length=20, choices=UseScope.choices, default=UseScope.PUBLIC
    )

    # 行政处罚
    violation_type = models.CharField(_("type of violation (违法行为类型)"), max_length=200, blank=True)
    violation_facts = long_text(_("facts of the violation (违法事实)"), blank=True)
    penalty_basis = long_text(_("legal basis (处罚依据)"), blank=True)
    penalty_categories = models.JSONField(_("penalty categories (处罚类别)"), default=list, blank=True)
    penalty_content = long_text(_("penalty content (处罚内容)"), blank=True)
    fine_amount = models.DecimalField(
        _("fine in 10,000 yuan (罚款金额（万元）)"),
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    confiscated_amount = models.DecimalField(
        _("confiscated in 10,000 yuan (没收违法所得、没收非法财物的金额（万元）)"),
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    suspended_licence = models.CharField(
        _("licence suspended or revoked, name and number (暂扣或吊销证照名称及编号)"), max_length=200, blank=True
    )
    # 处罚有效期: the end of the penalty's effect as the decision states it.
    penalty_valid_to = models.DateField(_("penalty valid to (处罚有效期)"), null=True, blank=True)
    # 公示截止期 as the agency states it: honoured when within the tier's legal maximum, refused
    # beyond it (services.actions.prepare); blank: the legal maximum.
    publicity_end_stated = models.DateField(_("publicity end stated (公示截止期)"), null=True, blank=True)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    # The file had no 严重程度: the tier was derived (disclosure.standard.derive_tier) and the
    # reviewer confirms or changes it before publication.
    tier_derived = models.BooleanField(_("tier derived on import, to be confirmed"), default=False, editable=False)

    # 行政许可
    licence_category = models.CharField(
        _("licence category (许可类别)"), max_length=20, choices=LicenceCategory.choices, blank=True
    )
    licence_certificate_name = models.CharField(
        _("licence certificate name (许可证书名称)"), max_length=200, blank=True
    )
    licence_number = models.CharField(_("licence number (许可编号)"), max_length=100, blank=True)
    licence_content = long_text(_("licence content (许可内容)"), blank=True)
    valid_from = models.DateField(_("valid from (有效期自)"), null=True, blank=True)
    valid_to = models.DateField(_("valid to (有效期至)"), null=True, blank=True)
    licence_state = models.CharField(
        _("current state (当前状态)"), max_length=20, choices=LicenceState.choices, blank=True
    )

    # Clocks and publicity, computed by services (disclosure.services.clock) and stored.
    due_on = models.DateField(_("publication due (公示期限)"), null=True, blank=True, db_index=True)
    public_until = models.DateField(_("public until (公示截止)"), null=True, blank=True)
    left_public_at = models.DateTimeField(_("left the public site at"), null=True, blank=True)
    # Character bigrams of the searchable text (integrity.lib.search): a GIN index on
    # PostgreSQL serves two-character Chinese words, which trigrams cannot.
    search_text = models.TextField(editable=False, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative action")
        verbose_name_plural = _("administrative actions")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "document_number"], name="action_unique_document_per_agency"),
        ]
        indexes = [
            # The feed, the sitemap and the open-data update time: newest publications.
            models.Index(fields=["-published_at", "-id"], name="action_published_desc"),
            # The public pages and the API: newest decisions first (selectors.keyset_page).
            models.Index(fields=["-decision_date", "-id"], name="action_decided_desc"),
            models.Index(fields=["status", "due_on"], name="action_status_due"),
            models.Index(fields=["agency", "-decision_date", "-id"], name="action_agency_decided"),
            # The subject page: one counterparty's decisions, newest first.
            models.Index(fields=["counterparty_uscc", "-decision_date", "-id"], name="action_subject_decided"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.document_name}"

    @property
    def is_natural_person(self) -> bool:
        return self.counterparty_type == CounterpartyType.NATURAL_PERSON

    def personal_names(self) -> list[str]:
        """The natural persons' names this item carries, which free text must not repeat."""
        return [self.counterparty_name] if self.is_natural_person else [self.legal_representative]

    @property
    def legal_representative_id_number(self) -> str:
        enc = self.legal_representative_id_encrypted
        return crypto.decrypt(enc) if enc else ""

    @legal_representative_id_number.setter
    def legal_representative_id_number(self, value: str) -> None:
        number = normalise_id_number(value)
        self.legal_representative_id_encrypted = crypto.encrypt(number) if number else ""
        self.legal_representative_id_hash = crypto.lookup_hash(number) if number else ""

    def penalty_category_labels(self) -> list[str]:
        return [PENALTY_CATEGORIES.get(c, c) for c in self.penalty_categories or []]

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def need(field: str, message: Any) -> None:
            value = getattr(self, field)
            if value in (None, "", []):
                errors.setdefault(field, []).append(str(message))

        if self.counterparty_type in (CounterpartyType.LEGAL_PERSON, CounterpartyType.INDIVIDUAL_BUSINESS):
            need(
                "counterparty_uscc",
                _("A unified social credit code is required for organisations and individual businesses."),
            )
        if self.counterparty_type == CounterpartyType.LEGAL_PERSON:
            need("legal_representative", _("The legal representative is required for a legal person."))
        if self.counterparty_type == CounterpartyType.NATURAL_PERSON:
            need("id_type", _("The ID document type is required for a natural person."))
            if not self.id_number_encrypted:
                errors.setdefault("id_number", []).append(
                    str(_("The ID document number is required for a natural person."))
                )
            elif self.id_type:
                try:
                    validate_certificate_number(self.id_type, self.id_number)
                except ValidationError as exc:
                    errors.setdefault("id_number", []).extend(exc.messages)
        if self.legal_representative_id_encrypted:
            if not self.legal_representative_id_type:
                errors.setdefault("legal_representative_id_type", []).append(
                    str(_("Give the type of the legal representative's certificate."))
                )
            else:
                try:
                    validate_certificate_number(self.legal_representative_id_type, self.legal_representative_id_number)
                except ValidationError as exc:
                    errors.setdefault("legal_representative_id_number", []).extend(exc.messages)
        if self.kind == ActionKind.OTHER:
            need("other_kind_name", _("Name the kind of the other administrative act."))
        if self.kind == ActionKind.PENALTY:
            for field in (
                "violation_type",
                "violation_facts",
                "penalty_basis",
                "penalty_categories",
                "penalty_content",
                "tier",
            ):
                need(field, _("This field is required for a penalty."))
            raw = self.penalty_categories or []
            if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
                errors.setdefault("penalty_categories", []).append(str(_("Penalty categories are a list of names.")))
                raw = []
            categories = set(raw)
            unknown = categories - set(PENALTY_CATEGORIES)
            if unknown:
                errors.setdefault("penalty_categories", []).append(
                    str(_("Unknown penalty category: %(value)s.") % {"value": ", ".join(sorted(unknown))})
                )
            if "fine" in categories:
                need("fine_amount", _("A fine amount is required when the penalty includes a fine."))
            if "confiscation" in categories:
                need(
                    "confiscated_amount",
                    _("The confiscated amount is required when the penalty includes confiscation."),
                )
            if categories & set(LICENCE_CATEGORIES_TAKEN):
                need("suspended_licence", _("Name the licence suspended or revoked, with its number."))
            if self.publicity_end_stated and self.decision_date and self.publicity_end_stated < self.decision_date:
                errors.setdefault("publicity_end_stated", []).append(
                    str(_("The publicity end is before the decision date."))
                )
        if self.kind == ActionKind.LICENSING:
            for field in (
                "licence_certificate_name",
                "licence_number",
                "licence_content",
                "valid_from",
                "licence_state",
            ):
                need(field, _("This field is required for a licence."))
            if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
                errors.setdefault("valid_to", []).append(str(_("The end of validity is before its start.")))
        for name in self.FREE_TEXT_FIELDS:
            findings = find_personal_data(getattr(self, name) or "", self.personal_names())
            if findings:
                errors.setdefault(name, []).append(personal_data_message(getattr(self, name), findings))
        if self.decision_date and self.decision_date > timezone.localdate():
            errors.setdefault("decision_date", []).append(str(_("The decision date is in the future.")))
        if self.decision_date and self.decision_date < DECISION_DATE_EARLIEST:
            errors.setdefault("decision_date", []).append(
                str(
                    _("The decision date is before %(date)s; check the year.")
                    % {"date": DECISION_DATE_EARLIEST.isoformat()}
                )
            )
        if errors:
            raise ValidationError(errors)


class Takedown(models.Model):
    """The public log of what left the public site and why (masked)."""

    Reason = TakedownReason

    action = models.OneToOneField(AdministrativeAction, on_delete=models.PROTECT, related_name="takedown")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    taken_down_at = models.DateTimeField(_("taken down at"), default=timezone.now, db_index=True)
    # The reason in words, shown in the public log (masked by the presenter): a revocation's reason.
    note = models.TextField(_("reason text"), blank=True)

    class Meta:
        verbose_name = _("takedown")
        verbose_name_plural = _("takedown log")
        ordering = ["-taken_down_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action_id} {self.reason}"


class ImportJobQuerySet(AgencyScopedQuerySet):
    """`visible_to` (core): the credit office sees all, clerks and reviewers their own agency's jobs."""


class ImportJob(models.Model):
    """A bulk import of a CSV or XLSX file, processed by a Celery task."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Checking")
        AWAITING = "awaiting", _("Checked: read the warnings and confirm to import")
        FAILED = "failed", _("Rejected: see the error report")
        DONE = "done", _("Imported")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submit = models.BooleanField(_("submit for review after import"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    # At most imports.REPORT_MAX_ERRORS are stored; errors_total counts them all.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    errors_total = models.PositiveIntegerField(_("problems found"), default=0)
    failure_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The preview (issue 12): what the clerk confirms before anything is saved.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    warnings_total = models.PositiveIntegerField(_("warnings"), default=0)
    confirmed = models.BooleanField(_("warnings confirmed by the clerk"), default=False)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
