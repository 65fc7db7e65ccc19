"""Metadata answers (``/municipality``, ``/kpi/{ids}``) for the synthetic data set, so a whole sync can run over it."""

from __future__ import annotations

import json
from urllib.parse import unquote

from .generate import SyntheticDataset


class SyntheticMetadata:
    """Answers ``/municipality`` with the data set's municipalities (all in county "90") and ``/kpi/{ids}``."""

    def __init__(self, dataset: SyntheticDataset) -> None:
        self.dataset = dataset

    def respond(self, path: str, query: str, base_url: str) -> bytes | None:
        path = unquote(path)
        if path == "/municipality":
            values = [{"id": m, "title": f"Kommun {m}", "type": "K"} for m in self.dataset.municipalities]
        elif path.startswith("/kpi/"):
            ids = [k for k in path[len("/kpi/") :].split(",") if k in self.dataset.kpis]
            values = [
                {"id": k, "title": f"Syntetiskt nyckeltal {k}", "description": "Genererat.", "has_ou_data": False,
                 "is_divided_by_gender": True, "municipality_type": "K", "operating_area": "Test"}
                for k in ids
            ]  # fmt: skip
        else:
            return None
        return json.dumps({"count": len(values), "values": values, "next_url": None, "previous_url": None}).encode()
