"""Issue 12: the open data in the national standard's layout, and the round trip: a file the
portal exports imports back into it with the same data (penalties and licences, CSV and XLSX)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import Agency, User
from core.workflow import Status
from disclosure import standard
from disclosure.models import AdministrativeAction, CounterpartyType, IdType, LicenceCategory, Tier
from disclosure.services.imports import import_file
from tests.disclosure.conftest import ActionFactory, licence_data, natural_person_data, penalty_data, resident_id

pytestmark = pytest.mark.django_db

INTERNAL_CODES = {"legal_person", "natural_person", "individual_business", "general", "serious", "minor", "fine"}
# What the round trip compares: every field the standard's public layout carries.
COMPARED = (
    "kind",
    "counterparty_name",
    "counterparty_type",
    "counterparty_uscc",
    "document_name",
    "document_number",
    "decision_date",
    "violation_type",
    "violation_facts",
    "penalty_basis",
    "penalty_categories",
    "penalty_content",
    "fine_amount",
    "confiscated_amount",
    "suspended_licence",
    "tier",
    "penalty_valid_to",
    "public_until",
    "licence_category",
    "licence_certificate_name",
    "licence_number",
    "licence_content",
    "valid_from",
    "valid_to",
    "licence_state",
    "remarks",
)


def published(agency: Agency, data: dict[str, Any]) -> AdministrativeAction:
    return ActionFactory.create(agency=agency, status=Status.PUBLISHED, published_at=timezone.now(), **data)


def some_penalties(agency: Agency) -> list[AdministrativeAction]:
    decided = timezone.localdate() - dt.timedelta(days=20)
    return [
        published(agency, penalty_data(penalty_valid_to=decided + dt.timedelta(days=90), decision_date=decided)),
        published(
            agency,
            penalty_data(
                penalty_categories=["criticism", "licence_revocation"],
                fine_amount=None,
                suspended_licence="食品经营许可证JY23701040000009",
                penalty_content="通报批评，吊销食品经营许可证。",
                tier=Tier.SERIOUS,
                counterparty_type=CounterpartyType.INDIVIDUAL_BUSINESS,
                remarks="当事人已履行。",
            ),
        ),
        published(
            agency,
            penalty_data(
                penalty_categories=["confiscation"],
                fine_amount=None,
                confiscated_amount=Decimal("12.345678"),
                penalty_content="没收违法所得。",
                publicity_end_stated=timezone.localdate() + dt.timedelta(days=30),
            ),
        ),
    ]


def some_licences(agency: Agency) -> list[AdministrativeAction]:
    return [
        published(agency, licence_data(licence_category=LicenceCategory.APPROVAL)),
        published(agency, licence_data(valid_to=None)),
    ]


def snapshot(actions: Any, fields: tuple[str, ...] = COMPARED) -> list[tuple[Any, ...]]:
    def plain(value: Any) -> Any:
        return value.normalize() if isinstance(value, Decimal) else value

    # Sorted by the document number, which is unique (never compares the values after it).
    return sorted((tuple(plain(getattr(a, f)) for f in fields) for a in actions), key=lambda t: str(t[5]))


# The portal's layout has no column for these fields of the standard.
NOT_IN_PORTAL_LAYOUT = ("penalty_valid_to", "licence_category")


def download(client: Client, kind: str, fmt: str = "csv") -> bytes:
    name = {"csv": "disclosure:download-csv", "xlsx": "disclosure:download-xlsx"}[fmt]
    response = client.get(reverse(name), {"layout": "standard", "kind": kind})
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("kind", "make"), [("penalty", some_penalties), ("licensing", some_licences)])
def test_the_round_trip_export_then_import_gives_the_same_data(
    tmp_path: Path, client: Client, agency_a: Agency, clerk_a: User, kind: str, make: Any, fmt: str
) -> None:
    originals = make(agency_a)
    before = snapshot(originals)
    exported = download(client, kind, fmt)
    AdministrativeAction.objects.all().delete()
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(exported)
    result = import_file(path, kind=kind, agency=agency_a, actor=clerk_a, original_name=path.name)
    assert (result.ok, result.imported, result.warnings_total) == (True, len(originals), 0), [
        (e.row, e.column, e.message) for e in [*result.errors, *result.warnings]
    ]
    assert snapshot(AdministrativeAction.objects.all()) == before
    # and the re-imported items, published, export to the same file
    AdministrativeAction.objects.update(status=Status.PUBLISHED, published_at=timezone.now())
    from django.core.cache import cache

    cache.clear()
    assert _rows(download(client, kind, fmt), fmt) == _rows(exported, fmt)


def _rows(content: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        return sorted(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return sorted([str(v or "") for v in row] for row in sheet.iter_rows(values_only=True))


def test_the_standard_csv_has_the_standards_names_and_words_and_no_codes(client: Client, agency_a: Agency) -> None:
    some_penalties(agency_a)
    rows = list(csv.reader(io.StringIO(download(client, "penalty").decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert header == [c.name for c in standard.standard_columns("penalty") if c.public]
    assert {"行政处罚决定书文号", "处罚决定日期", "罚款金额（万元）", "处罚机关", "公示截止期"} <= set(header)
    assert "证件号码" not in header and "法定代表人证件号码" not in header
    cells = {cell for row in data for cell in row}
    assert not cells & INTERNAL_CODES
    by = [dict(zip(header, row, strict=True)) for row in data]
    assert {r["行政相对人类别"] for r in by} == {"法人及非法人组织", "个体工商户"}
    assert "通报批评；吊销许可证件" in {r["处罚类别"] for r in by}
    assert all(r["处罚机关"] == agency_a.name and r["处罚机关统一社会信用代码"] == agency_a.uscc for r in by)


def test_natural_persons_are_masked_and_no_id_number_is_exported(client: Client, agency_a: Agency) -> None:
    number = resident_id(dt.date(1988, 6, 1), 333)
    action = published(agency_a, natural_person_data("周大伟", id_number=number))
    action.legal_representative_id_type = IdType.RESIDENT_ID
    action.legal_representative_id_number = number
    action.save()
    text = download(client, "penalty").decode("utf-8-sig")
    assert number not in text and "周大伟" not in text and "周**" in text
    api = client.get(reverse("api-disclosure-list"), {"layout": "standard", "kind": "penalty"}).json()
    assert number not in str(api) and "周大伟" not in str(api)


def test_the_json_api_offers_the_standard_layout(client: Client, agency_a: Agency) -> None:
    some_licences(agency_a)
    body = client.get(reverse("api-disclosure-list"), {"layout": "standard", "kind": "licensing"}).json()
    item = body["results"][0]
    assert item["当前状态"] == "正常" and item["许可机关"] == agency_a.name
    assert "行政许可决定文书号" in item and "url" not in item
    assert "counterparty_type" in client.get(reverse("api-disclosure-list")).json()["results"][0]  # default layout


def test_the_json_download_and_xlsx_in_the_standard_layout(client: Client, agency_a: Agency) -> None:
    some_penalties(agency_a)
    body = client.get(reverse("disclosure:download-json"), {"layout": "standard", "kind": "penalty"})
    import json

    items = json.loads(b"".join(body.streaming_content))["items"]  # type: ignore[attr-defined]
    assert {i["行政相对人类别"] for i in items} == {"法人及非法人组织", "个体工商户"}
    sheet = load_workbook(io.BytesIO(download(client, "penalty", "xlsx"))).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[0] == "行政相对人名称"


@pytest.mark.parametrize("query", [{"layout": "standard"}, {"layout": "standard", "kind": "other"}, {"layout": "x"}])
def test_the_standard_layout_needs_one_kind(client: Client, query: dict[str, str]) -> None:
    assert client.get(reverse("disclosure:download-csv"), query).status_code == 400
    assert client.get(reverse("disclosure:download-xlsx"), query).status_code == 400
    assert client.get(reverse("disclosure:download-json"), query).status_code == 400
    answer = client.get(reverse("api-disclosure-list"), query)
    assert answer.status_code == 400 and "layout" in answer.json()


def test_the_api_schema_describes_the_layout_parameter(client: Client) -> None:
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    params = schema["paths"]["/api/v1/disclosures/"]["get"]["parameters"]
    assert any(p["name"] == "layout" for p in params)
    # Each layout's items are described exactly, so a response can be checked against them.
    penalty = schema["components"]["schemas"]["StandardPenalty"]
    assert "行政处罚决定书文号" in penalty["required"] and "行政许可决定文书号" not in penalty["properties"]
    assert "行政许可决定文书号" in schema["components"]["schemas"]["StandardLicence"]["required"]


@pytest.mark.parametrize(("kind", "make"), [("penalty", some_penalties), ("licensing", some_licences)])
def test_the_portals_own_open_data_csv_imports_back_too(
    tmp_path: Path, client: Client, agency_a: Agency, clerk_a: User, kind: str, make: Any
) -> None:
    """The complaint: the open-data CSV could not be imported back (84 errors on its 21 rows).
    Its code columns and site columns are now reported as ignored, and its words import."""
    originals = make(agency_a)
    fields = tuple(f for f in COMPARED if f not in NOT_IN_PORTAL_LAYOUT)
    before = snapshot(originals, fields)
    response = client.get(reverse("disclosure:download-csv"), {"kind": kind})
    path = tmp_path / "portal.csv"
    path.write_bytes(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    AdministrativeAction.objects.all().delete()
    result = import_file(path, kind=kind, agency=agency_a, actor=clerk_a, confirmed=True)
    assert (result.ok, result.imported) == (True, len(originals)), [(e.row, e.column, e.message) for e in result.errors]
    ignored = [w.message for w in result.warnings if w.row == 1]
    assert len(ignored) == 1 and "行政相对人类别代码" in ignored[0]
    assert snapshot(AdministrativeAction.objects.all(), fields) == before


# --- the legal representative's certificate, entered by hand: encrypted, masked, never public -------


def test_the_staff_api_takes_the_legal_representatives_certificate_encrypted(clerk_a: User) -> None:
    from rest_framework.test import APIClient

    from tests.disclosure.test_staff_api import as_json

    number = resident_id(dt.date(1971, 2, 3), 515)
    client = APIClient()
    client.force_authenticate(clerk_a)
    data = {
        **as_json(penalty_data()),
        "legal_representative_id_type": "resident_id",
        "legal_representative_id_number": number,
    }
    response = client.post("/api/v1/staff/actions/", data, format="json")
    assert response.status_code == 201, response.json()
    assert number not in response.content.decode()
    action = AdministrativeAction.objects.get()
    assert action.legal_representative_id_number == number and number not in action.legal_representative_id_encrypted
    bad = {**data, "document_number": "另一号", "legal_representative_id_type": "hk_macao"}
    response = client.post("/api/v1/staff/actions/", bad, format="json")
    assert response.status_code == 400 and "legal_representative_id_number" in response.json()


def test_the_read_only_admin_page_masks_the_legal_representatives_certificate(
    client: Client, agency_a: Agency, reviewer_a: User
) -> None:
    number = resident_id(dt.date(1971, 2, 3), 516)
    action = published(agency_a, penalty_data(legal_representative_id_type=IdType.RESIDENT_ID))
    action.legal_representative_id_number = number
    action.save()
    client.force_login(reviewer_a)
    page = client.get(reverse("admin:disclosure_administrativeaction_change", args=[action.pk])).content.decode()
    assert number not in page and number[:3] in page  # masked, as the other ID numbers
