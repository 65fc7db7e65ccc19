"""The overview page, its filters, in-place follow-up editing (htmx), the forms and their query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from digipuff.activities import services
from digipuff.activities.models import Activity, ActivityFollowUp
from digipuff.core.choices import Role
from tests.activities.conftest import occasion, status


@pytest.fixture
def followed(org, plan):
    d1 = occasion(2019, "Delår 1")
    services.follow_up_set(
        actor=None, item=plan.activity, occasion=d1, status=status("ej-klart"), comment="Sent", expected_version=None
    )
    services.follow_up_set(
        actor=None, item=plan.other, occasion=d1, status=status("blir-klart"), comment="", expected_version=None
    )
    return d1


def _ids(response):
    return {row.activity.pk for block in response.context["ov"].blocks for row in block.rows} | {
        row.activity.pk for row in response.context["ov"].loose
    }


def test_overview_shows_own_and_shared_commitments_with_follow_up(client, users, plan, followed):
    client.force_login(users[Role.READER])
    response = client.get(reverse("activities:overview", args=["SN", 2019]), {"occasion": followed.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Långsiktigt och förebyggande arbete" in html and "Kommunövergripande" in html
    assert "Ej klart i år" in html and "Sent" in html
    assert "Skriv uppföljning" not in html  # a reader writes nothing
    ov = response.context["ov"]
    assert (ov.total, ov.late, ov.missing_comment, ov.done) == (2, 1, 1, 0)


def test_filters_status_owner_missing_comment_and_late(client, org, users, plan, followed):
    client.force_login(users[Role.WRITER])
    url = reverse("activities:overview", args=["SN", 2019])
    base = {"occasion": followed.pk}
    assert _ids(client.get(url, {**base, "late": "true"})) == {plan.activity.pk}
    assert _ids(client.get(url, {**base, "missing_comment": "true"})) == {plan.other.pk}
    assert _ids(client.get(url, {**base, "status": status("blir-klart").pk})) == {plan.other.pk}
    assert _ids(client.get(url, {**base, "owner_unit": org.sn_operation.pk})) == {plan.activity.pk}
    assert _ids(client.get(url, {**base, "owner_unit": org.sof.pk})) == {plan.activity.pk, plan.other.pk}
    assert _ids(client.get(url, {**base, "status": "none"})) == set()
    d2 = occasion(2019, "Delår 2")
    assert _ids(client.get(url, {"occasion": d2.pk, "status": "none"})) == {plan.activity.pk, plan.other.pk}


def test_an_activity_past_its_end_without_done_is_late(client, users, plan, followed):
    Activity.objects.filter(pk=plan.other.pk).update(ends=datetime.date(2019, 3, 1))
    client.force_login(users[Role.WRITER])
    response = client.get(reverse("activities:overview", args=["SN", 2019]), {"occasion": followed.pk, "late": "true"})
    assert _ids(response) == {plan.activity.pk, plan.other.pk}


def test_writer_edits_a_follow_up_in_place_with_htmx_and_sees_the_previous_occasion(client, users, plan, followed):
    client.force_login(users[Role.WRITER])
    d2 = occasion(2019, "Delår 2")
    url = reverse("followup:edit", args=["activity", plan.activity.pk, d2.pk])
    form = client.get(url, HTTP_HX_REQUEST="true")
    html = form.content.decode()
    assert "<form" in html and "Tidigare (Delår 1 2019)" in html and "Sent" in html
    response = client.post(
        url, {"version": 0, "status": status("klart").pk, "comment": "Klart nu."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Klart nu." in response.content.decode()
    assert ActivityFollowUp.objects.get(item=plan.activity, occasion=d2).status.code == "klart"
    stale = client.post(url, {"version": 0, "status": "", "comment": "Gammal kopia"}, HTTP_HX_REQUEST="true")
    assert "har inte sparats" in stale.content.decode() and "Gammal kopia" in stale.content.decode()
    assert ActivityFollowUp.objects.get(item=plan.activity, occasion=d2).comment == "Klart nu."


def test_follow_up_without_htmx_redirects_back(client, users, plan, followed):
    client.force_login(users[Role.WRITER])
    url = reverse("followup:edit", args=["commitment", plan.shared.pk, followed.pk]) + "?committee=SN"
    overview = reverse("activities:overview", args=["SN", 2019])
    response = client.post(url, {"version": 0, "status": status("blir-klart").pk, "comment": "SN", "next": overview})
    assert response.status_code == 302 and response.url == overview
    plan_occasion = occasion(2019, "Verksamhetsplan")
    assert (
        client.get(reverse("followup:edit", args=["activity", plan.activity.pk, plan_occasion.pk])).status_code == 404
    )


def test_activity_page_shows_follow_up_per_occasion_and_history(client, users, plan, followed):
    client.force_login(users[Role.READER])
    html = client.get(reverse("activities:activity", args=["SN", 2019, plan.activity.pk])).content.decode()
    assert "Delår 1 2019" in html and "Ej klart i år" in html and "Historik" in html
    assert "Fler i egen försörjning" in html


def test_admin_creates_and_edits_an_activity(client, org, users, plan):
    client.force_login(users[Role.ADMIN])
    url = reverse("activities:activity_create", args=["SN", 2019])
    data = {
        "version": 0,
        "title": "Ny aktivitet",
        "commitment": plan.commitment.pk,
        "owner_unit": org.sof.pk,
        "goals": [plan.goals["Ökad delaktighet"].pk],
        "sort_order": 3,
    }
    response = client.post(url, data)
    activity = Activity.objects.get(title="Ny aktivitet")
    assert response.status_code == 302 and [g.goal.title for g in activity.goals.all()] == ["Ökad delaktighet"]
    edit = reverse("activities:activity_edit", args=["SN", 2019, activity.pk])
    assert client.post(edit, {**data, "version": 1, "title": "Ändrad"}).status_code == 302
    stale = client.post(edit, {**data, "version": 1, "title": "Från gammal kopia"})
    assert stale.status_code == 409 and "har inte sparats" in stale.content.decode()
    bad = client.post(url, {**data, "title": "Fel", "owner_unit": org.von_operation.pk})
    assert bad.status_code == 422


def test_overview_query_count_does_not_grow_with_activities(
    client, org, users, plan, followed, django_assert_max_num_queries
):
    client.force_login(users[Role.WRITER])
    url = reverse("activities:overview", args=["SN", 2019])
    client.get(url)
    for i in range(60):
        activity = services.activity_create(
            actor=None,
            committee=org.sn,
            year=2019,
            title=f"A{i}",
            owner_unit=org.sn_operation,
            commitment=plan.commitment,
            goals=[plan.goals["Ökad delaktighet"]],
        )
        services.follow_up_set(
            actor=None, item=activity, occasion=followed, status=status("klart"), comment="x", expected_version=None
        )
    with django_assert_max_num_queries(18):
        assert client.get(url, {"occasion": followed.pk}).status_code == 200
    with django_assert_max_num_queries(20):
        assert (
            client.get(url, {"occasion": followed.pk, "late": "false", "status": status("klart").pk}).status_code == 200
        )


def _grow(org, goals, *, commitments: int, per_commitment: int) -> None:
    from digipuff.activities import services as activity_services

    goal = goals["Fler upplever god hälsa"]
    for c in range(commitments):
        commitment = activity_services.commitment_create(
            actor=None, owner=org.sn, year=2019, title=f"Åtagande {c:03}", goals=[goal]
        )
        for a in range(per_commitment):
            activity_services.activity_create(
                actor=None,
                committee=org.sn,
                year=2019,
                title=f"Aktivitet {c:03}-{a:02}",
                owner_unit=org.sn_operation,
                commitment=commitment,
                goals=[goal],
            )


def test_the_overview_is_paged_so_size_and_queries_stay_bounded_as_the_plan_grows(client, org, users, goals):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from digipuff.activities.views import PAGE_SIZE

    client.force_login(users["writer"])
    url = "/activities/SN/2019/?occasion=" + str(occasion(2019, "Delår 1").pk)
    measured = []
    for commitments in (3, 12):  # 48 activities, then four times as many
        _grow(org, goals, commitments=commitments - len(measured) * 3, per_commitment=16)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        measured.append((len(queries), len(response.content)))
        html = response.content.decode()
    (small_queries, small_size), (large_queries, large_size) = measured
    assert large_queries <= small_queries + 1  # the paginator's page adds nothing per activity
    assert large_size < small_size * 1.3, measured
    assert "activity-table" in html
    # The activity tables' body rows (the per-unit roll-up above them is a table of its own).
    activity_rows = sum(part.split("</table>")[0].count("<tr") - 1 for part in html.split("activity-table")[1:])
    assert 0 < activity_rows <= PAGE_SIZE
    # The page links keep the occasion (and any filter) and name the page.
    assert f'href="?occasion={occasion(2019, "Delår 1").pk}&amp;page=2"' in html
    assert 'aria-current="page"' in html
    second = client.get(url + "&page=2").content.decode()
    assert "Aktivitet 003-02" in second and "Aktivitet 003-02" not in html
    filtered = client.get(url + "&status=none&page=2").content.decode()
    assert "status=none" in filtered and "page=3" in filtered
