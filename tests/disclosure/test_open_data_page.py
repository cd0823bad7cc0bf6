"""「开放数据」 (issue 8, item 14): one page for citizens and developers, and a public API
schema without the staff endpoints."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, User
from disclosure.presenters import PUBLIC_COLUMNS
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db


def test_the_open_data_page_lists_datasets_fields_licence_update_time_and_links(
    client: Client, agency_a: Agency
) -> None:
    newest = timezone.now() - dt.timedelta(hours=2)
    ActionFactory.create(agency=agency_a, published=True, published_at=newest - dt.timedelta(days=3))
    ActionFactory.create(agency=agency_a, published=True, published_at=newest)
    response = client.get(reverse("disclosure:open-data"))
    assert response.status_code == 200
    page = response.content.decode()
    for key, label in PUBLIC_COLUMNS:
        assert f"<code>{key}</code>" in page and label in page
    assert response.context["updated"] == newest
    assert 'data-testid="licence"' in page and "creativecommons.org/licenses/by/4.0" in page
    for href in (
        reverse("disclosure:download-csv") + "?kind=licensing",
        reverse("disclosure:download-csv") + "?kind=penalty",
        reverse("disclosure:download-json") + "?kind=licensing",
        reverse("disclosure:download-json") + "?kind=penalty",
        reverse("api-docs"),
    ):
        assert f'href="{href}"' in page


def test_every_public_column_has_a_description(client: Client) -> None:
    rows = client.get(reverse("disclosure:open-data")).context["columns"]
    assert [r["key"] for r in rows] == [k for k, _ in PUBLIC_COLUMNS]
    assert all(r["description"] for r in rows)


def test_the_site_navigation_links_the_open_data_page(client: Client) -> None:
    assert f'href="{reverse("disclosure:open-data")}"' in client.get(reverse("home")).content.decode()


def schema_paths(client: Client) -> dict[str, Any]:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()["paths"]  # type: ignore[no-any-return]


def test_the_public_api_schema_leaves_out_the_staff_api(client: Client) -> None:
    paths = schema_paths(client)
    assert "/api/v1/disclosures/" in paths
    assert not [p for p in paths if p.startswith("/api/v1/staff/")]
    assert client.get(reverse("api-docs")).status_code == 200


def test_signed_in_staff_see_the_staff_api_in_the_schema(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    assert [p for p in schema_paths(client) if p.startswith("/api/v1/staff/")]


def test_the_schema_documents_the_order_of_the_open_data_list(client: Client) -> None:
    operation = schema_paths(client)["/api/v1/disclosures/"]["get"]
    assert "decision_date" in operation["description"]
