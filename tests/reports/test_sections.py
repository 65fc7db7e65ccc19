"""Report sections contributed by the apps: a kind registered by another module is offered and rendered with no
change to the reports module, and activities are shown under the goal they belong to by key, never by title."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from digipuff.activities import services as activity_services
from digipuff.core.document import Block, Paragraph, Run
from digipuff.core.sections import Context, MissingData, Section, SectionKind, section_kinds
from digipuff.goals import services as goal_services
from digipuff.goals.models import CommitteeGoal, GoalLevel
from digipuff.reports import selectors, services
from digipuff.reports.choices import ReportType
from tests.factories import make_committee_goal, make_measure


def _meetings(context: Context, section: Section) -> list[Block]:
    if context.committee.code != "SN":
        raise MissingData("no meetings")
    return [Paragraph([Run(f"Sammanträden {context.year} för {context.committee.name}: {context.occasion.name}")])]


@pytest.fixture
def contributed_kind(monkeypatch):
    """A kind as a new module's `sections.py` would register it; taken out again after the test."""
    kind = SectionKind(name="test:meetings", label="Sammanträden (testmodul)", build=_meetings)
    section_kinds.discover()
    monkeypatch.setitem(section_kinds._entries, kind.name, kind)
    return kind


def test_a_kind_registered_by_another_module_is_offered_and_rendered(client, org, users, contributed_kind):
    template = services.template_copy(
        actor=users["council_admin"], template=selectors.template_for(report_type="delar1", year=2019), year=2019
    )
    client.force_login(users["council_admin"])
    page = client.get(reverse("reports:template", kwargs={"pk": template.pk})).content.decode()
    assert 'value="test:meetings"' in page and "Sammanträden (testmodul)" in page
    response = client.post(
        reverse("reports:template", kwargs={"pk": template.pk}),
        {
            "action": "add",
            "add-title": "Nämndens sammanträden",
            "add-kind": "test:meetings",
            "add-level": 1,
            "add-has_text": "",
            "add-text_position": "after",
            "add-guidance": "",
        },
    )
    assert response.status_code == 302
    assert template.sections.filter(kind="test:meetings", title="Nämndens sammanträden").exists()

    report = services.report_create(actor=users["admin"], committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)
    client.force_login(users["reader"])
    body = client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert "Nämndens sammanträden" in body
    assert f"Sammanträden 2019 för {org.sn.name}: {report.occasion.name}" in body


def test_an_unknown_kind_is_refused_when_a_template_is_edited(client, org, users):
    template = selectors.template_for(report_type="delar1", year=2019)
    client.force_login(users["council_admin"])
    page = client.get(reverse("reports:template", kwargs={"pk": template.pk})).content.decode()
    assert 'value="test:meetings"' not in page
    client.post(
        reverse("reports:template", kwargs={"pk": template.pk}),
        {"action": "add", "add-title": "X", "add-kind": "test:meetings", "add-level": 1, "add-text_position": "after"},
    )
    assert not template.sections.filter(kind="test:meetings").exists()


def _goals_part(html: str) -> str:
    """The report's body (after the table of contents) from the goals-and-results section on (the activities
    table comes before it)."""
    return html[html.index("Nämndens mål och resultat", html.index("report-body")) :]


def test_activities_are_shown_under_their_goal_by_key_even_when_two_goals_share_a_title(client, org, users):
    first = make_committee_goal(org.sn, "Fler får stöd i tid")
    top_level = GoalLevel.objects.get(year=2019, depth=0)
    sub_level = GoalLevel.objects.get(year=2019, depth=1)
    other_top = goal_services.goal_create(actor=None, level=top_level, title="Trygg uppväxt")
    namesake = goal_services.goal_create(actor=None, level=sub_level, title="Fler får stöd i tid", parent=other_top)
    goal_services.committee_goal_adopt(actor=None, committee=org.sn, goal=namesake)
    second = CommitteeGoal.objects.get(committee=org.sn, goal=namesake)
    activity_services.activity_create(
        actor=None, committee=org.sn, year=2019, title="Aktivitet för omsorgen", goals=[first], described_under=first
    )
    activity_services.activity_create(
        actor=None, committee=org.sn, year=2019, title="Aktivitet för uppväxten", goals=[second]
    )
    report = services.report_create(actor=users["admin"], committee=org.sn, report_type=ReportType.INTERIM_1, year=2019)
    client.force_login(users["reader"])
    goals = _goals_part(client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode())

    # Each activity once, under its own goal: matching by title would show both under both namesakes.
    assert goals.count("Aktivitet för omsorgen") == 1
    assert goals.count("Aktivitet för uppväxten") == 1
    care, childhood = goals.index("God omsorg för individen"), goals.index("Trygg uppväxt")
    assert care < goals.index("Aktivitet för omsorgen") < childhood < goals.index("Aktivitet för uppväxten")

    # Renaming a goal does not lose its activities.
    goal = first.goal
    goal_services.goal_update(
        actor=None, goal=goal, expected_version=goal.version, title="Fler får hjälp i tid", parent=goal.parent
    )
    goals = _goals_part(client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode())
    renamed = goals.index("Fler får hjälp i tid")
    assert renamed < goals.index("Aktivitet för omsorgen") < goals.index("Trygg uppväxt")


def test_the_source_list_leaves_out_measures_that_serve_only_other_years_goals(org):
    """A measure defined for next year's goals must not change this year's report (issue 11)."""
    from digipuff.integrations.kolada.sections import sources
    from digipuff.organisation.models import ReportOccasion

    this_year = make_measure(org.sn, name="Mått för 2019", goals=[make_committee_goal(org.sn, year=2019)])
    make_measure(org.sn, name="Mått för 2020", goals=[make_committee_goal(org.sn, year=2020)])
    make_measure(org.sn, name="Mått utan mål")
    context = Context(
        committee=org.sn,
        year=2019,
        occasion=ReportOccasion.objects.filter(year__year=2019).first(),
        report_type=ReportType.INTERIM_1,
    )
    [table] = sources(context, SimpleNamespace(pk=None, kind="sources", title="", level=2))
    names = [row[0] for row in table.rows]
    assert this_year.name in names
    # only what the report shows: a measure under no goal of the report is not in it (issue 12)
    assert "Mått för 2020" not in names and "Mått utan mål" not in names
