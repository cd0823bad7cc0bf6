from __future__ import annotations

from typing import Any

from rest_framework import serializers

from disclosure import standard
from disclosure.models import PENALTY_CATEGORIES, ActionKind, AdministrativeAction
from disclosure.presenters import PUBLIC_COLUMNS, public_fields, standard_row


def _schema_field(key: str, label: str) -> serializers.Field:
    if key == "id":
        return serializers.IntegerField(help_text=label)
    if key in ("penalty_categories", "marks"):  # lists of words
        return serializers.ListField(child=serializers.CharField(), help_text=label)
    return serializers.CharField(help_text=label, allow_null=True)


class PublicActionSerializer(serializers.Serializer):
    """Read-only: the output is the one privacy-aware presenter's; the declared fields
    (one per download column) only document it in the OpenAPI schema."""

    locals().update({key: _schema_field(key, label) for key, label in PUBLIC_COLUMNS})

    def to_representation(self, instance: AdministrativeAction) -> dict[str, Any]:
        fields = public_fields(instance, self.context.get("marks"))  # the page's marks, read once by the view
        request = self.context.get("request")
        if request is not None:  # absolute links: the open data is read outside the site
            fields["url"] = request.build_absolute_uri(fields["url"])
        return fields


class StandardActionSerializer(serializers.Serializer):
    """Read-only, ``?layout=standard&kind=…``: the national standard's layout (disclosure.standard),
    built by presenters.standard_row: Chinese column names, the standard's words, no ID numbers.
    The schema has one component per kind (`StandardPenalty`, `StandardLicence`), each listing
    exactly the public columns of its kind's file."""

    def to_representation(self, instance: AdministrativeAction) -> dict[str, Any]:
        return standard_row(instance)


def _standard_serializer(kind: str, name: str) -> type[StandardActionSerializer]:
    fields: dict[str, serializers.Field] = {
        col.name: serializers.CharField(
            read_only=True, allow_blank=True, help_text=f"{col.key} ({', '.join(col.codes) or 'portal'})"
        )
        for col in standard.standard_columns(kind)
        if col.public
    }
    return type(name, (StandardActionSerializer,), {**fields, "__doc__": StandardActionSerializer.__doc__})


StandardPenaltySerializer = _standard_serializer(ActionKind.PENALTY, "StandardPenaltySerializer")
StandardLicenceSerializer = _standard_serializer(ActionKind.LICENSING, "StandardLicenceSerializer")


class StaffActionSerializer(serializers.ModelSerializer):
    """Writes exactly the model's ENTRY_FIELDS (and the ID number, encrypted on the way in);
    any other field in a request is ignored. The workflow fields are read back, never written."""

    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=30)
    # Encrypted on the way in like id_number; never read back.
    legal_representative_id_number = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=30
    )
    # A JSON field on the model: without this any JSON (nested lists, objects) reached clean().
    penalty_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=list(PENALTY_CATEGORIES.items())),
        required=False,
        max_length=len(PENALTY_CATEGORIES),
    )

    class Meta:
        model = AdministrativeAction
        fields = ("id", *AdministrativeAction.ENTRY_FIELDS, "id_number", "legal_representative_id_number")
        read_only_fields = ["id"]

    def to_representation(self, instance: AdministrativeAction) -> dict[str, Any]:
        data = super().to_representation(instance)
        data.update(
            {
                "status": instance.status,
                "due_on": instance.due_on,
                "agency": instance.agency_id,
                "public_until": instance.public_until,
                "return_reason": instance.return_reason,
            }
        )
        return data
