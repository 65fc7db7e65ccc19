"""The organisation's panel of the start page: the year's report occasions and their deadlines (the
administrators' set-up checklist begins here; goals and reports add theirs)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.choices import Role
from digipuff.core.dashboard import Item, Panel, Viewer, dashboard_panels
from digipuff.organisation.selectors import occasion_list


def occasions_and_deadlines(viewer: Viewer) -> list[Item]:
    """The year's report occasions: period end and deadline, each linking to the occasion on the year's page."""
    today = timezone.localdate()
    items = []
    for occasion in occasion_list(viewer.year):
        if occasion.deadline is None:
            detail = _("period ends {end} · no deadline set").format(end=occasion.period_end.isoformat())
        elif occasion.deadline < today:
            detail = _("period ends {end} · deadline {deadline} (passed)").format(
                end=occasion.period_end.isoformat(), deadline=occasion.deadline.isoformat()
            )
        else:
            detail = _("period ends {end} · deadline {deadline}").format(
                end=occasion.period_end.isoformat(), deadline=occasion.deadline.isoformat()
            )
        items.append(
            Item(
                label=occasion.name,
                url=reverse("organisation:year_occasions", kwargs={"year": viewer.year}) + f"#occasion-{occasion.pk}",
                detail=detail,
            )
        )
    return items


dashboard_panels.register(
    Panel(
        name="organisation:occasions",
        title=gettext_lazy("Set-up: report occasions and deadlines"),
        roles=frozenset({Role.ADMIN}),
        items=occasions_and_deadlines,
        more=lambda viewer: (str(_("Planning years")), reverse("organisation:years")),
        empty=gettext_lazy("The year has no report occasions yet."),
        order=10,
    )
)
