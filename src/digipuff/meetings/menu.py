"""The unit page's link to the committee's cases."""

from django.utils.translation import gettext_lazy as _

from digipuff.core.menu import UnitPage, unit_pages

unit_pages.register(
    UnitPage(
        label=_("Cases"),
        url_name="meetings:case_list",
        order=70,
        kinds=frozenset({"committee"}),
        description=_("The committee's cases with their registry numbers, case officers and history."),
    )
)

unit_pages.register(
    UnitPage(
        label=_("Meetings"),
        url_name="meetings:meeting_list",
        order=71,
        kinds=frozenset({"committee"}),
        description=_("The committee's meetings with their agenda, notice and documents."),
    )
)
