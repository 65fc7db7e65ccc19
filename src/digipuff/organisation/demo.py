"""Demo data for the organisation: Huddinge kommun as the seed documents describe it, and one user per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from digipuff.core.demo import demo_loaders
from digipuff.organisation import services
from digipuff.organisation.choices import OrgUnitKind, Role
from digipuff.organisation.models import GroupRoleMapping, OrgUnit, PlanningYear, RoleAssignment

DEMO_PASSWORD = "digipuff-demo"


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    kind: str
    parent: str | None
    valid_from: int = 2019
    valid_to: int | None = None


K = OrgUnitKind
# Huddinge reorganised its committees on 1 January 2019 (Socialnämnden and Vård- och omsorgsnämnden in their
# present form); the seeds describe Socialnämnden 2019 and Vård- och omsorgsnämnden 2020.
UNITS: list[DemoUnit] = [
    DemoUnit("KF", "Kommunfullmäktige", K.COUNCIL, None, 2010),
    DemoUnit("KS", "Kommunstyrelsen", K.EXECUTIVE_BOARD, "KF", 2010),
    DemoUnit("KSF", "Kommunstyrelsens förvaltning", K.ADMINISTRATION, "KS", 2010),
    DemoUnit("SN", "Socialnämnden", K.COMMITTEE, "KF"),
    DemoUnit("SOF", "Socialförvaltningen", K.ADMINISTRATION, "SN"),
    DemoUnit("SN-SPB", "Socialpsykiatri och beroende", K.OPERATION, "SOF"),
    DemoUnit("SN-VB", "Vård och behandling", K.OPERATION, "SOF"),
    DemoUnit("SN-NLA", "Nämnd, ledning och administration", K.OPERATION, "SOF"),
    DemoUnit("SN-FEB", "Flyktingmottagande ensamkommande barn", K.OPERATION, "SOF"),
    DemoUnit("SOF-KVAL", "Kvalitetsenheten", K.STAFF_UNIT, "SOF"),
    DemoUnit("SOF-EKO", "Ekonomienheten", K.STAFF_UNIT, "SOF"),
    DemoUnit("SOF-HR", "HR-enheten", K.STAFF_UNIT, "SOF"),
    DemoUnit("VON", "Vård- och omsorgsnämnden", K.COMMITTEE, "KF"),
    DemoUnit("VOF", "Vård- och omsorgsförvaltningen", K.ADMINISTRATION, "VON"),
    DemoUnit("VON-AO", "Äldreomsorg", K.OPERATION, "VOF"),
    DemoUnit("VON-FH", "Funktionshinderområdet", K.OPERATION, "VOF"),
    DemoUnit("VON-SP", "Socialpsykiatri", K.OPERATION, "VOF"),
    DemoUnit("VON-MY", "Myndighet", K.OPERATION, "VOF"),
    DemoUnit("VON-LS", "Ledning och stöd, egen regi", K.OPERATION, "VOF"),
    DemoUnit("VON-FL", "Förvaltningsledning", K.OPERATION, "VOF"),
    DemoUnit("VON-PV", "Politisk verksamhet", K.OPERATION, "VOF"),
    DemoUnit("GAN", "Gymnasie- och arbetsmarknadsnämnden", K.COMMITTEE, "KF"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    unit: str
    what: str | Promise


USERS: list[DemoUser] = [
    DemoUser("admin", "Anna", "Admin", Role.ADMIN, "KF", _("administrator of the whole municipality")),
    DemoUser("godkannare", "Gustav", "Godkännare", Role.APPROVER, "SN", _("approver, Socialnämnden")),
    DemoUser("skribent", "Sara", "Skribent", Role.WRITER, "SN", _("writer, Socialnämnden")),
    DemoUser("controller", "Carl", "Controller", Role.CONTROLLER, "SN", _("controller, Socialnämnden")),
    DemoUser("politiker", "Lena", "Läsare", Role.READER, "KF", _("reader (politician), the whole municipality")),
    DemoUser("von.skribent", "Vera", "Omsorg", Role.WRITER, "VON", _("writer, Vård- och omsorgsnämnden")),
]

YEARS = (2019, 2020, 2021)

# What a municipality with single sign-on maps its identity provider's groups to (the page Grupper vid inloggning):
# shown in the demo, used once DIGIPUFF_OIDC_ISSUER names a provider (docs/sso.md). Local accounts stay.
GROUP_MAPPINGS: list[tuple[str, str, str]] = [
    ("kf-digipuff-administratorer", Role.ADMIN, "KF"),
    ("fullmaktige-ledamoter", Role.READER, "KF"),
    ("sn-skribenter", Role.WRITER, "SN"),
    ("sof-ledning", Role.APPROVER, "SOF"),
    ("sof-ekonomi", Role.CONTROLLER, "SOF"),
    ("von-skribenter", Role.WRITER, "VON"),
]


@transaction.atomic
@demo_loaders.register
def load() -> list[str]:
    """Create or bring up to date the demo organisation; returns lines describing the logins."""
    services.municipality_set(actor=None, name="Huddinge kommun", kolada_id="0126", suppression_threshold=7)
    for year in YEARS:
        if not PlanningYear.objects.filter(year=year).exists():
            services.planning_year_create(actor=None, year=year)
        services.default_occasions_ensure(actor=None, year=year)
    for order, spec in enumerate(UNITS):
        parent = OrgUnit.objects.get(code=spec.parent) if spec.parent else None
        unit = OrgUnit.objects.filter(code=spec.code).first()
        if unit is None:
            services.org_unit_create(
                actor=None,
                parent=parent,
                kind=spec.kind,
                name=spec.name,
                code=spec.code,
                valid_from=spec.valid_from,
                valid_to=spec.valid_to,
                sort_order=order,
            )
    user_model = get_user_model()
    lines = []
    for user_spec in USERS:
        user, created = user_model.objects.get_or_create(
            username=user_spec.username,
            defaults={"first_name": user_spec.first_name, "last_name": user_spec.last_name},
        )
        changed = created
        if created:
            user.set_password(DEMO_PASSWORD)
        if not user.email:  # the demo's e-mail notices (printed on the console) need an address
            user.email = f"{user_spec.username}@huddinge.example"
            changed = True
        if changed:
            user.save()
        unit = OrgUnit.objects.get(code=user_spec.unit)
        if not RoleAssignment.objects.filter(user=user, unit=unit, role=user_spec.role).exists():
            services.role_assign(actor=None, user=user, unit=unit, role=user_spec.role)
        lines.append(f"  {user_spec.username:<14} {DEMO_PASSWORD}   {user_spec.what}")
    for group, role, code in GROUP_MAPPINGS:
        unit = OrgUnit.objects.get(code=code)
        if not GroupRoleMapping.objects.filter(group=group, unit=unit, role=role).exists():
            services.group_role_mapping_create(actor=None, group=group, unit=unit, role=role)
    return lines
