# ruff: noqa: E501 - the table of forms reads best one case to a few lines
"""No silent overwrite, anywhere: every create and edit form (the pages and the admin) tried by two users at once.

Each case is what two people do: both open the same form (two GETs, so both hold the version the page showed, or
none when there is no record yet), the first saves, then the second saves what they typed. The second save must
be refused as a conflict naming who saved first, and the stored value must be the first person's. A case with a
natural key (a value for a new period, a target, an assessment, an analysis, a judgement, a follow-up, a forecast,
a report) runs twice: once as two creates, once as two edits of the record the first run left.

The JSON API writes only batches of rows, each naming the version it replaces (core.api.batch); the test checks
that no other write route appears. Races of creates between two database connections are in test_concurrent_creates.py (PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from digipuff.core.choices import Role
from tests.factories import UserFactory, grant
from tests.permissions import OWN, build_world

CONFLICT_WORDS = "efter att du öppnade sidan"
NUMBER = {"A": 1, "B": 2, "A2": 3, "B2": 4}  # what each person types into a number field, per run


class _Forms(HTMLParser):
    """Every POST form of a page as its action and the values a browser would send (buttons left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._fields: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action", ""), self._fields))
        if self._fields is None or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type", "text") not in ("submit", "button", "reset"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.setdefault(a["name"], []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._fields.setdefault(self._textarea, []).append("")
        elif tag == "select":
            self._select = a["name"]
            self._fields.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in a:
            self._fields[self._select].append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea and self._fields is not None:
            self._fields[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._fields = None


def opened(client: Client, url: str, action: str | None = None) -> dict[str, list[str]]:
    """Open the page as a person does and take the form they would submit (the one posting to `action`, else the
    first that carries a version, else the first)."""
    response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    parser = _Forms()
    parser.feed(response.content.decode())
    forms = [f for a, f in parser.forms if action is None or (a.split("?")[0] or url.split("?")[0]) == action]
    versioned = [f for f in forms if any(name.startswith(("version", "v_", "seen_version")) for name in f)]
    assert forms, f"no form on {url}"
    return {k: list(v) for k, v in (versioned or forms)[0].items()}


@dataclass
class Case:
    """One form: where it is, who the two people are, what each types, and how to read what is stored."""

    name: str
    url: Callable[[], str]
    users: tuple[str, str]
    typed: Callable[[str], dict[str, str]]  # "A" or "B" -> the fields that person changes
    stored: Callable[[], Any]  # what is stored now
    expected: Callable[[str], Any]  # what is stored when "A" (or "B") won
    action: Callable[[], str] | None = None
    query: str = ""
    admin: bool = False
    creates: bool = False  # run as two creates, then as two edits
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    case: str
    run: str
    overwritten: bool
    detail: str


def two_at_once(case: Case, clients: dict[str, Client], run: str) -> Outcome:
    url = case.url() + case.query
    action = case.action() if case.action else None
    first, second = (opened(clients[user], url, action) for user in case.users)
    target = action or case.url()
    answers = []
    tag = "2" if run == "two edits" else ""  # the second run types something new
    for person, data in (("A" + tag, first), ("B" + tag, second)):
        data.update({k: [v] for k, v in {**case.extra, **case.typed(person)}.items()})
        answers.append(clients[case.users[0 if person.startswith("A") else 1]].post(target + case.query, data))
        if person.startswith("A") and case.stored() != case.expected(person):
            raise AssertionError(f"{case.name} ({run}): the first save did not store what was typed")
    a, b = answers
    if a.status_code not in (200, 302):
        errors = re.findall(r"(?:invalid-feedback|alert-danger)[^>]*>(.*?)</", a.content.decode(), re.S)
        raise AssertionError(f"{case.name} ({run}): the first save failed: {a.status_code} {errors}")

    text = b.content.decode()
    if b.status_code == 302:  # a form answered with a redirect tells its refusal on the next page
        text = clients[case.users[1]].get(b.url).content.decode()
        refused = CONFLICT_WORDS in text
    elif case.admin:  # the admin shows a refused form again, with its errors
        refused = b.status_code == 200 and CONFLICT_WORDS in text
    else:
        refused = b.status_code == 409
    kept = case.stored() == case.expected("A" + tag)
    return Outcome(
        case.name,
        run,
        overwritten=not (refused and kept),
        detail=f"second save {b.status_code}, conflict named: {CONFLICT_WORDS in text}, first kept: {kept}",
    )


def _version_of(model: Any, **keys: Any) -> Any:
    record = model.objects.filter(**keys).first()
    return record.version if record else None


@pytest.fixture
def world(db):
    w = build_world()
    second_admin = UserFactory(username="kf_admin_2", first_name="Karin", last_name="Berg")
    grant(second_admin, w.council, Role.ADMIN)
    w.clients["council_admin_2"] = Client()
    w.clients["council_admin_2"].force_login(second_admin)
    return w


def cases(w: Any) -> list[Case]:
    from digipuff.activities.models import Activity, ActivityFollowUp, Commitment
    from digipuff.economy.models import BalanceMeasure, EconomyYear, Forecast
    from digipuff.followup.models import FollowUpStatus
    from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment, GoalLevel
    from digipuff.indicators.models import EqualityJudgement, Measure, MeasureAnalysis, MeasureValue, Target
    from digipuff.internal_control.models import (
        CompetitionTest,
        Control,
        ProviderFollowUp,
        ReviewAction,
        Risk,
        RiskAction,
    )
    from digipuff.organisation.models import OrgUnit
    from digipuff.reports.models import Report, ReportText, TemplateSection

    sn, admins = w.sn, ("admin", "council_admin")
    writers = ("writer", "approver")
    economists = ("controller", "council_admin")

    def field_of(model: Any, pk: int, name: str) -> Callable[[], Any]:
        return lambda: model.objects.values_list(name, flat=True).get(pk=pk)

    def text(prefix: str) -> Callable[[str], dict[str, str]]:
        return lambda who: {prefix: f"Skrivet av {who}"}

    def wrote(who: str) -> str:
        return f"Skrivet av {who}"

    out = [
        Case("activities:activity_edit", lambda: reverse("activities:activity_edit", args=["SN", 2019, w.activity[OWN].pk]),
             admins, text("title"), field_of(Activity, w.activity[OWN].pk, "title"), wrote),
        Case("activities:commitment_edit",
             lambda: reverse("activities:commitment_edit", args=["SN", 2019, w.commitment[OWN].pk]),
             admins, text("title"), field_of(Commitment, w.commitment[OWN].pk, "title"), wrote),
        Case("internal_control:item_edit[risk]",
             lambda: reverse("internal_control:item_edit", args=["SN", 2019, "risk", w.risk[OWN].pk]),
             admins, text("title"), field_of(Risk, w.risk[OWN].pk, "title"), wrote),
        Case("internal_control:action_edit",
             lambda: reverse("internal_control:action_edit", args=["SN", 2019, w.risk[OWN].pk, w.risk_action[OWN].pk]),
             admins, text("title"), field_of(RiskAction, w.risk_action[OWN].pk, "title"), wrote),
        *[
            Case(f"internal_control:item_edit[{kind}]",
                 lambda kind=kind: reverse("internal_control:item_edit", args=["SN", 2019, kind, w.ic[OWN][kind].pk]),
                 admins, text(name), field_of(model, w.ic[OWN][kind].pk, name), wrote)
            for kind, model, name in (
                ("control", Control, "title"), ("review-action", ReviewAction, "title"),
                ("provider-follow-up", ProviderFollowUp, "agreement"), ("competition-test", CompetitionTest, "operation"),
            )
        ],
        Case("followup:edit[activity]",
             lambda: reverse("followup:edit", args=["activity", w.activity[OWN].pk, w.d1.pk]),
             writers, text("comment"),
             lambda: ActivityFollowUp.objects.filter(item=w.activity[OWN], occasion=w.d1).values_list("comment", flat=True).first(),
             wrote, creates=True),
        Case("goals:texts", lambda: reverse("goals:texts", args=[w.goal[OWN].pk]), writers, text("interpretation"),
             field_of(CommitteeGoal, w.goal[OWN].pk, "interpretation"), wrote),
        Case("goals:assess", lambda: reverse("goals:assess", args=[w.goal[OWN].pk, w.d1.pk]), writers,
             lambda who: {"analysis": wrote(who), "assessment": "not_assessed"},
             lambda: GoalAssessment.objects.filter(committee_goal=w.goal[OWN], occasion=w.d1).values_list("analysis", flat=True).first(),
             wrote, creates=True),
        Case("indicators:values", lambda: reverse("indicators:values", args=[w.measure[OWN].pk]), writers,
             lambda who: {"value_T": str(NUMBER[who])},
             lambda: MeasureValue.objects.filter(measure=w.measure[OWN], year=2019, month=0, group="T").values_list("value", flat=True).first(),
             lambda who: NUMBER[who], query="?year=2019", creates=True),
        Case("indicators:target", lambda: reverse("indicators:target", args=[w.measure[OWN].pk, 2019]), writers,
             lambda who: {"kind": "numeric", "comparator": "gte", "value": str(NUMBER[who])},
             lambda: Target.objects.filter(measure=w.measure[OWN], year=2019).values_list("value", flat=True).first(),
             lambda who: NUMBER[who], creates=True),
        Case("indicators:judgement", lambda: reverse("indicators:judgement", args=[w.measure[OWN].pk, 2019, 0]), writers,
             lambda who: {"judgement": "justified", "text": wrote(who)},
             lambda: EqualityJudgement.objects.filter(measure=w.measure[OWN], year=2019, month=0).values_list("text", flat=True).first(),
             wrote, creates=True),
        Case("indicators:analysis", lambda: reverse("indicators:analysis", args=[w.measure[OWN].pk, w.d1.pk]), writers,
             text("text"),
             lambda: MeasureAnalysis.objects.filter(measure=w.measure[OWN], occasion=w.d1).values_list("text", flat=True).first(),
             wrote, creates=True),
        Case("economy:forecast_edit", lambda: reverse("economy:forecast_edit", args=["SN", 2019, 3, w.area[OWN].code]),
             economists, lambda who: {f"f_{w.cost_line[OWN].pk}": str(10 * NUMBER[who])},
             lambda: abs(Forecast.objects.filter(area=w.area[OWN], cost_line=w.cost_line[OWN], month=3)
                         .values_list("amount", flat=True).first() or 0),
             lambda who: 10_000 * NUMBER[who], creates=True),
        Case("economy:record_edit",
             lambda: reverse("economy:record_edit", args=["SN", 2019, 3, "measures", w.balance[OWN].pk]),
             economists, text("description"), field_of(BalanceMeasure, w.balance[OWN].pk, "description"), wrote),
        Case("economy:settings", lambda: reverse("economy:settings", args=["SN", 2019]), economists,
             text("subtotal_label"),
             lambda: EconomyYear.objects.filter(committee=sn, year=2019).values_list("subtotal_label", flat=True).first(),
             wrote, creates=True),
        Case("organisation:unit_edit", lambda: reverse("organisation:unit_edit", args=["SN"]), ("council_admin", "council_admin_2"),
             lambda who: {"name": f"Socialnämnden {who}"}, field_of(OrgUnit, sn.pk, "name"),
             lambda who: f"Socialnämnden {who}"),
        Case("reports:text", lambda: reverse("reports:text", args=[w.text[OWN].pk]), writers,
             lambda who: {"body": f"<p>{wrote(who)}</p>"}, field_of(ReportText, w.text[OWN].pk, "body"),
             lambda who: f"<p>{wrote(who)}</p>",
             action=lambda: reverse("reports:text", args=[w.text[OWN].pk])),
        Case("reports:text_assign", lambda: reverse("reports:text", args=[w.text[OWN].pk]), admins,
             lambda who: {"deadline": f"2019-04-0{NUMBER[who]}"},
             lambda: str(ReportText.objects.get(pk=w.text[OWN].pk).deadline),
             lambda who: f"2019-04-0{NUMBER[who]}",
             action=lambda: reverse("reports:text_assign", args=[w.text[OWN].pk])),
        Case("reports:text_status", lambda: reverse("reports:text", args=[w.text[OWN].pk]), writers,
             lambda who: {"status": "ready" if who == "A" else "approved"},
             field_of(ReportText, w.text[OWN].pk, "status"), lambda who: "ready" if who == "A" else "approved",
             action=lambda: reverse("reports:text_status", args=[w.text[OWN].pk])),
        Case("reports:report_status", lambda: _ready_for_review(w.report[OWN]), ("approver", "council_admin"),
             lambda who: {"status": "in_progress", "comment": wrote(who)},
             field_of(Report, w.report[OWN].pk, "return_comment"), wrote,
             action=lambda: reverse("reports:report_status", args=[w.report[OWN].pk])),
        Case("reports:template_section", lambda: reverse("reports:template", args=[w.section.template_id]),
             ("council_admin", "council_admin_2"), lambda who: {f"s{w.section.pk}-title": wrote(who)},
             field_of(TemplateSection, w.section.pk, "title"), wrote,
             action=lambda: reverse("reports:template_section", args=[w.section.pk]), extra={"action": "save"}),
        Case("reports:assign", lambda: reverse("reports:detail", args=[w.report[OWN].pk]), admins,
             lambda who: {"deadline": f"2019-05-0{NUMBER[who]}"},
             lambda: str(ReportText.objects.get(pk=w.text[OWN].pk).deadline),
             lambda who: f"2019-05-0{NUMBER[who]}",
             action=lambda: reverse("reports:assign", args=[w.report[OWN].pk])),
        Case("reports:text_applicable", lambda: reverse("reports:detail", args=[w.report[OWN].pk]), admins,
             lambda who: {"applicable": "on"} if who == "B" else {},
             field_of(ReportText, w.text[OWN].pk, "not_applicable"), lambda who: who != "B",
             action=lambda: reverse("reports:text_applicable", args=[w.text[OWN].pk])),
        # The admin's change forms.
        Case("admin:goals_goal_change", lambda: reverse("admin:goals_goal_change", args=[w.goal[OWN].goal_id]),
             ("council_admin", "council_admin_2"), text("title"), field_of(Goal, w.goal[OWN].goal_id, "title"), wrote,
             admin=True),
        Case("admin:goals_goallevel_change",
             lambda: reverse("admin:goals_goallevel_change", args=[GoalLevel.objects.get(year=2019, depth=0).pk]),
             ("council_admin", "council_admin_2"), text("name"),
             lambda: GoalLevel.objects.get(year=2019, depth=0).name, wrote, admin=True),
        Case("admin:indicators_measure_change",
             lambda: reverse("admin:indicators_measure_change", args=[w.measure[OWN].pk]),
             ("council_admin", "council_admin_2"), text("name"), field_of(Measure, w.measure[OWN].pk, "name"), wrote,
             admin=True),
        Case("admin:organisation_orgunit_change", lambda: reverse("admin:organisation_orgunit_change", args=[w.sof.pk]),
             ("council_admin", "council_admin_2"), text("name"), field_of(OrgUnit, w.sof.pk, "name"), wrote,
             admin=True),
        Case("admin:followup_followupstatus_change",
             lambda: reverse("admin:followup_followupstatus_change", args=[FollowUpStatus.objects.get(code="klart").pk]),
             ("council_admin", "council_admin_2"), text("name"),
             lambda: FollowUpStatus.objects.get(code="klart").name, wrote, admin=True),
        Case("reports:list (create)", lambda: reverse("reports:list", args=["SN", 2019]), admins,
             lambda who: {"report_type": "delar2", "deadline": f"2019-09-0{NUMBER[who]}"},
             lambda: str(ReportText.objects.filter(report__committee=sn, report__report_type="delar2")
                         .values_list("deadline", flat=True).first()),
             lambda who: f"2019-09-0{NUMBER[who]}"),
    ]  # fmt: skip
    return out


def _ready_for_review(report: Any) -> str:
    """The report page of a report every text of which is written and ready, and the report with them: only such
    a report can be sent back (the page offers "Skicka tillbaka" then)."""
    from digipuff.reports import services
    from digipuff.reports.choices import Status

    if report.__class__.objects.get(pk=report.pk).status != Status.READY:
        for text in report.texts.all():
            if not text.body:
                text = services.text_save(actor=None, text=text, body="<p>Skrivet.</p>", expected_version=None)
            if text.status not in (Status.READY, Status.APPROVED):
                services.text_set_status(actor=None, text=text, status=Status.READY)
        services.report_set_status(actor=None, report=report, status=Status.READY)
    return reverse("reports:detail", args=[report.pk])


def run_all(w: Any) -> list[Outcome]:
    outcomes = []
    for case in cases(w):
        for run in ("two creates", "two edits") if case.creates else ("two saves",):
            if run == "two creates":
                assert case.stored() in (None, "", 0), f"{case.name}: a record exists before the creates"
            outcomes.append(two_at_once(case, w.clients, run))
    return outcomes


def test_two_people_saving_the_same_form_never_overwrite_each_other_silently(world, capsys):
    outcomes = run_all(world)
    overwritten = [o for o in outcomes if o.overwritten]
    forms = {o.case for o in outcomes}
    with capsys.disabled():
        print(f"\n{len(forms)} forms, {len(outcomes)} two-person trials, {len(overwritten)} silent overwrites")
    assert not overwritten, "\n".join(f"{o.case} ({o.run}): {o.detail}" for o in overwritten)


def test_every_api_write_replaces_only_the_version_it_names(db):
    """The API's only writes are batches of rows (core.api.batch) in which every row names the version it replaces
    (0 for a new record) and a stale one is refused (409; the trials are in tests/<app>/test_write_api.py); no
    update, partial update, delete or extra write action exists beside them."""
    from digipuff.config.api_urls import router
    from digipuff.core.api.batch import BatchWriteViewSet

    writes = [
        f"{prefix} {name}"
        for prefix, viewset, _basename in router.registry
        for name in ("create", "update", "partial_update", "destroy")
        if hasattr(viewset, name) and not (name == "create" and issubclass(viewset, BatchWriteViewSet))
    ]
    writes += [
        f"{prefix} {extra.url_path}"
        for prefix, viewset, _basename in router.registry
        for extra in viewset.get_extra_actions()
        if set(extra.mapping) - {"get", "head", "options"}
    ]
    assert writes == []
    batches = [viewset for _prefix, viewset, _basename in router.registry if issubclass(viewset, BatchWriteViewSet)]
    assert len(batches) == 3
    for viewset in batches:
        assert "version" in viewset.row_serializer_class().fields, viewset


def test_a_delete_confirmed_on_a_stale_page_is_refused(world, capsys):
    """Every delete confirmation: the page is opened, somebody saves the object, then the delete is confirmed; it
    is refused naming who saved, and the object stays."""
    from django.db.models import F

    w = world
    deletes = [
        ("activities:activity_delete", ["SN", 2019, w.activity[OWN].pk], w.activity[OWN], "admin"),
        ("activities:commitment_delete", ["SN", 2019, w.commitment[OWN].pk], w.commitment[OWN], "admin"),
        ("internal_control:item_delete", ["SN", 2019, "risk", w.risk[OWN].pk], w.risk[OWN], "admin"),
        *[
            ("internal_control:item_delete", ["SN", 2019, kind, w.ic[OWN][kind].pk], w.ic[OWN][kind], "admin")
            for kind in ("control", "review-action", "provider-follow-up", "competition-test")
        ],
        (
            "internal_control:action_delete",
            ["SN", 2019, w.risk[OWN].pk, w.risk_action[OWN].pk],
            w.risk_action[OWN],
            "admin",
        ),
        ("reports:delete", [w.report[OWN].pk], w.report[OWN], "admin"),
        ("goals:goal_delete", [w.goal[OWN].goal_id], w.goal[OWN].goal, "council_admin"),
        ("indicators:measure_delete", [w.measure[OWN].pk], w.measure[OWN], "admin"),
        ("economy:record_delete", ["SN", 2019, 3, "measures", w.balance[OWN].pk], w.balance[OWN], "controller"),
    ]
    refused = 0
    for name, args, obj, user in deletes:
        url = reverse(name, args=args)
        form = opened(w.clients[user], url)
        model = type(obj)
        model.objects.filter(pk=obj.pk).update(version=F("version") + 1, updated_by=w.users["council_admin"])
        response = w.clients[user].post(url, {k: v[0] for k, v in form.items()})
        assert response.status_code == 409 and CONFLICT_WORDS in response.content.decode(), name
        assert model.objects.filter(pk=obj.pk).exists(), name
        refused += 1
    with capsys.disabled():
        print(f"\n{refused} delete confirmations, {len(deletes) - refused} stale deletes carried out")


def test_the_admin_deletes_only_the_version_its_confirmation_showed(world):
    from django.db.models import F

    from digipuff.indicators.models import Measure

    w, client = world, world.clients["council_admin"]
    measure = w.measure[OWN]
    url = reverse("admin:indicators_measure_delete", args=[measure.pk])
    form = opened(client, url)
    assert form["seen_version"] == [str(measure.version)]
    Measure.objects.filter(pk=measure.pk).update(version=F("version") + 1, updated_by=w.users["admin"])
    response = client.post(url, {k: v[0] for k, v in form.items()}, follow=True)
    assert CONFLICT_WORDS in response.content.decode()
    assert Measure.objects.filter(pk=measure.pk).exists()
    form = opened(client, url)  # the confirmation again, now showing the newer version
    assert client.post(url, {k: v[0] for k, v in form.items()}).status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_a_template_section_removed_from_a_stale_page_is_kept(world):
    from django.db.models import F

    from digipuff.reports.models import TemplateSection

    w, client = world, world.clients["council_admin"]
    section = w.section
    action = reverse("reports:template_section", args=[section.pk])
    form = opened(client, reverse("reports:template", args=[section.template_id]), action)
    TemplateSection.objects.filter(pk=section.pk).update(version=F("version") + 1, updated_by=w.users["admin"])
    response = client.post(action, {**{k: v[0] for k, v in form.items()}, "action": "drop"}, follow=True)
    assert CONFLICT_WORDS in response.content.decode()
    assert TemplateSection.objects.filter(pk=section.pk).exists()
