"""The unit page's link to commitments and activities."""

from django.utils.translation import gettext_lazy as _

from digipuff.core.menu import UnitPage, unit_pages

unit_pages.register(
    UnitPage(
        label=_("Commitments and activities"),
        url_name="activities:overview",
        order=40,
        kinds=frozenset({"committee"}),
        description=_("Development commitments and activities, with status and comment per report occasion."),
    )
)

unit_pages.register(
    UnitPage(
        label=_("Unit plan"),
        url_name="activities:unit_plan",
        order=41,
        kinds=frozenset({"administration", "operation", "unit", "staff_unit"}),
        description=_("The activities this unit and the units below it are responsible for, with their status."),
    )
)
