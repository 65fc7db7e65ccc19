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
