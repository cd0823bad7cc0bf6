"""Key the audit chain (HMAC with AUDIT_CHAIN_KEY) and, on PostgreSQL, refuse changes to it.

The chain was unkeyed SHA-256 until now, so anyone with database access could have rewritten
it; it is re-signed once here with the configured key, in order. From then on only holders
of the key can extend it consistently, and the trigger refuses UPDATE and DELETE of events
for every role but a superuser that drops it on purpose.
"""

from django.db import migrations, models

GENESIS = "0" * 64

TRIGGER = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def resign(apps, schema_editor):
    from core.services.audit import event_hash, signing_key_id

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        event.prev_hash = previous
        event.key_id = signing_key_id()
        event.hash = event_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, key_id=event.key_id, hash=event.hash)
        previous = event.hash
    if AuditEvent.objects.exists():
        AuditChainHead.objects.update_or_create(id=1, defaults={"last_hash": previous})


def trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def untrigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_clockalert'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='key_id',
            field=models.CharField(blank=True, max_length=12, verbose_name='key id'),
        ),
        migrations.RunPython(resign, migrations.RunPython.noop),
        migrations.RunPython(trigger, untrigger),
    ]
