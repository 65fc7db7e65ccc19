"""Each cost line and operation area belongs to a year: the year is required and codes are unique per year."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("economy", "0003_set_up_copies_per_year"),
    ]

    operations = [
        migrations.AlterField(
            model_name="costline",
            name="year",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(1990),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="year",
            ),
        ),
        migrations.AlterField(
            model_name="operationarea",
            name="year",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(1990),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="year",
            ),
        ),
        migrations.AddField(
            model_name="costline",
            name="carried_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="economy.costline",
                verbose_name="carried from",
            ),
        ),
        migrations.AddField(
            model_name="operationarea",
            name="carried_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="economy.operationarea",
                verbose_name="carried from",
            ),
        ),
        migrations.AlterModelOptions(
            name="costline",
            options={
                "ordering": ["committee", "year", "sort_order", "pk"],
                "verbose_name": "cost line",
                "verbose_name_plural": "cost lines",
            },
        ),
        migrations.AlterModelOptions(
            name="operationarea",
            options={
                "ordering": ["committee", "year", "separate", "sort_order", "pk"],
                "verbose_name": "operation area",
                "verbose_name_plural": "operation areas",
            },
        ),
        migrations.AddConstraint(
            model_name="costline",
            constraint=models.UniqueConstraint(fields=("committee", "year", "code"), name="cost_line_code_unique"),
        ),
        migrations.AddConstraint(
            model_name="operationarea",
            constraint=models.UniqueConstraint(
                fields=("committee", "year", "code"), name="operation_area_code_unique"
            ),
        ),
    ]
