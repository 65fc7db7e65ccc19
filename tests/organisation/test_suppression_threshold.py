"""The suppression threshold is read from the municipality, else from the setting, never a literal."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings

from digipuff.organisation import selectors, services


@pytest.mark.django_db
@override_settings(DIGIPUFF_SUPPRESSION_THRESHOLD=3)
def test_without_a_municipality_the_setting_decides() -> None:
    assert selectors.suppression_threshold() == 3
    rendered = Template("{% load digipuff %}{{ 4|count }} {{ 2|count }} {{ 0|count }}").render(Context())
    assert rendered == "4 -- 0"


@pytest.mark.django_db
@override_settings(DIGIPUFF_SUPPRESSION_THRESHOLD=10)
def test_a_new_municipality_takes_the_setting_and_keeps_its_own_choice() -> None:
    municipality = services.municipality_set(actor=None, name="Testkommun", kolada_id="0999")
    assert municipality.suppression_threshold == 10
    services.municipality_set(actor=None, name="Testkommun", kolada_id="0999", suppression_threshold=5)
    assert selectors.suppression_threshold() == 5
    # Saving the name again does not reset the municipality's own threshold.
    services.municipality_set(actor=None, name="Testkommun 2", kolada_id="0999")
    assert selectors.suppression_threshold() == 5
