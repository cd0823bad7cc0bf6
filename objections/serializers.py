from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.services.marks import item_marks
from objections.models import Objection
from objections.services.objections import REASONS_MAX
from records.models import CreditRecord


class MarkSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the mark's text, not the field's label


class OwnRecordSerializer(serializers.ModelSerializer):
    """A record of the signed-in civil servant's own file: labels beside codes, the periods,
    and the marks (「异议处理中」) read from the open objections."""

    status_label = serializers.CharField(source="get_status_display")
    category_label = serializers.CharField(source="get_category_display")
    polarity_label = serializers.CharField(source="get_polarity_display")
    marks = serializers.SerializerMethodField()

    class Meta:
        model = CreditRecord
        fields = (
            "id",
            "category",
            "category_label",
            "polarity",
            "polarity_label",
            "tier",
            "decision_date",
            "document_number",
            "summary",
            "use_scope",
            "status",
            "status_label",
            "public_until",
            "min_public_until",
            "sanction_kind",
            "influence_until",
            "version",
            "marks",
        )
        read_only_fields = fields

    @extend_schema_field(MarkSerializer(many=True))
    def get_marks(self, obj: CreditRecord) -> list[dict[str, str]]:
        marks = self.context.get("marks")
        found = marks.get(obj.pk, []) if marks is not None else item_marks(CreditRecord, [obj.pk]).get(obj.pk, [])
        return [{"code": m.code, "label": str(m.label)} for m in found]


class ObjectionSerializer(serializers.ModelSerializer):
    """Create: ``record`` (an id of the own file) and ``reasons``; evidence files as
    ``evidence_files`` in a multipart request. Everything else is read back."""

    record = serializers.IntegerField(source="record_id")
    reasons = serializers.CharField(max_length=REASONS_MAX)
    evidence_files = serializers.ListField(
        child=serializers.FileField(), write_only=True, required=False, max_length=5, allow_empty=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    due_on_text = serializers.SerializerMethodField()
    kept_deadline = serializers.BooleanField(read_only=True, allow_null=True)
    agency = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Objection
        fields = (
            "id",
            "record",
            "reasons",
            "evidence_files",
            "query_code",
            "agency",
            "filed_at",
            "due_on",
            "due_on_text",
            "status",
            "status_label",
            "outcome",
            "outcome_label",
            "reply",
            "answered_on",
            "kept_deadline",
        )
        read_only_fields = (
            "id",
            "query_code",
            "filed_at",
            "due_on",
            "status",
            "outcome",
            "reply",
            "answered_on",
        )

    def get_due_on_text(self, obj: Objection) -> str:
        return obj.due_on.isoformat() if obj.due_on else str(_("Pending the holiday schedule (待节假日安排公布)"))
