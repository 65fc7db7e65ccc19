"""The golden thread page and the goal forms (texts and assessments)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from digipuff.core import deletion, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.middleware import remember_year
from digipuff.core.web import committee_or_404, delete_page, form_response, safe_next
from digipuff.goals import selectors, services
from digipuff.goals.forms import AssessmentForm, CommitteeGoalTextsForm
from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.models import ReportOccasion


def chosen_occasion(request: HttpRequest, year: int) -> tuple[ReportOccasion | None, list[ReportOccasion]]:
    """The occasion asked for (?occasion=), else the one every page opens on (`org_selectors.default_occasion`)."""
    occasions = list(org_selectors.occasions(year))
    return org_selectors.chosen_occasion(occasions, request.GET.get("occasion")), occasions


@login_required
def thread(request: HttpRequest, code: str, year: int) -> HttpResponse:
    committee = committee_or_404(code, climb=True)  # a unit's golden thread is its committee's
    policy.require(request.user, Action.VIEW, committee)
    remember_year(request, year)
    occasion, occasions = chosen_occasion(request, year)
    golden = selectors.golden_thread(committee=committee, year=year, occasion=occasion)
    return render(
        request,
        "goals/thread.html",
        {
            "unit": committee,
            "breadcrumbs": org_selectors.ancestors(committee),
            "year": year,
            "thread": golden,
            "occasion": occasion,
            "occasions": occasions,
            "may_edit": policy.allows(request.user, Action.EDIT, committee),
        },
    )


def _committee_goal(pk: int, user: policy.AnyUser) -> CommitteeGoal:
    """The committee goal, or 404 also when the user may not view it (its existence is not disclosed)."""
    committee_goal = get_object_or_404(CommitteeGoal.objects.select_related("goal", "goal__level", "committee"), pk=pk)
    if not policy.allows(user, Action.VIEW, committee_goal):
        raise Http404(_("The goal does not exist."))
    return committee_goal


@login_required
def assess(request: AuthenticatedRequest, pk: int, occasion_pk: int) -> HttpResponse:
    committee_goal = _committee_goal(pk, request.user)
    occasion = get_object_or_404(ReportOccasion.objects.select_related("year"), pk=occasion_pk)
    policy.require(request.user, Action.EDIT, committee_goal)
    record = GoalAssessment.objects.filter(committee_goal=committee_goal, occasion=occasion).first()
    proposal = selectors.proposed_assessment(committee_goal=committee_goal, occasion=occasion)
    if request.method == "POST":
        form = AssessmentForm(request.POST)
    else:
        form = AssessmentForm(
            initial={
                "version": record.version if record else None,
                "assessment": record.assessment if record else proposal.assessment,
                "analysis": record.analysis if record else "",
                "reason": record.reason if record else "",
            }
        )

    def saved(_result: object) -> HttpResponse:
        messages.success(request, _("The assessment of {goal} was saved.").format(goal=committee_goal.goal))
        url = reverse("goals:thread", kwargs={"code": committee_goal.committee.code, "year": occasion.year.year})
        return redirect(f"{url}?occasion={occasion.pk}#goal-{committee_goal.goal_id}")

    return form_response(
        request,
        form,
        lambda data: services.goal_assessment_set(
            actor=request.user,
            committee_goal=committee_goal,
            occasion=occasion,
            expected_version=data["version"],
            assessment=data["assessment"],
            analysis=data["analysis"],
            reason=data["reason"],
        ),
        template="goals/assess.html",
        context={
            "unit": committee_goal.committee,
            "breadcrumbs": org_selectors.ancestors(committee_goal.committee),
            "committee_goal": committee_goal,
            "occasion": occasion,
            "proposal": proposal,
            "record": record,
        },
        on_success=saved,
    )


@login_required
def texts(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    committee_goal = _committee_goal(pk, request.user)
    policy.require(request.user, Action.EDIT, committee_goal)
    if request.method == "POST":
        form = CommitteeGoalTextsForm(request.POST)
    else:
        form = CommitteeGoalTextsForm(
            initial={
                "version": committee_goal.version,
                "interpretation": committee_goal.interpretation,
                "special_priority": committee_goal.special_priority,
            }
        )

    def saved(_result: object) -> HttpResponse:
        messages.success(request, _("The texts of {goal} were saved.").format(goal=committee_goal.goal))
        url = reverse("goals:thread", kwargs={"code": committee_goal.committee.code, "year": committee_goal.goal.year})
        return redirect(f"{url}#goal-{committee_goal.goal_id}")

    return form_response(
        request,
        form,
        lambda data: services.committee_goal_texts_set(
            actor=request.user,
            committee_goal=committee_goal,
            expected_version=data["version"],
            interpretation=data["interpretation"],
            special_priority=data["special_priority"],
        ),
        template="goals/texts.html",
        context={
            "unit": committee_goal.committee,
            "breadcrumbs": org_selectors.ancestors(committee_goal.committee),
            "committee_goal": committee_goal,
            "may_delete_goal": policy.allows(request.user, Action.ADMINISTER, committee_goal.goal),
        },
        on_success=saved,
    )


@login_required
def goal_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete a goal with what hangs on it, after a confirmation (administrators of the goal's owner)."""
    goal = get_object_or_404(Goal.objects.select_related("owner", "level"), pk=pk)
    if not policy.allows(request.user, Action.VIEW, goal):
        raise Http404(_("The goal does not exist."))
    policy.require(request.user, Action.ADMINISTER, goal)
    back = safe_next(request, reverse("organisation:unit", args=[goal.owner.code]))
    return delete_page(
        request,
        deletion=deletion.plan(goal, scope=services.goal_scope(goal)),
        delete=lambda version: services.goal_delete(actor=request.user, goal=goal, expected_version=version),
        cancel_url=back,
        done_url=back,
        context={"unit": goal.owner, "breadcrumbs": org_selectors.ancestors(goal.owner), "next": back},
    )
