"""Filters every app's FilterSets share (pages and API)."""

from __future__ import annotations

import django_filters
from django import forms


class YearFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter ships no types
    """A planning year: a whole number (`?year=0.5` or `?year=abc` is refused with the reason, not read as a decimal
    that matches nothing), within the years Django's dates can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)
