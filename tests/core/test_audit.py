"""The append-only, keyed hash-chained audit log, its anchors and `verify_audit`."""

from __future__ import annotations

from typing import Any

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


def tamper(sql: str, params: list[Any]) -> None:
    """What someone with a database superuser's rights can do: on PostgreSQL the append-only
    trigger must be switched off first (replica mode, superusers only), elsewhere the row is
    just written."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")


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
    tamper("UPDATE core_auditevent SET reason = %s WHERE id = %s", ["改过的理由", events[1].pk])
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert f"event {events[1].pk}" in str(excinfo.value)
    assert "does not match its hash" in str(excinfo.value)


def test_verify_audit_detects_a_tampered_row_whose_hash_was_recomputed() -> None:
    events = record(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.reason = "改过的理由"
    tamper(
        "UPDATE core_auditevent SET reason = %s, hash = %s WHERE id = %s",
        [forged.reason, event_hash(forged), forged.pk],
    )
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert f"event {events[2].pk}" in str(excinfo.value)


def test_verify_audit_detects_a_deleted_middle_event() -> None:
    events = record(3)
    tamper("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert f"event {events[2].pk}" in str(excinfo.value)
    assert "previous hash" in str(excinfo.value)


def test_verify_audit_detects_deleted_newest_events() -> None:
    events = record(3)
    tamper("DELETE FROM core_auditevent WHERE id = %s", [events[2].pk])
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


def _rewrite_chain_without_the_key(reason_of_first: str, signer: str) -> None:
    """Edit the first event and recompute every later hash, as an attacker without our key would."""
    import hashlib
    import hmac
    import json

    previous = GENESIS
    for event in AuditEvent.objects.order_by("id"):
        if previous == GENESIS:
            event.reason = reason_of_first
        event.prev_hash = previous
        payload = {
            "created_at": event.created_at.isoformat(),
            "actor_id": event.actor_id,
            "actor_label": event.actor_label,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_repr": event.object_repr,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "reason": event.reason,
            "data": event.data,
            "source_ip": event.source_ip,
            "prev_hash": event.prev_hash,
            "key_id": event.key_id,
        }
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        digest = (
            hashlib.sha256(canonical.encode()).hexdigest()
            if signer == "unkeyed"
            else hmac.new(signer.encode(), canonical.encode(), hashlib.sha256).hexdigest()
        )
        tamper(
            "UPDATE core_auditevent SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.reason, previous, digest, event.pk],
        )
        previous = digest
    AuditChainHead.objects.filter(id=1).update(last_hash=previous)


@pytest.mark.parametrize("signer", ["unkeyed", "a-guessed-key"])
def test_a_chain_recomputed_without_the_key_is_caught(signer: str) -> None:
    events = record(3)
    _rewrite_chain_without_the_key("改过的理由", signer)
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert f"event {events[0].pk}" in str(excinfo.value)


@pytest.fixture
def anchor_file(tmp_path, settings):  # type: ignore[no-untyped-def]
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.log"
    return settings.AUDIT_ANCHOR_FILE


def test_trimming_the_newest_events_with_the_head_is_caught_by_the_anchor(anchor_file) -> None:  # type: ignore[no-untyped-def]
    from core.services.audit import audit_anchor

    events = record(4)
    audit_anchor()
    tamper("DELETE FROM core_auditevent WHERE id >= %s", [events[2].pk])
    AuditChainHead.objects.filter(id=1).update(last_hash=events[1].hash)  # the head "fixed" to match
    with pytest.raises(CommandError, match="anchored at 4"):
        verify()


def test_emptying_the_log_is_caught_by_the_anchor(anchor_file) -> None:  # type: ignore[no-untyped-def]
    from core.services.audit import audit_anchor

    record(2)
    audit_anchor()
    tamper("DELETE FROM core_auditevent", [])
    AuditChainHead.objects.all().delete()
    with pytest.raises(CommandError, match="anchored at 2"):
        verify()


def test_an_anchor_from_the_mail_is_checked_too(anchor_file) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    events = record(3)
    out = StringIO()
    call_command("verify_audit", "--anchor", f"2:{events[1].hash}", stdout=out)
    assert "1 anchors matched" in out.getvalue()
    with pytest.raises(CommandError, match="differs from the anchor"):
        call_command("verify_audit", "--anchor", f"2:{events[2].hash}")
    with pytest.raises(CommandError, match="COUNT:HASH"):
        call_command("verify_audit", "--anchor", "two:abc")


def test_the_daily_anchor_is_written_outside_the_database_and_mailed_to_the_overseers(  # type: ignore[no-untyped-def]
    anchor_file, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    from core.roles import Role
    from core.tasks import anchor_audit_chain
    from tests.factories import UserFactory

    UserFactory.create(username="overseer", role=Role.OVERSEER, email="jijian@huaiyin.invalid")
    events = record(2)
    with django_capture_on_commit_callbacks(execute=True):
        assert anchor_audit_chain.delay().get() == f"2:{events[1].hash}"
    assert f"count=2 head={events[1].hash}" in anchor_file.read_text()
    assert [m.to for m in mail.outbox] == [["jijian@huaiyin.invalid"]]
    assert events[1].hash in mail.outbox[0].body


def test_postgresql_refuses_to_update_or_delete_an_audit_row_even_in_raw_sql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's (migration core 0003)")
    from django.db import DatabaseError

    (event,) = record(1)
    for sql in ("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason
