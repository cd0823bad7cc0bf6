"""What the public site shows of a commitment (R-P): companies by name and credit code, the
committing agency, the promise, targets, milestones, progress and the outcome. Never the
responsible person (a natural person), who entered what, or evidence files.

Templates receive only this module's output, never the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Fulfilment


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    kind: str  # made, published, milestone, progress, deadline, outcome: a CSS class
    title: str
    text: str = ""
    state: str = ""  # done, late, overdue, upcoming: a CSS class
    state_label: str = ""


def list_item(c: Commitment) -> dict[str, Any]:
    return {
        "pk": c.pk,
        "title": c.title,
        "kind_label": c.get_kind_display(),
        "agency_name": c.committing_agency.name,
        "made_on": c.made_on,
        "fulfilment": c.fulfilment,
        "fulfilment_label": c.get_fulfilment_display(),
        "milestones": getattr(c, "milestone_count", 0),
        "milestones_reached": getattr(c, "milestones_reached", 0),
    }


def _milestone_state(due: dt.date, reached: dt.date | None, today: dt.date) -> tuple[str, str]:
    if reached is not None:
        return ("done", _("Reached")) if reached <= due else ("late", _("Reached late"))
    if due < today:
        return "overdue", _("Overdue")
    return "upcoming", _("Upcoming")


def public_commitment(c: Commitment, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    milestones = list(c.milestones.all())
    targets = list(c.targets.all())
    progress = list(c.progress_updates.all())
    timeline = [TimelineEntry(c.made_on, "made", _("Commitment made"))]
    if c.published_at:
        timeline.append(TimelineEntry(timezone.localdate(c.published_at), "published", _("Published")))
    for m in milestones:
        state, label = _milestone_state(m.due_on, m.reached_on, today)
        timeline.append(TimelineEntry(m.due_on, "milestone", m.title, _("Milestone due"), state, label))
    for t in targets:
        timeline.append(TimelineEntry(t.deadline, "deadline", t.description, _("Target deadline")))
    for p in progress:
        timeline.append(TimelineEntry(p.reported_on, "progress", _("Progress"), p.description, "done"))
    if c.settled_on:
        timeline.append(TimelineEntry(c.settled_on, "outcome", c.get_fulfilment_display(), c.outcome_note))
    order = {"made": 0, "published": 1, "progress": 2, "milestone": 3, "deadline": 4, "outcome": 5}
    timeline.sort(key=lambda e: (e.date, order[e.kind]))
    reached = sum(1 for m in milestones if m.reached_on is not None)
    return {
        "pk": c.pk,
        "title": c.title,
        "kind_label": c.get_kind_display(),
        "agency_name": c.committing_agency.name,
        "agency_uscc": c.committing_agency.uscc,
        "document_number": c.document_number,
        "promise": c.promise,
        "made_on": c.made_on,
        "published_on": timezone.localdate(c.published_at) if c.published_at else None,
        "fulfilment": c.fulfilment,
        "fulfilment_label": c.get_fulfilment_display(),
        "settled_on": c.settled_on,
        "outcome_note": c.outcome_note,
        "change": (
            {
                "legal_basis": c.change_legal_basis,
                "procedure": c.change_procedure,
                "compensation": c.change_compensation,
            }
            if c.fulfilment == Fulfilment.CHANGED
            else None
        ),
        "counterparties": [{"name": p.name, "uscc": p.uscc} for p in c.counterparties.all()],
        "targets": [
            {
                "description": t.description,
                "value": t.value,
                "unit": t.unit,
                "baseline": t.baseline,
                "deadline": t.deadline,
            }
            for t in targets
        ],
        "milestones": [
            {"title": m.title, "due_on": m.due_on, "reached_on": m.reached_on, "state": s[0], "state_label": s[1]}
            for m in milestones
            for s in [_milestone_state(m.due_on, m.reached_on, today)]
        ],
        "milestones_reached": reached,
        "progress_percent": round(100 * reached / len(milestones)) if milestones else None,
        "timeline": timeline,
    }
