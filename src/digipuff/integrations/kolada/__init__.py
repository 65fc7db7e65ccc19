"""Kolada integration: a typed, Django-free HTTP client for Kolada's REST API v3.

Kolada is the Swedish national database of municipal key figures, run by RKA. :class:`KoladaClient` fetches KPI
metadata, municipalities, municipality groups, organisational units and data values, following every page, batching
long id lists and retrying transient failures; the records it returns are defined in :mod:`.schemas`.
"""

from digipuff.integrations.kolada.client import DEFAULT_BASE_URL, MAX_IDS_PER_REQUEST, KoladaClient
from digipuff.integrations.kolada.schemas import (
    GENDERS,
    KoladaError,
    KoladaValue,
    Kpi,
    Municipality,
    MunicipalityGroup,
    MunicipalityGroupMember,
    OrganisationalUnit,
    RawField,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "GENDERS",
    "MAX_IDS_PER_REQUEST",
    "KoladaClient",
    "KoladaError",
    "KoladaValue",
    "Kpi",
    "Municipality",
    "MunicipalityGroup",
    "MunicipalityGroupMember",
    "OrganisationalUnit",
    "RawField",
]
