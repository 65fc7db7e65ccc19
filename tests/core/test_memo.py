"""What a request remembers (the municipality, a year's occasions) is read once and forgotten when it changes."""

from __future__ import annotations

import pytest

from digipuff.core.memo import request_scope
from digipuff.organisation import selectors, services
from digipuff.organisation.models import Municipality


@pytest.mark.django_db
def test_the_municipality_is_read_once_per_scope_and_anew_after_a_change(org, django_assert_num_queries) -> None:
    with request_scope():
        with django_assert_num_queries(1):
            first = Municipality.current()
            assert Municipality.current() is first
        services.municipality_set(actor=None, name="Nya kommunen", kolada_id="0126")
        assert Municipality.current().name == "Nya kommunen"
    with django_assert_num_queries(2):  # outside a scope: read each time
        Municipality.current()
        Municipality.current()


@pytest.mark.django_db
def test_a_years_occasions_are_read_once_per_scope(org, django_assert_num_queries) -> None:
    with request_scope():
        with django_assert_num_queries(1):
            occasions = selectors.occasion_list(2019)
            assert selectors.occasion_list(2019) is occasions
        assert [o.pk for o in occasions] == [o.pk for o in selectors.occasions(2019)]
