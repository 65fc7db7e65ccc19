"""The org tree and start pages for a municipality the size of Stockholm (about 2 000 org units)."""

from __future__ import annotations

from benchmarks.harness import Result, timed


def run() -> list[Result]:
    from django.db import transaction
    from django.test import Client
    from tests.factories import UserFactory

    from digipuff.organisation import services
    from digipuff.organisation.choices import OrgUnitKind, Role

    with transaction.atomic():
        services.municipality_set(actor=None, name="Stockholms stad", kolada_id="0180")
        services.planning_year_create(actor=None, year=2024)
        council = services.org_unit_create(
            actor=None, parent=None, kind=OrgUnitKind.COUNCIL, name="Kommunfullmäktige", code="KF", valid_from=2000
        )
        count = 1
        for c in range(40):
            committee = services.org_unit_create(
                actor=None, parent=council, kind=OrgUnitKind.COMMITTEE, name=f"Nämnd {c}", code=f"N{c}", valid_from=2000
            )
            count += 1
            for o in range(10):
                operation = services.org_unit_create(
                    actor=None,
                    parent=committee,
                    kind=OrgUnitKind.OPERATION,
                    name=f"Verksamhet {c}.{o}",
                    code=f"N{c}-V{o}",
                    valid_from=2000,
                )
                count += 1
                for u in range(4):
                    services.org_unit_create(
                        actor=None,
                        parent=operation,
                        kind=OrgUnitKind.UNIT,
                        name=f"Enhet {c}.{o}.{u}",
                        code=f"N{c}-V{o}-E{u}",
                        valid_from=2000,
                    )
                    count += 1
        reader = UserFactory(username="bench_reader")
        services.role_assign(actor=None, user=reader, unit=council, role=Role.READER)

    client = Client()
    client.force_login(reader)

    def tree() -> None:
        assert client.get("/org/?year=2024").status_code == 200

    def start() -> None:
        assert client.get("/").status_code == 200

    tree_s = timed(tree)
    start_s = timed(start)
    return [
        Result("org tree page", f"{count} units", tree_s, goal="< 0.200 s", ok=tree_s < 0.2),
        Result("start page", "1 user", start_s, goal="< 0.200 s", ok=start_s < 0.2),
    ]
