from __future__ import annotations

from typing import Any

from rest_framework import serializers

from commitments.models import Commitment, Counterparty, Milestone, Target
from commitments.services.commitments import PART_FIELDS
from core.models import Agency, CivilServant


class CounterpartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Counterparty
        fields = PART_FIELDS["counterparties"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = PART_FIELDS["targets"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = (*PART_FIELDS["milestones"], "reached_on")
        read_only_fields = ["reached_on"]


class StaffCommitmentSerializer(serializers.ModelSerializer):
    """Writes exactly the model's ENTRY_FIELDS and, when given, its parts (each list replaces
    the part whole). Workflow, clock and fulfilment fields are read back, never written. The
    agencies and people offered are those the user may see: another agency's civil servant is
    "not found", like a missing one."""

    counterparties = CounterpartySerializer(many=True, required=False)
    targets = TargetSerializer(many=True, required=False)
    milestones = MilestoneSerializer(many=True, required=False)

    class Meta:
        model = Commitment
        fields = ("id", *Commitment.ENTRY_FIELDS, "counterparties", "targets", "milestones")
        read_only_fields = ["id"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated or request.method in ("GET", "HEAD"):
            return
        agencies = Agency.objects.active()
        self.fields["committing_agency"].queryset = (  # type: ignore[attr-defined]
            agencies if user.is_credit_office else agencies.filter(pk=user.agency_id)
        )
        self.fields["responsible_person"].queryset = CivilServant.objects.visible_to(user)  # type: ignore[attr-defined]

    def to_representation(self, instance: Commitment) -> dict[str, Any]:
        data = super().to_representation(instance)
        person = instance.responsible_person
        data.update(
            {
                "agency": instance.agency_id,
                "status": instance.status,
                "due_on": instance.due_on,
                "responsible_person_display": f"{person.name}（{person.id_number_masked}）",
                "return_reason": instance.return_reason,
                "fulfilment": instance.fulfilment,
                "settled_on": instance.settled_on,
                "breach_records": [
                    pk for pk in (instance.breach_agency_record_id, instance.breach_person_record_id) if pk
                ],
            }
        )
        return data
