from rest_framework import serializers

from digipuff.goals.models import CommitteeGoal, GoalAssessment


class GoalAssessmentSerializer(serializers.ModelSerializer):
    occasion = serializers.CharField(source="occasion.name")

    class Meta:
        model = GoalAssessment
        fields = ["occasion", "assessment", "proposed", "analysis"]


class CommitteeGoalSerializer(serializers.ModelSerializer):
    """A goal as a committee works with it, with its place in the tree and its assessments."""

    goal_id = serializers.IntegerField(source="goal.pk")
    year = serializers.IntegerField(source="goal.year")
    level = serializers.CharField(source="goal.level.name")
    title = serializers.CharField(source="goal.title")
    code = serializers.CharField(source="goal.code")
    retired = serializers.BooleanField(source="goal.retired")
    parent_goal_id = serializers.IntegerField(source="goal.parent_id", allow_null=True)
    committee = serializers.CharField(source="committee.code")
    assessments = GoalAssessmentSerializer(many=True)

    class Meta:
        model = CommitteeGoal
        fields = [
            "id",
            "goal_id",
            "year",
            "level",
            "title",
            "code",
            "retired",
            "parent_goal_id",
            "committee",
            "interpretation",
            "special_priority",
            "assessments",
        ]


# A plan row's link to a committee goal (activities, risks and controls answer to goals). No docstring: it would
# become the schema's description and change the committed OpenAPI document.
class GoalLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(source="goal.title", read_only=True)
    year = serializers.IntegerField(source="goal.year", read_only=True)
