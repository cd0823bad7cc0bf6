from __future__ import annotations

from django.http import FileResponse

from objections.models import ObjectionEvidence
from records.services.evidence import download_name, evidence_storage


def evidence_response(item: ObjectionEvidence) -> FileResponse:
    """A stored evidence file, for a caller that has checked who may read it."""
    response = FileResponse(
        evidence_storage().open(item.stored_name, "rb"),
        as_attachment=True,
        filename=download_name(item),
        content_type=item.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
