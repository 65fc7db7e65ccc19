"""Internal control's part of a committee-year backup: the year's plan (risks with their actions, controls, actions
on reviews, provider follow-up, competition testing) and every follow-up of it."""

from __future__ import annotations

from django.db.models import Model

from digipuff.core.backup import BackupPart, backup_parts
from digipuff.internal_control import models as m


def _plan(model: type[Model]) -> BackupPart:
    return BackupPart(
        model=model._meta.label_lower,
        collect=lambda scope: model._default_manager.filter(committee=scope.committee, year=scope.year),
    )


def _results(model: type[Model], item: str = "item") -> BackupPart:
    return BackupPart(
        model=model._meta.label_lower,
        collect=lambda scope: model._default_manager.filter(
            **{f"{item}__committee": scope.committee, f"{item}__year": scope.year}
        ),
    )


for part in (
    _plan(m.Risk),
    BackupPart(
        model="internal_control.riskaction",
        collect=lambda scope: m.RiskAction.objects.filter(risk__committee=scope.committee, risk__year=scope.year),
    ),
    _plan(m.Control),
    _plan(m.ReviewAction),
    _plan(m.ProviderFollowUp),
    _plan(m.CompetitionTest),
    _results(m.RiskActionFollowUp, "item__risk"),
    _results(m.ControlResult),
    _results(m.ReviewActionFollowUp),
    _results(m.ProviderFollowUpResult),
    _results(m.CompetitionTestResult),
):
    backup_parts.register(part)
