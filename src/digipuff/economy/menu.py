"""The unit page's link to economy."""

from django.utils.translation import gettext_lazy as _

from digipuff.core.menu import UnitPage, unit_pages
from digipuff.organisation.choices import OrgUnitKind

unit_pages.register(
    UnitPage(
        label=_("Economy"),
        url_name="economy:overview",
        order=60,
        kinds=frozenset({OrgUnitKind.COMMITTEE}),
        description=_("Budget, actuals, forecast, investments and the economy tables of the reports."),
    )
)
