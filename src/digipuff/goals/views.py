"""The golden thread page and the goal forms (texts and assessments)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import audit, deletion, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.importing import ImportFailed
from digipuff.core.middleware import remember_year
from digipuff.core.web import (
    committee_or_404,
    delete_page,
    form_response,
    run_with_messages,
    safe_next,
    unit_or_404,
)
from digipuff.goals import selectors, services
from digipuff.goals.choices import LevelOwner
from digipuff.goals.forms import (
    AdoptForm,
    AssessmentForm,
    CommitteeGoalTextsForm,
    GoalForm,
    GoalMoveForm,
    GoalRetireForm,
    GoalsImportForm,
)
from digipuff.goals.importers.structure import export_structure, import_structure
from digipuff.goals.models import CommitteeGoal, Goal, GoalAssessment, GoalLevel
from digipuff.indicators.models import Measure
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.choices import OrgUnitKind
from digipuff.organisation.models import OrgUnit, ReportOccasion

# A goals page shows every measure's table when the thread has at most this many measures; a larger committee's
# page shows the goals and loads a goal's measures when the reader opens them (htmx), so the page stays small.
INLINE_MEASURES = 24


def chosen_occasion(request: HttpRequest, year: int) -> tuple[ReportOccasion | None, list[ReportOccasion]]:
    """The occasion asked for (?occasion=), else the one every page opens on (`org_selectors.default_occasion`)."""
    occasions = list(org_selectors.occasions(year))
    return org_selectors.chosen_occasion(occasions, request.GET.get("occasion")), occasions


@login_required
def thread(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = unit_or_404(code)
    if unit.kind in (OrgUnitKind.COUNCIL, OrgUnitKind.EXECUTIVE_BOARD):
        return _council_goals(request, unit, year)
    committee = committee_or_404(code, climb=True)  # a unit's golden thread is its committee's
    policy.require(request.user, Action.VIEW, committee)
    remember_year(request, year)
    occasion, occasions = chosen_occasion(request, year)
    golden = selectors.golden_thread(committee=committee, year=year, occasion=occasion, summaries_up_to=INLINE_MEASURES)
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
            "may_administer": policy.allows(request.user, Action.ADMINISTER, committee),
        },
    )


def _council_goals(request: HttpRequest, unit: OrgUnit, year: int) -> HttpResponse:
    """The council's (and the board's) goals page: every council goal (KF-mål) with the committees' goals that derive
    from it and their assessments at the occasion, and a proposed overall assessment. Opens on the latest occasion
    at which a goal was assessed."""
    policy.require(request.user, Action.VIEW, unit)
    remember_year(request, year)
    occasions = list(org_selectors.occasions(year))
    occasion = org_selectors.chosen_occasion(occasions, request.GET.get("occasion"))
    if not request.GET.get("occasion"):
        occasion = selectors.latest_assessed_occasion(occasions) or occasion
    return render(
        request,
        "goals/council.html",
        {
            "unit": unit,
            "breadcrumbs": org_selectors.ancestors(unit),
            "year": year,
            "council": selectors.council_goals(user=request.user, year=year, occasion=occasion),
            "occasion": occasion,
            "occasions": occasions,
        },
    )


@login_required
def goal_measures(request: HttpRequest, pk: int) -> HttpResponse:
    """One goal's measure table as of the occasion (`?occasion=`): the htmx fragment the goals page loads when the
    goal's measures are opened, or a page of its own without htmx."""
    committee_goal = _committee_goal(pk, request.user)
    occasion, _occasions = chosen_occasion(request, committee_goal.goal.year)
    context = {
        "unit": committee_goal.committee,
        "year": committee_goal.goal.year,
        "node": committee_goal,
        "goal": committee_goal.goal,
        "occasion": occasion,
        "summaries": selectors.goal_measures(committee_goal=committee_goal, occasion=occasion),
    }
    template = "goals/partials/goal_measures.html" if getattr(request, "htmx", False) else "goals/goal_measures.html"
    return render(request, template, context)


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


# -- setting up the year's goals ----------------------------------------------------------------------------------


def _setup_url(committee: Any, year: int, goal_pk: int | None = None) -> str:
    url = reverse("goals:setup", kwargs={"code": committee.code, "year": year})
    return f"{url}#goal-{goal_pk}" if goal_pk else url


def _setup_committee(request: AuthenticatedRequest, code: str, year: int) -> Any:
    """The committee of a set-up page; its administrators (and the council's) set up its goals."""
    committee = committee_or_404(code)
    policy.require(request.user, Action.ADMINISTER, committee)
    remember_year(request, year)
    return committee


def _setup_goal(request: AuthenticatedRequest, code: str, year: int, pk: int) -> tuple[Any, Goal]:
    """The committee of a set-up page and a goal of its tree for the year: 404 for a goal elsewhere or one the user
    may not view, 403 for one they may view but not administer (a writer's own committee goal)."""
    committee = committee_or_404(code)
    goal = get_object_or_404(
        Goal.objects.select_related("level", "owner", "parent"),
        pk=pk,
        year=year,
        owner_id__in=selectors.goal_owners(committee),
    )
    if not policy.allows(request.user, Action.VIEW, goal):
        raise Http404(_("The goal does not exist."))
    policy.require(request.user, Action.ADMINISTER, goal.owner)
    return _setup_committee(request, code, year), goal


def _setup_context(request: AuthenticatedRequest, committee: Any, year: int) -> dict[str, Any]:
    return {
        "unit": committee,
        "breadcrumbs": org_selectors.ancestors(committee),
        "year": year,
        "setup": selectors.goal_setup(user=request.user, committee=committee, year=year),
    }


def _tree_or_redirect(request: AuthenticatedRequest, committee: Any, year: int, goal_pk: int | None) -> HttpResponse:
    """After a button on the set-up page: htmx gets the tree again (with the messages), a plain post a redirect."""
    if request.htmx:
        return render(request, "goals/partials/setup_tree.html", _setup_context(request, committee, year))
    return redirect(_setup_url(committee, year, goal_pk))


@login_required
def setup(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    committee = _setup_committee(request, code, year)
    context = _setup_context(request, committee, year)
    context["adopt_form"] = AdoptForm(goals=Goal.objects.filter(pk__in=[g.pk for g in context["setup"].adoptable]))
    context["import_form"] = GoalsImportForm()
    context["measures"] = Measure.objects.filter(owner=committee).order_by("sort_order", "name")
    return render(request, "goals/setup.html", context)


def _levels_for(user: Any, committee: Any, year: int) -> QuerySet[GoalLevel]:
    """The levels the user may add goals at: the council's if they administer the council, the committee's if
    they administer the committee."""
    owners = []
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    if root is not None and policy.allows(user, Action.ADMINISTER, root):
        owners.append(LevelOwner.COUNCIL)
    if policy.allows(user, Action.ADMINISTER, committee):
        owners.append(LevelOwner.COMMITTEE)
    return GoalLevel.objects.filter(year=year, owner__in=owners).order_by("depth")


@login_required
def goal_create(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    committee = _setup_committee(request, code, year)
    levels = _levels_for(request.user, committee, year)
    owners = selectors.goal_owners(committee)
    if request.method == "POST":
        form = GoalForm(request.POST, levels=levels, owners=owners, year=year)
    else:
        initial: dict[str, Any] = {}
        parent = Goal.objects.filter(pk=request.GET.get("parent") or 0, year=year, owner_id__in=owners).first()
        if parent is not None:
            initial["parent"] = parent.pk
            initial["level"] = levels.filter(depth=parent.level.depth + 1).values_list("pk", flat=True).first()
        elif levels:
            initial["level"] = levels.filter(depth=0).values_list("pk", flat=True).first()
        form = GoalForm(initial=initial, levels=levels, owners=owners, year=year)

    def save(data: dict[str, Any]) -> Goal:
        return services.goal_create(
            actor=request.user,
            level=data["level"],
            parent=data["parent"],
            committee=committee,
            code=data["code"],
            title=data["title"],
            description=data["description"],
            sort_order=None,
        )

    def saved(goal: Goal) -> HttpResponse:
        messages.success(request, _("The goal {goal} was added.").format(goal=goal.title))
        return redirect(_setup_url(committee, year, goal.pk))

    context = {
        "unit": committee,
        "breadcrumbs": org_selectors.ancestors(committee),
        "year": year,
        "heading": _("New goal"),
        "cancel_url": _setup_url(committee, year),
        "no_levels": not levels,
    }
    return form_response(request, form, save, template="goals/goal_form.html", context=context, on_success=saved)


@login_required
def goal_edit(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee, goal = _setup_goal(request, code, year, pk)
    owners = [goal.owner_id, *goal.owner.ancestor_ids()]
    levels = GoalLevel.objects.filter(pk=goal.level_id)
    if request.method == "POST":
        form = GoalForm(request.POST, levels=levels, owners=owners, year=year, goal=goal)
    else:
        form = GoalForm(
            initial={
                "version": goal.version,
                "parent": goal.parent_id,
                "code": goal.code,
                "title": goal.title,
                "description": goal.description,
            },
            levels=levels,
            owners=owners,
            year=year,
            goal=goal,
        )

    def save(data: dict[str, Any]) -> Goal:
        return services.goal_update(
            actor=request.user,
            goal=goal,
            expected_version=data["version"],
            parent=data["parent"],
            code=data["code"],
            title=data["title"],
            description=data["description"],
        )

    def saved(result: Goal) -> HttpResponse:
        messages.success(request, _("The goal {goal} was saved.").format(goal=result.title))
        return redirect(_setup_url(committee, year, result.pk))

    context = {
        "unit": committee,
        "breadcrumbs": org_selectors.ancestors(committee),
        "year": year,
        "heading": _("Edit goal"),
        "goal": goal,
        "cancel_url": _setup_url(committee, year, goal.pk),
        "history": audit.history(goal)[:50],
    }
    return form_response(request, form, save, template="goals/goal_form.html", context=context, on_success=saved)


@login_required
@require_POST
def goal_move(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee, goal = _setup_goal(request, code, year, pk)
    run_with_messages(
        request,
        lambda data: services.goal_reorder(
            actor=request.user, goal=goal, expected_version=data["version"], direction=data["direction"]
        ),
        form=GoalMoveForm(request.POST),
        success=_("The goal {goal} was moved.").format(goal=goal.title),
    )
    return _tree_or_redirect(request, committee, year, goal.pk)


@login_required
@require_POST
def goal_retire(request: AuthenticatedRequest, code: str, year: int, pk: int) -> HttpResponse:
    committee, goal = _setup_goal(request, code, year, pk)
    form = GoalRetireForm(request.POST)
    retiring = request.POST.get("retired") in ("1", "true", "on")
    done = _("The goal {goal} was retired.") if retiring else _("The goal {goal} is in use again.")
    run_with_messages(
        request,
        lambda data: services.goal_retire(
            actor=request.user, goal=goal, expected_version=data["version"], retired=data["retired"]
        ),
        form=form,
        success=done.format(goal=goal.title),
    )
    return _tree_or_redirect(request, committee, year, goal.pk)


@login_required
@require_POST
def adopt(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """The committee takes on a council goal of the year (and the goals above it)."""
    committee = _setup_committee(request, code, year)
    choices = Goal.objects.filter(year=year, owner_id__in=committee.ancestor_ids(), retired=False)
    form = AdoptForm(request.POST, goals=choices)
    outcome = run_with_messages(
        request,
        lambda data: services.committee_goal_adopt(actor=request.user, committee=committee, goal=data["goal"]),
        form=form,
    )
    if outcome.saved:
        goal = outcome.value().goal
        messages.success(
            request, _("{committee} has taken on the goal {goal}.").format(committee=committee.name, goal=goal.title)
        )
        return _tree_or_redirect(request, committee, year, goal.pk)
    return _tree_or_redirect(request, committee, year, None)


@login_required
def export(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """The year's goal structure with measures and targets as an Excel file (for those who set it up)."""
    committee = _setup_committee(request, code, year)
    response = HttpResponse(
        export_structure(committee=committee, year=year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="digipuff-mal-{committee.code}-{year}.xlsx"'
    return response


@login_required
def import_page(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """Read a filled-in goal structure file for this committee and year: all of it or nothing, every problem named."""
    committee = _setup_committee(request, code, year)
    problems: list[str] = []
    report = None
    form = GoalsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_structure(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
                committee=committee,
                year=year,
            )
        except ImportFailed as exc:
            problems = [str(problem) for problem in exc.problems]
        else:
            if not form.cleaned_data["dry_run"]:
                messages.success(request, " ".join(report.lines))
                return redirect(_setup_url(committee, year))
    context = {
        "unit": committee,
        "breadcrumbs": org_selectors.ancestors(committee),
        "year": year,
        "form": form,
        "problems": problems,
        "report": report,
    }
    status = 422 if problems or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "goals/import.html", context, status=status)


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
