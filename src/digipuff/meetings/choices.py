from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class CaseStatus(models.TextChoices):
    """Where a case (ärende) stands, in the order it moves: registered, prepared, decided, the decision notified."""

    REGISTERED = "registered", pgettext_lazy("case status", "Registered")
    PREPARING = "preparing", pgettext_lazy("case status", "Under preparation")
    DECIDED = "decided", pgettext_lazy("case status", "Decided")
    NOTIFIED = "notified", pgettext_lazy("case status", "Decision notified")

    @classmethod
    def following(cls, status: str) -> CaseStatus | None:
        """The status after `status`, or None when the case has gone all the way."""
        order = list(cls)
        index = order.index(cls(status))
        return order[index + 1] if index + 1 < len(order) else None


class StatementStatus(models.TextChoices):
    """Where a tjänsteutlåtande stands: the handläggare writes (draft), marks it ready for review, the
    förvaltningschef approves it; a change to a ready or approved statement takes it back to draft."""

    DRAFT = "draft", pgettext_lazy("statement status", "Draft")
    READY = "ready", pgettext_lazy("statement status", "Ready for review")
    APPROVED = "approved", pgettext_lazy("statement status", "Approved")
