"""The activities' panel of the start page: activities waiting for the writer's status at the current occasion."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from digipuff.activities.models import Activity, ActivityFollowUp
from digipuff.core.choices import Role
from digipuff.core.dashboard import Item, Panel, Viewer, dashboard_panels
from digipuff.followup.dashboard import awaiting_status


def activities_awaiting(viewer: Viewer) -> list[Item]:
    return awaiting_status(
        viewer,
        item_model=Activity,
        follow_up_model=ActivityFollowUp,
        committee_field="committee",
        year_field="year",
        url_name="activities:overview",
    )


dashboard_panels.register(
    Panel(
        name="activities:awaiting_status",
        title=gettext_lazy("Activities waiting for your status"),
        roles=frozenset({Role.WRITER}),
        items=activities_awaiting,
        empty=gettext_lazy("Every activity you follow up has a status."),
        order=30,
    )
)
