"""Report sections of the internal control module: risks with their actions, review actions and systematic
controls; the plan for following up private providers; the competition-testing plan."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digipuff.core.document import Block, Cell, Heading, Table
from digipuff.core.sections import Context, MissingData, Section, missing, p, section_kind
from digipuff.internal_control.selectors import FollowUpTableRow, RiskTableRow, follow_up_tables, risk_table


def _follow_ups(context: Context) -> dict[str, list[FollowUpTableRow]]:
    tables: dict[str, list[FollowUpTableRow]] = context.cached(
        "internal_control:follow_ups",
        lambda: follow_up_tables(committee=context.committee, year=context.year, occasion=context.occasion),
    )
    return tables


def _follow_up_table(caption: str, first: str, rows: list[FollowUpTableRow]) -> Table:
    detail_labels: list[str] = []
    for row in rows:
        for label, _value in row.details:
            if label not in detail_labels:
                detail_labels.append(label)
    body = []
    for row in rows:
        details = dict(row.details)
        body.append(
            [
                row.title,
                *[details.get(label, "") for label in detail_labels],
                row.responsible,
                row.status or "-",
                row.comment,
            ]
        )
    columns = [first, *detail_labels, _("Responsible"), _("Status"), _("Comment")]
    width = 100 // len(columns)
    return Table(
        caption=caption,
        header=[[Cell(c) for c in columns]],
        rows=body,
        numeric=[False] * len(columns),
        row_styles=[""] * len(body),
        widths=[width] * len(columns),
    )


@section_kind("internal_control", gettext_lazy("Internal control: risks, review actions and systematic controls"))
def internal_control(context: Context, section: Section) -> list[Block]:
    risks = risk_table(committee=context.committee, year=context.year, occasion=context.occasion)
    tables = _follow_ups(context)
    if not risks and not any(tables.get(k) for k in ("review_actions", "controls")):
        raise MissingData(_("no risks, review actions or controls are planned for {year}.").format(year=context.year))
    blocks: list[Block] = []
    level = section.level + 1
    blocks.append(Heading(_("Risk-reducing actions"), level))
    if risks:
        by_goal: dict[str, list[RiskTableRow]] = defaultdict(list)
        for row in risks:
            by_goal[row.goal].append(row)
        for goal, rows in by_goal.items():
            body, styles, last = [], [], None
            for row in rows:
                first = row.risk != last
                body.append(
                    [
                        row.risk if first else "",
                        str(row.risk_value) if first else "",
                        row.action or "-",
                        row.responsible,
                        row.status or "-",
                        row.comment,
                    ]
                )
                styles.append("")
                last = row.risk
            blocks.append(
                Table(
                    caption=_("Risks and actions: {goal}").format(goal=goal),
                    header=[
                        [
                            Cell(_("Risk")),
                            Cell(_("Risk value")),
                            Cell(_("Action")),
                            Cell(_("Responsible")),
                            Cell(_("Status")),
                            Cell(_("Comment")),
                        ]
                    ],
                    rows=body,
                    numeric=[False, True, False, False, False, False],
                    row_styles=styles,
                    widths=[24, 7, 22, 13, 11, 23],
                )
            )
        blocks.append(p(_("Risk value = probability × consequence, each 1–4; risks from 9 are prioritised."), "note"))
    else:
        blocks.append(missing(_("no prioritised risks.")))
    reviews = tables.get("review_actions") or []
    if reviews:
        blocks.append(Heading(_("Actions on recommendations from audit or other external review"), level))
        blocks.append(_follow_up_table(_("Actions on review recommendations"), _("Action"), reviews))
    controls = tables.get("controls") or []
    if controls:
        blocks.append(Heading(_("Systematic controls"), level))
        blocks.append(_follow_up_table(_("Systematic controls"), _("Control"), controls))
    return blocks


@section_kind("provider_followup", gettext_lazy("Plan for follow-up of private providers"))
def provider_followup(context: Context, section: Section) -> list[Block]:
    rows = _follow_ups(context).get("provider_follow_ups") or []
    if not rows:
        raise MissingData(_("no follow-ups of private providers are planned."))
    return [_follow_up_table(_("Follow-up of private providers"), _("Agreement"), rows)]


@section_kind("competition_testing", gettext_lazy("Competition-testing plan"))
def competition_testing(context: Context, section: Section) -> list[Block]:
    rows = _follow_ups(context).get("competition_tests") or []
    if not rows:
        raise MissingData(_("no competition tests are planned."))
    return [_follow_up_table(_("Competition-testing plan"), _("Operation"), rows)]
