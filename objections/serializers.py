from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.services.marks import item_marks
from objections.models import Objection
from objections.repair_models import RepairRequest
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


class RepairRequestSerializer(serializers.ModelSerializer):
    """Create: ``record`` (an id of the own file), ``statement``, ``commitment_accepted`` (true:
    the applicant accepts the credit commitment the portal generates) and, in a multipart
    request, ``evidence_files`` (1 to 5). Everything else is read back."""

    record = serializers.IntegerField(source="record_id")
    statement = serializers.CharField(max_length=5000)
    commitment_accepted = serializers.BooleanField(write_only=True)
    evidence_files = serializers.ListField(
        child=serializers.FileField(), write_only=True, required=False, max_length=5, allow_empty=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    accept_due_on_text = serializers.SerializerMethodField()
    decide_due_on_text = serializers.SerializerMethodField()

    class Meta:
        model = RepairRequest
        fields = (
            "id",
            "record",
            "statement",
            "commitment_accepted",
            "evidence_files",
            "commitment_text",
            "agency",
            "filed_at",
            "eligible_from",
            "accept_due_on",
            "accept_due_on_text",
            "decide_due_on",
            "decide_due_on_text",
            "status",
            "status_label",
            "decision_reasons",
            "decided_on",
        )
        read_only_fields = (
            "id",
            "commitment_text",
            "filed_at",
            "eligible_from",
            "accept_due_on",
            "decide_due_on",
            "status",
            "decision_reasons",
            "decided_on",
        )

    def validate_commitment_accepted(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Accept the credit commitment to file the request."))
        return value

    def _due(self, day: object) -> str:
        return day.isoformat() if day else str(_("Pending the holiday schedule (待节假日安排公布)"))  # type: ignore[attr-defined]

    def get_accept_due_on_text(self, obj: object) -> str:
        return self._due(getattr(obj, "accept_due_on", None))

    def get_decide_due_on_text(self, obj: object) -> str:
        return self._due(getattr(obj, "decide_due_on", None))
