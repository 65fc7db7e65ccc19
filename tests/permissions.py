"""The shared permission suite: every page and API route declares itself here once, and the matrix is derived.

Each app's `tests/<app>/test_permissions.py` lists `Endpoint`s (one per URL name, sometimes several variants) and
calls `matrix(ENDPOINTS)`, which returns a parametrized test. The expected answer for every actor is derived from
the policy's role table (`core.policy.ROLE_ACTIONS`) and from how the target relates to the actor's unit, never
listed by hand per case. `tests/core/test_permission_coverage.py` fails when a URL exists that no app declared.

The rule (also in docs/architecture.md, "Permission tests"):

- anonymous: a page redirects to the login page; the API answers 403 (session authentication, no challenge);
- a public endpoint (`public=True`: the portal, `/oppen/`) answers everyone alike, signed in or not, with its
  `ok_get` answer (it shows only what is decided and public, so there is nothing to refuse);
- signed in, allowed: the page answers (200, or for a POST a redirect, 422 or 409: a refusal of the service the
  policy let the user reach);
- signed in, not allowed, the URL names an org unit (or a municipality-wide thing such as report templates): 403,
  the org chart being known to every signed-in user;
- signed in, not allowed, the URL names an object by its id: 404 when the user may not view the object (its
  existence is not disclosed; the same answer as for an id that does not exist), 403 when they may view it;
- API lists answer 200 to every signed-in user and contain exactly the rows the user may view;
- a refused POST changes nothing (no audit entry is written).

Actors: anonymous, a signed-in user with no role, one user per role on Socialnämnden (SN) and an administrator of
the council (KF) above it. Relations of a target to SN: OWN (SN itself), SUBTREE (a unit under SN), SIBLING (the
sibling committee VON), ABOVE (the council, or the municipality as a whole) and ELSEWHERE (an object asked for
under a unit it does not belong to, which is 404 for everyone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import transaction
from django.test import Client
from django.urls import reverse

from digipuff.core.choices import Action, Role
from digipuff.core.policy import ROLE_ACTIONS

OWN, SUBTREE, SIBLING, ABOVE = "own", "subtree", "sibling", "above"
ELSEWHERE = "elsewhere"  # an object asked for where it does not belong (SN's commitment under VON): 404 for everyone
RELATIONS = (OWN, SUBTREE, SIBLING, ABOVE, ELSEWHERE)
ANONYMOUS, NOBODY, COUNCIL_ADMIN = "anonymous", "nobody", "council_admin"
ACTORS = (ANONYMOUS, NOBODY, *Role.values, COUNCIL_ADMIN)

UNIT, OBJECT = "unit", "object"  # what the URL names: decides 403 or 404 for a refused user who may not view
PUBLIC = None  # action of a page open to every signed-in user

LOGIN, OK, FORBIDDEN, NOT_FOUND = "login", "ok", "403", "404"


@dataclass(frozen=True)
class Target:
    """What one relation resolves to: URL kwargs, a query string, for API lists the id expected in the rows, and
    for API writes whose body names the object (batches of rows) the JSON body to POST."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    listed: Any = None
    json: Any = None


@dataclass(frozen=True)
class Endpoint:
    """One URL name as the suite sees it.

    `targets` maps relations to functions of the world giving a `Target`; a relation the URL cannot express is
    left out (an endpoint with `action=PUBLIC` needs one target only). `data(world)` is the POST body: minimal
    valid data, so that a refusal cannot be a form error. `post_as_allowed=False` when a POST by an allowed user
    would reach outside (Kolada). `ok` are the answers that count as "allowed" per method.
    """

    name: str
    action: str | None
    targets: dict[str, Callable[[Any], Target]]
    addressed_by: str = UNIT
    methods: tuple[str, ...] = ("GET",)
    data: Callable[[Any], dict[str, Any]] | None = None
    post_as_allowed: bool = True
    variant: str = ""
    ok_get: frozenset[int] = frozenset({200})
    ok_post: frozenset[int] = frozenset({200, 302, 409, 422})
    rows_filtered: bool = True  # an API list that filters its rows; False: it answers for one unit (?committee=)
    public: bool = False  # open to anyone, signed in or not (the public portal): the same answer for every actor

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def is_list(self) -> bool:
        return self.is_api and self.name.endswith("-list") and self.rows_filtered

    def __str__(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name


def covered(actor: str, relation: str) -> bool:
    """Does the actor's role unit cover the target? SN's roles hold for SN's subtree; the council admin's for all."""
    if actor == COUNCIL_ADMIN:
        return True
    return actor in Role.values and relation in (OWN, SUBTREE)


def actions_of(actor: str) -> frozenset[str]:
    if actor == COUNCIL_ADMIN:
        return ROLE_ACTIONS[Role.ADMIN]
    return ROLE_ACTIONS.get(actor, frozenset())


def expected(endpoint: Endpoint, actor: str, relation: str) -> str:
    """The one rule for 403 versus 404 (see the module docstring)."""
    if endpoint.public:
        return NOT_FOUND if relation == ELSEWHERE else OK
    if actor == ANONYMOUS:
        return FORBIDDEN if endpoint.is_api else LOGIN
    if relation == ELSEWHERE:
        return NOT_FOUND
    if endpoint.action is PUBLIC or endpoint.is_list:
        return OK
    may_view = covered(actor, relation) and Action.VIEW in actions_of(actor)
    if covered(actor, relation) and endpoint.action in actions_of(actor):
        return OK
    if endpoint.addressed_by == OBJECT and not may_view:
        return NOT_FOUND
    return FORBIDDEN


def may_list(actor: str, relation: str) -> bool:
    return covered(actor, relation) and Action.VIEW in actions_of(actor)


def cases(endpoint: Endpoint) -> list[tuple[str, str]]:
    """(actor, relation) for every declared relation; anonymous and the user without a role are asked once
    (their answer does not depend on the relation)."""
    relations = sorted(endpoint.targets, key=RELATIONS.index)
    return [
        (actor, relation)
        for actor in ACTORS
        for relation in (relations[:1] if actor in (ANONYMOUS, NOBODY) else relations)
    ]


def _audit_count() -> int:
    return LogEntry.objects.count()


def check(world: Any, endpoint: Endpoint, method: str, actor: str, relation: str) -> str | None:
    """Ask the endpoint as the actor and compare with the rule; a refused request must leave no trace.
    Returns what is wrong, or None."""
    target = endpoint.targets[relation](world)
    url = reverse(endpoint.name, kwargs=target.kwargs)
    client = world.clients[actor]
    want = expected(endpoint, actor, relation)
    before = _audit_count()
    if method == "POST":
        if want == OK and not endpoint.post_as_allowed:
            return None
        data = {**(endpoint.data(world) if endpoint.data else {}), **target.query}
        query = "?" + "&".join(f"{k}={v}" for k, v in target.query.items()) if target.query else ""
        if target.json is not None:
            response = client.post(url + query, target.json, content_type="application/json")
        else:
            response = client.post(url + query, data)
    else:
        response = client.get(url, target.query)
    where = f"{method} {url}{'?' + str(target.query) if target.query else ''} as {actor} ({relation})"
    got = response.status_code
    if want == LOGIN:
        if not (got == 302 and response.url.startswith(reverse("login"))):
            return f"{where}: {got}, expected a redirect to the login page"
    elif want == OK:
        allowed = endpoint.ok_post if method == "POST" else endpoint.ok_get
        if got not in allowed:
            return f"{where}: {got}, expected one of {sorted(allowed)}"
        if endpoint.is_list and target.listed is not None:
            body = response.json()
            rows = body["results"] if isinstance(body, dict) and "results" in body else body
            keys = {row.get("id", row.get("code")) for row in rows} if isinstance(rows, list) else set()
            if (target.listed in keys) is not may_list(actor, relation):
                return f"{where}: {target.listed!r} {'missing from' if may_list(actor, relation) else 'in'} the rows"
    elif got != int(want):
        return f"{where}: {got}, expected {want}"
    if want != OK and _audit_count() != before:
        return f"{where}: a refused request changed something"
    return None


def run_matrix(world: Any, endpoint: Endpoint, method: str) -> None:
    """Every actor and relation of one endpoint and method, each in a savepoint that is rolled back; all
    mismatches are reported together."""
    problems = []
    for actor, relation in cases(endpoint):
        with transaction.atomic():
            problem = check(world, endpoint, method, actor, relation)
            transaction.set_rollback(True)
        if problem:
            problems.append(problem)
    assert not problems, f"{endpoint} {method}:\n" + "\n".join(problems)


DECLARED: dict[str, list[Endpoint]] = {}


def declare(app: str, endpoints: list[Endpoint]) -> Callable[..., None]:
    """Record an app's endpoints (the coverage test reads them) and return the app's parametrized matrix test;
    bind it to a module-level name starting with `test_`."""
    names = [str(e) for e in endpoints]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"declared twice (give them variants): {duplicates}"
    DECLARED[app] = endpoints
    params = [pytest.param(e, m, id=f"{e}-{m}") for e in endpoints for m in e.methods]

    @pytest.mark.parametrize(("endpoint", "method"), params)
    def test_permission_matrix(db, perm_world, endpoint, method):
        run_matrix(perm_world, endpoint, method)

    return test_permission_matrix


# -- the world the matrix runs in: built once per test module (see `perm_world` in tests/conftest.py) -------------


class World:
    """Units, users and one object of every kind for SN (own), a unit under SN (subtree) and VON (sibling)."""

    users: dict[str, Any]

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def build_world() -> World:
    from decimal import Decimal

    from django.utils import timezone

    from digipuff.activities import services as activities
    from digipuff.economy import services as economy
    from digipuff.economy.models import BalanceMeasure, CostLine, OperationArea
    from digipuff.indicators import services as indicators
    from digipuff.indicators.services import ValueInput
    from digipuff.integrations.kolada.models import KpiMetadata
    from digipuff.internal_control import services as ic
    from digipuff.organisation import services as org_services
    from digipuff.organisation.choices import OrgUnitKind
    from digipuff.organisation.models import ReportOccasion
    from digipuff.reports import services as reports
    from digipuff.reports.choices import ReportType
    from digipuff.reports.models import ReportTemplate
    from tests.activities.conftest import SMALL_TREE
    from tests.activities.goals import make_goals
    from tests.economy.helpers import areas
    from tests.factories import UserFactory, grant, make_measure, make_unit

    org_services.municipality_set(actor=None, name="Huddinge kommun", kolada_id="0126")
    for year in (2019, 2020):
        org_services.planning_year_create(actor=None, year=year)
    council = make_unit("Kommunfullmäktige", code="KF", valid_from=2010)
    sn = make_unit("Socialnämnden", parent=council, code="SN")
    sof = make_unit("Socialförvaltningen", parent=sn, kind=OrgUnitKind.ADMINISTRATION, code="SOF")
    sn_op = make_unit("Vård och behandling", parent=sof, kind=OrgUnitKind.OPERATION, code="SN-VB")
    von = make_unit("Vård- och omsorgsnämnden", parent=council, code="VON")
    von_op = make_unit("Äldreomsorg", parent=von, kind=OrgUnitKind.OPERATION, code="VON-AO")
    users: dict[str, Any] = {}
    for role in Role.values:
        users[role] = UserFactory(username=f"sn_{role}")
        grant(users[role], sn, role)
    users[COUNCIL_ADMIN] = UserFactory(username="council_admin")
    grant(users[COUNCIL_ADMIN], council, Role.ADMIN)
    users[NOBODY] = UserFactory(username="nobody")
    von_writer = UserFactory(username="von_writer")
    assignment = {
        OWN: grant(UserFactory(username="sn_extra"), sn, Role.READER),
        SUBTREE: grant(UserFactory(username="sof_extra"), sof, Role.READER),
        SIBLING: grant(von_writer, von, Role.WRITER),
    }

    goals = {OWN: make_goals(sn, 2019, SMALL_TREE), SIBLING: make_goals(von, 2019, SMALL_TREE)}
    goal = {rel: made["Fler upplever god hälsa"] for rel, made in goals.items()}
    units = {OWN: sn, SUBTREE: sn_op, SIBLING: von}
    committee_of = {OWN: sn, SUBTREE: sn, SIBLING: von}
    commitment = {
        rel: activities.commitment_create(actor=None, owner=committee_of[rel], year=2019, title=f"Åtagande {rel}")
        for rel in (OWN, SIBLING)
    }
    shared = activities.commitment_create(actor=None, owner=council, year=2019, title="Kommunövergripande")
    activity = {
        rel: activities.activity_create(
            actor=None, committee=committee_of[rel], year=2019, title=f"Aktivitet {rel}", owner_unit=units[rel]
        )
        for rel in (OWN, SUBTREE, SIBLING)
    }
    risk = {
        rel: ic.risk_create(
            actor=None, committee=committee_of[rel], year=2019, title=f"Risk {rel}", process="Bemanning",
            probability=3, consequence=4,
        )
        for rel in (OWN, SIBLING)
    }  # fmt: skip
    risk_action = {
        rel: ic.risk_action_create(
            actor=None, risk=risk[OWN if rel == SUBTREE else rel], title=f"Åtgärd {rel}", owner_unit=units[rel]
        )
        for rel in (OWN, SUBTREE, SIBLING)
    }
    ic_items: dict[str, dict[str, Any]] = {}
    for rel in (OWN, SUBTREE, SIBLING):
        committee, owner = committee_of[rel], units[rel]
        ic_items[rel] = {
            "control": ic.control_create(actor=None, committee=committee, year=2019, title="K", owner_unit=owner),
            "review-action": ic.review_action_create(
                actor=None, committee=committee, year=2019, review="G", title="Å", owner_unit=owner
            ),
            "provider-follow-up": ic.provider_follow_up_create(
                actor=None, committee=committee, year=2019, agreement="Avtal", kind="agreement", owner_unit=owner
            ),
            "competition-test": ic.competition_test_create(
                actor=None, committee=committee, year=2019, operation="Verksamhet", owner_unit=owner
            ),
        }
    measure = {rel: make_measure(committee_of[rel], goals=[goal[rel]], name=f"Mått {rel}") for rel in (OWN, SIBLING)}
    for made in measure.values():
        indicators.measure_values_set(actor=None, measure=made, values=[ValueInput(year=2018, value=Decimal(5))])
    KpiMetadata.objects.create(id="N00001", title="Nyckeltal", fetched_at=timezone.now())
    report = {
        rel: reports.report_create(actor=None, committee=committee_of[rel], report_type=ReportType.INTERIM_1, year=2019)
        for rel in (OWN, SIBLING)
    }
    text = {rel: made.texts.order_by("pk").first() for rel, made in report.items()}
    template = ReportTemplate.objects.order_by("pk").first()
    for rel in (OWN, SIBLING):
        areas(committee_of[rel])
    area = {rel: OperationArea.objects.get(committee=committee_of[rel], code="VB") for rel in (OWN, SIBLING)}
    cost_line = {
        rel: CostLine.objects.filter(committee=committee_of[rel]).order_by("pk").first() for rel in (OWN, SIBLING)
    }
    balance = {
        rel: economy.measure_save(
            actor=None, measure=BalanceMeasure(committee=committee_of[rel], year=2019, month=3),
            description="Vakanshållning", effect=Decimal(1),
        )
        for rel in (OWN, SIBLING)
    }  # fmt: skip
    clients = {ANONYMOUS: Client()}
    for actor, user in users.items():
        clients[actor] = Client()
        clients[actor].force_login(user)
    from digipuff.economy.importers.sie import sie_import
    from digipuff.indicators.models import MeasureValue
    from tests.economy.helpers import cost, sie

    ledger = {
        rel: sie_import(
            actor=None, committee=committee_of[rel], data=sie([cost("20190110", "5010", "3200", "100")]),
            filename=f"{rel}.se",
        )[1]
        for rel in (OWN, SIBLING)
    }  # fmt: skip
    value = {rel: MeasureValue.objects.filter(measure=measure[rel]).first() for rel in (OWN, SIBLING)}
    return World(
        ledger=ledger, value=value, clients=clients, council=council, sn=sn, sof=sof, sn_op=sn_op, von=von,
        von_op=von_op, users=users, assignment=assignment,
        units=units, committee_of=committee_of, goal=goal, commitment=commitment, shared=shared,
        activity=activity, risk=risk, risk_action=risk_action, ic=ic_items, measure=measure, report=report,
        text=text, template=template, section=template.sections.order_by("pk").first(), area=area,
        cost_line=cost_line, balance=balance,
        d1=ReportOccasion.objects.get(year__year=2019, kind="interim1"),
    )  # fmt: skip


def code(relation: str) -> Callable[[World], Target]:
    """The committee code of a relation (SN for own and subtree, VON for sibling), as URL kwargs."""
    return lambda w: Target({"code": w.committee_of[relation].code, "year": 2019})
