"""Write endpoints that take a batch of rows: all or nothing, every problem named, idempotent with a client key.

An app's write endpoint is a `BatchWriteViewSet` registered on the API router (`core.api.routes`) with a `create`
action only (POST to `/api/v1/<prefix>/`). It declares

- `token_scope`: the API token scope it needs (`core.api.authentication`);
- `row_serializer_class`: one row's fields (DRF validates each row; its errors become problems of that row);
- `check(rows, problems, user)`: find what every row names, ask the policy, and find every problem the services
  would refuse (the row is named in each); it runs in the request's transaction, so it may lock what it reads;
- `apply(checked, user)`: write through the app's services (policy, version check, audit as the acting user) and
  return one result per row.

The request is `{"rows": [...]}`, at most `MAX_ROWS` rows. Nothing is written unless every row is right. A refusal
lists every problem, each with the row (0-based index), the field where one is to blame, and a Swedish sentence;
its status is the gravest kind among them: 404 (a row names something that does not exist or that the user may not
see: the same answer for both), 403 (the user may see it but not write it), 400 (invalid), 409 (somebody saved a
newer version than the one the row says it replaces).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from digipuff.core import policy
from digipuff.core.api import idempotency
from digipuff.core.choices import Action
from digipuff.core.concurrency import ConflictError

MAX_ROWS = 1000
ID_MAX = 2**63 - 1

INVALID, NOT_FOUND, FORBIDDEN, CONFLICT = "invalid", "not_found", "forbidden", "conflict"
# The answer's status: the gravest kind of problem decides it.
STATUS = {NOT_FOUND: 404, FORBIDDEN: 403, INVALID: 400, CONFLICT: 409}
GRAVITY = (NOT_FOUND, FORBIDDEN, INVALID, CONFLICT)


@dataclass(frozen=True)
class Problem:
    row: int | None
    field: str | None
    message: str
    kind: str = INVALID


@dataclass
class Problems:
    """The problems found in a request, in the order found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, row: int | None, field: str | None, message: str, kind: str = INVALID) -> None:
        self.items.append(Problem(row, field, str(message), kind))

    def add_error(self, row: int | None, error: Exception, kind: str = INVALID) -> None:
        """A service's refusal: a ValidationError (its messages, per field where it names them), a ConflictError
        or a PermissionDenied."""
        if isinstance(error, ConflictError):
            self.add(row, "version", error.message, CONFLICT)
        elif isinstance(error, PermissionDenied):
            self.add(row, None, str(error) or _("You may not change this."), FORBIDDEN)
        elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                for message in errors:
                    self.add(row, None if name == "__all__" else name, message, kind)
        elif isinstance(error, ValidationError):
            for message in error.messages:
                self.add(row, None, message, kind)
        else:
            raise error

    def __bool__(self) -> bool:
        return bool(self.items)

    def status(self) -> int:
        kinds = {p.kind for p in self.items}
        return next(STATUS[kind] for kind in GRAVITY if kind in kinds)

    def response(self) -> Response:
        ordered = sorted(self.items, key=lambda p: (p.row is not None, p.row or 0))
        summary = ngettext(
            "Nothing was saved: {count} problem.", "Nothing was saved: {count} problems.", len(ordered)
        ).format(count=len(ordered))
        body = {
            "detail": summary,
            "problems": [{"row": p.row, "field": p.field, "message": p.message, "kind": p.kind} for p in ordered],
        }
        return Response(body, status=self.status())


class Refused(Exception):
    """Raised inside the batch's transaction to roll it back and answer with the problems."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(problems.items)
        self.problems = problems


def may_write(
    problems: Problems, index: int, field: str, obj: Model | None, user: User, action: str, *, unit: bool = False
) -> bool:
    """Whether the user may do `action` to what a row names; if not, the row's problem: not found (it does not exist
    or the user may not view it: the same answer, ids of other committees' objects are not disclosed) or forbidden
    (they may view it). An org unit (`unit=True`, named by its code) is known to every signed-in user: forbidden."""
    if obj is None or (not unit and not policy.allows(user, Action.VIEW, obj)):
        problems.add(index, field, _("There is nothing with this id that you may see."), NOT_FOUND)
        return False
    try:
        policy.require(user, action, obj)
    except PermissionDenied as exc:
        problems.add(index, field, str(exc), FORBIDDEN)
        return False
    return True


def version_problem(problems: Problems, index: int, current: int | None, given: int) -> None:
    """Refuse a row whose `version` is not the stored record's (`current`; None when there is no record): a row
    replaces the version it names, 0 for a record that does not exist yet."""
    if current is None and given:
        problems.add(index, "version", _("The record has been removed by someone else."), CONFLICT)
    elif current is not None and current != given:
        message = (
            _("The record already exists (version {current}): send its version to replace it.")
            if not given
            else _(
                "The record is at version {current}, not {given}: somebody saved it after you read it. Read it "
                "again and send its current version."
            )
        )
        problems.add(index, "version", message.format(current=current, given=given), CONFLICT)


# -- OpenAPI shapes ---------------------------------------------------------------------------------------------------


class ProblemSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(allow_null=True, help_text="The row's index in `rows`, from 0; null: the request.")
    field = serializers.CharField(allow_null=True, help_text="The field to blame, where one is.")
    message = serializers.CharField(help_text="What is wrong, in the user's language (Swedish unless English).")
    kind = serializers.CharField(help_text="invalid, not_found, forbidden or conflict (decides the status).")


class RefusalSerializer(serializers.Serializer[Any]):
    """A refused write: nothing was saved. Every problem of the request is listed."""

    detail = serializers.CharField()
    problems = ProblemSerializer(many=True, required=False)


class SavedRowSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(help_text="The row's index in the request.")
    id = serializers.IntegerField(allow_null=True, help_text="The stored record; null when the row removed it.")
    version = serializers.IntegerField(help_text="The record's version now: send it to change the record again.")


class SavedSerializer(serializers.Serializer[Any]):
    rows = SavedRowSerializer(many=True)


def batch_request_serializer(row_serializer: type[serializers.Serializer[Any]], name: str) -> type[Any]:
    """The request's shape for the OpenAPI description: `{"rows": [row, ...]}`."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "rows": serializers.ListField(child=row_serializer(), max_length=MAX_ROWS, min_length=1),
            "__doc__": f"At most {MAX_ROWS} rows, written all together or not at all.",
        },
    )


def batch_schema(row_serializer: type[serializers.Serializer[Any]], name: str, description: str) -> Any:
    """The OpenAPI description of a batch write: its rows, the Idempotency-Key header and every answer."""
    return extend_schema(
        description=description,
        request=batch_request_serializer(row_serializer, f"{name}Serializer"),
        parameters=[
            OpenApiParameter(
                idempotency.HEADER,
                location=OpenApiParameter.HEADER,
                required=False,
                description="A key of your choosing (1-200 visible ASCII characters, e.g. a UUID): the same request "
                "sent again with it gets the first answer and writes nothing twice (kept 24 hours).",
            )
        ],
        responses={
            200: OpenApiResponse(SavedSerializer, description="Every row was saved."),
            400: OpenApiResponse(RefusalSerializer, description="Nothing was saved: the rows' problems."),
            403: OpenApiResponse(RefusalSerializer, description="Nothing was saved: a row you may not write."),
            404: OpenApiResponse(RefusalSerializer, description="Nothing was saved: a row names nothing you may see."),
            409: OpenApiResponse(RefusalSerializer, description="Nothing was saved: a row replaces an old version."),
            415: OpenApiResponse(RefusalSerializer, description="The body is not JSON."),
            422: OpenApiResponse(RefusalSerializer, description="The Idempotency-Key was used for another request."),
        },
    )


# -- the view ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    index: int
    data: dict[str, Any]


class BatchWriteViewSet(viewsets.ViewSet):
    parser_classes = [JSONParser]
    token_scope: ClassVar[str]
    row_serializer_class: ClassVar[type[serializers.Serializer[Any]]]

    def create(self, request: Request) -> Response:
        return idempotency.respond(request, lambda: self._write(request))

    def check(self, rows: list[Row], problems: Problems, user: User) -> Any:
        raise NotImplementedError

    def apply(self, checked: Any, user: User) -> Sequence[dict[str, Any]]:
        raise NotImplementedError

    def _rows(self, data: Any, problems: Problems) -> list[Row]:
        raw = data.get("rows") if isinstance(data, dict) else None
        if not isinstance(raw, list) or not raw:
            problems.add(None, "rows", _('Send the rows as a list: {"rows": [...]}.'))
            return []
        if len(raw) > MAX_ROWS:
            problems.add(None, "rows", _("At most {count} rows per request.").format(count=MAX_ROWS))
            return []
        rows = []
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                problems.add(index, None, _("Each row is an object with the row's fields."))
                continue
            serializer = self.row_serializer_class(data=item)
            valid = serializer.is_valid()
            for name in sorted(set(item) - set(serializer.fields)):
                # A misspelt field would otherwise be dropped without a word, and its value stored as empty.
                problems.add(index, str(name), _("Unknown field."))
                valid = False
            if not valid:
                for name, messages in serializer.errors.items():
                    for message in messages if isinstance(messages, list) else [messages]:
                        problems.add(index, None if name == "non_field_errors" else name, str(message))
                continue
            rows.append(Row(index, dict(serializer.validated_data)))
        return rows

    def _write(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        problems = Problems()
        rows = self._rows(request.data, problems)
        try:
            with transaction.atomic():
                checked = self.check(rows, problems, user) if rows else None
                if problems:
                    raise Refused(problems)
                try:
                    saved = self.apply(checked, user)
                except (ConflictError, ValidationError, PermissionDenied) as exc:
                    # check() found what it could; a refusal now (a race) names the request as a whole.
                    problems.add_error(None, exc)
                    raise Refused(problems) from exc
        except Refused as refused:
            return refused.problems.response()
        return Response({"rows": list(saved)}, status=status.HTTP_200_OK)
