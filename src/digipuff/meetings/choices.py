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


class AgendaItemKind(models.TextChoices):
    """What an item of the agenda (föredragningslistan) is: a standard item every meeting has, information with a
    presenter, a case with its diarienummer, other questions, or questions tabled at an earlier meeting."""

    STANDARD = "standard", pgettext_lazy("agenda item kind", "Standard item")
    INFORMATION = "information", pgettext_lazy("agenda item kind", "Information")
    CASE = "case", pgettext_lazy("agenda item kind", "Case")
    OTHER_QUESTIONS = "other_questions", pgettext_lazy("agenda item kind", "Other questions")
    TABLED_QUESTIONS = "tabled_questions", pgettext_lazy("agenda item kind", "Tabled questions")


class AgendaItemStatus(models.TextChoices):
    """Whether an item is on the meeting's agenda, was postponed (bordlagt) to a later meeting or withdrawn."""

    ON_AGENDA = "on_agenda", pgettext_lazy("agenda item status", "On the agenda")
    POSTPONED = "postponed", pgettext_lazy("agenda item status", "Postponed")
    WITHDRAWN = "withdrawn", pgettext_lazy("agenda item status", "Withdrawn")


class StatementStatus(models.TextChoices):
    """Where a tjänsteutlåtande stands: the handläggare writes (draft), marks it ready for review, the
    förvaltningschef approves it; a change to a ready or approved statement takes it back to draft."""

    DRAFT = "draft", pgettext_lazy("statement status", "Draft")
    READY = "ready", pgettext_lazy("statement status", "Ready for review")
    APPROVED = "approved", pgettext_lazy("statement status", "Approved")


class ProtokollStatus(models.TextChoices):
    """Where a meeting's protokoll stands: the sekreterare writes it (draft); once justerat it is frozen for good."""

    DRAFT = "draft", pgettext_lazy("protokoll status", "Draft")
    ADJUSTED = "adjusted", pgettext_lazy("protokoll status", "Adjusted (justerat)")


class DecisionOutcome(models.TextChoices):
    """What the committee decided on an item (beslut): the proposal approved (bifall), approved with changes,
    rejected (avslag), referred back (återremiss), or the information noted."""

    APPROVED = "approved", pgettext_lazy("decision outcome", "Approves the proposal")
    AMENDED = "amended", pgettext_lazy("decision outcome", "Approves the proposal with changes")
    REJECTED = "rejected", pgettext_lazy("decision outcome", "Rejects the proposal")
    REFERRED_BACK = "referred_back", pgettext_lazy("decision outcome", "Refers the case back")
    NOTED = "noted", pgettext_lazy("decision outcome", "Notes the information")
