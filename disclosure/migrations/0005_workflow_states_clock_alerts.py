"""The shared review states only; publication alerts move to core's generic ClockAlert.

An objection, a correction or a repair is no longer a status (the objections app owns those
facts): an action left in one of those states was published, so it is published again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LEGACY_LIVE_STATES = ["under_objection", "corrected", "repaired"]


def forward(apps, schema_editor):
    Action = apps.get_model("disclosure", "AdministrativeAction")
    PublicationAlert = apps.get_model("disclosure", "PublicationAlert")
    ClockAlert = apps.get_model("core", "ClockAlert")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Action.objects.filter(status__in=LEGACY_LIVE_STATES).update(status="published")
    content_type, _ = ContentType.objects.get_or_create(app_label="disclosure", model="administrativeaction")
    ClockAlert.objects.bulk_create(
        [
            ClockAlert(clock="disclosure.publication", content_type_id=content_type.pk, object_id=alert.action_id,
                       stage=alert.stage, sent_at=alert.sent_at)
            for alert in PublicationAlert.objects.all().iterator()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0004_search_vector'),
        ('core', '0002_clockalert'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='administrativeaction',
            name='last_edited_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last edited by'),
        ),
        migrations.AlterField(
            model_name='administrativeaction',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('returned', 'Returned'), ('published', 'Published'), ('revoked', 'Revoked'), ('expired', 'Expired')], db_index=True, default='draft', max_length=20, verbose_name='status'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='PublicationAlert',
        ),
    ]
