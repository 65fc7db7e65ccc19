"""Unit plans: the activities a förvaltning, verksamhet or enhet owns show on its own plan page and roll up, counted
per unit, on the committee's activities page."""

from __future__ import annotations

import re

from django.urls import reverse

from digipuff.core.choices import Role
from tests.factories import UserFactory, grant


def headings(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).split("(")[0].strip()
        for h in re.findall(r'<h2 class="h4" id="u-\d+">(.*?)</h2>', page)
    ]


def test_the_administrations_plan_holds_its_own_and_its_units_activities(client, org, users, plan):
    client.force_login(users[Role.READER])
    page = client.get(reverse("activities:unit_plan", args=["SOF", 2019])).content.decode()
    assert headings(page) == ["Socialförvaltningen", "Vård och behandling"]  # grouped by unit, in tree order
    assert "Korta sjukfrånvaron" in page and "IPS-metoden för unga vuxna" in page
    assert f'href="{reverse("activities:activity", args=["SN", 2019, plan.activity.pk])}"' in page

    operation = client.get(reverse("activities:unit_plan", args=["SN-VB", 2019])).content.decode()
    assert "IPS-metoden för unga vuxna" in operation and "Korta sjukfrånvaron" not in operation


def test_a_role_on_the_unit_sees_its_plan_but_not_the_committees_or_another_units(client, org, plan):
    user = UserFactory(username="vb_reader")
    grant(user, org.sn_operation, Role.READER)
    client.force_login(user)
    page = client.get(reverse("activities:unit_plan", args=["SN-VB", 2019]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "IPS-metoden för unga vuxna" in text
    # The activity's page is the committee's, which the unit's reader may not see: the title is not a link there.
    assert reverse("activities:activity", args=["SN", 2019, plan.activity.pk]) not in text
    assert client.get(reverse("activities:unit_plan", args=["SOF", 2019])).status_code == 403
    assert client.get(reverse("activities:unit_plan", args=["VON-AO", 2019])).status_code == 403


def test_a_unit_without_activities_says_so(client, org, users, plan):
    client.force_login(users["council_reader"])
    page = client.get(reverse("activities:unit_plan", args=["VON-AO", 2019])).content.decode()
    assert "Inga aktiviteter för 2019 ägs av enheten eller en enhet under den." in page


def test_the_committee_page_rolls_the_unit_plans_up(client, org, users, plan):
    client.force_login(users[Role.READER])
    page = client.get(reverse("activities:overview", args=["SN", 2019])).content.decode()
    section = page.split('id="units-heading"')[1].split("</section>")[0]
    rows = re.findall(r'<a href="([^"]+)">([^<]+)</a></th>\s*<td class="num">(\d+)</td>', section)
    assert [(name, count) for _url, name, count in rows] == [("Socialförvaltningen", "1"), ("Vård och behandling", "1")]
    assert rows[0][0].startswith(reverse("activities:unit_plan", args=["SOF", 2019]))


def test_the_unit_page_links_to_its_plan(client, org, users, plan):
    client.force_login(users[Role.READER])
    client.get("/?year=2019")
    page = client.get(reverse("organisation:unit", args=["SOF"])).content.decode()
    assert reverse("activities:unit_plan", args=["SOF", 2019]) in page and "Enhetsplan" in page
    committee = client.get(reverse("organisation:unit", args=["SN"])).content.decode()
    assert "unit-plan" not in committee  # a committee's plan is its own activities page


def test_queries_are_bounded(client, org, users, plan, django_assert_max_num_queries):
    client.force_login(users[Role.READER])
    url = reverse("activities:unit_plan", args=["SOF", 2019])
    client.get(url)
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200
