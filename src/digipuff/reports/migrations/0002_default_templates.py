"""Install the default report templates (verksamhetsplan, delårsrapport 1 and 2, verksamhetsberättelse, underlag
inför mål och budget) following the seeds' structure."""

from django.db import migrations


def install(apps, schema_editor):
    from digipuff.reports import defaults

    defaults.install(apps.get_model("reports", "ReportTemplate"), apps.get_model("reports", "TemplateSection"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
