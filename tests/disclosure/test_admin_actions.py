"""The back office for administrative actions: entry, moves, bulk actions, the late dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.models import Agency, AuditEvent, User
from core.workflow import Status
from disclosure.models import AdministrativeAction
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:disclosure_administrativeaction_changelist"


def change_url(action: AdministrativeAction) -> str:
    return reverse("admin:disclosure_administrativeaction_change", args=[action.pk])


def move_url(action: AdministrativeAction, move: str) -> str:
    return reverse("admin:disclosure_administrativeaction_move", args=[action.pk, move])


def form_data(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "kind": "penalty",
        "counterparty_name": "济南后台录入食品有限公司",
        "counterparty_type": "legal_person",
        "counterparty_uscc": "",
        "legal_representative": "何志强",
        "document_name": "行政处罚决定书",
        "document_number": "济槐市监罚〔2026〕881号",
        "decision_date": (today - dt.timedelta(days=2)).isoformat(),
        "use_scope": "public",
        "violation_type": "未按规定进货查验",
        "violation_facts": "当事人未履行进货查验义务。",
        "penalty_basis": "《中华人民共和国食品安全法》第一百二十六条",
        "penalty_categories": ["warning", "fine"],
        "penalty_content": "警告，罚款一万元。",
        "fine_amount": "1",
        "tier": "general",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def uscc() -> str:
    from core.demo import demo_uscc

    return demo_uscc(888, "91")


def test_a_clerk_enters_an_action_in_the_admin_through_the_service(client: Client, clerk_a: User, uscc: str) -> None:
    client.force_login(clerk_a)
    response = client.post(reverse("admin:disclosure_administrativeaction_add"), form_data(counterparty_uscc=uscc))
    assert response.status_code == 302, response.content.decode()[:2000]
    action = AdministrativeAction.objects.get()
    assert (action.agency, action.status, action.created_by) == (clerk_a.agency, Status.DRAFT, clerk_a)
    assert action.penalty_categories == ["warning", "fine"]
    assert action.due_on is not None
    assert AuditEvent.objects.filter(action="disclosure.administrativeaction.create", object_id=str(action.pk)).exists()


def test_a_rule_broken_in_the_admin_is_a_message_not_a_500(client: Client, clerk_a: User, uscc: str) -> None:
    client.force_login(clerk_a)
    response = client.post(
        reverse("admin:disclosure_administrativeaction_add"), form_data(counterparty_uscc=uscc, fine_amount=None)
    )
    assert response.status_code == 200  # the form again, with the field's error
    assert "errorlist" in response.content.decode()
    assert response.context["adminform"].form.errors.keys() == {"fine_amount"}
    assert not AdministrativeAction.objects.exists()


def test_each_clerk_sees_only_their_agencys_actions(
    client: Client, agency_a: Agency, agency_b: Agency, clerk_b: User
) -> None:
    mine = ActionFactory.create(agency=agency_b)
    theirs = ActionFactory.create(agency=agency_a)
    client.force_login(clerk_b)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert mine.document_number in page and theirs.document_number not in page
    assert client.get(change_url(theirs)).status_code == 404  # "does not exist", in the site's 404 page
    assert client.post(move_url(theirs, "submit")).status_code == 404
    assert AdministrativeAction.objects.get(pk=theirs.pk).status == Status.DRAFT


def test_the_credit_office_sees_every_agency(
    client: Client, agency_a: Agency, agency_b: Agency, credit_office: User
) -> None:
    actions = [ActionFactory.create(agency=agency_a), ActionFactory.create(agency=agency_b)]
    client.force_login(credit_office)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert all(a.document_number in page for a in actions)


def test_moves_from_the_change_form(client: Client, agency_a: Agency, clerk_a: User, reviewer_a: User) -> None:
    action = ActionFactory.create(agency=agency_a)
    client.force_login(clerk_a)
    assert client.post(move_url(action, "submit")).status_code == 302
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.SUBMITTED
    client.force_login(reviewer_a)
    response = client.post(move_url(action, "return"), {"reason": ""})
    assert response.status_code == 302
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.SUBMITTED  # no reason: refused
    with translation.override("zh-hans"):
        expected = translation.gettext("Give the reason for returning the item.")
    assert expected in [str(m) for m in get_messages(response.wsgi_request)]
    client.post(move_url(action, "publish"))
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.PUBLISHED
    client.post(move_url(action, "revoke"), {"reason": "复议撤销"})
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.REVOKED


def test_a_move_is_post_only_and_unknown_moves_are_404(client: Client, agency_a: Agency, clerk_a: User) -> None:
    action = ActionFactory.create(agency=agency_a)
    client.force_login(clerk_a)
    assert client.get(move_url(action, "submit")).status_code == 404
    assert client.post(move_url(action, "delete")).status_code == 404
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.DRAFT


def test_the_submitter_cannot_publish_from_the_admin_even_with_both_roles(client: Client, agency_a: Agency) -> None:
    from tests.disclosure.conftest import make_reviewer_clerk

    both = make_reviewer_clerk(agency_a, "both")
    action = ActionFactory.create(agency=agency_a)
    client.force_login(both)
    client.post(move_url(action, "submit"))
    client.post(move_url(action, "publish"))
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.SUBMITTED


def test_bulk_submit_and_publish_report_what_failed(
    client: Client, agency_a: Agency, clerk_a: User, reviewer_a: User
) -> None:
    drafts = [ActionFactory.create(agency=agency_a) for _ in range(3)]
    published = ActionFactory.create(agency=agency_a, published=True)
    client.force_login(clerk_a)
    client.post(reverse(CHANGELIST), {"action": "submit_selected", "_selected_action": [a.pk for a in drafts]})
    assert set(AdministrativeAction.objects.filter(pk__in=[a.pk for a in drafts]).values_list("status", flat=True)) == {
        Status.SUBMITTED
    }
    client.force_login(reviewer_a)
    response = client.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [a.pk for a in [*drafts, published]]}
    )
    assert AdministrativeAction.objects.filter(status=Status.PUBLISHED).count() == 4
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(published.document_number in m for m in messages)  # the one already published is reported


def test_actions_are_never_deleted_in_the_admin(client: Client, agency_a: Agency, credit_office: User) -> None:
    action = ActionFactory.create(agency=agency_a)
    client.force_login(credit_office)
    assert client.get(reverse("admin:disclosure_administrativeaction_delete", args=[action.pk])).status_code == 403
    assert AdministrativeAction.objects.filter(pk=action.pk).exists()


def test_the_late_dashboard_lists_days_late_for_the_credit_office(
    client: Client, agency_a: Agency, agency_b: Agency, credit_office: User, clerk_b: User
) -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=shanghai)):
        late = ActionFactory.create(
            agency=agency_a,
            decision_date=dt.date(2026, 9, 30),
            published=True,
            published_at=dt.datetime(2026, 10, 19, 10, tzinfo=shanghai),
        )
    client.force_login(credit_office)
    page = client.get(reverse("admin:disclosure_action_late")).content.decode()
    assert late.document_number in page
    assert "<td>4</td>" in page  # 15 Oct due, 19 Oct published
    client.force_login(clerk_b)
    assert late.document_number not in client.get(reverse("admin:disclosure_action_late")).content.decode()
    # The admin home counts it for the credit office, not for another agency's clerk.
    client.force_login(credit_office)
    assert "1条信息逾期公示" in client.get(reverse("admin:index")).content.decode()
    client.force_login(clerk_b)
    assert "逾期公示" not in client.get(reverse("admin:index")).content.decode()


def test_a_duplicate_document_number_in_the_admin_is_a_field_error_that_keeps_the_input(
    client: Client, agency_a: Agency, clerk_a: User, uscc: str
) -> None:
    existing = ActionFactory.create(agency=agency_a)
    client.force_login(clerk_a)
    response = client.post(
        reverse("admin:disclosure_administrativeaction_add"),
        form_data(counterparty_uscc=uscc, document_number=existing.document_number),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors.keys() == {"document_number"}
    assert "未按规定进货查验" in response.content.decode()  # what the clerk typed is still there
    assert AdministrativeAction.objects.count() == 1


def test_a_natural_person_entered_in_the_admin_needs_a_valid_id_number(client: Client, clerk_a: User) -> None:
    from core.demo import demo_id_number

    client.force_login(clerk_a)
    person = form_data(
        counterparty_type="natural_person",
        counterparty_name="孙小红",
        legal_representative="",
        id_type="resident_id",
        id_number="110101199003077777",
    )
    response = client.post(reverse("admin:disclosure_administrativeaction_add"), person)
    assert response.status_code == 200
    assert "id_number" in response.context["adminform"].form.errors
    person["id_number"] = demo_id_number(dt.date(1990, 3, 7), 123)
    response = client.post(reverse("admin:disclosure_administrativeaction_add"), person)
    assert response.status_code == 302
    assert AdministrativeAction.objects.get().id_number == person["id_number"]


def test_late_publications_page_shows_staff_without_an_agency_nothing(db: Any) -> None:
    from django.test import Client

    from core.roles import Role
    from tests.factories import UserFactory

    late = ActionFactory.create(decision_date=dt.date(2026, 9, 1), status="submitted")
    loose = UserFactory.create(username="no_agency", is_staff=True, role=Role.REVIEWER)
    client = Client()
    client.force_login(loose)
    page = client.get("/admin/disclosure/administrativeaction/late/")
    # "No agency" must not read as "every agency": the page goes through visible_to.
    assert page.status_code == 200
    assert late.document_number not in page.content.decode()
