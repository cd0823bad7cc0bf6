from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from core.models import Agency, CivilServant
from core.services.marks import item_marks
from records.models import CreditRecord, KeyArea, Measure, Polarity, Sanction


class StaffRecordSerializer(serializers.ModelSerializer):
    """Writes exactly the model's ENTRY_FIELDS; an update also names the ``version`` it was
    based on (optimistic locking: an older one answers 409). Workflow and derived fields are
    read back, never written. The subjects offered are those the user may see, so another
    agency's civil servant is "not found", like a missing one."""

    key_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=KeyArea.choices), required=False, allow_empty=True
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy("Required on update: the version the edit is based on."),
    )

    class Meta:
        model = CreditRecord
        fields = ("id", *CreditRecord.ENTRY_FIELDS, "version")
        read_only_fields = ["id"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated or request.method in ("GET", "HEAD"):
            return  # the choices matter only for input; reading needs no queries for them
        agencies = Agency.objects.active()
        self.fields["subject_agency"].queryset = (  # type: ignore[attr-defined]
            agencies if user.is_credit_office else agencies.filter(pk=user.agency_id)
        )
        self.fields["civil_servant"].queryset = CivilServant.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["providing_agency"].queryset = agencies  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [gettext_lazy("Give the version your edit is based on.")]})
        return attrs

    def _marks(self, instance: CreditRecord) -> list[Any]:
        page = self.context.get("marks")  # a list: the page's marks, read in one query by the view
        if page is not None:
            return list(page.get(instance.pk, []))
        return item_marks(CreditRecord, [instance.pk]).get(instance.pk, [])

    def to_representation(self, instance: CreditRecord) -> dict[str, Any]:
        data = super().to_representation(instance)
        person = instance.civil_servant if instance.civil_servant_id else None
        data.update(
            {
                "agency": instance.agency_id,
                "status": instance.status,
                "subject": (
                    f"{person.name}（{person.id_number_masked}）"
                    if person is not None
                    else str(instance.subject_agency or "")
                ),
                "public_until": instance.public_until,
                "min_public_until": instance.min_public_until,
                "influence_until": instance.influence_until,
                "return_reason": instance.return_reason,
                "automatic": instance.fact_id is not None,
                # Facts other apps own (「异议处理中」 from objections), read through core's registry.
                "marks": [{"code": m.code, "label": str(m.label)} for m in self._marks(instance)],
                "source": (
                    {
                        "kind": instance.fact.kind,
                        "object_type": instance.fact.object_type,
                        "object_id": instance.fact.object_id,
                    }
                    if instance.fact_id is not None and instance.fact is not None
                    else None
                ),
            }
        )
        return data


class StaffSanctionSerializer(serializers.ModelSerializer):
    """Writes exactly `Sanction.ENTRY_FIELDS`; an update names the ``version`` it was based on
    (an older one answers 409). The records offered are the dishonesty records the user may
    see, so another agency's record is "not found". Evidence files are attached in the back
    office; a rectification is completed here only once its evidence is there."""

    measures = serializers.ListField(
        child=serializers.ChoiceField(choices=Measure.choices), required=False, allow_empty=True
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy("Required on update: the version the edit is based on."),
    )

    class Meta:
        model = Sanction
        fields = ("id", *Sanction.ENTRY_FIELDS, "version")
        read_only_fields = ["id"]
        extra_kwargs = {"active_from": {"required": False, "allow_null": True}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated or request.method in ("GET", "HEAD"):
            return
        if self.instance is not None:
            self.fields["record"].read_only = True  # a sanction stays with the record it was entered on
            return
        self.fields["record"].queryset = CreditRecord.objects.visible_to(user).filter(  # type: ignore[attr-defined]
            polarity=Polarity.DISHONEST
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [gettext_lazy("Give the version your edit is based on.")]})
        return attrs

    def to_representation(self, instance: Sanction) -> dict[str, Any]:
        data = super().to_representation(instance)
        data.update(
            {
                "agency": instance.agency_id,
                "state": instance.state(),
                "lifted_at": instance.lifted_at,
                "lift_reason": instance.lift_reason,
                "evidence": [
                    {"id": e.pk, "name": e.original_name, "type": e.content_type, "size": e.size}
                    for e in instance.evidence.all()
                ],
            }
        )
        return data


class RestrictionQuerySerializer(serializers.Serializer):
    agency = serializers.CharField(help_text=gettext_lazy("The agency's id or unified social credit code."))

    def validate_agency(self, value: str) -> Agency:
        value = value.strip().upper()
        lookup = {"pk": int(value)} if value.isdigit() and len(value) < 18 else {"uscc": value}
        agency = Agency.objects.filter(**lookup).first()
        if agency is None:
            raise serializers.ValidationError(gettext_lazy("No agency has this id or credit code."))
        return agency


class RestrictionSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=Measure.choices)
    name = serializers.CharField(source="label")
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    sanction_id = serializers.IntegerField()
    record_id = serializers.IntegerField()
