"""FollowUpStatus moves here from activities, keeping its table and rows.

The table stays `activities_followupstatus` in this step (only Django's idea of which app owns the model changes);
0002 renames it once nothing in the migration state points at the old model any more. On a database that has run
the older migrations, the content type moves with the model, so the audit history and permissions stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label="followup", model="followupstatus").exists():
        return
    content_type.objects.filter(app_label="activities", model="followupstatus").update(app_label="followup")


def move_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label="activities", model="followupstatus").exists():
        return
    content_type.objects.filter(app_label="followup", model="followupstatus").update(app_label="activities")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("activities", "0002_default_statuses"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FollowUpStatus",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                        ("is_done", models.BooleanField(default=False, verbose_name="means done")),
                        (
                            "is_at_risk",
                            models.BooleanField(
                                default=False,
                                help_text="Rows with this status are shown as late.",
                                verbose_name="means at risk",
                            ),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="updated by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "follow-up status",
                        "verbose_name_plural": "follow-up statuses",
                        "ordering": ["sort_order", "name"],
                        "db_table": "activities_followupstatus",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
