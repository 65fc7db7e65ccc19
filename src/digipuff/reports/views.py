"""Pages of the reports module: list per committee and year, the report (web rendering, status, downloads), the text
editor with the figures beside it, progress, "Mina texter", template administration and the decision form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digipuff.core import deletion, policy
from digipuff.core.choices import Action
from digipuff.core.http import AuthenticatedRequest
from digipuff.core.middleware import remember_year
from digipuff.core.richtext import sanitise
from digipuff.core.sections import MissingData
from digipuff.core.web import (
    delete_page,
    form_errors_text,
    form_response,
    run_service,
    run_with_messages,
    unit_or_404,
)
from digipuff.organisation import selectors as org_selectors
from digipuff.organisation.choices import OrgUnitKind
from digipuff.reports import forms, renderers, selectors, services, tasks
from digipuff.reports.choices import Status
from digipuff.reports.models import Report, ReportTemplate, ReportText, TemplateSection
from digipuff.reports.renderers.html import render_body, stylesheet_source, toc


def _report(request: HttpRequest, pk: int) -> Report:
    report = selectors.report_get(user=request.user, pk=pk)
    if report is None:
        raise Http404
    return report


def _text(request: HttpRequest, pk: int) -> ReportText:
    text = get_object_or_404(
        ReportText.objects.select_related("report", "report__committee", "report__occasion", "section", "writer"),
        pk=pk,
    )
    if not policy.allows(request.user, Action.VIEW, text):  # not disclosed, as for a text that does not exist
        raise Http404
    return text


@login_required
def report_list(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    unit = unit_or_404(code)
    policy.require(request.user, Action.VIEW, unit)
    remember_year(request, year)
    may_create = policy.allows(request.user, Action.ADMINISTER, unit) and unit.kind == OrgUnitKind.COMMITTEE
    if request.method == "POST" and not may_create:
        raise PermissionDenied
    form = forms.ReportCreateForm(request.POST if request.method == "POST" else None) if may_create else None

    def created(report: Report) -> HttpResponse:
        messages.success(request, _("{report} was created.").format(report=report))
        return redirect("reports:detail", pk=report.pk)

    context = {
        "unit": unit,
        "year": year,
        "reports": selectors.reports_for(user=request.user, committee=unit, year=year),
        "breadcrumbs": org_selectors.ancestors(unit),
    }
    if form is None:
        return render(request, "reports/list.html", {**context, "form": None})
    return form_response(
        request,
        form,
        lambda data: services.report_create(
            actor=request.user,
            committee=unit,
            report_type=data["report_type"],
            year=year,
            deadline=data["deadline"],
        ),
        template="reports/list.html",
        context=context,
        on_success=created,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    document = selectors.build_document(report)
    texts = list(selectors.texts_of(report))
    today = timezone.localdate()
    may_administer = policy.allows(request.user, Action.ADMINISTER, report) and not report.is_frozen
    return render(
        request,
        "reports/detail.html",
        {
            "unit": report.committee,
            "breadcrumbs": org_selectors.ancestors(report.committee),
            "report": report,
            "snapshot": getattr(report, "snapshot", None) if report.is_frozen else None,
            "freezing": None if report.is_frozen else tasks.report_freezing(report),
            "body": render_body(document),
            "toc": toc(document),
            "texts": texts,
            "progress": selectors.progress(texts, today=today),
            "may_edit": policy.allows(request.user, Action.EDIT, report) and not report.is_frozen,
            "may_approve": policy.allows(request.user, Action.APPROVE, report) and not report.is_frozen,
            "may_administer": may_administer,
            "status_form": forms.ReportStatusForm(initial={"version": report.version}),
            "transitions": services.report_transitions(request.user, report, texts),
            "empty_texts": services.empty_texts(texts) if not report.is_frozen else [],
            "bulk_form": _bulk_form(report, texts) if may_administer else None,
            "Status": Status,
        },
    )


def _writers(report: Report) -> Any:
    """Who may be given a text of the report: the users with a role on its committee or above."""
    return (
        get_user_model()
        .objects.filter(role_assignments__unit_id__in=[*report.committee.ancestor_ids(), report.committee_id])
        .distinct()
        .order_by("username")
    )


def _bulk_form(report: Report, texts: list[ReportText], data: dict | None = None) -> forms.BulkAssignForm:
    return forms.BulkAssignForm(
        data,
        groups=selectors.text_groups(report, texts),
        writers=_writers(report),
        initial={"seen": services.texts_fingerprint(texts), "group": "all"},
    )


@login_required
@require_POST
def assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Bulk assignment: one writer and deadline for all texts, a section's or a goal owner's (administrators)."""
    report = _report(request, pk)
    policy.require(request.user, Action.ADMINISTER, report)
    texts = list(selectors.texts_of(report))
    groups = {g.key: g for g in selectors.text_groups(report, texts)}
    form = _bulk_form(report, texts, request.POST)
    outcome = run_with_messages(
        request,
        lambda data: services.texts_assign_bulk(
            actor=request.user,
            report=report,
            texts=groups[data["group"]].texts,
            writer=data["writer"],
            deadline=data["deadline"],
            seen=data["seen"],
        ),
        form=form,
    )
    if outcome.saved:
        assigned = outcome.value()
        writer = form.cleaned_data["writer"]
        messages.success(
            request,
            _("{count} texts were given to {writer}.").format(
                count=len(assigned), writer=(writer.get_full_name() or writer.username) if writer else _("nobody")
            ),
        )
    return redirect(reverse("reports:detail", args=[report.pk]) + "#texts")


@login_required
@require_POST
def apply_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Bring a report that is not decided up to date with its template (administrators)."""
    report = _report(request, pk)
    policy.require(request.user, Action.ADMINISTER, report)
    outcome = run_with_messages(
        request,
        lambda data: services.report_apply_template(
            actor=request.user, report=report, expected_version=data["version"]
        ),
        form=forms.VersionOnlyForm(request.POST),
    )
    if outcome.saved:
        applied = outcome.value()
        parts = [_("The template was applied.")]
        if applied.added:
            parts.append(_("Added: {names}.").format(names=", ".join(applied.added)))
        if applied.removed:
            parts.append(_("Removed (nothing was written in them): {names}.").format(names=", ".join(applied.removed)))
        if applied.kept:
            parts.append(
                _("Kept although the template no longer has them, as they have text: {names}.").format(
                    names=", ".join(applied.kept)
                )
            )
        if not (applied.added or applied.removed or applied.kept):
            parts.append(_("The report already followed it."))
        messages.success(request, " ".join(parts))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def text_applicable(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark a text not applicable for this occasion, or applicable again (administrators)."""
    text = _text(request, pk)
    policy.require(request.user, Action.ADMINISTER, text)
    form = forms.ApplicableForm(request.POST)
    outcome = run_with_messages(
        request,
        lambda data: services.text_set_applicable(
            actor=request.user, text=text, applicable=data["applicable"], expected_version=data["version"]
        ),
        form=form,
    )
    if outcome.saved:
        changed = outcome.value()
        message = (
            _("{text} is not applicable: it is left out of the report.")
            if changed.not_applicable
            else _("{text} is applicable again.")
        )
        messages.success(request, message.format(text=changed.title))
    return redirect(reverse("reports:detail", args=[text.report_id]) + "#texts")


@login_required
def delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete a report that is not decided (administrators of the committee), after a confirmation."""
    report = _report(request, pk)
    policy.require(request.user, Action.ADMINISTER, report)
    return delete_page(
        request,
        deletion=deletion.plan(report, scope=services.report_scope(report)),
        delete=lambda version: services.report_delete(actor=request.user, report=report, expected_version=version),
        cancel_url=reverse("reports:detail", args=[report.pk]),
        done_url=reverse("reports:list", args=[report.committee.code, report.year]),
        context={"unit": report.committee, "breadcrumbs": org_selectors.ancestors(report.committee)},
    )


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    if fmt not in renderers.FORMATS:
        raise Http404
    try:
        data = renderers.render(report, fmt)
    except renderers.FrozenFileDamaged:
        # 503, not 500 (no bug to chase: the stored file was changed) nor 4xx (the request is right): the file is
        # unavailable until the operators, alerted by the critical log entry, restore it from backup.
        return render(request, "reports/damaged.html", {"report": report}, status=503)
    response = HttpResponse(data, content_type=renderers.FORMATS[fmt])
    if fmt == "html":
        # The standalone page carries its stylesheet inline; the policy allows exactly that stylesheet, by its hash.
        response._csp_update = {"style-src": [stylesheet_source()]}  # type: ignore[attr-defined]
    name = slugify(f"{report.committee.code} {report.title}") + f".{fmt}"
    disposition = "inline" if fmt in ("pdf", "html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@login_required
@require_POST
def report_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    outcome = run_with_messages(
        request,
        lambda data: services.report_set_status(
            actor=request.user,
            report=report,
            status=data["status"],
            comment=data["comment"],
            expected_version=data["version"],
        ),
        form=forms.ReportStatusForm(request.POST),
    )
    if outcome.saved:
        messages.success(
            request,
            _("The report is now: {status}.").format(status=Status(outcome.value().status).label.lower()),
        )
    return redirect("reports:detail", pk=report.pk)


@login_required
def freeze(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    policy.require(request.user, Action.ADMINISTER, report)
    form = forms.FreezeForm(request.POST or None, initial={"version": report.version})
    return form_response(
        request,
        form,
        lambda data: tasks.report_freeze_start(
            actor=request.user, report=report, decided_on=data["decided_on"], case_number=data["case_number"]
        ),
        template="reports/freeze.html",
        context={"unit": report.committee, "breadcrumbs": org_selectors.ancestors(report.committee), "report": report},
        on_success=lambda run: redirect("core:task", pk=run.pk),
    )


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    texts = list(selectors.texts_of(report))
    today = timezone.localdate()
    writers: dict[str, list[ReportText]] = {}
    for text in texts:
        name = (text.writer.get_full_name() or text.writer.username) if text.writer else _("Not assigned")
        writers.setdefault(name, []).append(text)
    rows = [(name, selectors.progress(items, today=today)) for name, items in sorted(writers.items())]
    late = {t.pk for t in texts if selectors.is_late(t, today)}
    return render(
        request,
        "reports/progress.html",
        {
            "unit": report.committee,
            "breadcrumbs": org_selectors.ancestors(report.committee),
            "report": report,
            "texts": texts,
            "late": late,
            "writers": rows,
            "overall": selectors.progress(texts, today=today),
            "may_administer": policy.allows(request.user, Action.ADMINISTER, report) and not report.is_frozen,
        },
    )


@login_required
def my_texts(request: HttpRequest) -> HttpResponse:
    texts = list(selectors.texts_of_writer(user=request.user))
    today = timezone.localdate()
    return render(
        request,
        "reports/my_texts.html",
        {"texts": texts, "late": {t.pk for t in texts if selectors.is_late(t, today)}},
    )


@login_required
def text_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The editor. An htmx save (autosave) answers with the save status only: 200 when saved, 409 when somebody
    saved a newer version, 422 when refused; the editor keeps the writer's text in every case."""
    text = _text(request, pk)
    may_write = services.may_write(request.user, text) and not text.report.is_frozen
    form: forms.TextForm | None = None
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied(_("You may not change this text."))
        form = forms.TextForm(request.POST)
        outcome = run_service(
            form,
            lambda data: services.text_save(
                actor=request.user, text=text, body=data["body"], expected_version=data["version"]
            ),
        )
        if outcome.saved:
            text = outcome.value()
        status = outcome.status
        refusal = "" if outcome.saved else form_errors_text(form)
        if request.htmx:
            return render(
                request,
                "reports/partials/save_status.html",
                {"text": text, "saved": outcome.saved, "refusal": refusal},
                status=status,
            )
        if outcome.saved:
            messages.success(request, _("The text was saved."))
            return redirect("reports:text", pk=text.pk)
    figures = selectors.figures_for_text(text)
    writers = _writers(text.report)
    return render(
        request,
        "reports/text_edit.html",
        {
            "unit": text.report.committee,
            "breadcrumbs": org_selectors.ancestors(text.report.committee),
            "text": text,
            "report": text.report,
            "may_write": may_write,
            "may_approve": policy.allows(request.user, Action.APPROVE, text) and not text.report.is_frozen,
            "may_administer": policy.allows(request.user, Action.ADMINISTER, text) and not text.report.is_frozen,
            "figures": render_body(figures),
            "versions": text.versions.select_related("author")[:20],
            # After a refused save the editor holds what the writer sent (cleaned as a save would), not the stored
            # text, and the version they started from, so nothing they wrote is lost.
            "body": sanitise(form.data.get("body", "")) if form is not None else text.body,
            "version": form.data.get("version", text.version) if form is not None else text.version,
            "refusal": form_errors_text(form) if form is not None else "",
            "assign_form": forms.TextAssignForm(
                initial={"version": text.version, "writer": text.writer_id, "deadline": text.deadline},
                writers=writers,
            ),
            "Status": Status,
            "may_propose": may_write and selectors.may_propose(text),
        },
        status=status,
    )


@login_required
def text_draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "Föreslå text ur data": a proposed text from the figures, for those who may write the text. The editor asks
    for it with htmx and inserts it as unsaved text; without JavaScript the page shows it to copy. Nothing is
    stored: the writer saves it, and it goes through review and approval like any other text."""
    text = _text(request, pk)
    if not services.may_write(request.user, text) or text.report.is_frozen:
        raise PermissionDenied(_("You may not change this text."))
    try:
        proposal, missing = selectors.text_draft(text), ""
    except MissingData as exc:
        proposal, missing = "", str(exc)
    context = {
        "unit": text.report.committee,
        "breadcrumbs": org_selectors.ancestors(text.report.committee),
        "text": text,
        "report": text.report,
        "proposal": proposal,
        "missing": missing,
    }
    template = "reports/partials/draft.html" if request.htmx else "reports/text_draft.html"
    return render(request, template, context)


@login_required
@require_POST
def text_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    text = _text(request, pk)
    outcome = run_with_messages(
        request,
        lambda data: services.text_set_status(
            actor=request.user,
            text=text,
            status=data["status"],
            comment=data["comment"],
            expected_version=data["version"],
        ),
        form=forms.TextStatusForm(request.POST),
    )
    if outcome.saved:
        messages.success(
            request, _("The text is now: {status}.").format(status=Status(outcome.value().status).label.lower())
        )
    return redirect("reports:text", pk=text.pk)


@login_required
@require_POST
def text_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    text = _text(request, pk)
    policy.require(request.user, Action.ADMINISTER, text)
    run_with_messages(
        request,
        lambda data: services.text_assign(
            actor=request.user,
            text=text,
            writer=data["writer"],
            deadline=data["deadline"],
            expected_version=data["version"],
        ),
        form=forms.TextAssignForm(request.POST, writers=get_user_model().objects.all()),
        success=_("The writer and deadline were saved."),
    )
    return redirect("reports:text", pk=text.pk)


# -- template administration ----------------------------------------------------------------------------------------


def _require_template_admin(request: HttpRequest) -> None:
    council = ReportTemplate().policy_unit
    policy.require(request.user, Action.ADMINISTER, council)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _require_template_admin(request)
    return render(request, "reports/template_list.html", {"templates": selectors.templates()})


@login_required
def template_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_template_admin(request)
    template = get_object_or_404(ReportTemplate, pk=pk)
    add_form = forms.TemplateSectionForm(initial={"level": 1, "has_text": True, "kind": "text"}, prefix="add")
    copy_form = forms.TemplateCopyForm(initial={"name": template.name}, prefix="copy")
    word_form = forms.WordTemplateForm(prefix="word")
    unit_form = forms.TemplateMoneyUnitForm(
        initial={"version": template.version, "money_unit": template.money_unit}, prefix="unit"
    )
    status = 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "add":
        add_form = forms.TemplateSectionForm(request.POST, prefix="add")
        added = run_service(
            add_form,
            lambda data: services.template_section_save(
                actor=request.user, template=template, **{k: v for k, v in data.items() if k != "version"}
            ),
        )
        if added.saved:
            messages.success(request, _("The section was added."))
            return redirect("reports:template", pk=template.pk)
        status = added.status
    elif action == "copy":
        copy_form = forms.TemplateCopyForm(request.POST, prefix="copy")
        copied = run_service(
            copy_form,
            lambda data: services.template_copy(
                actor=request.user, template=template, year=data["year"], name=data["name"]
            ),
        )
        if copied.saved:
            messages.success(request, _("The template was copied."))
            return redirect("reports:template", pk=copied.value().pk)
        status = copied.status
    elif action == "unit":
        unit_form = forms.TemplateMoneyUnitForm(request.POST, prefix="unit")
        unit_set = run_service(
            unit_form,
            lambda data: services.template_money_unit_set(
                actor=request.user, template=template, money_unit=data["money_unit"], expected_version=data["version"]
            ),
        )
        if unit_set.saved:
            messages.success(request, _("The money unit was saved."))
            return redirect("reports:template", pk=template.pk)
        status = unit_set.status
    elif action == "word":
        word_form = forms.WordTemplateForm(request.POST, request.FILES, prefix="word")
        stored = run_service(
            word_form,
            lambda data: services.template_word_set(
                actor=request.user, template=template, upload=data["word_template"]
            ),
        )
        if stored.saved:
            messages.success(request, _("The Word template was saved."))
            return redirect("reports:template", pk=template.pk)
        status = stored.status
    sections = [
        (section, forms.TemplateSectionForm(initial={**_section_initial(section)}, prefix=f"s{section.pk}"))
        for section in template.sections.order_by("order", "pk")
    ]
    return render(
        request,
        "reports/template_detail.html",
        {
            "template": template,
            "sections": sections,
            "add_form": add_form,
            "copy_form": copy_form,
            "word_form": word_form,
            "unit_form": unit_form,
        },
        status=status,
    )


def _section_initial(section: TemplateSection) -> dict:
    return {
        "version": section.version,
        "title": section.title,
        "kind": section.kind,
        "level": section.level,
        "has_text": section.has_text,
        "text_position": section.text_position,
        "guidance": section.guidance,
        "page_break": section.page_break,
        "money_unit": (section.options or {}).get("unit", ""),
        "columns": (section.options or {}).get("columns", []),
        "total_label": (section.options or {}).get("total_label", ""),
        "group_sums": bool((section.options or {}).get("group_sums")),
        "years": (section.options or {}).get("years"),
    }


def _posted_version(request: HttpRequest, name: str) -> int:
    """The version a form was opened with; 0 (opened on nothing) when it is missing or not a number."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


@login_required
@require_POST
def template_section(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_template_admin(request)
    section = get_object_or_404(TemplateSection.objects.select_related("template"), pk=pk)
    action = request.POST.get("action", "")
    if action in ("up", "down"):
        run_with_messages(
            request,
            lambda _data: services.template_section_move(actor=request.user, section=section, up=action == "up"),
        )
    elif action == "drop":
        run_with_messages(
            request,
            lambda _data: services.template_section_drop(
                actor=request.user, section=section, expected_version=_posted_version(request, f"s{section.pk}-version")
            ),
            success=_("The section was removed."),
        )
    else:
        run_with_messages(
            request,
            lambda data: services.template_section_save(
                actor=request.user,
                template=section.template,
                section=section,
                expected_version=data["version"],
                **{k: v for k, v in data.items() if k != "version"},
            ),
            form=forms.TemplateSectionForm(request.POST, prefix=f"s{section.pk}"),
            success=_("The section was saved."),
        )
    return redirect(reverse("reports:template", kwargs={"pk": section.template_id}) + f"#section-{section.pk}")
