"""One rule for the report occasion a page opens on, whatever the module."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from digipuff.core.choices import Role
from digipuff.organisation import selectors
from digipuff.organisation.models import ReportOccasion


def occasions(year: int) -> list[ReportOccasion]:
    return list(selectors.occasions(year))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2018, 12, 1), "Delår 1 2019"),  # planning ahead: the first follow-up occasion, never the plan
        (date(2019, 2, 1), "Delår 1 2019"),  # the plan's period has ended, but follow-up is written for Delår 1
        (date(2019, 3, 31), "Delår 1 2019"),
        (date(2019, 9, 15), "Delår 2 2019"),
        (date(2020, 1, 20), "Verksamhetsberättelse 2019"),
    ],
)
def test_the_default_is_the_latest_follow_up_occasion_that_has_ended(org, today, expected):
    assert selectors.default_occasion(occasions(2019), today=today).name == expected


def test_a_year_without_follow_up_occasions_has_no_default_and_an_asked_occasion_wins(org):
    year = occasions(2019)
    plan_only = [o for o in year if o.kind == "plan"]
    assert selectors.default_occasion(plan_only, today=date(2019, 6, 1)) is None
    assert selectors.chosen_occasion(year, str(year[0].pk), today=date(2019, 6, 1)) == year[0]
    # An occasion of another year, or garbage, falls back to the rule.
    other = occasions(2020)[1]
    assert selectors.chosen_occasion(year, other.pk, today=date(2019, 6, 1)).name == "Delår 1 2019"
    assert selectors.chosen_occasion(year, "²", today=date(2019, 6, 1)).name == "Delår 1 2019"


def test_every_page_opens_on_the_same_occasion(client, org, users):
    client.force_login(users[Role.READER])
    expected = selectors.default_occasion(occasions(2019))
    pages = [
        (reverse("activities:overview", args=["SN", 2019]), lambda ctx: ctx["ov"].occasion),
        (reverse("internal_control:overview", args=["SN", 2019]), lambda ctx: ctx["ov"].occasion),
        (reverse("goals:thread", args=["SN", 2019]), lambda ctx: ctx["occasion"]),
    ]
    for url, pick in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert pick(response.context) == expected, url
