"""Writing cases: register (taking the next diarienummer of the committee's series), update, move the status on,
delete. Each asks the policy first and leaves an audit entry."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digipuff.core import audit, policy
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version
from digipuff.meetings.choices import CaseStatus
from digipuff.meetings.models import Case, CaseEvent, CaseSeries
from digipuff.organisation.models import OrgUnit
from digipuff.reports.models import Report

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_PATTERN = "{committee}-{year}/{number}"


def render_diarienummer(*, committee: OrgUnit, year: int, number: int) -> str:
    """The registry number by the municipality's pattern (setting DIGIPUFF_CASE_NUMBER_PATTERN), with the fields
    committee (its code), year and number, e.g. "{committee}-{year}/{number}" gives SN-2019/149."""
    pattern = getattr(settings, "DIGIPUFF_CASE_NUMBER_PATTERN", DEFAULT_PATTERN)
    try:
        return pattern.format(committee=committee.code, year=year, number=number)
    except (KeyError, IndexError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"DIGIPUFF_CASE_NUMBER_PATTERN {pattern!r} is not a valid pattern ({exc}); it may use "
            "{committee}, {year} and {number}."
        ) from exc


def _locked_series(*, committee: OrgUnit, year: int) -> CaseSeries:
    """The committee-year's series row, locked until the caller's transaction ends; created when first needed.

    Two first registrations of a year may both find no row: the second insert then fails on the unique constraint
    (on PostgreSQL after waiting for the first to commit) and takes the winner's row, locked, instead."""
    series = CaseSeries.objects.select_for_update().filter(committee=committee, year=year).first()
    if series is not None:
        return series
    try:
        with transaction.atomic():
            return CaseSeries.objects.create(committee=committee, year=year)
    except IntegrityError:
        return CaseSeries.objects.select_for_update().get(committee=committee, year=year)


def _check_fields(*, committee: OrgUnit, title: str, report: Report | None) -> None:
    if not title.strip():
        raise ValidationError({"title": _("Give the case a title.")})
    if report is not None and report.committee_id != committee.pk:
        raise ValidationError({"report": _("The report belongs to another committee.")})


def case_register(
    *,
    actor: User | None,
    committee: OrgUnit,
    year: int,
    title: str,
    officer: User | None = None,
    officer_name: str = "",
    report: Report | None = None,
    registered_on: date | None = None,
    number: int | None = None,
) -> Case:
    """Register a case and give it the next number of the committee's series for the year.

    `number` registers a case the diarium has already numbered (bringing existing cases in): it must lie above every
    number the series has given, so that no number is ever given twice."""
    if actor is not None:
        policy.require(actor, Action.EDIT, committee)
    if committee.kind != "committee":
        raise ValidationError(
            _("{name} is not a committee; cases are registered per committee.").format(name=committee.name)
        )
    _check_fields(committee=committee, title=title, report=report)
    with transaction.atomic(), audit.acting_as(actor):
        series = _locked_series(committee=committee, year=year)
        if number is None:
            number = series.last_number + 1
        elif number <= series.last_number:
            raise ValidationError(
                {
                    "number": _("Number {number} cannot be given: the series {year} has reached {last}.").format(
                        number=number, year=year, last=series.last_number
                    )
                }
            )
        series.last_number = number
        series.save(update_fields=["last_number"])
        case = Case.objects.create(
            committee=committee,
            year=year,
            number=number,
            diarienummer=render_diarienummer(committee=committee, year=year, number=number),
            title=title.strip(),
            officer=officer,
            officer_name=officer_name.strip(),
            report=report,
            registered_on=registered_on or timezone.localdate(),
            updated_by=actor,
        )
        CaseEvent.objects.create(case=case, status=CaseStatus.REGISTERED, at=timezone.now(), by=actor)
    return case


def case_update(
    *,
    actor: User | None,
    case: Case,
    expected_version: int | None,
    title: str,
    officer: User | None,
    officer_name: str,
    report: Report | None,
) -> Case:
    """Change a case's title, handläggare or report; its number never changes."""
    if actor is not None:
        policy.require(actor, Action.EDIT, case)
    _check_fields(committee=case.committee, title=title, report=report)
    with transaction.atomic(), audit.acting_as(actor):
        check_version(case, expected_version=expected_version, actor=actor)
        case.title = title.strip()
        case.officer = officer
        case.officer_name = officer_name.strip()
        case.report = report
        case.save()
    return case


def case_status_change(
    *, actor: User | None, case: Case, status: str, expected_version: int | None, note: str = ""
) -> Case:
    """Move a case to its next status (registrerat → under beredning → beslutat → delgivet), recording the step."""
    if actor is not None:
        policy.require(actor, Action.EDIT, case)
    with transaction.atomic(), audit.acting_as(actor):
        check_version(case, expected_version=expected_version, actor=actor)
        following = CaseStatus.following(case.status)
        if following is None:
            raise ValidationError(
                {
                    "status": _("The case is done ({current}); its status cannot change any more.").format(
                        current=CaseStatus(case.status).label
                    )
                }
            )
        if status != following:
            raise ValidationError(
                {
                    "status": _("A case with status {current} can only move on to {next}.").format(
                        current=CaseStatus(case.status).label, next=following.label
                    )
                }
            )
        case.status = status
        case.save()
        CaseEvent.objects.create(case=case, status=status, at=timezone.now(), by=actor, note=note.strip())
    return case


def case_delete(*, actor: User | None, case: Case) -> None:
    """Remove a case registered by mistake; its number stays used (the series never goes back)."""
    if actor is not None:
        policy.require(actor, Action.ADMINISTER, case)
    with transaction.atomic(), audit.acting_as(actor):
        case.delete()
