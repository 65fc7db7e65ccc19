"""Report sections of the activities module: the commitments and activities with their status, and the
activities shown under the goal they are described under in the goal tree (keyed by the goal, never its title)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.activities.selectors import CommitmentReportRow, follow_up_rows
from digipuff.core.document import Block, Cell, Paragraph, Run, Table
from digipuff.core.sections import Context, MissingData, Section, p, section_kind
from digipuff.goals.sections import GoalPart, goal_parts


def _rows(context: Context) -> list[CommitmentReportRow]:
    rows: list[CommitmentReportRow] = context.cached(
        "activities:rows",
        lambda: follow_up_rows(committee=context.committee, year=context.year, occasion=context.occasion),
    )
    return rows


def blocks_by_goal(context: Context) -> dict[int, list[Block]]:
    """Each activity under the goal it is described under (else the first goal it answers to), keyed by the
    goal's primary key: the activity's name, description, and status with comment at the report's occasion."""
    by_goal: dict[int, list[Block]] = defaultdict(list)
    for commitment in _rows(context):
        for activity in commitment.activities:
            goal_id = activity.described_under_id or (activity.goal_ids[0] if activity.goal_ids else None)
            if goal_id is None:
                continue
            blocks = by_goal[goal_id]
            blocks.append(Paragraph([Run(_("Activity") + ": ", bold=True), Run(activity.activity, bold=True)]))
            if activity.description:
                blocks.append(p(activity.description))
            status = activity.status or _("No status")
            blocks.append(
                Paragraph(
                    [
                        Run(_("Status") + ": ", italic=True),
                        Run(status + (f". {activity.comment}" if activity.comment else "")),
                    ]
                )
            )
    return by_goal


goal_parts.register(GoalPart(name="activities", blocks=blocks_by_goal, order=10))


@section_kind("activities", gettext_lazy("Development commitments and activities with their status"))
def activities(context: Context, section: Section) -> list[Block]:
    rows = _rows(context)
    if not rows:
        raise MissingData(_("no development commitments or activities are planned."))
    table_rows, styles = [], []
    for commitment in rows:
        if commitment.title:
            label = commitment.title
            if commitment.municipality_wide:
                label += " " + _("(municipality-wide)")
            table_rows.append([label, commitment.status or "-", commitment.comment])
            styles.append("section")
        for activity in commitment.activities:
            table_rows.append([activity.activity, activity.status or "-", activity.comment])
            styles.append("")
    return [
        Table(
            caption=_("Development commitments and activities, {occasion}").format(occasion=context.occasion.name),
            header=[[Cell(_("Commitment / activity")), Cell(_("Status")), Cell(_("Comment"))]],
            rows=table_rows,
            numeric=[False, False, False],
            row_styles=styles,
            widths=[42, 16, 42],
        )
    ]
