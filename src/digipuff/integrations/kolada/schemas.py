"""Typed records for Kolada's REST API v3 and the functions that turn its JSON into them.

Kolada (kolada.se, run by RKA, Rådet för främjande av kommunala analyser) publishes key figures ("nyckeltal", KPIs)
for Swedish municipalities ("kommuner"), regions ("regioner", formerly "landsting") and organisational units such as
schools or home-care units. Every data point is identified by four dimensions: KPI, municipality or unit, period
(a year) and gender (``T`` total, ``K`` women, ``M`` men).

All JSON key names the API uses are kept in :class:`RawField`; nothing else in this package spells them out. Parsing is
strict: a response whose shape does not match raises :class:`KoladaError`, so a silent gap in the data cannot arise
from a changed or broken response. Unknown extra keys are ignored, because the API may add fields at any time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

__all__ = [
    "GENDERS",
    "KoladaError",
    "KoladaValue",
    "Kpi",
    "Municipality",
    "MunicipalityGroup",
    "MunicipalityGroupMember",
    "OrganisationalUnit",
    "Page",
    "RawField",
    "parse_kpi",
    "parse_municipality",
    "parse_municipality_group",
    "parse_organisational_unit",
    "parse_page",
    "parse_values",
]

GENDERS: Final = ("T", "K", "M")
"""Gender codes Kolada uses on data values: T = totalt (total), K = kvinnor (women), M = män (men)."""


class KoladaError(Exception):
    """Anything that keeps the client from returning the complete, correct answer to a request.

    Raised for HTTP errors (after retries where retrying makes sense), network failures, invalid JSON and responses
    whose shape does not match the documented format. ``url`` and ``status`` are set when they are known.
    """

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class RawField:
    """The JSON key names of Kolada API v3, in one place.

    Sources and uncertainties are listed in the package README. Where v3 and the older v2 documentation disagree the
    v3 name comes first and the v2 name is kept as a fallback (see ``NEXT_PAGE_KEYS``).
    """

    # Envelope of every response: {"count": int, "values": [...], "next_url": str | null, "previous_url": ...}.
    VALUES: Final = "values"
    COUNT: Final = "count"
    # v3 clients and notes verified against the live API name the link "next_url"; the v2 README calls it
    # "next_page". The client follows whichever is present so a rename in either direction cannot drop pages.
    NEXT_PAGE_KEYS: Final = ("next_url", "next_page")
    PREVIOUS_PAGE_KEYS: Final = ("previous_url", "previous_page")
    ERROR: Final = "error"

    # Metadata objects.
    ID: Final = "id"
    TITLE: Final = "title"
    DESCRIPTION: Final = "description"
    OPERATING_AREA: Final = "operating_area"
    PERSPECTIVE: Final = "perspective"
    # v3 spells it "auspice" (rKolada's live tests assert this); v2 documentation said "auspices".
    AUSPICE_KEYS: Final = ("auspice", "auspices")
    MUNICIPALITY_TYPE: Final = "municipality_type"
    IS_DIVIDED_BY_GENDER: Final = "is_divided_by_gender"
    HAS_OU_DATA: Final = "has_ou_data"
    PUBLICATION_DATE: Final = "publication_date"
    PREL_PUBLICATION_DATE: Final = "prel_publication_date"
    OU_PUBLICATION_DATE: Final = "ou_publication_date"
    PUBL_PERIOD: Final = "publ_period"
    TYPE: Final = "type"
    MEMBERS: Final = "members"
    MUNICIPALITY: Final = "municipality"

    # Data objects: {"kpi", "municipality" | "ou", "period", "values": [{"gender", "count", "status", "value",
    # "isdeleted"}]}.
    KPI: Final = "kpi"
    OU: Final = "ou"
    PERIOD: Final = "period"
    GENDER: Final = "gender"
    VALUE: Final = "value"
    STATUS: Final = "status"
    # v3 name; v2 documented "is_deleted" (only on from_date queries), kept as a fallback.
    ISDELETED_KEYS: Final = ("isdeleted", "is_deleted")


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a Kolada list response: the raw objects in ``values`` and the link to the next page, if any."""

    values: tuple[Mapping[str, Any], ...]
    count: int | None
    next_url: str | None


@dataclass(frozen=True, slots=True)
class Kpi:
    """A Kolada key figure ("nyckeltal"), e.g. ``N00945`` or a user-survey figure such as ``U35544``.

    ``municipality_type`` says which areas the KPI is measured for: ``K`` municipalities, ``L`` regions, ``A`` both.
    The dates are the *next* planned (preliminary) publication; Kolada documents them as strings, usually
    ``YYYY-MM-DD`` but without a guaranteed format, so they are kept as strings.
    """

    id: str
    title: str
    description: str | None
    operating_area: str | None
    perspective: str | None
    auspice: str | None
    municipality_type: str | None
    is_divided_by_gender: bool
    has_ou_data: bool
    publication_date: str | None
    prel_publication_date: str | None
    ou_publication_date: str | None
    publ_period: str | None


@dataclass(frozen=True, slots=True)
class Municipality:
    """A Kolada area: a municipality (``type`` ``K``, four-digit code such as ``0126`` Huddinge) or a region or the
    whole country (``type`` ``L``, e.g. ``0001`` Region Stockholm, ``0000`` Riket)."""

    id: str
    title: str
    type: str


@dataclass(frozen=True, slots=True)
class MunicipalityGroupMember:
    """A municipality listed in a :class:`MunicipalityGroup`; ``title`` is ``None`` when the API gives only the id."""

    id: str
    title: str | None


@dataclass(frozen=True, slots=True)
class MunicipalityGroup:
    """A named group of municipalities (e.g. "Liknande kommuner ..."), ids starting with ``G``.

    Data can be requested for a group id like for a municipality; the value is then an unweighted mean of the members
    and ``count`` on each value says how many members contributed.
    """

    id: str
    title: str
    members: tuple[MunicipalityGroupMember, ...]


@dataclass(frozen=True, slots=True)
class OrganisationalUnit:
    """An organisational unit ("organisatorisk enhet", OU) such as a school or a home-care unit, owned by a
    municipality; ids look like ``V15E144001301``."""

    id: str
    municipality: str
    title: str


@dataclass(frozen=True, slots=True)
class KoladaValue:
    """One data point: a KPI for one municipality (or organisational unit), one period and one gender.

    ``value`` is ``None`` when Kolada has no number; ``status`` then usually explains why (e.g. ``"Missing"``) and is
    kept verbatim. ``count`` is 1 for a single municipality and the number of contributing members for a group.
    ``isdeleted`` marks a value that has been withdrawn since an earlier fetch; it must be removed downstream rather
    than stored. Exactly one of ``municipality`` and ``ou`` is set.
    """

    kpi: str
    period: int
    gender: str
    value: Decimal | None
    status: str | None
    count: int | None
    isdeleted: bool
    municipality: str | None = None
    ou: str | None = None

    @property
    def area(self) -> str:
        """The id of the municipality or organisational unit the value belongs to."""
        return self.municipality if self.municipality is not None else self.ou or ""


def _fail(message: str, obj: object) -> KoladaError:
    shown = repr(obj)
    if len(shown) > 200:
        shown = shown[:200] + "..."
    return KoladaError(f"Unexpected Kolada response shape: {message}; got {shown}")


def _mapping(obj: object, what: str) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise _fail(f"{what} must be a JSON object", obj)
    return obj


def _required_str(obj: Mapping[str, Any], key: str, what: str) -> str:
    value = obj.get(key)
    # Ids are strings in Kolada ("0126"); an int here would already have lost leading zeros.
    if not isinstance(value, str) or not value:
        raise _fail(f"{what} needs a non-empty string {key!r}", obj)
    return value


def _optional_str(obj: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        if key in obj:
            value = obj[key]
            if value is None:
                return None
            if not isinstance(value, str):
                raise _fail(f"{key!r} must be a string or null", obj)
            return value
    return None


def _flag(obj: Mapping[str, Any], *keys: str) -> bool:
    """Read a yes/no field that Kolada has sent both as JSON booleans and as 0/1 integers."""
    for key in keys:
        if key in obj:
            value = obj[key]
            if value is None:
                return False
            if isinstance(value, bool):
                return value
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise _fail(f"{key!r} must be a boolean or 0/1", obj)
    return False


def parse_page(payload: object) -> Page:
    """Check the envelope of a list response and return its objects and next-page link."""
    body = _mapping(payload, "the response body")
    if RawField.VALUES not in body:
        if RawField.ERROR in body:
            raise _fail(f"the API answered with an error: {body[RawField.ERROR]!r}", body)
        raise _fail(f"the response body has no {RawField.VALUES!r} list", body)
    values = body[RawField.VALUES]
    if not isinstance(values, list):
        raise _fail(f"{RawField.VALUES!r} must be a list", values)
    count = body.get(RawField.COUNT)
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        raise _fail(f"{RawField.COUNT!r} must be an integer", body)
    next_url = _optional_str(body, *RawField.NEXT_PAGE_KEYS)
    return Page(
        values=tuple(_mapping(item, "each item in 'values'") for item in values),
        count=count,
        next_url=next_url or None,
    )


def parse_kpi(obj: Mapping[str, Any]) -> Kpi:
    """Build a :class:`Kpi` from one object of ``/kpi``."""
    return Kpi(
        id=_required_str(obj, RawField.ID, "a KPI"),
        title=_required_str(obj, RawField.TITLE, "a KPI"),
        description=_optional_str(obj, RawField.DESCRIPTION),
        operating_area=_optional_str(obj, RawField.OPERATING_AREA),
        perspective=_optional_str(obj, RawField.PERSPECTIVE),
        auspice=_optional_str(obj, *RawField.AUSPICE_KEYS),
        municipality_type=_optional_str(obj, RawField.MUNICIPALITY_TYPE),
        is_divided_by_gender=_flag(obj, RawField.IS_DIVIDED_BY_GENDER),
        has_ou_data=_flag(obj, RawField.HAS_OU_DATA),
        publication_date=_optional_str(obj, RawField.PUBLICATION_DATE),
        prel_publication_date=_optional_str(obj, RawField.PREL_PUBLICATION_DATE),
        ou_publication_date=_optional_str(obj, RawField.OU_PUBLICATION_DATE),
        publ_period=_optional_str(obj, RawField.PUBL_PERIOD),
    )


def parse_municipality(obj: Mapping[str, Any]) -> Municipality:
    """Build a :class:`Municipality` from one object of ``/municipality``."""
    return Municipality(
        id=_required_str(obj, RawField.ID, "a municipality"),
        title=_required_str(obj, RawField.TITLE, "a municipality"),
        type=_required_str(obj, RawField.TYPE, "a municipality"),
    )


def _parse_member(item: object) -> MunicipalityGroupMember:
    # The v2 README documents members as {"id", "title"} objects; some v3 clients treat them as bare id strings.
    # Both are accepted so that neither reading loses members.
    if isinstance(item, str) and item:
        return MunicipalityGroupMember(id=item, title=None)
    member = _mapping(item, "a group member")
    return MunicipalityGroupMember(
        id=_required_str(member, RawField.ID, "a group member"),
        title=_optional_str(member, RawField.TITLE),
    )


def parse_municipality_group(obj: Mapping[str, Any]) -> MunicipalityGroup:
    """Build a :class:`MunicipalityGroup` from one object of ``/municipality_groups``."""
    members = obj.get(RawField.MEMBERS, [])
    if members is None:
        members = []
    if not isinstance(members, list):
        raise _fail(f"{RawField.MEMBERS!r} must be a list", obj)
    return MunicipalityGroup(
        id=_required_str(obj, RawField.ID, "a municipality group"),
        title=_required_str(obj, RawField.TITLE, "a municipality group"),
        members=tuple(_parse_member(item) for item in members),
    )


def parse_organisational_unit(obj: Mapping[str, Any]) -> OrganisationalUnit:
    """Build an :class:`OrganisationalUnit` from one object of ``/ou``."""
    return OrganisationalUnit(
        id=_required_str(obj, RawField.ID, "an organisational unit"),
        municipality=_required_str(obj, RawField.MUNICIPALITY, "an organisational unit"),
        title=_required_str(obj, RawField.TITLE, "an organisational unit"),
    )


def _period(obj: Mapping[str, Any]) -> int:
    # The v2 README documents period as a string, v3 responses carry a number; both mean a calendar year.
    raw = obj.get(RawField.PERIOD)
    if isinstance(raw, bool):
        raise _fail(f"{RawField.PERIOD!r} must be a year", obj)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.isdecimal() and len(raw) == 4:
        return int(raw)
    raise _fail(f"{RawField.PERIOD!r} must be a four-digit year", obj)


def _decimal(item: Mapping[str, Any]) -> Decimal | None:
    raw = item.get(RawField.VALUE)
    if raw is None:
        return None
    # The client parses JSON floats straight into Decimal, so no binary rounding happens; ints are exact anyway.
    if isinstance(raw, bool):
        raise _fail(f"{RawField.VALUE!r} must be a number or null", item)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise _fail(f"{RawField.VALUE!r} must be finite", item)
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    raise _fail(f"{RawField.VALUE!r} must be a number or null", item)


def _count(item: Mapping[str, Any]) -> int | None:
    raw = item.get(RawField.COUNT)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _fail(f"{RawField.COUNT!r} must be an integer or null", item)
    return raw


def parse_values(obj: Mapping[str, Any], *, area_key: str) -> list[KoladaValue]:
    """Flatten one data object (one KPI, area and period) into one :class:`KoladaValue` per gender.

    ``area_key`` is ``"municipality"`` for ``/data`` and ``"ou"`` for ``/oudata``.
    """
    kpi = _required_str(obj, RawField.KPI, "a data item")
    area = _required_str(obj, area_key, "a data item")
    period = _period(obj)
    items = obj.get(RawField.VALUES)
    if not isinstance(items, list):
        raise _fail(f"a data item needs a {RawField.VALUES!r} list", obj)
    result: list[KoladaValue] = []
    municipality = area if area_key == RawField.MUNICIPALITY else None
    ou = area if area_key == RawField.OU else None
    for raw_item in items:
        # Fast path for the usual shape (a plain dict, a string gender, a finite Decimal or null, a string or null
        # status, an int or null count, a boolean "isdeleted"): the same checks as below, inlined, since a national
        # sync parses some 400 000 of these. Anything else takes the general path, which also words the error.
        if type(raw_item) is dict:
            gender = raw_item.get(RawField.GENDER)
            number = raw_item.get(RawField.VALUE)
            status = raw_item.get(RawField.STATUS)
            count = raw_item.get(RawField.COUNT)
            deleted = raw_item.get(RawField.ISDELETED_KEYS[0])
            if (
                type(gender) is str
                and gender
                and (number is None or (type(number) is Decimal and number.is_finite()))
                and (status is None or type(status) is str)
                and (count is None or type(count) is int)
                and type(deleted) is bool
            ):
                result.append(
                    KoladaValue(kpi, period, gender, number, status, count, deleted, municipality=municipality, ou=ou)
                )
                continue
        item = _mapping(raw_item, "each gender value")
        result.append(
            KoladaValue(
                kpi=kpi,
                period=period,
                gender=_required_str(item, RawField.GENDER, "a gender value"),
                value=_decimal(item),
                status=_optional_str(item, RawField.STATUS),
                count=_count(item),
                isdeleted=_flag(item, *RawField.ISDELETED_KEYS),
                municipality=municipality,
                ou=ou,
            )
        )
    return result
