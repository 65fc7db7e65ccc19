"""The portal's addresses in the shared permission suite: public, the same answer for every actor.

The world of the suite has no decided report, so the pages about a report, a committee-year and a measure answer
404 to everyone, signed in or not, administrators included: the portal never shows what is not decided, whoever
asks (tests/portal/test_views.py shows them with a decided report)."""

from __future__ import annotations

from tests.permissions import OWN, PUBLIC, Endpoint, Target, declare


def _public(name: str, target=lambda w: Target(), *, ok: int = 200, variant: str = "") -> Endpoint:
    return Endpoint(name, PUBLIC, {OWN: target}, public=True, ok_get=frozenset({ok}), variant=variant)


ENDPOINTS = [
    _public("portal:index"),
    _public("portal:search", lambda w: Target(query={"q": "Åtagande"})),
    _public("portal:accessibility"),
    _public("portal:data"),
    _public("portal:dataset", lambda w: Target({"name": "varden", "fmt": "csv"}), variant="csv"),
    _public("portal:dataset", lambda w: Target({"name": "mal", "fmt": "json"}), variant="json"),
    _public("portal:language", lambda w: Target({"code": "en"}, query={"next": "/oppen/"}), ok=302),
    _public("portal:committee", lambda w: Target({"code": "SN", "year": 2019}), ok=404, variant="nothing-decided"),
    _public("portal:report", lambda w: Target({"pk": w.report[OWN].pk}), ok=404, variant="draft"),
    _public("portal:report_file", lambda w: Target({"pk": w.report[OWN].pk, "fmt": "pdf"}), ok=404, variant="draft"),
    _public("portal:measure", lambda w: Target({"pk": w.measure[OWN].pk}), ok=404, variant="not-public"),
]

test_permission_matrix = declare("portal", ENDPOINTS)
