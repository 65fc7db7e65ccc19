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
