"""Integrity files (政务诚信档案). Today: the integrity facts other apps report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
