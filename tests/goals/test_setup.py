"""Setting up a year's goals in DigiPUFF's own pages: add, edit, move, reorder, retire and take on goals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from digipuff.core import audit
from digipuff.goals import services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel
from digipuff.organisation import services as organisation_services


@pytest.fixture
def levels(org):
    organisation_services.planning_year_create(actor=None, year=2021)
    return [
        services.goal_level_set(actor=None, year=2021, depth=0, name="Målområde", owner=LevelOwner.COUNCIL),
        services.goal_level_set(actor=None, year=2021, depth=1, name="KF-mål", owner=LevelOwner.COUNCIL),
        services.goal_level_set(actor=None, year=2021, depth=2, name="Nämndmål", owner=LevelOwner.COMMITTEE),
    ]


def setup_url(name, *args, code="SN", year=2021):
    return reverse(f"goals:{name}", args=[code, year, *args])


def test_the_council_and_the_committee_build_the_year_through_the_pages(client, org, users, levels):
    area, council_level, own_level = levels
    client.force_login(users["council_admin"])
    assert client.get(setup_url("setup")).status_code == 200
    response = client.post(setup_url("goal_create"), {"level": area.pk, "title": "Trygg uppväxt", "code": "1"})
    assert response.status_code == 302
    top = Goal.objects.get(title="Trygg uppväxt")
    assert (top.owner, top.code, top.year) == (org.council, "1", 2021)
    for title in ("Fler barn klarar skolan", "Färre placeringar"):
        client.post(setup_url("goal_create"), {"level": council_level.pk, "parent": top.pk, "title": title})
    first, second = Goal.objects.filter(parent=top).order_by("sort_order")
    assert [first.title, second.title] == ["Fler barn klarar skolan", "Färre placeringar"]
    assert audit.history(top).first().actor == users["council_admin"]

    # The committee's administrator takes on a council goal and adds its own goal under it.
    client.force_login(users["admin"])
    page = client.get(setup_url("setup")).content.decode()
    assert setup_url("adopt") in page
    # It may add goals below a council goal only where the next level is the committee's own.
    assert f"?parent={second.pk}" in page and f"?parent={top.pk}" not in page
    response = client.post(setup_url("adopt"), {"goal": second.pk})
    assert response.status_code == 302
    assert CommitteeGoal.objects.filter(committee=org.sn, goal=second).exists()
    assert CommitteeGoal.objects.filter(committee=org.sn, goal=top).exists()  # the goals above come along
    response = client.post(
        setup_url("goal_create"), {"level": own_level.pk, "parent": second.pk, "title": "Kortare utredningstider"}
    )
    assert response.status_code == 302
    own = Goal.objects.get(title="Kortare utredningstider")
    assert own.owner == org.sn and CommitteeGoal.objects.filter(committee=org.sn, goal=own).exists()

    # It may not add a council goal: the council's levels are not offered to it.
    response = client.post(setup_url("goal_create"), {"level": council_level.pk, "parent": top.pk, "title": "X"})
    assert response.status_code == 422
    assert not Goal.objects.filter(title="X").exists()
    # ... nor edit one: a council goal is not the committee's to see by id (404), as the permission suite says.
    assert client.get(setup_url("goal_edit", first.pk)).status_code == 404

    # Edit and move its own goal to the other council goal (and back via the form).
    response = client.post(
        setup_url("goal_edit", own.pk),
        {"version": own.version, "title": "Kortare utredningstider inom IFO", "parent": first.pk, "code": "1.1.1"},
    )
    assert response.status_code == 302, response.content.decode()
    own.refresh_from_db()
    assert (own.title, own.parent, own.code) == ("Kortare utredningstider inom IFO", first, "1.1.1")


def test_a_stale_edit_is_refused_with_409_and_keeps_the_input(client, org, users, levels):
    goal = services.goal_create(actor=None, level=levels[0], title="Trygg uppväxt")
    client.force_login(users["council_admin"])
    stale = goal.version
    services.goal_update(actor=None, goal=goal, expected_version=None, title="Trygg uppväxt för alla")
    response = client.post(setup_url("goal_edit", goal.pk), {"version": stale, "title": "Mitt förslag"})
    assert response.status_code == 409
    assert "Mitt förslag" in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Trygg uppväxt för alla"


def test_reorder_moves_a_goal_among_its_siblings(client, org, users, levels):
    goals = [services.goal_create(actor=None, level=levels[0], title=t, sort_order=None) for t in "ABC"]
    client.force_login(users["council_admin"])
    response = client.post(setup_url("goal_move", goals[2].pk), {"direction": "up", "version": goals[2].version})
    assert response.status_code == 302
    assert list(Goal.objects.filter(year=2021).order_by("sort_order").values_list("title", flat=True)) == list("ACB")
    # htmx gets the tree back in place, with the message.
    response = client.post(
        setup_url("goal_move", goals[0].pk), {"direction": "up", "version": 1}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="goal-tree"' in html and "<html" not in html
    assert list(Goal.objects.filter(year=2021).order_by("sort_order").values_list("title", flat=True)) == list("ACB")


def test_a_retired_goal_leaves_the_thread_and_the_pickers_but_keeps_its_history(client, org, users, levels):
    from digipuff.goals.forms import committee_goals

    top = services.goal_create(actor=None, level=levels[0], title="Trygg uppväxt")
    council_goal = services.goal_create(actor=None, level=levels[1], parent=top, title="Färre placeringar")
    own = services.goal_create(
        actor=None, level=levels[2], parent=council_goal, committee=org.sn, title="Kortare utredningstider"
    )
    services.committee_goal_adopt(actor=None, committee=org.sn, goal=council_goal)
    client.force_login(users["council_admin"])
    thread = reverse("goals:thread", args=["SN", 2021])
    assert "Kortare utredningstider" in client.get(thread).content.decode()
    response = client.post(setup_url("goal_retire", council_goal.pk), {"retired": "1"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    own.refresh_from_db()
    council_goal.refresh_from_db()
    assert council_goal.retired and own.retired  # the goals below go with it
    html = client.get(thread).content.decode()
    assert "Färre placeringar" not in html and "Kortare utredningstider" not in html
    assert not committee_goals(org.sn, 2021).filter(goal__in=[own, council_goal]).exists()
    assert "Kortare utredningstider" in client.get(setup_url("setup")).content.decode()  # still set up, marked
    assert CommitteeGoal.objects.filter(goal=own).exists()
    # Restoring the own goal alone is refused while its parent is retired; the parent first.
    client.force_login(users["admin"])
    client.post(setup_url("goal_retire", own.pk), {})
    own.refresh_from_db()
    assert own.retired
    client.force_login(users["council_admin"])
    client.post(setup_url("goal_retire", council_goal.pk), {})
    client.post(setup_url("goal_retire", own.pk), {})
    own.refresh_from_db()
    assert not own.retired
    assert "Kortare utredningstider" in client.get(thread).content.decode()


def test_the_committee_may_not_retire_or_move_council_goals(client, org, users, levels):
    top = services.goal_create(actor=None, level=levels[0], title="Trygg uppväxt")
    client.force_login(users["admin"])
    assert client.post(setup_url("goal_retire", top.pk), {"retired": "1"}).status_code == 404
    assert client.post(setup_url("goal_move", top.pk), {"direction": "down"}).status_code == 404
    top.refresh_from_db()
    assert not top.retired
    # A writer of the committee sees its own goals but may not set them up.
    client.force_login(users["writer"])
    assert client.get(setup_url("setup")).status_code == 403


def test_goal_pickers_offer_only_the_years_goals_on_the_level_above(client, org, users, levels):
    top = services.goal_create(actor=None, level=levels[0], title="Trygg uppväxt")
    services.goal_level_set(actor=None, year=2020, depth=0, name="Målområde", owner=LevelOwner.COUNCIL)
    old = services.goal_create(actor=None, level=GoalLevel.objects.get(year=2020, depth=0), title="Gammalt mål")
    council_goal = services.goal_create(actor=None, level=levels[1], parent=top, title="Färre placeringar")
    client.force_login(users["council_admin"])
    html = client.get(setup_url("goal_edit", council_goal.pk)).content.decode()
    assert "Trygg uppväxt" in html and "Gammalt mål" not in html
    response = client.post(setup_url("goal_edit", council_goal.pk), {"title": "Färre placeringar", "parent": old.pk})
    assert response.status_code == 422


def test_the_set_up_page_asks_the_same_number_of_queries_whatever_the_trees_size(client, org, users, levels):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(prefix):
        for n in range(3):
            area = services.goal_create(actor=None, level=levels[0], title=f"{prefix} område {n}", sort_order=None)
            for m in range(2):
                goal = services.goal_create(actor=None, level=levels[1], parent=area, title=f"{prefix} {n}.{m}")
                services.committee_goal_adopt(actor=None, committee=org.sn, goal=goal)
                own = f"{prefix}!{n}{m}"
                services.goal_create(actor=None, level=levels[2], parent=goal, committee=org.sn, title=own)

    client.force_login(users["admin"])
    grow("A")
    client.get(setup_url("setup"))  # the first visit remembers the year in the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(setup_url("setup")).status_code == 200
    grow("B")
    with CaptureQueriesContext(connection) as large:
        assert client.get(setup_url("setup")).status_code == 200
    assert len(large) == len(small) <= 16


def test_a_plan_row_linked_to_a_retired_goal_keeps_the_link_when_saved(client, org, users):
    from digipuff.activities import services as activities
    from digipuff.activities.models import Activity
    from tests.factories import make_committee_goal

    kept = make_committee_goal(org.sn, "Fler upplever god vård och omsorg", year=2019)
    other = make_committee_goal(org.sn, "Fler upplever god hälsa", year=2019)
    activity = activities.activity_create(
        actor=None, committee=org.sn, year=2019, title="IPS", goals=[kept, other], described_under=kept
    )
    services.goal_retire(actor=None, goal=kept.goal, expected_version=None)
    client.force_login(users["admin"])
    url = reverse("activities:activity_edit", args=["SN", 2019, activity.pk])
    html = client.get(url).content.decode()
    assert f'value="{kept.pk}"' in html  # still offered to this row, which links it
    assert (
        f'value="{kept.pk}"'
        not in client.get(reverse("activities:activity_create", args=["SN", 2019])).content.decode()
    )
    response = client.post(
        url,
        {"version": activity.version, "title": "IPS-metoden", "goals": [kept.pk, other.pk], "described_under": kept.pk,
         "sort_order": 0},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get(pk=activity.pk)
    assert set(activity.goals.all()) == {kept, other} and activity.described_under == kept
