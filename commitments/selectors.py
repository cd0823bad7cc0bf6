"""Reads of commitments with their rules."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from commitments.models import Commitment, Milestone, ProgressUpdate


def public_list(qs: QuerySet[Commitment] | None = None) -> QuerySet[Commitment]:
    """Published commitments for the list: one query with the milestone counts."""
    qs = qs if qs is not None else Commitment.objects.public()
    return (
        qs.select_related("committing_agency")
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            milestones_reached=Count("milestones", filter=Q(milestones__reached_on__isnull=False), distinct=True),
        )
        .order_by("-made_on", "-id")
    )


def public_detail(pk: int) -> Commitment | None:
    return (
        Commitment.objects.public()
        .select_related("committing_agency")
        .prefetch_related(
            "counterparties",
            "targets",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("reported_on", "id")),
        )
        .filter(pk=pk)
        .first()
    )
