"""The append-only, hash-chained audit log and `verify_audit`."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client

from core.models import AuditChainHead, AuditEvent, User
from core.services.audit import GENESIS, audit_record, audit_verify, event_hash

pytestmark = pytest.mark.django_db


def record(n: int, actor: User | None = None) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(
                audit_record(
                    action="test.change",
                    actor=actor,
                    object_type="core.thing",
                    object_id=str(i),
                    from_state="draft",
                    to_state="published",
                    reason=f"理由 {i}",
                    data={"i": i},
                )
            )
    return events


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_audit_record_chains_each_event_to_the_one_before(clerk_a: User) -> None:
    first, second = record(2, actor=clerk_a)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert AuditChainHead.objects.get().last_hash == second.hash
    stored = AuditEvent.objects.get(pk=second.pk)
    assert event_hash(stored) == stored.hash
    assert (stored.actor, stored.actor_label, stored.from_state, stored.to_state) == (
        clerk_a,
        "clerk_a",
        "draft",
        "published",
    )


def test_audit_record_is_rolled_back_with_the_change_it_records() -> None:
    (kept,) = record(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="test.change", reason="never committed")
        raise RuntimeError("the change failed")
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    assert AuditChainHead.objects.get().last_hash == kept.hash
    assert audit_verify() == (1, None)


def test_audit_record_takes_source_ip_of_the_current_request(client: Client, credit_office: User) -> None:
    import datetime as dt

    client.force_login(credit_office)
    client.post(
        "/admin/core/calendarday/2026-10-09/change/",
        {"kind": "holiday", "note": "测试", "source": "", "reason": "测试 IP"},
        REMOTE_ADDR="203.0.113.7",
    )
    event = AuditEvent.objects.get(action="calendar.day.update", object_id=str(dt.date(2026, 10, 9)))
    assert event.source_ip == "203.0.113.7"


def test_audit_record_with_non_canonical_ipv6_still_verifies() -> None:
    with transaction.atomic():
        audit_record(action="test.change", source_ip="2001:DB8:0:0::1")
    assert AuditEvent.objects.get().source_ip == "2001:db8::1"
    assert "intact: 1 events" in verify()


def test_verify_audit_reports_an_intact_chain() -> None:
    record(3)
    assert "intact: 3 events" in verify()


def test_verify_audit_on_an_empty_log_is_intact() -> None:
    assert "intact: 0 events" in verify()


def test_verify_audit_names_the_event_whose_content_was_tampered_with() -> None:
    events = record(3)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = %s WHERE id = %s", ["改过的理由", events[1].pk])
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert f"event {events[1].pk}" in str(excinfo.value)
    assert "does not match its hash" in str(excinfo.value)


def test_verify_audit_detects_a_tampered_row_whose_hash_was_recomputed() -> None:
    events = record(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.reason = "改过的理由"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET reason = %s, hash = %s WHERE id = %s",
            [forged.reason, event_hash(forged), forged.pk],
        )
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert f"event {events[2].pk}" in str(excinfo.value)


def test_verify_audit_detects_a_deleted_middle_event() -> None:
    events = record(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert f"event {events[2].pk}" in str(excinfo.value)
    assert "previous hash" in str(excinfo.value)


def test_verify_audit_detects_deleted_newest_events() -> None:
    events = record(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert "chain head" in str(excinfo.value)


def test_orm_refuses_to_save_an_existing_event_again() -> None:
    (event,) = record(1)
    event.reason = "改过的理由"
    with pytest.raises(PermissionError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).reason == "理由 0"


def test_orm_refuses_to_delete_an_event() -> None:
    (event,) = record(1)
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_orm_refuses_bulk_update_and_delete_of_events() -> None:
    (event,) = record(1)
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    event.reason = "x"
    # bulk_update joins the caller's transaction without a savepoint, so give it one here.
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["reason"])
    assert AuditEvent.objects.get(pk=event.pk).reason == "理由 0"


def test_admin_gives_a_superuser_no_add_change_or_delete_on_events(admin_client: Client) -> None:
    (event,) = record(1)
    base = "/admin/core/auditevent/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.post(f"{base}{event.pk}/change/", {"reason": "x", "action": "y"}).status_code == 403
    response = admin_client.post(base, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.reason, stored.action) == ("理由 0", "test.change")
    assert audit_verify() == (1, None)
