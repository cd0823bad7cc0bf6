"""The back office for commitments: entry with inline parts, moves, outcomes, progress with
evidence, scoping and the changelist's query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, Fulfilment, Milestone, ProgressUpdate
from core.models import Agency, CivilServant, User
from core.workflow import Status
from records.models import CreditRecord
from tests.commitments.conftest import make_commitment, make_published, valid_uscc

pytestmark = pytest.mark.django_db

ADD = "/admin/commitments/commitment/add/"
CHANGELIST = "/admin/commitments/commitment/"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _inline(prefix: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def form_data(
    agency: Agency, person: CivilServant, milestone_due: dt.date | None = None, **overrides: Any
) -> dict[str, Any]:
    made = timezone.localdate() - dt.timedelta(days=2)
    data: dict[str, Any] = {
        "committing_agency": agency.pk,
        "kind": "ppp",
        "title": "西客站片区PPP项目按期建设",
        "promise": "政府方按合同约定按期支付可用性付费。",
        "responsible_person": person.pk,
        "made_on": made.isoformat(),
        "document_number": "槐PPP〔2026〕1号",
        **_inline("counterparties", [{"name": "济南西城建设有限公司", "uscc": valid_uscc(7001)}]),
        **_inline("targets", []),
        **_inline(
            "milestones",
            [{"title": "完成项目公司组建", "due_on": (milestone_due or made + dt.timedelta(days=30)).isoformat()}],
        ),
        **_inline("progress_updates", []),
    }
    data.update(overrides)
    return data


def test_a_clerk_enters_a_commitment_with_a_milestone_in_the_admin(
    clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    response = logged_in(clerk_a).post(ADD, form_data(agency_a, person_a))
    assert response.status_code == 302, response.content.decode()[:3000]
    c = Commitment.objects.get()
    assert (c.agency, c.status, c.created_by) == (agency_a, Status.DRAFT, clerk_a)
    assert list(c.milestones.values_list("title", flat=True)) == ["完成项目公司组建"]
    assert c.counterparties.get().name == "济南西城建设有限公司"


def test_a_milestone_before_the_day_made_is_a_form_error_and_nothing_is_saved(
    clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    response = logged_in(clerk_a).post(ADD, form_data(agency_a, person_a, milestone_due=dt.date(2020, 1, 1)))
    assert response.status_code == 200  # the form again, with the error
    assert 'class="errorlist' in response.content.decode()
    assert not Commitment.objects.exists() and not Milestone.objects.exists()


def test_another_agencys_person_is_not_offered(clerk_a: User, agency_a: Agency, person_b: CivilServant) -> None:
    response = logged_in(clerk_a).get(ADD)
    assert person_b.name not in response.content.decode()


def test_a_reviewer_publishes_with_the_move_button(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    from commitments.services.commitments import commitment_move

    c = make_commitment(clerk_a, agency_a, person_a)
    commitment_move(c, move="submit", actor=clerk_a)
    page = logged_in(reviewer_a).get(reverse("admin:commitments_commitment_change", args=[c.pk]))
    assert reverse("admin:commitments_commitment_move", args=[c.pk, "publish"]) in page.content.decode()
    logged_in(reviewer_a).post(reverse("admin:commitments_commitment_move", args=[c.pk, "publish"]))
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED


def test_another_agencys_commitment_is_404(clerk_b: User, published: Commitment) -> None:
    assert (
        logged_in(clerk_b).get(reverse("admin:commitments_commitment_change", args=[published.pk])).status_code == 404
    )


def test_the_credit_office_finds_a_breach_in_the_admin(published: Commitment, credit_office: User) -> None:
    client = logged_in(credit_office)
    page = client.get(reverse("admin:commitments_commitment_change", args=[published.pk])).content.decode()
    url = reverse("admin:commitments_commitment_outcome", args=[published.pk, "breached"])
    assert url in page
    response = client.post(
        url, {"on": timezone.localdate().isoformat(), "facts": "逾期未支付可用性付费", "tier": "general"}
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.fulfilment == Fulfilment.BREACHED
    assert (
        CreditRecord.objects.filter(
            pk__in=[published.breach_agency_record_id, published.breach_person_record_id]
        ).count()
        == 2
    )
    page = client.get(reverse("admin:commitments_commitment_change", args=[published.pk])).content.decode()
    assert reverse("admin:records_creditrecord_change", args=[published.breach_agency_record_id]) in page


def test_the_change_form_shows_the_lawful_reason_hint_and_requires_all_three(
    published: Commitment, reviewer_a: User
) -> None:
    from django.utils import translation

    url = reverse("admin:commitments_commitment_outcome", args=[published.pk, "changed"])
    client = logged_in(reviewer_a)
    with translation.override("en"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "legal_basis" in page and "compensation" in page
    response = client.post(url, {"on": timezone.localdate().isoformat(), "legal_basis": "x", "procedure": "y"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    published.refresh_from_db()
    assert published.fulfilment == Fulfilment.IN_PROGRESS


def test_a_reviewer_may_not_open_the_breach_form(published: Commitment, reviewer_a: User) -> None:
    url = reverse("admin:commitments_commitment_outcome", args=[published.pk, "breached"])
    assert logged_in(reviewer_a).get(url).status_code == 403


def test_progress_with_evidence_through_the_admin_and_its_download(
    published: Commitment, clerk_a: User, clerk_b: User
) -> None:
    milestone = published.milestones.order_by("due_on").first()
    assert milestone is not None
    response = logged_in(clerk_a).post(
        "/admin/commitments/progressupdate/add/",
        {
            "commitment": published.pk,
            "reported_on": timezone.localdate().isoformat(),
            "description": "项目公司已组建",
            "milestone": milestone.pk,
            "evidence_file": SimpleUploadedFile("营业执照.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.entered_by == clerk_a and update.has_evidence
    milestone.refresh_from_db()
    assert milestone.reached_on == timezone.localdate()
    url = reverse("admin:commitments_progress_evidence", args=[update.pk])
    download = logged_in(clerk_a).get(url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert logged_in(clerk_b).get(url).status_code == 404


def test_the_changelist_costs_the_same_queries_for_three_or_twenty_seven(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    client = logged_in(reviewer_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(CHANGELIST).status_code == 200
        return len(ctx)

    for _ in range(3):
        make_published(clerk_a, reviewer_a, agency_a, person_a)
    few = count()
    for _ in range(12):
        make_published(clerk_a, reviewer_a, agency_a, person_a)  # submitted_by and reviewer columns filled
        make_commitment(clerk_a, agency_a, person_a, with_parts=False)
    assert count() == few
