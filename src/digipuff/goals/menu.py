"""The unit page's link to goals and results."""

from django.utils.translation import gettext_lazy as _

from digipuff.core.menu import UnitPage, unit_pages

unit_pages.register(
    UnitPage(
        label=_("Goals and results"),
        url_name="goals:thread",
        order=10,
        kinds=frozenset({"committee"}),
        description=_("The golden thread: goals, measures, targets and assessments."),
    )
)
