"""Factories shared by every module's tests. Org units are made through the services, so paths are right."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from digipuff.organisation import services
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "secret-password-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


_codes = iter(range(1, 10**6))


def make_unit(
    name: str | None = None,
    *,
    parent: OrgUnit | None = None,
    kind: str | None = None,
    code: str | None = None,
    valid_from: int = 2019,
    valid_to: int | None = None,
) -> OrgUnit:
    number = next(_codes)
    if kind is None:
        kind = OrgUnitKind.COUNCIL if parent is None else OrgUnitKind.COMMITTEE
    return services.org_unit_create(
        actor=None,
        parent=parent,
        kind=kind,
        name=name or f"Enhet {number}",
        code=code or f"U{number}",
        valid_from=valid_from,
        valid_to=valid_to,
    )


def grant(user, unit: OrgUnit, role: str):
    return services.role_assign(actor=None, user=user, unit=unit, role=role)


def make_goal_levels(year: int = 2019):
    from digipuff.goals import services as goal_services
    from digipuff.goals.choices import LevelOwner

    top = goal_services.goal_level_set(
        actor=None, year=year, depth=0, name="Övergripande mål", owner=LevelOwner.COUNCIL
    )
    sub = goal_services.goal_level_set(actor=None, year=year, depth=1, name="Delmål", owner=LevelOwner.COUNCIL)
    return top, sub


def make_committee_goal(committee: OrgUnit, title: str = "Fler upplever god vård och omsorg", *, year: int = 2019):
    """A council delmål under an övergripande mål, taken on by the committee."""
    from digipuff.goals import services as goal_services
    from digipuff.goals.models import CommitteeGoal, Goal, GoalLevel

    if not GoalLevel.objects.filter(year=year).exists():
        make_goal_levels(year)
    top_level, sub_level = GoalLevel.objects.get(year=year, depth=0), GoalLevel.objects.get(year=year, depth=1)
    top = Goal.objects.filter(year=year, level=top_level, title="God omsorg för individen").first()
    if top is None:
        top = goal_services.goal_create(actor=None, level=top_level, title="God omsorg för individen")
    goal = Goal.objects.filter(year=year, level=sub_level, title=title).first() or goal_services.goal_create(
        actor=None, level=sub_level, title=title, parent=top
    )
    goal_services.committee_goal_adopt(actor=None, committee=committee, goal=goal)
    return CommitteeGoal.objects.get(committee=committee, goal=goal)


def make_measure(committee: OrgUnit, *, goals=(), **fields):
    from digipuff.indicators import services as indicator_services
    from digipuff.indicators.choices import Direction, Periodicity

    defaults = {"name": f"Mått {next(_codes)}", "direction": Direction.HIGHER, "periodicity": Periodicity.YEAR}
    defaults.update(fields)
    return indicator_services.measure_create(actor=None, committee=committee, goals=list(goals), **defaults)


def api_token(user, *, scopes=None, days=30):
    """A personal API token of `user` (all scopes unless given); returns its secret, for `Authorization: Bearer`."""
    from datetime import timedelta

    from django.utils import timezone

    from digipuff.core import tokens
    from digipuff.core.models import ApiToken

    return tokens.token_create(
        actor=user,
        user=user,
        name="Test",
        scopes=list(ApiToken.Scope.values if scopes is None else scopes),
        expires=timezone.localdate() + timedelta(days=days),
    ).secret
