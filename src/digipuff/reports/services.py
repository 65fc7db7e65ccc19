"""Writes of the reports module: templates, reports, texts and their workflow, and freezing a decided report.

Every service asks the policy first, refuses to touch a decided (frozen) report, checks the version of edited
records and leaves an audit entry; every save of a text keeps a `TextVersion` with its author.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from digipuff.core import audit, deletion, policy
from digipuff.core import document as doc
from digipuff.core.choices import Action
from digipuff.core.concurrency import check_version, lock_or_new, save_new_or_conflict
from digipuff.core.richtext import sanitise
from digipuff.core.sections import section_kinds
from digipuff.organisation.models import OrgUnit, ReportOccasion
from digipuff.reports import notices, renderers, selectors
from digipuff.reports.choices import OCCASION_OF_TYPE, MoneyUnit, ReportType, Status, TextPosition
from digipuff.reports.models import (
    Report,
    ReportSection,
    ReportSnapshot,
    ReportTemplate,
    ReportText,
    TemplateSection,
    TextVersion,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser

    User = AuthUser | None


def _require(actor: User, action: str, obj: Any) -> None:
    if actor is not None:
        policy.require(actor, action, obj)


def may_write(user: Any, text: ReportText) -> bool:
    """Writers (EDIT) write every text of their committee; controllers (ECONOMY) the texts of economy sections."""
    if policy.allows(user, Action.EDIT, text):
        return True
    return text.section.kind.startswith("economy") and policy.allows(user, Action.ECONOMY, text)


def _require_write(actor: User, text: ReportText) -> None:
    if actor is not None and not may_write(actor, text):
        policy.require(actor, Action.EDIT, text)


def _not_frozen(report: Report) -> None:
    if report.is_frozen:
        raise ValidationError(
            _("The report has been decided (registry number {case}) and can no longer be changed.").format(
                case=report.case_number or "-"
            )
        )


# -- templates ------------------------------------------------------------------------------------------------------


def templates_ensure() -> None:
    """The default templates exist (installed by a migration; again here after a database was emptied)."""
    from digipuff.reports import defaults

    defaults.install(ReportTemplate, TemplateSection)


@transaction.atomic
def template_copy(*, actor: User, template: ReportTemplate, year: int | None, name: str = "") -> ReportTemplate:
    """A municipality's or a year's own version of a template, to change without touching the original."""
    _require(actor, Action.ADMINISTER, template)
    with audit.acting_as(actor):
        copy = ReportTemplate(
            report_type=template.report_type, name=name or template.name, year=year, money_unit=template.money_unit
        )
        copy.full_clean()
        copy.save()
        for section in template.sections.order_by("order", "pk"):
            TemplateSection.objects.create(
                template=copy,
                order=section.order,
                title=section.title,
                level=section.level,
                kind=section.kind,
                has_text=section.has_text,
                text_position=section.text_position,
                guidance=section.guidance,
                page_break=section.page_break,
                options=dict(section.options or {}),
            )
    return copy


@transaction.atomic
def template_word_set(*, actor: User, template: ReportTemplate, upload: Any) -> ReportTemplate:
    """Store the municipality's Word template (.docx) whose styles, fonts, header and logo the reports use."""
    _require(actor, Action.ADMINISTER, template)
    data = upload.read()
    try:
        import io

        from docx import Document as open_docx

        open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise ValidationError({"word_template": _("The file is not a Word document (.docx).")}) from exc
    with audit.acting_as(actor):
        template.word_template.save(f"template-{template.pk}.docx", ContentFile(data), save=False)
        template.updated_by = actor
        template.save()
    return template


def table_options(
    *,
    money_unit: str = "",
    columns: list[str] | None = None,
    total_label: str = "",
    group_sums: bool = False,
    years: int | None = None,
) -> dict[str, Any]:
    """A section's table options, checked: a known unit, known columns, a short label, two to five years."""
    from digipuff.economy.choices import STATEMENT_COLUMNS

    options: dict[str, Any] = {}
    if money_unit:
        if money_unit not in MoneyUnit.values:
            raise ValidationError({"money_unit": _("Choose tkr or mnkr.")})
        options["unit"] = money_unit
    known = [key for key, _label in STATEMENT_COLUMNS]
    if columns:
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise ValidationError({"columns": _("There is no column '{column}'.").format(column=unknown[0])})
        options["columns"] = [key for key in known if key in columns]
    if total_label.strip():
        if len(total_label.strip()) > 80:
            raise ValidationError({"total_label": _("The label may be at most 80 characters.")})
        options["total_label"] = total_label.strip()
    if group_sums:
        options["group_sums"] = True
    if years is not None:
        if not 2 <= years <= 5:
            raise ValidationError({"years": _("A table may span two to five years.")})
        options["years"] = years
    return options


@transaction.atomic
def template_money_unit_set(
    *, actor: User, template: ReportTemplate, money_unit: str, expected_version: int | None = None
) -> ReportTemplate:
    """The money unit of a template's economy tables (its sections may choose another)."""
    _require(actor, Action.ADMINISTER, template)
    if money_unit not in MoneyUnit.values:
        raise ValidationError({"money_unit": _("Choose tkr or mnkr.")})
    with audit.acting_as(actor):
        if actor is not None and expected_version is not None:
            check_version(template, expected_version=expected_version, actor=actor)
        template.money_unit = money_unit
        template.updated_by = actor
        template.full_clean()
        template.save()
    return template


def _report_section_options(spec: TemplateSection, template: ReportTemplate | None) -> dict[str, Any]:
    """A report section's options, copied from its template section: the money unit is the section's own, else the
    template's (settled when the report is created)."""
    options = dict(spec.options or {})
    if not options.get("unit") and template is not None:
        options["unit"] = template.money_unit
    return options


def _check_kind(kind: str) -> None:
    if kind not in section_kinds:
        raise ValidationError({"kind": _("There is no content of the kind '{kind}'.").format(kind=kind)})


@transaction.atomic
def template_section_save(
    *,
    actor: User,
    template: ReportTemplate,
    section: TemplateSection | None = None,
    expected_version: int | None = None,
    title: str,
    kind: str,
    level: int = 1,
    has_text: bool = True,
    text_position: str = TextPosition.AFTER,
    guidance: str = "",
    page_break: bool = False,
    money_unit: str = "",
    columns: list[str] | None = None,
    total_label: str = "",
    group_sums: bool = False,
    years: int | None = None,
) -> TemplateSection:
    """Add a section at the end, or rename/change one. The table options (money unit, columns, the total row's
    label, group rows with their sums, years) say how an economy table is shown; empty ones are left out."""
    _require(actor, Action.ADMINISTER, template)
    _check_kind(kind)
    options = table_options(
        money_unit=money_unit, columns=columns, total_label=total_label, group_sums=group_sums, years=years
    )
    with audit.acting_as(actor):
        if section is None:
            last = template.sections.order_by("-order").values_list("order", flat=True).first() or 0
            section = TemplateSection(template=template, order=last + 10)
        else:
            if section.template_id != template.pk:
                raise ValidationError(_("The section belongs to another template."))
            if actor is not None:
                check_version(section, expected_version=expected_version, actor=actor)
        section.title = title.strip()
        section.kind = kind
        section.level = level
        section.has_text = has_text
        section.text_position = text_position
        section.guidance = guidance
        section.page_break = page_break
        section.options = options
        section.full_clean()
        section.save()
    return section


@transaction.atomic
def template_section_move(*, actor: User, section: TemplateSection, up: bool) -> None:
    """Swap a section with its neighbour above or below."""
    _require(actor, Action.ADMINISTER, section)
    siblings = list(section.template.sections.order_by("order", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    with audit.acting_as(actor):
        for order, item in enumerate(siblings, start=1):
            if item.order != order * 10:
                item.order = order * 10
                item.save(update_fields=["order"])


@transaction.atomic
def template_section_drop(*, actor: User, section: TemplateSection, expected_version: int | None = None) -> None:
    """Remove a section from a template; refused when somebody changed it after the page was opened."""
    _require(actor, Action.ADMINISTER, section)
    check_version(section, expected_version=expected_version, actor=actor)
    with audit.acting_as(actor):
        section.delete()


# -- reports --------------------------------------------------------------------------------------------------------


def _title(report_type: str, committee: OrgUnit, year: int) -> str:
    names = {
        ReportType.PLAN: "Verksamhetsplan {year}",
        ReportType.INTERIM_1: "Delårsrapport 1 {year}",
        ReportType.INTERIM_2: "Delårsrapport 2 {year}",
        ReportType.ANNUAL: "Verksamhetsberättelse {year}",
        ReportType.BUDGET_BASIS: "Underlag inför mål och budget {year}",
    }
    return names[ReportType(report_type)].format(year=year)


@transaction.atomic
def report_create(
    *,
    actor: User,
    committee: OrgUnit,
    report_type: str,
    year: int,
    template: ReportTemplate | None = None,
    deadline: date | None = None,
    title: str = "",
) -> Report:
    """Create a report from a template: its sections are copied and every text slot gets a text to write."""
    _require(actor, Action.ADMINISTER, committee)
    occasion = ReportOccasion.objects.filter(year__year=year, kind=OCCASION_OF_TYPE[ReportType(report_type)]).first()
    if occasion is None:
        raise ValidationError(_("The year {year} has no report occasion for this report type.").format(year=year))
    keys = {"committee": committee, "occasion": occasion, "report_type": report_type}
    # Two people creating the same report: the second is refused naming who created it (never a second copy).
    lock_or_new(Report, keys=keys, expected_version=0, actor=actor)
    template = template or selectors.template_for(report_type=report_type, year=year)
    if template is None:
        templates_ensure()
        template = selectors.template_for(report_type=report_type, year=year)
    with audit.acting_as(actor):
        report = Report(
            committee=committee,
            occasion=occasion,
            report_type=report_type,
            template=template,
            title=title or _title(report_type, committee, year),
            updated_by=actor,
        )
        report.full_clean(validate_constraints=False)
        save_new_or_conflict(report, keys=keys)
        for spec in template.sections.order_by("order", "pk") if template else []:
            section = ReportSection.objects.create(
                report=report,
                order=spec.order,
                title=spec.title,
                level=spec.level,
                kind=spec.kind,
                has_text=spec.has_text,
                text_position=spec.text_position,
                guidance=spec.guidance,
                page_break=spec.page_break,
                # The unit is settled when the report is created: the section's own, else the template's.
                options=_report_section_options(spec, template),
            )
            for order, (key, slot_title) in enumerate(selectors.text_slots(report, section)):
                ReportText.objects.create(
                    report=report, section=section, key=key, title=slot_title, order=order, deadline=deadline
                )
    return report


@dataclass
class TemplateApplied:
    """What applying the template changed in a report: sections and texts added and removed, and the sections the
    template no longer has that were kept because somebody wrote in them."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _section_fields(spec: TemplateSection) -> dict[str, Any]:
    return {
        "order": spec.order,
        "level": spec.level,
        "has_text": spec.has_text,
        "text_position": spec.text_position,
        "guidance": spec.guidance,
        "page_break": spec.page_break,
    }


@transaction.atomic
def report_apply_template(*, actor: User, report: Report, expected_version: int | None) -> TemplateApplied:
    """Bring a report that is not decided up to date with its template (or the year's template when its own is
    gone): new sections and text slots are added, the order and settings of the others follow the template, and
    sections or slots the template no longer has are removed when nothing is written in them (kept otherwise, and
    named). Texts already written are never touched. A decided report never changes."""
    _require(actor, Action.ADMINISTER, report)
    report = Report.objects.select_for_update(of=("self",)).select_related("committee", "occasion").get(pk=report.pk)
    _not_frozen(report)
    template = report.template or selectors.template_for(report_type=report.report_type, year=report.year)
    if template is None:
        raise ValidationError(_("There is no template for this report type."))
    applied = TemplateApplied()
    with audit.acting_as(actor):
        check_version(report, expected_version=expected_version, actor=actor)
        report.template = template
        report.save()
        existing = {(s.kind, s.title): s for s in report.sections.all()}
        wanted = set()
        for spec in template.sections.order_by("order", "pk"):
            wanted.add((spec.kind, spec.title))
            section = existing.get((spec.kind, spec.title))
            if section is None:
                section = ReportSection.objects.create(
                    report=report, title=spec.title, kind=spec.kind, **_section_fields(spec)
                )
                applied.added.append(section.title)
            else:
                for name, value in _section_fields(spec).items():
                    setattr(section, name, value)
                section.save()
        for section in report.sections.order_by("order", "pk"):
            if (section.kind, section.title) not in wanted:
                written = [t for t in section.texts.all() if _has_content(t.body)]
                if written:
                    applied.kept.append(section.title)
                else:
                    applied.removed.append(section.title)
                    section.delete()
                continue
            slots = selectors.text_slots(report, section)
            have = {t.key: t for t in section.texts.all()}
            for order, (key, slot_title) in enumerate(slots):
                if key in have:
                    continue
                ReportText.objects.create(report=report, section=section, key=key, title=slot_title, order=order)
                if key != "section":
                    applied.added.append(slot_title)
            keys = {key for key, _slot in slots}
            for key, text in have.items():
                if key not in keys and not _has_content(text.body):
                    applied.removed.append(text.title)
                    text.delete()
    return applied


@transaction.atomic
def text_assign(
    *, actor: User, text: ReportText, writer: Any | None, deadline: date | None, expected_version: int | None = None
) -> ReportText:
    """Give a text to a writer with a deadline (administrators)."""
    _require(actor, Action.ADMINISTER, text)
    _not_frozen(text.report)
    if writer is not None and not may_write(writer, text):
        raise ValidationError(
            {"writer": _("{name} may not write for {unit}.").format(name=writer, unit=text.report.committee)}
        )
    with audit.acting_as(actor):
        if actor is not None:
            check_version(text, expected_version=expected_version, actor=actor)
        newly_assigned = writer is not None and writer.pk != text.writer_id
        text.writer = writer
        text.deadline = deadline
        text.full_clean()
        text.save()
        if newly_assigned:
            notices.notify(text, kind=notices.ASSIGNED, actor=actor)
    return text


def texts_fingerprint(texts: Any) -> str:
    """What a bulk form saw: every text's id and version ("12:3,13:1"), to refuse a bulk change made on an old page."""
    return ",".join(f"{t.pk}:{t.version}" for t in sorted(texts, key=lambda t: t.pk))


def _seen_versions(seen: str) -> dict[int, int]:
    versions: dict[int, int] = {}
    for item in seen.split(","):
        pk, _sep, version = item.partition(":")
        if pk.strip().isdigit() and version.strip().isdigit():
            versions[int(pk)] = int(version)
    return versions


@transaction.atomic
def texts_assign_bulk(
    *, actor: User, report: Report, texts: list[ReportText], writer: Any | None, deadline: date | None, seen: str | None
) -> list[ReportText]:
    """Give several texts of a report (a section's, a goal owner's, or all) to one writer with one deadline, in one
    go: all or nothing. `seen` is `texts_fingerprint` of the page the form was on (None: take the newest, for
    commands); a text changed since is refused naming it, and nothing is assigned."""
    _require(actor, Action.ADMINISTER, report)
    report = Report.objects.select_for_update(of=("self",)).select_related("committee").get(pk=report.pk)
    _not_frozen(report)
    if not texts:
        raise ValidationError(_("There are no texts to assign."))
    versions = _seen_versions(seen) if seen is not None else {}
    assigned = []
    for text in texts:
        if text.report_id != report.pk:
            raise ValidationError(_("The text belongs to another report."))
        text.report = report
        assigned.append(
            text_assign(
                actor=actor,
                text=text,
                writer=writer,
                deadline=deadline,
                expected_version=versions.get(text.pk, 0) if seen is not None else None,
            )
        )
    return assigned


@transaction.atomic
def text_set_applicable(
    *, actor: User, text: ReportText, applicable: bool, expected_version: int | None = None
) -> ReportText:
    """Mark a text not applicable for this occasion (ej aktuell), or applicable again. A text that is not
    applicable is left out of the report, the progress and the checks before review; its body is kept, so marking
    it applicable again brings it back as it was (administrators of the committee)."""
    text = ReportText.objects.select_for_update().select_related("report", "section").get(pk=text.pk)
    _require(actor, Action.ADMINISTER, text)
    _not_frozen(text.report)
    with audit.acting_as(actor):
        check_version(text, expected_version=expected_version, actor=actor)
        if text.not_applicable == (not applicable):
            text.version -= 1  # nothing changed
            return text
        text.not_applicable = not applicable
        text.full_clean()
        text.save()
        _keep_version(text, actor, note=_("Applicable again") if applicable else _("Not applicable"))
    return text


def _keep_version(text: ReportText, actor: User, note: str = "") -> None:
    TextVersion.objects.create(
        text=text, version=text.version, body=text.body, status=text.status, author=actor, note=note
    )


def _report_in_progress(report: Report, actor: User) -> None:
    if report.status == Status.NOT_STARTED:
        report.status = Status.IN_PROGRESS
        report.updated_by = actor
        report.save(update_fields=["status", "updated_at", "updated_by"])


@transaction.atomic
def text_save(*, actor: User, text: ReportText, body: str, expected_version: int | None) -> ReportText:
    """Save a writer's text (sanitised). A text ready for review or approved goes back to in progress when changed;
    every save is a kept version."""
    text = ReportText.objects.select_for_update().select_related("report", "section").get(pk=text.pk)
    _require_write(actor, text)
    _not_frozen(text.report)
    cleaned = sanitise(body)
    with audit.acting_as(actor):
        check_version(text, expected_version=expected_version, actor=actor)
        if cleaned == text.body:
            text.version -= 1  # nothing changed: no new version
            return text
        text.body = cleaned
        if text.status in (Status.NOT_STARTED, Status.READY, Status.APPROVED):
            text.status = Status.IN_PROGRESS
        text.full_clean()
        text.save()
        _keep_version(text, actor)
        _report_in_progress(text.report, actor)
    return text


_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    # target: (allowed from, the action it needs)
    Status.IN_PROGRESS: ({Status.NOT_STARTED, Status.READY}, Action.EDIT),
    Status.READY: ({Status.NOT_STARTED, Status.IN_PROGRESS}, Action.EDIT),
    Status.APPROVED: ({Status.READY, Status.IN_PROGRESS}, Action.APPROVE),
}


@transaction.atomic
def text_set_status(
    *, actor: User, text: ReportText, status: str, comment: str = "", expected_version: int | None = None
) -> ReportText:
    """Move a text in the workflow: the writer marks it ready (klar för granskning); the approver approves it or
    sends it back (to in progress, with a comment)."""
    text = (
        ReportText.objects.select_for_update().select_related("report", "report__committee", "section").get(pk=text.pk)
    )
    _not_frozen(text.report)
    sending_back = status == Status.IN_PROGRESS and text.status in (Status.READY, Status.APPROVED)
    if sending_back:
        _require(actor, Action.APPROVE, text)
        if not comment.strip():
            raise ValidationError({"comment": _("Say what needs to change when sending a text back.")})
    else:
        allowed, action = _TRANSITIONS.get(status, (set(), Action.ADMINISTER))
        if action == Action.EDIT:
            _require_write(actor, text)
        else:
            _require(actor, action, text)
        if text.status not in allowed:
            raise ValidationError(
                _("A text that is {current} cannot be set to {target}.").format(
                    current=Status(text.status).label.lower(), target=Status(status).label.lower()
                )
            )
    with audit.acting_as(actor):
        # Always: the new version number is what the kept version is stored under (None takes the newest).
        check_version(text, expected_version=expected_version, actor=actor)
        text.status = status
        text.return_comment = comment.strip() if sending_back else ""
        text.full_clean()
        text.save()
        _keep_version(text, actor, note=comment.strip())
        _report_in_progress(text.report, actor)
        if sending_back:
            notices.notify(text, kind=notices.RETURNED, actor=actor)
    return text


@transaction.atomic
def report_set_status(
    *, actor: User, report: Report, status: str, comment: str = "", expected_version: int | None = None
) -> Report:
    """The report as a whole: ready for review when every text is, approved when every text is approved; the
    approver may send it back with a comment. Deciding it is `report_freeze`."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _not_frozen(report)
    if actor is not None:  # first: a stale page is told so, not what its state no longer allows
        check_version(report, expected_version=expected_version, actor=actor)
    texts = list(report.texts.filter(not_applicable=False).order_by("section__order", "order", "pk"))
    to_approve: list[ReportText] = []
    if status == Status.READY:
        _require(actor, Action.EDIT, report)
        _refuse_unready(texts)
    elif status == Status.APPROVED:
        _require(actor, Action.APPROVE, report)
        _refuse_unready(texts)
        # Approving the report approves the texts waiting for review in it: the approver has read it as a whole.
        to_approve = [t for t in texts if t.status == Status.READY]
    elif status == Status.IN_PROGRESS:
        _require(actor, Action.APPROVE, report)
        if report.status not in (Status.READY, Status.APPROVED):
            raise ValidationError(_("Only a report that is ready for review or approved can be sent back."))
        if not comment.strip():
            raise ValidationError({"comment": _("Say what needs to change when sending a report back.")})
    else:
        raise ValidationError(_("Use the decision form to mark a report as decided."))
    with audit.acting_as(actor):
        for text in to_approve:
            text_set_status(actor=actor, text=text, status=Status.APPROVED, expected_version=None)
        report.status = status
        report.return_comment = comment.strip() if status == Status.IN_PROGRESS else ""
        report.full_clean()
        report.save()
    return report


def _names(texts: list[ReportText]) -> str:
    return ", ".join(f"{t.section.title}: {t.title}" if t.title != t.section.title else t.title for t in texts)


def _refuse_unready(texts: list[ReportText]) -> None:
    """A report goes to review (or is approved) only when every applicable text is written and ready: the refusal
    names the empty ones and those not yet ready, so the writers know what is left."""
    empty = [t for t in texts if not _has_content(t.body)]
    if empty:
        raise ValidationError(
            _("These texts are empty: {texts}. Write them or mark them not applicable.").format(texts=_names(empty))
        )
    unready = [t for t in texts if t.status not in (Status.READY, Status.APPROVED)]
    if unready:
        raise ValidationError(_("These texts are not ready for review: {texts}.").format(texts=_names(unready)))


def _has_content(body: str) -> bool:
    return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", body or ""))


def empty_texts(texts: list[ReportText]) -> list[ReportText]:
    """The applicable texts with nothing written in them (flagged on the report page before review)."""
    return [t for t in texts if not t.not_applicable and not _has_content(t.body)]


def report_transitions(user: Any, report: Report, texts: list[ReportText]) -> list[str]:
    """The statuses `user` can move the report to now: the report page offers only these buttons."""
    if report.is_frozen:
        return []
    applicable = [t for t in texts if not t.not_applicable]
    ready = all(_has_content(t.body) and t.status in (Status.READY, Status.APPROVED) for t in applicable)
    allowed: list[str] = []
    if (
        ready
        and report.status != Status.READY
        and report.status != Status.APPROVED
        and policy.allows(user, Action.EDIT, report)
    ):
        allowed.append(Status.READY)
    if policy.allows(user, Action.APPROVE, report):
        if ready and report.status != Status.APPROVED:
            allowed.append(Status.APPROVED)
        if report.status in (Status.READY, Status.APPROVED):
            allowed.append(Status.IN_PROGRESS)
    return allowed


def render_snapshot_files(document: doc.Document, *, word_template: bytes | None) -> tuple[bytes, bytes]:
    from digipuff.reports.renderers.docx_pages import render_docx_with_page_numbers
    from digipuff.reports.renderers.pdf import render_pdf

    return render_pdf(document), render_docx_with_page_numbers(document, word_template=word_template)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_freeze_check(*, actor: User, report: Report, case_number: str) -> None:
    """What deciding a report needs, checked before the work is queued and again when it runs."""
    _require(actor, Action.ADMINISTER, report)
    _not_frozen(report)
    if not case_number.strip():
        raise ValidationError({"case_number": _("Give the decision's registry number, e.g. SN-2019/149.")})


@transaction.atomic
def report_freeze(
    *, actor: User, report: Report, decided_on: date, case_number: str, decided_by: str = ""
) -> ReportSnapshot:
    """Mark the report fastställd: store its document model, PDF and Word file with their SHA-256 for good.

    `decided_by` names the decision as the protokoll gives it ("Socialnämnden 2019-04-09, § 3"): a justerat
    protokoll freezes the reports its paragraphs fastställer (`meetings.protokoll`); the manual freeze is the
    administrators' fallback for decisions taken outside DigiPUFF's protokoll.

    Nothing that feeds the report can change it afterwards: it is re-rendered from the stored model only, and the
    services refuse to change its texts."""
    _require(actor, Action.ADMINISTER, report)
    # The row lock makes a second freeze of the same report wait and then find it decided: never frozen twice.
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("committee", "occasion", "template")
        .get(pk=report.pk)
    )
    report_freeze_check(actor=actor, report=report, case_number=case_number)
    with audit.acting_as(actor):
        report.status = Status.DECIDED
        report.decided_on = decided_on
        report.case_number = case_number.strip()
        report.decided_by = decided_by.strip()
        report.updated_by = actor
        report.full_clean()
        report.save()
        document = selectors.build_document(report)
        model_json = doc.to_json(document)
        pdf, docx = render_snapshot_files(document, word_template=renderers.word_template_of(report))
        stem = f"{report.committee.code}-{report.report_type}-{report.year}-{report.pk}"
        snapshot = ReportSnapshot(
            report=report,
            document=model_json,
            document_sha256=_sha(model_json.encode()),
            pdf_sha256=_sha(pdf),
            docx_sha256=_sha(docx),
            created_by=actor,
        )
        try:
            snapshot.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
            snapshot.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
            snapshot.save()
        except BaseException:
            # The transaction undoes the rows; the files written for them go too (e.g. the database went away).
            for stored in (snapshot.pdf, snapshot.docx):
                if stored.name:
                    stored.storage.delete(stored.name)
            raise
    return snapshot


@transaction.atomic
def report_delete(*, actor: User | None, report: Report, expected_version: int | None) -> deletion.DeletionPlan:
    """Delete a report that is not decided, with its sections, texts and their versions (administrators of the
    committee, as for creating it). A decided report is kept for good."""
    if actor is not None:
        _require(actor, Action.ADMINISTER, report.committee)
    return deletion.delete(report, actor=actor, expected_version=expected_version, scope=report_scope(report))


def report_scope(report: Report) -> deletion.Scope:
    return deletion.Scope(committee=report.committee, years=frozenset({report.occasion.year.year}))


def report_deletion_refusal(obj: Any, scope: deletion.Scope) -> str | None:
    """A decided report is kept for good; and whatever a decided report shows (the committee's, or for the
    council's shared items any committee's, report of that year and occasion) is kept with it."""
    if isinstance(obj, Report):
        if obj.is_frozen or hasattr(obj, "snapshot"):
            return _("It cannot be deleted: the report is decided ({case}).").format(case=obj.case_number or "–")
        return None
    if not scope.years:
        return None
    decided = Report.objects.filter(status=Status.DECIDED, occasion__year__year__in=scope.years)
    if scope.month is not None:
        decided = decided.filter(occasion__period_end__month=scope.month)
    if scope.committee.parent_id is not None:  # the council's shared items show in every committee's reports
        decided = decided.filter(committee=scope.committee)
    created = audit.created_at(obj)
    if created is not None:  # something made after the decision is not in the decided report
        decided = decided.filter(
            Q(snapshot__created_at__gte=created) | Q(snapshot__isnull=True, updated_at__gte=created)
        )
    report = decided.select_related("committee").order_by("occasion__period_end").first()
    if report is None:
        return None
    return _("It cannot be deleted: the decided report {report} of {committee} ({case}) shows it.").format(
        report=report.title, committee=report.committee.name, case=report.case_number or "–"
    )


def refuse_if_frozen(report: Report) -> None:
    """For other modules: raise when a change would touch a decided report."""
    _not_frozen(report)


__all__ = [
    "PermissionDenied",
    "empty_texts",
    "refuse_if_frozen",
    "report_apply_template",
    "report_create",
    "report_delete",
    "report_freeze",
    "report_freeze_check",
    "report_set_status",
    "report_transitions",
    "template_copy",
    "template_section_drop",
    "template_section_move",
    "template_section_save",
    "templates_ensure",
    "text_assign",
    "text_save",
    "text_set_applicable",
    "text_set_status",
    "texts_assign_bulk",
]
