"""The unit page's link to internal control."""

from django.utils.translation import gettext_lazy as _

from digipuff.core.menu import UnitPage, unit_pages

unit_pages.register(
    UnitPage(
        label=_("Internal control"),
        url_name="internal_control:overview",
        order=45,
        kinds=frozenset({"committee"}),
        description=_("Risks and actions, systematic controls, review actions, provider follow-up."),
    )
)
