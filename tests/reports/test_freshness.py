"""Every figure says how fresh it is: the report's measure table carries its source and "data per" date in all
three renderings (HTML page, PDF, Word)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from django.urls import reverse
from pypdf import PdfReader

from digipuff.indicators.models import MeasureValue

LINE = "Källa: Manuellt · Data per 2019-03-15"


def test_the_measure_table_states_source_and_date_in_every_rendering(client, report, users):
    MeasureValue.objects.filter(measure__name="Brukarnöjdhet IFO").update(
        updated_at=datetime(2019, 3, 15, 9, tzinfo=UTC)
    )
    client.force_login(users["reader"])
    page = client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert LINE in page
    pdf = client.get(reverse("reports:download", kwargs={"pk": report.pk, "fmt": "pdf"})).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Data per 2019-03-15" in " ".join(text.split())
    docx = client.get(reverse("reports:download", kwargs={"pk": report.pk, "fmt": "docx"})).content
    assert LINE in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()


def test_a_later_change_of_a_value_moves_the_date(client, report, users):
    values = MeasureValue.objects.filter(measure__name="Brukarnöjdhet IFO")
    values.update(updated_at=datetime(2019, 3, 15, 9, tzinfo=UTC))
    values.filter(year=2018).update(updated_at=datetime(2019, 4, 2, 9, tzinfo=UTC))
    client.force_login(users["reader"])
    page = client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert "Källa: Manuellt · Data per 2019-04-02" in page and LINE not in page
