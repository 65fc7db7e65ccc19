"""The tjänsteutlåtande of a case: creating it (from the case's report, with the report's figures written in and each
figure linked to its source), saving it, and its review (the handläggare marks it ready, the approver approves or
sends it back). Every write asks the policy first, refuses a save based on an old copy and leaves an audit entry.

`statement_pdf(case)` is what the meeting papers (handlingar) take: the statement as tagged PDF, or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version
from digipuff.core.formatting import format_millions, format_percent, format_thousands
from digipuff.core.richtext import sanitise
from digipuff.meetings.choices import StatementStatus
from digipuff.meetings.models import Case, Statement
from digipuff.organisation.models import OrgUnit
from digipuff.reports.choices import ReportType
from digipuff.reports.models import Report

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RICH_FIELDS = ("proposal", "summary", "description", "views")
DEFAULT_RECIPIENTS = ["Kommunstyrelsen"]


# -- the report's figures ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure taken from a report's data: its value as shown, the page it comes from and what that source is."""

    key: str
    value: str
    url: str
    source: str

    def html(self) -> str:
        """The figure as a link to its source page, with the source as a footnote (kept in PDF and Word)."""
        return (
            f'<a href="{escape(self.url)}">{escape(self.value)}</a>'
            f'<sup class="fn" data-note="{escape(self.source)}"></sup>'
        )


def report_figures(report: Report) -> dict[str, Figure]:
    """The figures a tjänsteutlåtande on `report` cites: the budget frame, the opening balanced result (IB eget
    kapital), the forecast deviation with the budget keeping (when a forecast has been entered) and the number of
    committee goals; a figure the committee keeps no data for is left out."""
    from digipuff.economy import selectors as economy
    from digipuff.goals.models import CommitteeGoal

    committee = report.committee
    year = report.occasion.year.year
    figures: dict[str, Figure] = {}
    if economy.has_economy(committee, year):
        month = report.occasion.period_end.month
        data = economy.ledger(committee, year, month)
        keeping = economy.budget_keeping(data)
        url = reverse("economy:overview", args=[committee.code, year])
        if keeping.budget:
            figures["budget"] = Figure(
                "budget",
                format_millions(keeping.budget, 1),
                url,
                _("Source: the economy module, {committee}'s net budget for {year} (driftredovisning).").format(
                    committee=committee.name, year=year
                ),
            )
        figures["opening_equity"] = Figure(
            "opening_equity",
            format_thousands(data.settings.opening_equity),
            reverse("economy:settings", args=[committee.code, year]),
            _("Source: the economy module, opening equity (IB eget kapital) {year}.").format(year=year),
        )
        has_forecast = any(f.forecast is not None for f in data.cells.values())
        if has_forecast and keeping.budget:
            forecast_url = reverse("economy:forecasts", args=[committee.code, year, month])
            figures["deviation"] = Figure(
                "deviation",
                format_millions(keeping.deviation_after_measures, 1),
                forecast_url,
                _("Source: the economy module, forecast for the year after measures, {occasion}.").format(
                    occasion=report.occasion.name
                ),
            )
            figures["budget_keeping"] = Figure(
                "budget_keeping",
                format_percent(keeping.percent, 1),
                forecast_url,
                _("Source: the economy module, budget keeping (forecast deviation / budget), {occasion}.").format(
                    occasion=report.occasion.name
                ),
            )
    goals = CommitteeGoal.objects.filter(committee=committee, goal__year=year).count()
    if goals:
        figures["goals"] = Figure(
            "goals",
            str(goals),
            reverse("goals:thread", args=[committee.code, year]),
            _("Source: the goal tree, {committee}'s committee goals {year}.").format(
                committee=committee.name, year=year
            ),
        )
    return figures


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def prefilled_texts(*, report: Report, administration: str) -> dict[str, str]:
    """The four texts of a statement on `report`, written from the report's figures in the municipality's wording
    (the seed's SN-2019/149): every figure a link to its source with the source as a footnote."""
    figures = report_figures(report)
    committee = escape(report.committee.name)
    title = escape(report.title)
    year = report.occasion.year.year
    admin = escape(administration)
    is_plan = report.report_type in (ReportType.PLAN, ReportType.BUDGET_BASIS)
    proposal = [
        _p(
            _(
                "{committee} approves the administration's proposal for {title} and submits it to the executive board."
            ).format(committee=committee, title=title)
            if is_plan
            else _("{committee} approves {title} and submits it to the executive board.").format(
                committee=committee, title=title
            )
        )
    ]
    summary = [
        _p(
            _("{administration} has prepared {title}.").format(administration=admin, title=title)
            if is_plan
            else _("{administration} has prepared {title}, which follows up the committee's plan.").format(
                administration=admin, title=title
            )
        )
    ]
    description = [_p(_("{committee} is to decide on {title}.").format(committee=committee, title=title))]
    if "goals" in figures:
        description.append(
            _p(
                _("The committee works towards {goals} committee goals in {year}.").format(
                    goals=figures["goals"].html(), year=year
                )
            )
        )
    if "budget" in figures:
        sentence = _p(
            _("{committee}'s budget frame for {year} is {amount} million kronor.").format(
                committee=committee, year=year, amount=figures["budget"].html()
            )
        )
        summary.append(sentence)
        description.append(sentence)
    if "opening_equity" in figures:
        amount = figures["opening_equity"].html()
        if is_plan:
            proposal.append(
                _p(
                    _(
                        "{committee} decides that the committee's opening balanced result for {year} shall be "
                        "{amount} thousand kronor."
                    ).format(committee=committee, year=year, amount=amount)
                )
            )
        description.append(
            _p(
                _("The committee enters {year} with a balanced result of {amount} thousand kronor.").format(
                    year=year, amount=amount
                )
            )
        )
    if "deviation" in figures:
        sentence = _p(
            _(
                "The forecast for the year, after measures, shows a deviation from the budget of {amount} million "
                "kronor, a budget keeping of {share}."
            ).format(amount=figures["deviation"].html(), share=figures["budget_keeping"].html())
        )
        summary.append(sentence)
        description.append(sentence)
    views = [
        _p(
            _("In the attached {title} the administration gives its proposal for the year {year}.").format(
                title=title, year=year
            )
        )
    ]
    return {
        "proposal": sanitise("".join(proposal)),
        "summary": sanitise("".join(summary)),
        "description": sanitise("".join(description)),
        "views": sanitise("".join(views)),
    }


def default_administration(committee: OrgUnit) -> str:
    """The förvaltning that prepares the committee's cases: the administration directly under the committee."""
    child = OrgUnit.objects.filter(parent=committee, kind="administration").order_by("name").first()
    return child.name if child is not None else committee.name


# -- writes ----------------------------------------------------------------------------------------------------------


def _clean_people(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        {"name": row.get("name", "").strip(), "title": row.get("title", "").strip()}
        for row in rows
        if row.get("name", "").strip()
    ]


def _clean_lines(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


@transaction.atomic
def statement_create(
    *,
    actor: User | None,
    case: Case,
    from_report: bool = True,
    dated: date | None = None,
    administration: str = "",
) -> Statement:
    """Start the case's tjänsteutlåtande: the handläggare of the case, today's date, the committee's förvaltning and,
    when the case concerns a report and `from_report`, texts written from the report's figures."""
    if actor is not None:
        policy.require(actor, Action.EDIT, case)
    if Statement.objects.filter(case=case).exists():
        raise ValidationError(_("The case {number} already has an officer's report.").format(number=case.diarienummer))
    administration = administration.strip() or default_administration(case.committee)
    report = case.report if from_report else None
    texts = prefilled_texts(report=report, administration=administration) if report is not None else {}
    attachments: list[str] = []
    with audit.acting_as(actor):
        statement = Statement(
            case=case,
            administration=administration,
            dated=dated or timezone.localdate(),
            officer=case.officer,
            officer_name=case.officer_name,
            source_report=report,
            attach_report=case.report is not None,
            attachments=attachments,
            recipients=list(DEFAULT_RECIPIENTS),
            updated_by=actor,
            **texts,
        )
        statement.full_clean()
        statement.save()
    return statement


def _refuse_when_decided(statement: Statement) -> None:
    # The committee has decided on the case: what it decided on stays as it was.
    from digipuff.meetings.choices import CaseStatus

    if statement.case.status in (CaseStatus.DECIDED, CaseStatus.NOTIFIED):
        raise ValidationError(_("The case has been decided; its officer's report can no longer change."))


@transaction.atomic
def statement_save(
    *,
    actor: User | None,
    statement: Statement,
    expected_version: int | None,
    administration: str,
    dated: date,
    officer: User | None,
    officer_name: str,
    officer_title: str,
    officer_email: str,
    proposal: str,
    summary: str,
    description: str,
    views: str,
    signatories: list[dict[str, str]],
    attachments: list[str],
    attach_report: bool,
    recipients: list[str],
) -> Statement:
    """Save the statement as written. A ready or approved statement that changes goes back to draft: what was
    approved is never silently something else."""
    if actor is not None:
        policy.require(actor, Action.EDIT, statement)
    _refuse_when_decided(statement)
    if not administration.strip():
        raise ValidationError({"administration": _("Name the administration.")})
    with audit.acting_as(actor):
        check_version(statement, expected_version=expected_version, actor=actor)
        before = _content(statement)
        statement.administration = administration.strip()
        statement.dated = dated
        statement.officer = officer
        statement.officer_name = officer_name.strip()
        statement.officer_title = officer_title.strip()
        statement.officer_email = officer_email.strip()
        statement.proposal = sanitise(proposal)
        statement.summary = sanitise(summary)
        statement.description = sanitise(description)
        statement.views = sanitise(views)
        statement.signatories = _clean_people(signatories)
        statement.attachments = _clean_lines(attachments)
        statement.attach_report = attach_report
        statement.recipients = _clean_lines(recipients)
        if _content(statement) != before and statement.status != StatementStatus.DRAFT:
            statement.status = StatementStatus.DRAFT
            statement.approved_by = None
            statement.approved_at = None
        statement.full_clean()
        statement.save()
    return statement


def _content(statement: Statement) -> tuple[Any, ...]:
    return (
        statement.administration,
        statement.dated,
        statement.officer_id,
        statement.officer_name,
        statement.officer_title,
        statement.officer_email,
        *(getattr(statement, name) for name in RICH_FIELDS),
        statement.signatories,
        statement.attachments,
        statement.attach_report,
        statement.recipients,
    )


@transaction.atomic
def statement_set_status(
    *,
    actor: User | None,
    statement: Statement,
    status: str,
    expected_version: int | None,
    comment: str = "",
) -> Statement:
    """The review: the writer marks a draft ready (EDIT); the approver approves a ready statement or sends it back to
    draft with a comment (APPROVE)."""
    _refuse_when_decided(statement)
    current = statement.status
    if status == StatementStatus.READY:
        if actor is not None:
            policy.require(actor, Action.EDIT, statement)
        if current != StatementStatus.DRAFT:
            raise ValidationError(_("Only a draft can be marked ready for review."))
        if not statement.proposal.strip():
            raise ValidationError(_("Write the proposed decision before marking the statement ready."))
    elif status == StatementStatus.APPROVED:
        if actor is not None:
            policy.require(actor, Action.APPROVE, statement)
        if current != StatementStatus.READY:
            raise ValidationError(_("Only a statement ready for review can be approved."))
    elif status == StatementStatus.DRAFT:
        if actor is not None:
            policy.require(actor, Action.APPROVE, statement)
        if current == StatementStatus.DRAFT:
            raise ValidationError(_("The statement is already a draft."))
        if not comment.strip():
            raise ValidationError({"comment": _("Say what needs to change when sending the statement back.")})
    else:
        raise ValidationError(_("There is no such status."))
    with audit.acting_as(actor):
        check_version(statement, expected_version=expected_version, actor=actor)
        statement.status = status
        statement.return_comment = comment.strip() if status == StatementStatus.DRAFT else ""
        if status == StatementStatus.APPROVED:
            statement.approved_by = actor
            statement.approved_at = timezone.now()
        else:
            statement.approved_by = None
            statement.approved_at = None
        statement.full_clean()
        statement.save()
    return statement


# -- for the meeting papers ------------------------------------------------------------------------------------------


def statement_pdf(case: Case) -> bytes | None:
    """The case's tjänsteutlåtande as tagged PDF (PDF/UA-1), or None when the case has none."""
    statement = Statement.objects.filter(case=case).select_related("case", "case__committee", "officer").first()
    if statement is None:
        return None
    from digipuff.meetings.statement_print import render_pdf

    return render_pdf(statement)
