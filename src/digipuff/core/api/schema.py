"""The OpenAPI description of every API operation includes the refusals it can answer with.

drf-spectacular describes only the success; a client (and schemathesis, tests/core/test_api_schemathesis.py)
would meet undocumented 400, 403 and 404 answers. Every operation may answer 403 (not signed in, or the policy
refuses); one with a path parameter 404 (no such object, or one the user may not view); a list (its filters) and
every write 400, with the messages per field (`core.api.errors` gives other refusals the same shape). A request
with an API token that is unknown, expired or revoked is answered 401 (`core.api.authentication`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse

from digipuff.core.api.errors import ErrorSerializer

VALIDATION_ERROR: dict[str, Any] = {
    "type": "object",
    "description": "The request's problems in Swedish, per parameter or field (`detail` for the request as a whole).",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
    },
}


class DigipuffAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        refusals = {
            "401": OpenApiResponse(ErrorSerializer, description="The API token is unknown, expired or revoked."),
            "403": OpenApiResponse(ErrorSerializer, description="Not signed in, or not allowed."),
        }
        if "{" in self.path:
            refusals["404"] = OpenApiResponse(ErrorSerializer, description="No such object, or one not shown to you.")
        if self.method != "GET" or self._is_list_view():
            refusals["400"] = OpenApiResponse(self._validation_error(), description="The request is not valid.")
        for code, body in sorted(refusals.items()):
            responses.setdefault(code, self._get_response_for_code(body, code, direction=direction))  # type: ignore[no-untyped-call]
        return responses

    def _validation_error(self) -> dict[str, Any]:
        component = ResolvedComponent(  # type: ignore[no-untyped-call]
            name="ValidationError", type=ResolvedComponent.SCHEMA, schema=VALIDATION_ERROR, object="ValidationError"
        )
        self.registry.register_on_missing(component)
        return component.ref
