"""Demo data for Kolada: the county, the committees' comparison municipalities and the recorded values.

Runs after the indicators demo. No network: the real client and sync read the hand-made responses in ``fixtures/``
through :class:`~digipuff.integrations.kolada.offline.RecordedTransport`, so the demo's Kolada-linked measures get
Huddinge's values, its rank in Stockholms län and the county average as the seeds (VP 2020 VON) report them.
"""

from __future__ import annotations

from django.db import transaction

from digipuff.core.demo import demo_loaders
from digipuff.indicators.models import ComparisonArea, ComparisonGroup
from digipuff.integrations.kolada import sync
from digipuff.integrations.kolada.client import KoladaClient
from digipuff.integrations.kolada.offline import OFFLINE_BASE_URL, RecordedTransport
from digipuff.organisation.models import Municipality, OrgUnit

# The KPIs of the demo measures: VON's äldreboende, hemtjänst and daglig verksamhet LSS, SN's missbruksvård.
DEMO_KPIS = ("U23471", "U21468", "U28532", "U35544")

# "Huddinge compared itself with Haninge, Järfälla, Nacka, Stockholm, Österåker and Sollentuna."
COMPARISON_MUNICIPALITIES = ("0136", "0123", "0182", "0180", "0117", "0163")
COMMITTEES = {"SN": "Socialnämndens jämförelsekommuner", "VON": "Vård- och omsorgsnämndens jämförelsekommuner"}


def offline_client() -> KoladaClient:
    return KoladaClient(OFFLINE_BASE_URL, transport=RecordedTransport(), min_interval=0, max_retries=0)


@demo_loaders.register
def load() -> list[str]:
    municipality = Municipality.current()
    if municipality is None or municipality.kolada_id != "0126":
        return []
    with offline_client() as client:
        with transaction.atomic():
            sync.refresh_areas(client=client, own_code=municipality.kolada_id)
            areas = ComparisonArea.objects.filter(code__in=COMPARISON_MUNICIPALITIES)
            for code, name in COMMITTEES.items():
                committee = OrgUnit.objects.filter(code=code).first()
                if committee is None:
                    continue
                group, _created = ComparisonGroup.objects.get_or_create(committee=committee, name=name)
                group.members.set(areas)
        result = sync.sync(kpis=DEMO_KPIS, client=client, refresh=False)
    if not result.ok:
        raise RuntimeError(f"The Kolada demo data could not be loaded: {result.error or result.failed}")
    with offline_client() as client:
        sync.catalogue_refresh(client=client)
    return []
