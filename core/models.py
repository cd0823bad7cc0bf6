"""Models every app needs: organisations, people, roles, the calendar, audit, notifications."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from integrity.lib.identifiers import normalise_id_number, validate_id_number, validate_uscc
from integrity.lib.masking import mask_id_number
from integrity.lib.workdays import DayKind

from . import crypto
from .roles import Role


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    SUBDISTRICT = "subdistrict", _("Sub-district office")
    INSTITUTION = "institution", _("Public institution")
    GRASSROOTS = "grassroots", _("Grassroots organisation")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("superior agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.uscc = self.uscc.strip().upper()
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A person who signs in. Staff belong to one agency; roles are groups (core.roles)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, role: Role) -> bool:
        if not self.is_active:
            return False
        # Prefetched groups are reused, so role checks in a list cost no extra queries.
        if "groups" in getattr(self, "_prefetched_objects_cache", {}):
            return any(g.name == role.value for g in self.groups.all())
        # Otherwise the names are read once per instance, like Django's own permission cache
        # (one request's user asks many times: the admin's menu asks every model). Changing
        # this instance's groups clears it (core.apps); another copy of the user is stale
        # until reloaded, as with the permission cache.
        if not hasattr(self, "_role_cache"):
            self._role_cache = frozenset(self.groups.values_list("name", flat=True))
        return role.value in self._role_cache

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_cache", None)

    @property
    def is_credit_office(self) -> bool:
        return self.is_superuser or self.has_role(Role.CREDIT_OFFICE)


class AgencyScopedQuerySet(models.QuerySet[Any]):
    """The one gate for rows that belong to an agency (docs/architecture.md, "Permissions").

    The credit office sees every agency's rows; staff holding one of `agency_roles` see
    their own agency's; what anyone else sees is `visible_to_others` (nothing, unless a
    model says so). A staff account without such a role sees nothing: being staff of an
    agency is not a right to read its files.
    """

    agency_roles: frozenset[Role] = frozenset({Role.CLERK, Role.REVIEWER})

    def visible_to(self, user: Any) -> Any:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_credit_office:
            return self.all()
        if self.holds_agency_role(user):
            return self.filter(agency_id=user.agency_id)
        return self.visible_to_others(user)

    def holds_agency_role(self, user: Any) -> bool:
        """Staff of an agency holding one of `agency_roles`: who reads the agency's rows."""
        return bool(user.is_staff and user.agency_id and any(user.has_role(role) for role in self.agency_roles))

    def visible_to_others(self, user: Any) -> Any:
        return self.none()


class CivilServantQuerySet(AgencyScopedQuerySet):
    def visible_to_others(self, user: Any) -> Any:
        return self.filter(user=user)  # a civil servant sees their own file


class EncryptedIdNumber:
    """An ``id_number`` kept as a Fernet token plus a keyed lookup hash (core.crypto).

    The model provides the fields ``id_number_encrypted`` and ``id_number_hash``; the clear
    number exists only in memory.
    """

    id_number_encrypted: str
    id_number_hash: str

    def check_id_number(self, number: str) -> None:
        """Raise ValidationError for a number (possibly empty) this model refuses; by default accept any."""

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted) if self.id_number_encrypted else ""

    @id_number.setter
    def id_number(self, value: str) -> None:
        number = normalise_id_number(value)
        self.check_id_number(number)
        self.id_number_encrypted = crypto.encrypt(number) if number else ""
        self.id_number_hash = crypto.lookup_hash(number) if number else ""


class CivilServant(EncryptedIdNumber, models.Model):
    name = models.CharField(_("name"), max_length=50)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="civil_servants"
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="civil_servant",
    )
    # The ID number itself is never stored in clear: see core.crypto.
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(_("ID number lookup hash"), max_length=64, unique=True, editable=False)

    objects = CivilServantQuerySet.as_manager()

    class Meta:
        verbose_name = _("civil servant")
        verbose_name_plural = _("civil servants")
        ordering = ["agency", "name"]
        permissions = [("view_full_id_number", _("Can see full ID numbers"))]

    def __str__(self) -> str:
        return f"{self.name}（{self.agency}）" if self.agency_id else self.name

    def check_id_number(self, number: str) -> None:
        validate_id_number(number)  # a civil servant's file always has a valid resident ID

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @classmethod
    def hash_for(cls, id_number: str) -> str:
        return crypto.lookup_hash(normalise_id_number(id_number))


class CalendarYear(models.Model):
    """A year whose holiday schedule is known. A year without a row is not covered."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source document"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    KIND_CHOICES = [
        (DayKind.WORKDAY.value, _("Working day")),
        (DayKind.WEEKEND.value, _("Weekend")),
        (DayKind.HOLIDAY.value, _("Holiday")),
        (DayKind.MAKEUP.value, _("Make-up working day")),
    ]

    date = models.DateField(_("date"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    note = models.CharField(_("note"), max_length=100, blank=True)
    source = models.CharField(_("source document"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    # Append-only: the ORM refuses bulk changes. (The database owner can still tamper,
    # which is what the hash chain and `verify_audit` detect.)
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    source_ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # Which of the AUDIT_CHAIN_KEY keys signed it (core.services.audit.key_id), never the key.
    key_id = models.CharField(_("key id"), max_length=12, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditChainHead(models.Model):
    """One row holding the newest hash; locking it serialises writers of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash


class Notification(models.Model):
    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # What makes a notice "the same" one (an item and a stage): sent once per recipient.
    key = models.CharField(_("deduplication key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The row is its own mail outbox (issue 7, item 16): it is written in the transaction of
    # the change that caused it, so a mail never depends on the broker being up at commit.
    # The on-commit enqueue is the fast path; core.flush_mail_outbox re-enqueues what is
    # still pending at mail_next_try_at, and the mail task sends only while mail_pending holds.
    mail_pending = models.BooleanField(_("mail pending"), default=False)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(_("failed mail attempts"), default=0)
    mail_next_try_at = models.DateTimeField(_("next mail attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [
            models.Index(
                fields=["mail_next_try_at"], condition=models.Q(mail_pending=True), name="notification_mail_outbox"
            ),
            # A file page finds the notices of its records by the key's prefix
            # (records.selectors.record_notices): without this, a scan of every notice ever sent
            # (0.7-1.2 s a page with 1.9 million of them, bench/README.md). The pattern operator
            # class lets PostgreSQL use it for LIKE 'prefix%' whatever the collation; SQLite
            # ignores the operator class.
            models.Index(fields=["key"], name="notification_key_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.subject


class ClockAlert(models.Model):
    """One row per item, clock and stage, so each reminder or alert goes out once.

    Created before anything is sent, inside a savepoint: a second sweep, or a second worker
    at the same moment, hits the unique constraint and sends nothing (docs/deadlines.md).
    """

    class Stage(models.TextChoices):
        REMINDER = "reminder", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ESCALATED = "escalated", _("Escalated")

    clock = models.CharField(_("clock"), max_length=60)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "content_type", "object_id", "stage"], name="clock_alert_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clock} {self.object_id} {self.stage}"


class SharingMessage(models.Model):
    """One message to the city credit platform (市公共信用信息平台, R-3): the sharing outbox.

    Written by `core.services.sharing.sharing_enqueue` in the transaction of the change it
    reports (a record published, corrected or withdrawn), so a change that rolls back leaves no
    message and a committed one is never lost to a broker or platform outage. The payload is
    the exact JSON that is sent, built once by the subject's app (docs/architecture.md,
    "Sharing to the city credit platform"); every retry sends the same bytes and key.
    """

    class Kind(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        CORRECT = "correct", _("Correct")
        WITHDRAW = "withdraw", _("Withdraw")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        DEAD = "dead", _("Failed: replay needed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject_type = models.CharField(_("object type"), max_length=100)
    subject_id = models.CharField(_("object id"), max_length=64)
    subject_repr = models.CharField(_("object"), max_length=200, blank=True)
    payload = models.JSONField(_("payload"))
    # Sent as the Idempotency-Key header: the platform keeps one copy per key however often it
    # receives it, and the unique constraint keeps one message per change here.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    replays = models.PositiveSmallIntegerField(_("replays"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to the city credit platform")
        verbose_name_plural = _("messages to the city credit platform")
        ordering = ["-created_at", "-id"]
        permissions = [("replay_sharingmessage", _("Can replay a failed message to the city credit platform"))]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"], condition=models.Q(state="pending"), name="sharing_outbox_due"
            ),
            models.Index(fields=["subject_type", "subject_id"], name="sharing_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_repr or self.subject_id}"
