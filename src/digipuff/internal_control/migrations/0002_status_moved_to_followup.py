"""The follow-up status set now belongs to the followup app; the follow-ups' status keys point there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("internal_control", "0001_initial"),
        ("followup", "0001_initial"),
    ]

    operations = [
        # State only: the table is the same, so the database's foreign keys already point at the right rows.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="competitiontestresult",
                    name="status",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="followup.followupstatus",
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="controlresult",
                    name="status",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="followup.followupstatus",
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="providerfollowupresult",
                    name="status",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="followup.followupstatus",
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="reviewactionfollowup",
                    name="status",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="followup.followupstatus",
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="riskactionfollowup",
                    name="status",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="followup.followupstatus",
                        verbose_name="status",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
