"""Internal control's panel of the start page: risk-reducing actions waiting for the writer's status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from digipuff.core.choices import Role
from digipuff.core.dashboard import Item, Panel, Viewer, dashboard_panels
from digipuff.followup.dashboard import awaiting_status
from digipuff.internal_control.models import RiskAction, RiskActionFollowUp


def risk_actions_awaiting(viewer: Viewer) -> list[Item]:
    return awaiting_status(
        viewer,
        item_model=RiskAction,
        follow_up_model=RiskActionFollowUp,
        committee_field="risk__committee",
        year_field="risk__year",
        url_name="internal_control:overview",
    )


dashboard_panels.register(
    Panel(
        name="internal_control:awaiting_status",
        title=gettext_lazy("Risk actions waiting for your status"),
        roles=frozenset({Role.WRITER}),
        items=risk_actions_awaiting,
        empty=gettext_lazy("Every risk action you follow up has a status."),
        order=31,
    )
)
