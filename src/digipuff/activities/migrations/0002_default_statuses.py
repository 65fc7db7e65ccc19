"""The five statuses of the seed documents, as the default status set (the municipality can change it)."""

from django.db import migrations

DEFAULTS = [
    # code, name, order, done, at risk
    ("klart", "Klart", 10, True, False),
    ("blir-klart", "Blir klart i år", 20, False, False),
    ("troligen-klart", "Troligen klart i år", 30, False, False),
    ("ej-klart", "Ej klart i år", 40, False, True),
    ("avbruten", "Avbruten", 50, False, False),
]


def create(apps, schema_editor):
    status_model = apps.get_model("activities", "FollowUpStatus")
    for code, name, order, done, at_risk in DEFAULTS:
        status_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order, "is_done": done, "is_at_risk": at_risk}
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
