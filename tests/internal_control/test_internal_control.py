"""Internal control: risk value and prioritisation, the matrix, follow-up of actions and controls, filters,
carrying the plan forward, the report rows and the overview's query count."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from digipuff.activities import services as act_services
from digipuff.activities.models import Activity
from digipuff.core.choices import Role
from digipuff.internal_control import selectors
from digipuff.internal_control import services as ic
from digipuff.internal_control.models import Control, Risk, RiskAction, RiskActionFollowUp
from digipuff.organisation import selectors as org_selectors
from tests.activities.conftest import occasion, status


@pytest.fixture
def risks(org, plan):
    goal = plan.goals["Fler upplever god vård och omsorg"]
    high = ic.risk_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="Brist på lokaler",
        goal=goal,
        probability=3,
        consequence=4,
        sort_order=1,
    )
    low = ic.risk_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="Liten risk",
        process="Fakturering",
        probability=2,
        consequence=2,
        sort_order=2,
    )
    a1 = ic.risk_action_create(actor=None, risk=high, title="Långsiktig lokalplanering", owner_unit=org.sof)
    a2 = ic.risk_action_create(actor=None, risk=high, title="Dialog med Vårljus", owner_unit=org.sn_operation)
    a3 = ic.risk_action_create(actor=None, risk=low, title="Ny rutin")
    control = ic.control_create(
        actor=None,
        committee=org.sn,
        year=2019,
        title="Jämlikhetsaktiviteter",
        goal=plan.goals["Ökad jämlikhet"],
        frequency="Årligen",
        owner_unit=org.sof,
    )
    return {"high": high, "low": low, "a1": a1, "a2": a2, "a3": a3, "control": control}


def test_risk_value_is_the_product_and_prioritised_from_nine(risks):
    assert risks["high"].risk_value == 12 and risks["high"].prioritised and risks["high"].above_threshold
    assert risks["low"].risk_value == 4 and not risks["low"].prioritised
    explicit = ic.risk_create(
        actor=None,
        committee=risks["high"].committee,
        year=2019,
        title="Vald ändå",
        process="IT",
        probability=2,
        consequence=3,
        prioritised=True,
    )
    assert explicit.risk_value == 6 and explicit.prioritised


def test_levels_are_one_to_four_and_a_risk_needs_a_goal_or_process(org, goals):
    with pytest.raises(ValidationError) as exc:
        ic.risk_create(actor=None, committee=org.sn, year=2019, title="X", process="P", probability=5, consequence=0)
    assert set(exc.value.message_dict) == {"probability", "consequence"}
    with pytest.raises(ValidationError, match="Koppla risken till ett mål"):
        ic.risk_create(actor=None, committee=org.sn, year=2019, title="X", probability=1, consequence=1)
    von_goal = org.von.committee_goals.first()
    with pytest.raises(ValidationError, match="nämndens mål samma år"):
        ic.risk_create(actor=None, committee=org.sn, year=2019, title="X", goal=von_goal, probability=1, consequence=1)


def test_matrix_places_risks_by_probability_and_consequence(org, users, risks):
    occasions = list(org_selectors.occasions(2019))
    ov = selectors.overview(
        user=users[Role.READER], committee=org.sn, year=2019, occasion=occasions[1], occasions=occasions
    )
    cells = {(cell.probability, cell.consequence): cell for _row, row in ov.matrix for cell in row}
    assert len(cells) == 16
    assert [b.risk.title for b in cells[(3, 4)].risks] == ["Brist på lokaler"]
    assert cells[(3, 4)].level == "high" and cells[(2, 2)].level == "medium" and cells[(1, 1)].level == "low"
    assert [b.number for b in ov.risks] == [1, 2] and ov.high_risks == 1


def test_filters_risk_value_status_and_missing_comment(client, org, users, risks):
    d1 = occasion(2019, "Delår 1")
    ic.follow_up_set(
        actor=None,
        item=risks["a1"],
        occasion=d1,
        status=status("blir-klart"),
        comment="Enligt plan.",
        expected_version=None,
    )
    ic.follow_up_set(
        actor=None, item=risks["a2"], occasion=d1, status=status("ej-klart"), comment="", expected_version=None
    )
    client.force_login(users[Role.READER])
    url = reverse("internal_control:overview", args=["SN", 2019])

    def shown(**params):
        ov = client.get(url, {"occasion": d1.pk, **params}).context["ov"]
        return {(b.risk.title, a.item.title) for b in ov.risks for a in b.actions}

    assert {r for r, _a in shown(risk_value=9)} == {"Brist på lokaler"}
    assert shown(late="true") == {("Brist på lokaler", "Dialog med Vårljus")}
    assert shown(missing_comment="true") == {("Brist på lokaler", "Dialog med Vårljus"), ("Liten risk", "Ny rutin")}
    assert shown(status=status("blir-klart").pk) == {("Brist på lokaler", "Långsiktig lokalplanering")}
    assert shown(owner_unit=org.sn_operation.pk) == {("Brist på lokaler", "Dialog med Vårljus")}
    assert shown(status="none") == {("Liten risk", "Ny rutin")}


def test_control_result_and_previous_occasion(org, users, risks):
    d1, d2 = occasion(2019, "Delår 1"), occasion(2019, "Delår 2")
    ic.follow_up_set(
        actor=users[Role.WRITER],
        item=risks["control"],
        occasion=d1,
        status=status("blir-klart"),
        comment="Pågår enligt plan.",
        expected_version=0,
    )
    occasions = list(org_selectors.occasions(2019))
    ov = selectors.overview(user=users[Role.WRITER], committee=org.sn, year=2019, occasion=d2, occasions=occasions)
    row = ov.controls[0]
    assert row.follow.current is None and row.follow.previous.comment == "Pågår enligt plan." and row.may_edit


def test_report_rows_in_the_seeds_layout(org, risks):
    d1 = occasion(2019, "Delår 1")
    ic.follow_up_set(
        actor=None,
        item=risks["a1"],
        occasion=d1,
        status=status("blir-klart"),
        comment="Enligt plan.",
        expected_version=None,
    )
    rows = selectors.risk_table(committee=org.sn, year=2019, occasion=d1)
    assert selectors.RISK_TABLE_COLUMNS[:4] == ("Risk", "Sannolikhet", "Konsekvens", "Riskvärde")
    assert next(r.cells() for r in rows) == (
        "Brist på lokaler",
        "3",
        "4",
        "12",
        "Långsiktig lokalplanering",
        "Socialförvaltningen",
        "Blir klart i år",
        "Enligt plan.",
    )
    assert len(rows) == 2  # the low risk is not prioritised
    tables = selectors.follow_up_tables(committee=org.sn, year=2019, occasion=d1)
    assert tables["controls"][0].title == "Jämlikhetsaktiviteter" and tables["review_actions"] == []


def test_carry_forward_copies_chosen_items_with_links_and_leaves_the_old_year(org, users, plan, risks):
    d1 = occasion(2019, "Delår 1")
    ic.follow_up_set(
        actor=None, item=risks["a1"], occasion=d1, status=status("klart"), comment="Klart", expected_version=None
    )
    admin = users[Role.ADMIN]
    result = act_services.carry_forward(
        actor=admin, committee=org.sn, from_year=2019, to_year=2020, activity_ids=[plan.activity.pk, plan.other.pk]
    )
    result.extend(
        ic.carry_forward(
            actor=admin, committee=org.sn, from_year=2019, to_year=2020, risk_ids=[risks["high"].pk], control_ids=None
        )
    )
    new_activity = Activity.objects.get(year=2020, title=plan.activity.title)
    assert new_activity.carried_from == plan.activity
    assert {g.goal.year for g in new_activity.goals.all()} == {2020}
    assert {g.goal.title for g in new_activity.goals.all()} == {"Fler i egen försörjning", "Fler upplever god hälsa"}
    assert new_activity.commitment.year == 2020 and new_activity.commitment.carried_from == plan.commitment
    assert new_activity.described_under.goal.year == 2020
    # The shared commitment of 2020 does not exist: the copy is left without it, and the result says so.
    assert Activity.objects.get(year=2020, title=plan.other.title).commitment is None
    assert any("Aktiv och systematisk rehabilitering" in line for line in result.unmatched)
    new_risk = Risk.objects.get(year=2020)
    assert new_risk.title == "Brist på lokaler" and new_risk.goal.goal.year == 2020 and new_risk.risk_value == 12
    assert [a.title for a in new_risk.actions.all()] == ["Långsiktig lokalplanering", "Dialog med Vårljus"]
    assert not RiskActionFollowUp.objects.filter(item__risk=new_risk).exists()
    assert Control.objects.filter(year=2020, carried_from=risks["control"]).exists()
    # The old year is untouched, and carrying again copies nothing twice.
    assert risks["high"].actions.count() == 2 and RiskActionFollowUp.objects.get().comment == "Klart"
    assert Activity.objects.filter(year=2019).count() == 2
    again = act_services.carry_forward(actor=admin, committee=org.sn, from_year=2019, to_year=2020)
    assert again.created == [] and len(again.skipped) == 2
    assert RiskAction.objects.filter(risk__year=2020).count() == 2


def test_carry_forward_page(client, org, users, plan, risks):
    client.force_login(users[Role.ADMIN])
    url = reverse("activities:carry_forward", args=["SN", 2019])
    page = client.get(url).content.decode()
    assert "Risk: Brist på lokaler" in page and "Kontroll: Jämlikhetsaktiviteter" in page
    items = [f"activities:{plan.activity.pk}", f"risks:{risks['low'].pk}"]
    response = client.post(url, {"to_year": 2020, "items": items})
    assert response.status_code == 200 and "3 poster kopierades." in response.content.decode()
    assert Risk.objects.filter(year=2020).get().title == "Liten risk"


def test_overview_with_many_risks_runs_a_bounded_number_of_queries(
    client, org, users, risks, django_assert_max_num_queries
):
    d1 = occasion(2019, "Delår 1")
    client.force_login(users[Role.WRITER])
    url = reverse("internal_control:overview", args=["SN", 2019])
    client.get(url)
    for i in range(40):
        risk = ic.risk_create(
            actor=None,
            committee=org.sn,
            year=2019,
            title=f"R{i}",
            process="P",
            probability=1 + i % 4,
            consequence=1 + (i // 4) % 4,
        )
        action = ic.risk_action_create(actor=None, risk=risk, title=f"Å{i}", owner_unit=org.sn_operation)
        ic.follow_up_set(
            actor=None, item=action, occasion=d1, status=status("klart"), comment="x", expected_version=None
        )
    with django_assert_max_num_queries(24):
        response = client.get(url, {"occasion": d1.pk})
    assert response.status_code == 200 and response.context["ov"].risk_count == 42
    with django_assert_max_num_queries(26):
        assert client.get(url, {"occasion": d1.pk, "risk_value": 9, "late": "false"}).status_code == 200


def test_admin_creates_a_risk_and_an_action_through_the_pages(client, org, users, plan):
    client.force_login(users[Role.ADMIN])
    response = client.post(
        reverse("internal_control:item_create", args=["SN", 2019, "risk"]),
        {
            "version": 0,
            "title": "Ny risk",
            "goal": plan.goals["Ökad jämlikhet"].pk,
            "probability": 4,
            "consequence": 4,
            "prioritised": "on",
            "sort_order": 0,
        },
    )
    risk = Risk.objects.get(title="Ny risk")
    assert response.status_code == 302 and risk.risk_value == 16
    response = client.post(
        reverse("internal_control:action_create", args=["SN", 2019, risk.pk]),
        {"version": 0, "title": "Ny åtgärd", "owner_unit": org.sn_operation.pk, "sort_order": 0},
    )
    assert response.status_code == 302 and risk.actions.get().owner_unit == org.sn_operation
    page = client.get(reverse("internal_control:risk", args=["SN", 2019, risk.pk])).content.decode()
    assert "Ny åtgärd" in page and "Riskvärde" in page and "Historik" in page
    bad = client.post(
        reverse("internal_control:item_create", args=["SN", 2019, "risk"]),
        {"version": 0, "title": "Utan koppling", "probability": 1, "consequence": 1, "sort_order": 0},
    )
    assert bad.status_code == 422 and "Koppla risken till ett mål" in bad.content.decode()
