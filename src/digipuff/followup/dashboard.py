"""What the start page counts of follow-up: the items of a kind that wait for the writer's status at the occasion
people write follow-up for now. The modules that own the items (activities, internal control) register the panels
and link to their own overview filtered the same way (`?occasion=…&status=none`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, Model, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from digipuff.core import policy
from digipuff.core.choices import Action, Role
from digipuff.core.dashboard import Item, Viewer
from digipuff.followup.filtersets import NO_STATUS
from digipuff.organisation.selectors import default_occasion, occasion_list


def awaiting_status(
    viewer: Viewer,
    *,
    item_model: type[Model],
    follow_up_model: type[Model],
    committee_field: str,
    year_field: str,
    url_name: str,
) -> list[Item]:
    """Per committee the viewer writes for: how many items they may give a status have none at the occasion. Where
    the writer's role is on a unit below the committee, the link filters the overview by that unit, as it counts."""
    occasion = default_occasion(occasion_list(viewer.year))
    if occasion is None:
        return []
    grants = [g for g in policy.grants(viewer.user) if Action.EDIT in policy.ROLE_ACTIONS.get(g.role, frozenset())]
    items = []
    for committee in viewer.committees(Role.WRITER):
        base: Any = item_model._default_manager.filter(**{committee_field: committee, year_field: viewer.year})
        missing = policy.restrict(base, viewer.user, Action.EDIT).exclude(
            Exists(
                follow_up_model._default_manager.filter(item=OuterRef("pk"), occasion=occasion, status__isnull=False)
            )
        )
        count = missing.count()
        if not count:
            continue
        url = reverse(url_name, kwargs={"code": committee.code, "year": viewer.year})
        query = f"?occasion={occasion.pk}&status={NO_STATUS}"
        below = [g for g in grants if g.path.startswith(committee.path) and g.path != committee.path]
        covers = any(committee.path.startswith(g.path) for g in grants)
        if not covers and len(below) == 1:
            query += f"&owner_unit={below[0].unit_id}"
        items.append(
            Item(
                label=_("{committee}, {occasion}").format(committee=committee.name, occasion=occasion.name),
                url=url + query,
                count=count,
            )
        )
    return items
