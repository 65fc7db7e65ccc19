"""The measures' panel of the start page: values the writer is due to enter (every source but Kolada, which the
sync fetches), as of the occasion people write follow-up for now."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core import policy
from digipuff.core.choices import Action, Role
from digipuff.core.dashboard import Item, Panel, Viewer, dashboard_panels
from digipuff.indicators.choices import Periodicity, Source
from digipuff.indicators.models import Measure, MeasureValue
from digipuff.indicators.selectors import period_label
from digipuff.organisation.selectors import default_occasion, occasion_list

SHOWN = 10


def due_month(periodicity: str, as_of_month: int) -> int | None:
    """The latest period of a measure due by the occasion's month: the month itself, the last tertial ended (April,
    August, December), or the year (month 0) at the year's end; None when nothing is due yet."""
    if periodicity == Periodicity.MONTH:
        return as_of_month
    if periodicity == Periodicity.TERTIAL:
        ended = [month for month in (4, 8, 12) if month <= as_of_month]
        return ended[-1] if ended else None
    return 0 if as_of_month == 12 else None


def _due(viewer: Viewer) -> list[tuple[Measure, int]]:
    occasion = default_occasion(occasion_list(viewer.year))
    committees = viewer.committees(Role.WRITER)
    if occasion is None or not committees:
        return []
    measures = list(
        policy.restrict(
            Measure.objects.filter(owner__in=committees).exclude(source=Source.KOLADA), viewer.user, Action.EDIT
        )
        .select_related("owner")
        .order_by("owner__path", "sort_order", "name")
    )
    wanted: dict[int, int] = {}
    for measure in measures:
        month = due_month(measure.periodicity, occasion.month)
        if month is not None:
            wanted[measure.pk] = month
    if not wanted:
        return []
    entered = set(
        MeasureValue.objects.filter(measure_id__in=wanted, year=viewer.year, group="T")
        .filter(Q(value__isnull=False) | Q(numerator__isnull=False))
        .values_list("measure_id", "month")
    )
    return [(m, wanted[m.pk]) for m in measures if m.pk in wanted and (m.pk, wanted[m.pk]) not in entered]


def values_due(viewer: Viewer) -> list[Item]:
    return [
        Item(
            label=measure.name,
            url=reverse("indicators:values", args=[measure.pk]),
            detail=_("{committee} · value for {period} missing").format(
                committee=measure.owner.code, period=period_label(measure, (viewer.year, month))
            ),
        )
        for measure, month in _due(viewer)[:SHOWN]
    ]


def values_due_more(viewer: Viewer) -> tuple[str, str] | None:
    count = len(_due(viewer))
    if count <= SHOWN:
        return None
    return _("{count} values are due in all; the import takes many at once").format(count=count), reverse(
        "indicators:import"
    )


dashboard_panels.register(
    Panel(
        name="indicators:values_due",
        title=gettext_lazy("Values you are due to enter"),
        description=gettext_lazy("Measures whose value for the latest period ended is missing."),
        roles=frozenset({Role.WRITER}),
        items=values_due,
        more=values_due_more,
        empty=gettext_lazy("No values are due."),
        order=20,
    )
)
