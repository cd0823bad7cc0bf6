"""API clients (issue 11, item 5): the token scope matrix, 401 for a missing, unknown, revoked or
expired token, 404 outside the scope, every query audited, only the token's hash stored and
the token shown once in the admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, AuditEvent, User
from records.models import ApiClient, IssuedReport
from records.services.api_clients import api_client_issue, api_client_revoke, token_hash
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db


def agency_url(uscc: str) -> str:
    return reverse("api-agency-credit-report", args=[uscc])


def company_url(uscc: str) -> str:
    return reverse("api-company-credit-report", args=[uscc])


def get(client: Client, url: str, token: str | None) -> Any:
    return client.get(url, headers={"Authorization": f"Bearer {token}"} if token else None)


@pytest.fixture
def issue(credit_office: User, agency_b: Agency) -> Any:
    def make(**kwargs: Any) -> tuple[ApiClient, str]:
        data: dict[str, Any] = {
            "actor": credit_office,
            "name": "区公共资源交易中心系统",
            "department": agency_b,
            "purpose": "政府采购供应商资格审查",
            "scope_reports": ["agency", "company"],
        }
        return api_client_issue(**(data | kwargs))

    return make


@pytest.fixture
def company(agency_a: Agency) -> str:
    return ActionFactory.create(agency=agency_a, published=True).counterparty_uscc


def test_only_the_hash_of_the_token_is_stored(issue: Any) -> None:
    client, token = issue()
    assert client.token_hash == token_hash(token) and token not in str(ApiClient.objects.values().get())
    assert token.startswith(client.token_prefix)


SCOPES = {
    "everything": {"scope_reports": ["agency", "company"]},
    "agencies_only": {"scope_reports": ["agency"]},
    "companies_only": {"scope_reports": ["company"]},
    "agency_a_only": {"scope_reports": ["agency"], "scope_subjects": ["AGENCY_A"]},
    "agency_b_only": {"scope_reports": ["agency", "company"], "scope_subjects": ["AGENCY_B"]},
}
# scope -> (agency A's report, agency B's, the company's, an unknown code's)
MATRIX = {
    "everything": (200, 200, 200, 404),
    "agencies_only": (200, 200, 404, 404),
    "companies_only": (404, 404, 200, 404),
    "agency_a_only": (200, 404, 404, 404),
    "agency_b_only": (404, 200, 404, 404),
}


@pytest.mark.parametrize("scope", list(MATRIX))
def test_the_token_scope_matrix(
    client: Client, issue: Any, agency_a: Agency, agency_b: Agency, company: str, scope: str
) -> None:
    spec = dict(SCOPES[scope])
    codes = {"AGENCY_A": agency_a.uscc, "AGENCY_B": agency_b.uscc}
    if "scope_subjects" in spec:
        spec["scope_subjects"] = [codes[s] for s in spec["scope_subjects"]]
    _, token = issue(**spec)
    got = (
        get(client, agency_url(agency_a.uscc), token).status_code,
        get(client, agency_url(agency_b.uscc), token).status_code,
        get(client, company_url(company), token).status_code,
        get(client, agency_url("91370104MA3C00000X"), token).status_code,
    )
    assert got == MATRIX[scope]
    assert IssuedReport.objects.count() == sum(1 for s in got if s == 200)


def test_an_answer_carries_the_report_and_its_code(client: Client, issue: Any, agency_a: Agency) -> None:
    api, token = issue()
    body = get(client, agency_url(agency_a.uscc), token).json()
    report = IssuedReport.objects.get()
    assert body["verification_code"] == report.code and report.api_client == api
    assert body["report"]["subject_name"] == agency_a.name
    assert body["verify_url"].endswith(f"/verify/{report.code}/")
    verify = client.get(reverse("records:verify", args=[report.code])).content.decode()
    assert api.name in verify  # issued to whom


@pytest.mark.parametrize("case", ["none", "unknown", "malformed", "revoked", "expired"])
def test_a_bad_token_gets_401(client: Client, issue: Any, credit_office: User, agency_a: Agency, case: str) -> None:
    api, token = issue()
    if case == "revoked":
        api_client_revoke(client=api, actor=credit_office)
    if case == "expired":
        ApiClient.objects.filter(pk=api.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    sent = {"none": None, "unknown": "hyc_" + "x" * 43, "malformed": "abc def", "revoked": token, "expired": token}
    response = get(client, agency_url(agency_a.uscc), sent[case])
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert not IssuedReport.objects.exists()


def test_a_staff_session_is_not_an_api_client(client: Client, credit_office: User, agency_a: Agency) -> None:
    client.force_login(credit_office)
    assert client.get(agency_url(agency_a.uscc)).status_code == 401


def test_every_query_is_audited_with_client_purpose_subject_and_time(
    client: Client, issue: Any, agency_a: Agency, agency_b: Agency
) -> None:
    api, token = issue(scope_reports=["agency"], scope_subjects=[agency_a.uscc])
    get(client, agency_url(agency_a.uscc), token)
    get(client, agency_url(agency_b.uscc), token)
    events = list(AuditEvent.objects.filter(action="records.apiclient.query").order_by("id"))
    assert [(e.object_id, e.to_state, e.data["subject"], e.data["purpose"]) for e in events] == [
        (str(api.pk), "issued", agency_a.uscc, "政府采购供应商资格审查"),
        (str(api.pk), "not_found", agency_b.uscc, "政府采购供应商资格审查"),
    ]
    assert all(e.created_at for e in events)
    api.refresh_from_db()
    assert api.last_used_at is not None


def test_the_admin_shows_the_token_once_and_revokes(
    client: Client, credit_office: User, agency_b: Agency, agency_a: Agency
) -> None:
    client.force_login(credit_office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message is read in English
    response = client.post(
        reverse("admin:records_apiclient_add"),
        {
            "name": "区行政审批系统",
            "department": agency_b.pk,
            "purpose": "行政审批信用核查",
            "scope_reports": ["agency"],
            "scope_subjects_text": agency_a.uscc,
            "expires_at_0": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "expires_at_1": "00:00:00",
        },
        follow=True,
    )
    api = ApiClient.objects.get()
    messages = [str(m) for m in response.context["messages"]]
    token = next(m.split(": ")[-1] for m in messages if api.token_prefix in m)
    assert token_hash(token) == api.token_hash and api.scope_subjects == [agency_a.uscc]
    assert api.token_prefix in client.get(reverse("admin:records_apiclient_changelist")).content.decode()
    assert token not in client.get(reverse("admin:records_apiclient_change", args=[api.pk])).content.decode()
    client.post(
        reverse("admin:records_apiclient_changelist"),
        {"action": "revoke", "_selected_action": [api.pk]},
    )
    api.refresh_from_db()
    assert api.revoked_at is not None
    assert get(Client(), agency_url(agency_a.uscc), token).status_code == 401


def test_only_the_credit_office_issues_clients(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    assert client.get(reverse("admin:records_apiclient_add")).status_code == 403
