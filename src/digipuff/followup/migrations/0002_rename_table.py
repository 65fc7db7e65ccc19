"""Give the status table its own app's name, now that every foreign key in the state points at followup's model.

A rename keeps the rows, and the foreign keys of the follow-up tables follow it (PostgreSQL tracks tables by oid;
SQLite from 3.26 rewrites the references).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("activities", "0004_delete_followupstatus"),
    ]

    operations = [
        migrations.AlterModelTable(name="followupstatus", table=None),
    ]
