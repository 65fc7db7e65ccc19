from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_default_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="reporttext",
            name="not_applicable",
            field=models.BooleanField(
                default=False,
                help_text="Not applicable for this occasion: left out of the report and not counted.",
                verbose_name="not applicable",
            ),
        ),
    ]
