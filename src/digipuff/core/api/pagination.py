"""Pages of API lists: `?limit=` and `?offset=` as DRF's LimitOffsetPagination, bounded.

`limit` and `offset` are whole numbers, 0 or more (anything else is a 400 naming the parameter; DRF would quietly
read it as the default). A client may ask for at most `MAX_LIMIT` rows at a time (a larger limit gets that many,
as DRF's `max_limit` does), and an offset past any real list is an empty page rather than a number the database
cannot hold (SQLite's integers end at 2**63; `?offset=10**20` was a 500).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

MAX_LIMIT = 1000
# Far past any list DigiPUFF holds and well inside every database's integer range.
MAX_OFFSET = 10**12


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        for name in (self.limit_query_param, self.offset_query_param):
            raw = request.query_params.get(name)
            if raw is not None and not (raw.isascii() and raw.isdecimal()):
                raise ValidationError({name: [_("Give a whole number, 0 or more.")]})
        return super().paginate_queryset(queryset, request, view)

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
