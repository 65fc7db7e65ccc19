from typing import Any

from rest_framework import serializers

from digipuff.followup.models import FollowUpStatus

# The kinds the API writes: every followed-up kind but the kommunövergripande commitments (each committee follows
# those up itself, on the pages). Fixed here rather than read from the registry, so the API does not change shape
# with the apps' start-up order.
WRITABLE_KINDS = ["activity", "risk-action", "control", "review-action", "provider-follow-up", "competition-test"]


class FollowUpStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpStatus
        fields = ["id", "code", "name", "sort_order", "is_done", "is_at_risk", "is_active"]


class FollowUpRowSerializer(serializers.Serializer[Any]):
    """One follow-up to store: the status and comment of an activity, a risk-reducing action or another
    followed-up item at a report occasion of its year."""

    kind = serializers.ChoiceField(
        choices=WRITABLE_KINDS, help_text="What is followed up: activity, risk-action, control, review-action, ..."
    )
    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The item's id.")
    occasion = serializers.CharField(
        max_length=100,
        help_text="The report occasion of the item's year: its kind (interim1, interim2, annual, ...) or its name "
        'as the API shows it ("Delår 1 2019").',
    )
    status = serializers.CharField(
        max_length=40, allow_null=True, default=None, help_text="The status's code (follow-up-statuses); null: none."
    )
    comment = serializers.CharField(max_length=20000, allow_blank=True, default="", trim_whitespace=False)
    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, default=0,
        help_text="The version of the stored follow-up this row replaces; 0 (the default) for a new one.",
    )  # fmt: skip
