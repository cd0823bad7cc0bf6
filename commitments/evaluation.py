"""The commitments' terms of the integrity evaluation (records/evaluation.py): commitments
fulfilled (+) and breached (−), dated by the day they were settled. Registered from
`CommitmentsConfig.ready()`; records never imports this app.

A breach also files a dishonesty record in the agency's file, which its tier term counts; the
breach term weighs the broken promise itself on top (docs/architecture.md, "Evaluation")."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, Fulfilment
from core.workflow import Status
from records.evaluation import EvaluationTerm, register_evaluation_term


def settled(outcome: str) -> Callable[[], QuerySet[Commitment]]:
    # A revoked commitment no longer stands; settled ones stay published.
    return lambda: Commitment.objects.filter(status=Status.PUBLISHED, fulfilment=outcome, settled_on__isnull=False)


def register_terms() -> None:
    for key, label, outcome in (
        ("commitments_fulfilled", _("Commitments fulfilled"), Fulfilment.FULFILLED),
        ("commitments_breached", _("Commitments breached"), Fulfilment.BREACHED),
    ):
        register_evaluation_term(
            EvaluationTerm(
                key=key,
                label=label,
                rows=settled(outcome),
                agency_field="committing_agency_id",
                date_field="settled_on",
            )
        )
