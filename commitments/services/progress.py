"""Progress updates (履行进展) of a published commitment in progress, with an evidence file.

The file is checked and stored by records' evidence service (one set of rules for every
evidence file); the row remembers who entered it. A progress update may report a milestone
reached, which stops that milestone's clock.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Fulfilment, Milestone, ProgressUpdate
from core.services.audit import audit_record
from core.workflow import Status
from integrity.lib.personal_data import find_personal_data
from records.services.evidence import evidence_store, safe_download_name
from records.services.records import personal_data_message


@transaction.atomic
def progress_add(*, actor: Any, data: dict[str, Any], upload: Any = None) -> ProgressUpdate:
    refused = sorted(set(data) - set(ProgressUpdate.ENTRY_FIELDS))
    if refused:
        raise ValidationError({name: [_("This field cannot be set here.")] for name in refused})
    commitment: Commitment | None = data.get("commitment")
    if commitment is None:
        raise ValidationError({"commitment": [_("Choose the commitment.")]})
    current = Commitment.objects.select_for_update().select_related("responsible_person").get(pk=commitment.pk)
    if not current.policy.may_report_progress(actor, current):  # type: ignore[attr-defined]
        raise PermissionDenied(_("Only staff of the committing agency or the credit office can report progress."))
    if current.status != Status.PUBLISHED or current.fulfilment != Fulfilment.IN_PROGRESS:
        raise ValidationError({"commitment": [_("Progress is reported on a published commitment in progress.")]})
    update = ProgressUpdate(entered_by=actor, **{**data, "commitment": current})
    errors: dict[str, list[str]] = {}
    try:
        update.full_clean(exclude=["entered_by"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    reported = update.reported_on
    if reported is not None and (reported > timezone.localdate() or reported < current.made_on):
        errors.setdefault("reported_on", []).append(_("The date lies outside the commitment's life so far."))
    findings = find_personal_data(update.description or "", current.personal_names())
    if findings:
        errors.setdefault("description", []).append(personal_data_message(update.description, findings))
    # Read again, locked: the caller's copy may predate another report that reached it.
    milestone = (
        Milestone.objects.select_for_update().filter(pk=update.milestone_id).first() if update.milestone_id else None
    )
    if milestone is not None and (milestone.commitment_id != current.pk or milestone.reached_on is not None):
        errors.setdefault("milestone", []).append(_("Choose an open milestone of this commitment."))
    if errors:
        raise ValidationError(errors)
    if upload:
        stored = evidence_store(upload=upload, folder=f"commitments/{current.pk}")
        update.evidence_stored_name = stored.stored_name
        update.evidence_original_name = stored.original_name
        update.evidence_content_type = stored.content_type
        update.evidence_size = stored.size
        update.evidence_sha256 = stored.sha256
    update.save()
    if milestone is not None:
        Milestone.objects.filter(pk=milestone.pk, reached_on__isnull=True).update(reached_on=update.reported_on)
    audit_record(
        action="commitments.progressupdate.add",
        actor=actor,
        obj=current,
        data={
            "progress_id": update.pk,
            "milestone_id": milestone.pk if milestone else None,
            "sha256": update.evidence_sha256 or None,
        },
    )
    return update


def evidence_download_name(update: ProgressUpdate) -> str:
    return safe_download_name(update.evidence_original_name, update.evidence_content_type)
