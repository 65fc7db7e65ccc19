"""Utvecklingsåtaganden och aktiviteter: development commitments and activities, followed up per occasion."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "digipuff.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from digipuff.activities import models
        from digipuff.core import audit
        from digipuff.followup import registry as followup

        for model in (
            models.Commitment,
            models.Activity,
            models.ActivityFollowUp,
            models.CommitmentFollowUp,
        ):
            audit.register(model)
        # Goal links are part of an activity's history too.
        followup.register("activity", models.Activity, models.ActivityFollowUp)
        followup.register("commitment", models.Commitment, models.CommitmentFollowUp, per_committee=True)
        # The goal assessment proposal counts the goal's activities that are done or on track.
        from digipuff.activities.selectors import goal_activity_progress
        from digipuff.goals.selectors import proposal_sources

        proposal_sources.register(goal_activity_progress)
