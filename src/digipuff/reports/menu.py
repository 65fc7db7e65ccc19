"""The unit page's link to reports."""

from django.utils.translation import gettext_lazy as _

from digipuff.core.menu import UnitPage, unit_pages

unit_pages.register(
    UnitPage(
        label=_("Reports"),
        url_name="reports:list",
        order=60,
        kinds=frozenset({"committee"}),
        description=_("Operational plan, interim reports and annual report: texts, workflow, Word and PDF."),
    )
)
