"""Every page of the admin site answers an administrator without a server error: for each registered model the
list (also searched and with junk filters), the add page, and the change, history and delete pages of a row."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.permissions import COUNCIL_ADMIN


def _pages(model, obj) -> list[str]:
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{info}_changelist"), reverse(f"{info}_changelist") + "?q=%C3%85%00&o=99&year=abc&p=10000000000"]
    urls.append(reverse(f"{info}_add"))
    if obj is not None:
        for page in ("change", "history", "delete"):
            urls.append(reverse(f"{info}_{page}", args=[obj.pk]))
    urls.append(reverse(f"{info}_change", args=["99999999999999999999999"]))
    return urls


@pytest.fixture
def comparison_group(perm_world):
    from digipuff.indicators.models import ComparisonArea, ComparisonGroup

    group = ComparisonGroup.objects.create(name="Länet", is_county=True)
    group.members.add(ComparisonArea.objects.create(code="0127", name="Botkyrka"))
    ComparisonGroup.objects.create(name="SN:s jämförelsekommuner", committee=perm_world.sn)
    return group


def test_every_admin_page_answers_an_administrator(db, perm_world, comparison_group):
    client = perm_world.clients[COUNCIL_ADMIN]
    problems = []
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        try:
            urls = _pages(model, obj)
        except NoReverseMatch:
            continue
        for url in urls:
            try:
                status = client.get(url).status_code
            except Exception as exc:
                problems.append(f"{url}: {exc!r}")
                continue
            if status >= 500:
                problems.append(f"{url}: {status}")
    assert not problems, "\n".join(problems)
