"""Intern kontroll: risks, actions, controls, audit recommendations, provider follow-up and competition testing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternalControlConfig(AppConfig):
    name = "digipuff.internal_control"
    label = "internal_control"
    verbose_name = _("Internal control")

    def ready(self) -> None:
        from digipuff.core import audit
        from digipuff.followup import registry as followup
        from digipuff.internal_control import models as m

        for model in (
            m.Risk,
            m.RiskAction,
            m.Control,
            m.ReviewAction,
            m.ProviderFollowUp,
            m.CompetitionTest,
            m.RiskActionFollowUp,
            m.ControlResult,
            m.ReviewActionFollowUp,
            m.ProviderFollowUpResult,
            m.CompetitionTestResult,
        ):
            audit.register(model)
        followup.register("risk-action", m.RiskAction, m.RiskActionFollowUp)
        followup.register("control", m.Control, m.ControlResult)
        followup.register("review-action", m.ReviewAction, m.ReviewActionFollowUp)
        followup.register("provider-follow-up", m.ProviderFollowUp, m.ProviderFollowUpResult)
        followup.register("competition-test", m.CompetitionTest, m.CompetitionTestResult)
