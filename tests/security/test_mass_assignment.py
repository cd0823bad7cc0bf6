"""Mass assignment (issue 7, item 14): every write endpoint, with the fields its role may not set.

Each write path (the staff API's create, update and moves; the admin's add and change forms;
the civil servant form; the import upload) gets a valid request plus the workflow, ownership
and derived fields. The answer may ignore them or refuse with 400, but the database must hold
exactly what the same request without them would have stored.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, CivilServant, User
from core.workflow import Status
from disclosure.models import AdministrativeAction, ImportJob
from tests.disclosure.conftest import ActionFactory, penalty_data, penalty_row, write_csv
from tests.factories import UserFactory

# What a clerk may never type: workflow stamps, ownership, clocks and derived fields.
LONG_AGO = "2001-01-01T00:00:00+08:00"


def forged(other_agency: Agency, other_user: User) -> dict[str, Any]:
    return {
        "status": Status.PUBLISHED,
        "agency": other_agency.pk,
        "agency_id": other_agency.pk,
        "created_by": other_user.pk,
        "last_edited_by": other_user.pk,
        "submitted_by": other_user.pk,
        "submitted_at": LONG_AGO,
        "reviewed_by": other_user.pk,
        "published_at": LONG_AGO,
        "revoked_at": LONG_AGO,
        "revoke_reason": "forged",
        "return_reason": "forged",
        "left_public_at": LONG_AGO,
        "search_text": "forged search text",
        "due_on": "2099-12-31",
        "public_until": "2099-12-31",
        "created_at": LONG_AGO,
        "id": 999_999,
        "id_number_encrypted": "forged",
        "id_number_hash": "forged",
    }


GUARDED = [
    "status",
    "agency_id",
    "created_by_id",
    "submitted_by_id",
    "submitted_at",
    "reviewed_by_id",
    "published_at",
    "revoked_at",
    "revoke_reason",
    "return_reason",
    "left_public_at",
    "search_text",
    "due_on",
    "public_until",
    "id_number_encrypted",
    "id_number_hash",
]


def guarded(action: AdministrativeAction) -> dict[str, Any]:
    action.refresh_from_db()
    return {name: getattr(action, name) for name in GUARDED}


def api_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(data, cls=DjangoJSONEncoder), content_type="application/json")


def test_staff_api_create_ignores_every_field_a_clerk_may_not_set(
    clerk_a: User, clerk_b: User, agency_b: Agency
) -> None:
    client = api_client(clerk_a)
    plain = send(client, "post", "/api/v1/staff/actions/", penalty_data())
    assert plain.status_code == 201
    reference = AdministrativeAction.objects.get(pk=plain.json()["id"])

    response = send(client, "post", "/api/v1/staff/actions/", {**penalty_data(), **forged(agency_b, clerk_b)})
    assert response.status_code in {201, 400}
    assert not AdministrativeAction.objects.filter(pk=999_999).exists()
    if response.status_code == 201:
        created = AdministrativeAction.objects.get(pk=response.json()["id"])
        got, want = guarded(created), guarded(reference)
        for derived in ("search_text", "id_number_hash", "id_number_encrypted"):
            assert got[derived] != "forged search text" and got[derived] != "forged"
            got.pop(derived), want.pop(derived)
        assert got == want
        assert (created.agency_id, created.created_by_id, created.status) == (clerk_a.agency_id, clerk_a.pk, "draft")
        assert created.created_at > timezone.now() - dt.timedelta(minutes=5)


def test_staff_api_update_ignores_every_field_a_clerk_may_not_set(
    clerk_a: User, clerk_b: User, agency_a: Agency, agency_b: Agency
) -> None:
    action = ActionFactory.create(agency=agency_a, created_by=clerk_a)
    before = guarded(action)
    client = api_client(clerk_a)
    for method in ("patch", "put"):
        data = {**penalty_data(document_number=action.document_number), **forged(agency_b, clerk_b)}
        response = send(client, method, f"/api/v1/staff/actions/{action.pk}/", data)
        assert response.status_code in {200, 400}, response.content
        after = guarded(action)
        assert {k: v for k, v in after.items() if k not in {"search_text", "due_on", "public_until"}} == {
            k: v for k, v in before.items() if k not in {"search_text", "due_on", "public_until"}
        }
        assert after["search_text"] != "forged search text"
        assert after["due_on"] != dt.date(2099, 12, 31) and after["public_until"] != dt.date(2099, 12, 31)


def test_staff_api_moves_ignore_forged_stamps(
    clerk_a: User, reviewer_a: User, clerk_b: User, agency_a: Agency, agency_b: Agency
) -> None:
    action = ActionFactory.create(
        agency=agency_a, created_by=clerk_a, status=Status.SUBMITTED, submitted_by=clerk_a, submitted_at=timezone.now()
    )
    body = {**forged(agency_b, clerk_b), "status": Status.DRAFT, "reason": "x"}
    response = send(api_client(reviewer_a), "post", f"/api/v1/staff/actions/{action.pk}/publish/", body)
    assert response.status_code == 200
    action.refresh_from_db()
    assert (action.status, action.reviewed_by_id, action.agency_id) == (Status.PUBLISHED, reviewer_a.pk, agency_a.pk)
    assert action.published_at is not None and action.published_at > timezone.now() - dt.timedelta(minutes=5)
    assert action.submitted_by_id == clerk_a.pk and action.revoke_reason == ""


def _admin_form(data: dict[str, Any]) -> dict[str, Any]:
    """penalty_data() as the admin's form posts it."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list):
            out[key] = value
        elif isinstance(value, dt.date | Decimal):
            out[key] = str(value)
        else:
            out[key] = value
    out.setdefault("use_scope", "public")
    out["_save"] = "1"
    return out


def test_admin_add_and_change_ignore_fields_outside_the_entry_list(
    clerk_a: User, clerk_b: User, agency_a: Agency, agency_b: Agency
) -> None:
    client = api_client(clerk_a)
    number = penalty_data()["document_number"]
    post = {**_admin_form(penalty_data(document_number=number)), **forged(agency_b, clerk_b)}
    response = client.post(reverse("admin:disclosure_administrativeaction_add"), post)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    created = AdministrativeAction.objects.get(document_number=number)
    assert (created.status, created.agency_id, created.created_by_id) == (Status.DRAFT, agency_a.pk, clerk_a.pk)
    assert (created.submitted_by_id, created.reviewed_by_id, created.published_at) == (None, None, None)
    assert created.search_text != "forged search text" and created.due_on != dt.date(2099, 12, 31)

    before = guarded(created)
    post = {**_admin_form(penalty_data(document_number=number, remarks="改")), **forged(agency_b, clerk_b)}
    response = client.post(reverse("admin:disclosure_administrativeaction_change", args=[created.pk]), post)
    assert response.status_code == 302
    after = guarded(created)
    assert created.remarks == "改"  # the allowed field did change
    for name in GUARDED:
        if name not in {"search_text", "due_on", "public_until"}:
            assert after[name] == before[name], name


def test_admin_change_of_a_published_action_changes_nothing(clerk_a: User, agency_a: Agency) -> None:
    action = ActionFactory.create(agency=agency_a, created_by=clerk_a, published=True)
    before = guarded(action)
    remarks = action.remarks
    post = {**_admin_form(penalty_data(document_number=action.document_number, remarks="改")), "status": "draft"}
    response = api_client(clerk_a).post(reverse("admin:disclosure_administrativeaction_change", args=[action.pk]), post)
    assert response.status_code == 403
    assert guarded(action) == before
    assert action.remarks == remarks


def test_clerk_cannot_link_an_account_or_move_a_civil_servant_to_another_agency(
    clerk_a: User, agency_b: Agency, person_a: CivilServant
) -> None:
    stranger = UserFactory.create(username="someone")
    post = {"name": "李秀英", "agency": agency_b.pk, "position": "科长", "user": stranger.pk, "new_id_number": ""}
    response = api_client(clerk_a).post(reverse("admin:core_civilservant_change", args=[person_a.pk]), post)
    assert response.status_code in {200, 302}
    person_a.refresh_from_db()
    assert (person_a.agency_id, person_a.user_id) == (clerk_a.agency_id, None)


def test_import_upload_ignores_agency_owner_and_state_in_the_form(
    clerk_a: User, clerk_b: User, agency_b: Agency, tmp_path: Any, settings: Any
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False  # only the job row is looked at: the task need not run
    path = write_csv(tmp_path / "rows.csv", [penalty_row()])
    upload = SimpleUploadedFile("rows.csv", path.read_bytes(), content_type="text/csv")
    post = {
        "kind": "penalty",
        "file": upload,
        "submit": "on",
        "agency": agency_b.pk,
        "created_by": clerk_b.pk,
        "state": "done",
        "rows_imported": 1000,
        "errors": "[]",
    }
    response = api_client(clerk_a).post(reverse("admin:disclosure_action_import"), post)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.agency_id, job.created_by_id, job.rows_imported) == (clerk_a.agency_id, clerk_a.pk, 0)
    assert job.state in {ImportJob.State.PENDING, ImportJob.State.RUNNING, ImportJob.State.DONE}
    assert not AdministrativeAction.objects.filter(agency=agency_b).exists()


def _delete_targets(world: Any) -> dict[str, tuple[str, Any]]:
    return {
        "agency": ("admin:core_agency_delete", world.agency_a),
        "user": ("admin:core_user_delete", world.users["clerk_a"]),
        "civil servant": ("admin:core_civilservant_delete", world.objects["person_a"]),
        "action": ("admin:disclosure_administrativeaction_delete", world.actions["draft_a"]),
    }


def _posted_deletes(world: Any, personas: tuple[str, ...], kinds: set[str]) -> list[str]:
    deleted = []
    for persona in personas:
        for kind, (name, obj) in _delete_targets(world).items():
            if kind not in kinds:
                continue
            world.clients[persona].post(reverse(name, args=[obj.pk]), {"post": "yes"})
            if not type(obj).objects.filter(pk=obj.pk).exists():
                deleted.append(f"{persona} deleted the {kind}")
    return deleted


def test_no_one_deletes_agencies_users_civil_servants_or_actions_through_the_admin(db: Any) -> None:
    from tests.security.matrix import PERSONAS, build_world

    world = build_world()
    everyone_but_super = tuple(p for p in PERSONAS if p != "super")
    assert _posted_deletes(world, everyone_but_super, {"agency", "user", "civil servant", "action"}) == []
    assert _posted_deletes(world, ("super",), {"agency", "action"}) == []


def test_not_even_the_superuser_deletes_users_or_civil_servants(db: Any) -> None:
    from tests.security.matrix import build_world

    world = build_world()
    assert _posted_deletes(world, ("super",), {"user", "civil servant"}) == []
