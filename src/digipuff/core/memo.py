"""Facts read once per request: the municipality, a year's report occasions.

Such a fact is read by many parts of one page (the report page asks for the municipality in five sections); within a
request it is remembered, outside one (a command, a task) it is read each time. A write of the underlying rows
forgets what was remembered, so a request that changes the municipality and then shows it shows the new one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_remembered: ContextVar[dict[Hashable, Any] | None] = ContextVar("digipuff_remembered", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Remember facts until the block ends (a scope inside a scope is the outer one)."""
    if _remembered.get() is not None:
        yield
        return
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, once per request scope and key; every time outside a scope."""
    memo = _remembered.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value


def forget(*_args: Any, **_kwargs: Any) -> None:
    """Forget what this scope remembered (a signal receiver for the models the facts are read from)."""
    memo = _remembered.get()
    if memo is not None:
        memo.clear()


class RequestScopeMiddleware:
    """Each request is one scope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)
