"""Activities no longer owns the status set (followup does, same table); internal control's keys must move first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_status_moved_to_followup"),
        ("internal_control", "0002_status_moved_to_followup"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FollowUpStatus")],
            database_operations=[],
        ),
    ]
