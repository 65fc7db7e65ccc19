"""Cost lines and operation areas (with their account and object ranges) belong to a planning year.

Until now they belonged to the committee alone, so editing them for one year re-derived every year's figures. Every
year that has economy data (settings, imports, amounts, forecasts, records per occasion) gets its own copy of the
committee's set-up; the stored amounts, forecasts and measures of a year are pointed at that year's copy, so every
figure stays what it was.
"""

from django.db import migrations


def _years_with_data(apps, committee_id):
    years = set()
    for name in ("EconomyYear", "LedgerImport", "Forecast", "BalanceMeasure", "Investment", "StateGrant", "Volume"):
        model = apps.get_model("economy", name)
        years |= set(model.objects.filter(committee_id=committee_id).values_list("year", flat=True).distinct())
    LedgerAmount = apps.get_model("economy", "LedgerAmount")
    years |= set(LedgerAmount.objects.filter(committee_id=committee_id).values_list("year", flat=True).distinct())
    return years


def _fallback_year(apps):
    import datetime

    PlanningYear = apps.get_model("organisation", "PlanningYear")
    latest = PlanningYear.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or datetime.date.today().year


def split_by_year(apps, schema_editor):
    CostLine = apps.get_model("economy", "CostLine")
    AccountRange = apps.get_model("economy", "AccountRange")
    OperationArea = apps.get_model("economy", "OperationArea")
    ObjectRange = apps.get_model("economy", "ObjectRange")
    LedgerAmount = apps.get_model("economy", "LedgerAmount")
    Forecast = apps.get_model("economy", "Forecast")
    BalanceMeasure = apps.get_model("economy", "BalanceMeasure")
    committees = set(CostLine.objects.values_list("committee_id", flat=True)) | set(
        OperationArea.objects.values_list("committee_id", flat=True)
    )
    for committee_id in sorted(committees):
        years = sorted(_years_with_data(apps, committee_id)) or [_fallback_year(apps)]
        first, later = years[0], years[1:]
        lines = list(CostLine.objects.filter(committee_id=committee_id).order_by("pk"))
        areas = list(OperationArea.objects.filter(committee_id=committee_id).order_by("pk"))
        CostLine.objects.filter(committee_id=committee_id).update(year=first)
        OperationArea.objects.filter(committee_id=committee_id).update(year=first)
        for year in later:
            for line in lines:
                copy = CostLine.objects.create(
                    committee_id=committee_id, year=year, code=line.code, name=line.name, kind=line.kind,
                    sort_order=line.sort_order, version=1,
                )
                AccountRange.objects.bulk_create(
                    [AccountRange(cost_line=copy, first=r.first, last=r.last) for r in line.ranges.all()]
                )
                LedgerAmount.objects.filter(committee_id=committee_id, year=year, cost_line_id=line.pk).update(
                    cost_line_id=copy.pk
                )
                Forecast.objects.filter(committee_id=committee_id, year=year, cost_line_id=line.pk).update(
                    cost_line_id=copy.pk
                )
            for area in areas:
                copy = OperationArea.objects.create(
                    committee_id=committee_id, year=year, code=area.code, name=area.name, org_unit_id=area.org_unit_id,
                    separate=area.separate, earmarked=area.earmarked, sort_order=area.sort_order, version=1,
                )
                ObjectRange.objects.bulk_create(
                    [ObjectRange(area=copy, first=r.first, last=r.last) for r in area.ranges.all()]
                )
                for model in (LedgerAmount, Forecast, BalanceMeasure):
                    model.objects.filter(committee_id=committee_id, year=year, area_id=area.pk).update(area_id=copy.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("economy", "0002_set_up_per_year"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(split_by_year, migrations.RunPython.noop),
    ]
