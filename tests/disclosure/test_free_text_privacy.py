"""Personal data typed into free text (issue: a natural person's name and ID number typed
into 违法事实, 备注, … appeared in full on every public output, and search found them)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Agency, User
from disclosure.models import AdministrativeAction
from tests.disclosure.conftest import ActionFactory, natural_person_data, penalty_data, resident_id

pytestmark = pytest.mark.django_db

PERSON = "周大伟"
ID_NUMBER = "320106198001010015"
FREE_TEXT = ["violation_facts", "penalty_basis", "penalty_content", "remarks", "violation_type", "document_name"]


def _post(client: Client, data: dict[str, Any]) -> Any:
    body = {
        k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if not isinstance(v, list) else v)
        for k, v in data.items()
    }
    return client.post("/api/v1/staff/actions/", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("field", FREE_TEXT)
def test_entry_refuses_an_id_number_or_the_persons_name_in_free_text(client: Client, clerk_a: User, field: str) -> None:
    client.force_login(clerk_a)
    data = natural_person_data(PERSON)
    data["id_number"] = resident_id(data["decision_date"].replace(year=1980), 15)
    data[field] = f"经查，{PERSON}（身份证号{ID_NUMBER}）违法。"
    response = _post(client, data)
    assert response.status_code == 400, response.content
    messages = " ".join(response.json()[field])
    assert ID_NUMBER in messages or PERSON in messages  # says what was found …
    assert "周**" in messages or "******************" in messages  # … and offers the masked form
    assert not AdministrativeAction.objects.exists()


def test_entry_refuses_a_mobile_number_in_free_text(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    response = _post(client, penalty_data(remarks="联系人电话 138-1234-5678"))
    assert response.status_code == 400 and "remarks" in response.json()


def test_an_import_row_with_an_id_number_in_the_facts_is_a_row_error(
    tmp_path: Any, agency_a: Agency, clerk_a: User
) -> None:
    from disclosure.services.imports import import_file
    from tests.disclosure.conftest import penalty_row, write_csv

    row = penalty_row()
    row["违法事实"] = f"当事人身份证号{ID_NUMBER}"
    result = import_file(write_csv(tmp_path / "pii.csv", [row]), kind="penalty", agency=agency_a, actor=clerk_a)
    assert [(e.row, e.column) for e in result.errors] == [(2, "违法事实")]
    assert not AdministrativeAction.objects.exists()


def test_what_got_past_entry_is_masked_on_every_public_output_and_not_searchable(
    client: Client, agency_a: Agency
) -> None:
    action = ActionFactory.create(
        agency=agency_a, counterparty_type="natural_person", counterparty_name=PERSON, published=True
    )
    # Typed before the check existed, or written around it: defence in depth.
    leaked = f"{PERSON}，身份证号{ID_NUMBER}，电话13812345678"
    AdministrativeAction.objects.filter(pk=action.pk).update(remarks=leaked, violation_facts=leaked)
    from disclosure.presenters import search_text_for

    fresh = AdministrativeAction.objects.get(pk=action.pk)
    AdministrativeAction.objects.filter(pk=action.pk).update(search_text=search_text_for(fresh))
    outputs = [
        client.get(reverse("disclosure:detail", args=[action.pk])),
        client.get("/api/v1/disclosures/"),
        client.get(f"/api/v1/disclosures/{action.pk}/"),
        client.get(reverse("disclosure:download-csv")),
        client.get(reverse("disclosure:download-json")),
        client.get(reverse("disclosure:feed")),
    ]
    for response in outputs:
        assert response.status_code == 200
        body = response.getvalue().decode()  # streaming downloads too
        assert ID_NUMBER not in body and ID_NUMBER[6:14] not in body
        assert "13812345678" not in body and PERSON not in body
    found = client.get("/api/v1/disclosures/", {"q": PERSON}).json()["results"]
    assert found == []
