"""Cost lines and operation areas get a year (first nullable; 0003 fills it, 0004 requires it).

Three migrations, so that on PostgreSQL the rows the data migration writes are committed before the tables are
altered again (a table with pending deferred-constraint events cannot be altered in the same transaction).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("economy", "0001_initial"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="costline", name="cost_line_code_unique"),
        migrations.RemoveConstraint(model_name="operationarea", name="operation_area_code_unique"),
        migrations.AddField(
            model_name="costline",
            name="year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="year"),
        ),
        migrations.AddField(
            model_name="operationarea",
            name="year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="year"),
        ),
    ]
