"""The back office as its users meet it: masked ID numbers, the overseer, error pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.models import Agency, AuditEvent, User
from core.roles import Role
from core.workflow import Status
from disclosure.models import AdministrativeAction
from tests.disclosure.conftest import ActionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = "/admin/disclosure/administrativeaction"


@pytest.fixture
def person_action(agency_a: Agency) -> AdministrativeAction:
    return ActionFactory.create(
        agency=agency_a, counterparty_type="natural_person", counterparty_name="钱多多", status=Status.SUBMITTED
    )


@pytest.mark.parametrize("persona", ["clerk_a", "reviewer_a", "credit_office"])
def test_no_role_sees_the_full_id_number_on_the_read_only_view(
    request: Any, client: Client, person_action: AdministrativeAction, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    html = client.get(f"{ACTIONS}/{person_action.pk}/change/").content.decode()
    number = person_action.id_number
    assert number not in html and number[6:14] not in html
    assert number[:6] + "*" in html  # the masked form, under its Chinese label
    assert "Id number" not in html


def test_the_full_number_is_shown_one_item_at_a_time_to_its_permission_holder_and_audited(
    client: Client, person_action: AdministrativeAction, credit_office: User, reviewer_a: User
) -> None:
    url = f"{ACTIONS}/{person_action.pk}/id-number/"
    client.force_login(reviewer_a)
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 404  # never by a GET (no state change, no caching)
    client.force_login(credit_office)
    assert "id-number/" in client.get(f"{ACTIONS}/{person_action.pk}/change/").content.decode()
    response = client.post(url)
    assert response.status_code == 200 and person_action.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="disclosure.administrativeaction.show_id_number")
    assert (event.actor, event.object_id) == (credit_office, str(person_action.pk))


def test_the_overseer_gets_a_404_page_on_an_item_it_may_not_see_not_a_redirect_loop(
    client: Client, person_action: AdministrativeAction, agency_a: Agency
) -> None:
    overseer = UserFactory.create(username="jijian", is_staff=True, role=Role.OVERSEER, agency=agency_a)
    client.force_login(overseer)
    response = client.get(f"{ACTIONS}/{person_action.pk}/change/")
    assert response.status_code == 404
    assert "<main" in response.content.decode()  # the site's layout


def test_a_list_the_overseer_may_not_use_is_a_403_page_in_the_sites_layout(client: Client, agency_a: Agency) -> None:
    overseer = UserFactory.create(username="jijian", is_staff=True, role=Role.OVERSEER, agency=agency_a)
    client.force_login(overseer)
    response = client.get(f"{ACTIONS}/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<main" in html and 'href="/"' in html  # a way back
    assert client.get("/admin/").status_code == 200  # the pages it may use still work


@pytest.mark.parametrize("path", ["/no-such-page/", "/disclosures/999999/"])
def test_the_404_page_is_the_sites_own_in_chinese_with_a_way_back(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<main" in html and 'lang="zh-Hans"' in html and 'href="/"' in html
    assert "Not Found" not in html


def test_a_taken_down_item_says_it_left_public_display_and_links_the_takedown_log(
    client: Client, agency_a: Agency, reviewer_a: User
) -> None:
    from disclosure.services.actions import action_revoke

    action = ActionFactory.create(agency=agency_a, published=True)
    action_revoke(action=action, actor=reviewer_a, reason="经复议撤销")
    response = client.get(f"/disclosures/{action.pk}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "/takedowns/" in html and "<main" in html


def test_the_500_page_is_the_sites_own(client: Client, settings: Any) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<main" in html and 'href="/"' in html


def test_the_admin_home_shows_each_user_their_queue_with_links_to_the_filtered_list(
    client: Client, clerk_a: User, reviewer_a: User, agency_a: Agency, django_assert_max_num_queries: Any
) -> None:
    import datetime as dt

    from disclosure.services.actions import action_create, action_return, action_submit
    from tests.disclosure.conftest import penalty_data

    draft = action_create(actor=clerk_a, data=penalty_data())
    returned = action_submit(action=action_create(actor=clerk_a, data=penalty_data()), actor=clerk_a)
    action_return(action=returned, actor=reviewer_a, reason="补充证据")
    action_submit(action=action_create(actor=clerk_a, data=penalty_data()), actor=clerk_a)  # to review
    late = ActionFactory.create(agency=agency_a, status=Status.SUBMITTED, decision_date=dt.date(2026, 9, 1))

    client.force_login(clerk_a)
    html = client.get("/admin/").content.decode()
    queue = html[html.index('id="my-work"') : html.index("</table>", html.index('id="my-work"'))]
    assert f'href="{ACTIONS}/?status__exact=draft"' in queue and "<strong>1</strong>" in queue
    assert f'href="{ACTIONS}/?status__exact=returned"' in queue and f'href="{ACTIONS}/?due=overdue"' in queue
    assert "status__exact=submitted" not in queue  # a clerk reviews nothing
    client.force_login(reviewer_a)
    html = client.get("/admin/").content.decode()
    queue = html[html.index('id="my-work"') :]
    assert f'href="{ACTIONS}/?status__exact=submitted"' in queue
    with django_assert_max_num_queries(40):
        client.get("/admin/")
    overdue = client.get(f"{ACTIONS}/?due=overdue").content.decode()
    assert late.document_number in overdue and draft.document_number not in overdue


def test_the_clerks_list_puts_work_in_progress_first_and_the_reviewer_sees_who_submitted(
    client: Client, clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    published = ActionFactory.create(agency=agency_a, published=True)
    returned = ActionFactory.create(agency=agency_a, status=Status.RETURNED)
    client.force_login(clerk_a)
    html = client.get(f"{ACTIONS}/").content.decode()
    assert html.index(returned.document_number) < html.index(published.document_number)
    client.force_login(reviewer_a)
    html = client.get(f"{ACTIONS}/").content.decode()
    assert "column-submitted_by" in html and "column-submitted_at" in html


def test_the_read_only_view_shows_penalty_categories_as_words(client: Client, agency_a: Agency, clerk_a: User) -> None:
    action = ActionFactory.create(agency=agency_a, status=Status.SUBMITTED)
    client.force_login(clerk_a)
    html = client.get(f"{ACTIONS}/{action.pk}/change/").content.decode()
    assert "警告、罚款" in html and "&quot;warning&quot;" not in html and '"warning"' not in html
