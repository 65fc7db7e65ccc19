"""Templates, reports, the text workflow with permissions, lost-update protection, versions and freezing."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from digipuff.core import document as doc
from digipuff.core.concurrency import ConflictError
from digipuff.reports import renderers, selectors, services
from digipuff.reports.choices import ReportType, Status
from digipuff.reports.models import ReportTemplate, TextVersion
from tests.reports.conftest import BODY, FOOTNOTE_TEXT


def test_default_templates_follow_the_seeds(db):
    titles = list(
        ReportTemplate.objects.get(report_type=ReportType.INTERIM_1, year=None)
        .sections.order_by("order")
        .values_list("title", flat=True)
    )
    for expected in (
        "Sammanfattning",
        "Nämndens mål och resultat",
        "Händelser av väsentlig betydelse",
        "Ekonomi",
        "Väsentliga personalförhållanden",
        "Plan för intern kontroll",
        "Källförteckning",
    ):
        assert expected in titles
    assert set(ReportTemplate.objects.values_list("report_type", flat=True)) == set(ReportType.values)


def test_template_sections_can_be_added_renamed_moved_and_dropped(org, users):
    template = services.template_copy(
        actor=users["council_admin"], template=selectors.template_for(report_type="delar1", year=2019), year=2019
    )
    assert selectors.template_for(report_type="delar1", year=2019) == template
    added = services.template_section_save(
        actor=users["council_admin"], template=template, title="Effektivitetsanalys", kind="text"
    )
    sections = list(template.sections.order_by("order"))
    assert sections[-1] == added
    services.template_section_move(actor=users["council_admin"], section=added, up=True)
    assert list(template.sections.order_by("order"))[-2].pk == added.pk
    added.refresh_from_db()
    services.template_section_save(
        actor=users["council_admin"],
        template=template,
        section=added,
        expected_version=added.version,
        title="Effektivitet",
        kind="text",
    )
    added.refresh_from_db()
    assert added.title == "Effektivitet"
    services.template_section_drop(actor=users["council_admin"], section=added)
    assert not template.sections.filter(pk=added.pk).exists()
    report = services.report_create(actor=users["admin"], committee=org.sn, report_type="delar1", year=2019)
    assert report.template == template


def test_template_changes_need_a_municipal_administrator(org, users):
    template = selectors.template_for(report_type="delar1", year=2019)
    for role in ("admin", "approver", "writer"):  # an SN admin is not an administrator of the whole municipality
        with pytest.raises(PermissionDenied):
            services.template_section_save(actor=users[role], template=template, title="X", kind="text")
    with pytest.raises(ValidationError):
        services.template_section_save(actor=users["council_admin"], template=template, title="X", kind="nope")


def test_report_creation_makes_text_slots_per_section_and_goal(report, users, org):
    keys = set(report.texts.values_list("key", flat=True))
    assert "section" in keys and any(k.startswith("goal:") for k in keys)
    with pytest.raises(ConflictError):  # a second copy of the same report is refused, naming who created it
        services.report_create(actor=users["admin"], committee=org.sn, report_type="delar1", year=2019)
    with pytest.raises(PermissionDenied):
        services.report_create(actor=users["writer"], committee=org.von, report_type="delar1", year=2019)


def test_writer_writes_and_marks_ready_but_cannot_approve(summary_text, users):
    writer, approver = users["writer"], users["approver"]
    text = services.text_save(actor=writer, text=summary_text, body=BODY, expected_version=summary_text.version)
    assert text.status == Status.IN_PROGRESS and text.report.status in (Status.NOT_STARTED, Status.IN_PROGRESS)
    text = services.text_set_status(actor=writer, text=text, status=Status.READY, expected_version=text.version)
    with pytest.raises(PermissionDenied):
        services.text_set_status(actor=writer, text=text, status=Status.APPROVED, expected_version=text.version)
    with pytest.raises(ValidationError):
        services.text_set_status(actor=approver, text=text, status=Status.IN_PROGRESS, expected_version=text.version)
    text = services.text_set_status(
        actor=approver,
        text=text,
        status=Status.IN_PROGRESS,
        comment="Lägg till prognosen.",
        expected_version=text.version,
    )
    assert text.return_comment == "Lägg till prognosen."
    text = services.text_set_status(actor=writer, text=text, status=Status.READY, expected_version=text.version)
    text = services.text_set_status(actor=approver, text=text, status=Status.APPROVED, expected_version=text.version)
    assert text.status == Status.APPROVED
    assert list(TextVersion.objects.filter(text=text).values_list("version", flat=True)) == [6, 5, 4, 3, 2]
    assert TextVersion.objects.get(text=text, version=2).author == writer


def test_readers_controllers_and_other_committees_cannot_write(summary_text, users, org):
    for role in ("reader", "controller", "council_reader", "nobody"):
        with pytest.raises(PermissionDenied):
            services.text_save(actor=users[role], text=summary_text, body="<p>x</p>", expected_version=1)


def test_controller_writes_economy_texts(report, users):
    text = report.texts.get(section__title="Resultaträkning")
    saved = services.text_save(actor=users["controller"], text=text, body="<p>Analys</p>", expected_version=1)
    assert saved.body == "<p>Analys</p>"


def test_a_save_from_an_old_copy_is_refused(summary_text, users):
    services.text_save(actor=users["writer"], text=summary_text, body="<p>Ett</p>", expected_version=1)
    with pytest.raises(ConflictError):
        services.text_save(actor=users["approver"], text=summary_text, body="<p>Två</p>", expected_version=1)
    summary_text.refresh_from_db()
    assert summary_text.body == "<p>Ett</p>"


def test_report_approval_needs_every_text_approved(report, users):
    with pytest.raises(ValidationError):
        services.report_set_status(actor=users["approver"], report=report, status=Status.APPROVED)
    for text in report.texts.all():
        text = services.text_save(actor=users["writer"], text=text, body="<p>Skrivet.</p>", expected_version=None)
        text = services.text_set_status(actor=users["writer"], text=text, status=Status.READY)
        services.text_set_status(actor=users["approver"], text=text, status=Status.APPROVED)
    with pytest.raises(PermissionDenied):
        services.report_set_status(actor=users["writer"], report=report, status=Status.APPROVED)
    report = services.report_set_status(actor=users["approver"], report=report, status=Status.APPROVED)
    assert report.status == Status.APPROVED


def test_freezing_stores_a_reproducible_snapshot_and_nothing_changes_it(report, summary_text, users):
    from digipuff.goals.models import CommitteeGoal

    services.text_save(actor=users["writer"], text=summary_text, body=BODY, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.report_freeze(
            actor=users["approver"], report=report, decided_on=date(2019, 5, 14), case_number="SN-2019/200"
        )
    snapshot = services.report_freeze(
        actor=users["admin"], report=report, decided_on=date(2019, 5, 14), case_number="SN-2019/200"
    )
    report.refresh_from_db()
    assert report.status == Status.DECIDED and report.case_number == "SN-2019/200"
    pdf, docx = snapshot.pdf.read(), snapshot.docx.read()
    assert hashlib.sha256(pdf).hexdigest() == snapshot.pdf_sha256
    assert hashlib.sha256(snapshot.document.encode()).hexdigest() == snapshot.document_sha256
    # Re-rendering the stored model gives the same bytes and the same hash.
    document = doc.from_json(snapshot.document)
    again_pdf, again_docx = services.render_snapshot_files(document, word_template=None)
    assert again_pdf == pdf and again_docx == docx
    assert FOOTNOTE_TEXT in snapshot.document
    # Nothing that fed it can change it: its texts refuse changes, later data changes do not reach it.
    for action in (
        lambda: services.text_save(actor=users["admin"], text=summary_text, body="<p>Nytt</p>", expected_version=None),
        lambda: services.text_set_status(actor=users["admin"], text=summary_text, status=Status.READY),
        lambda: services.text_assign(actor=users["admin"], text=summary_text, writer=None, deadline=None),
        lambda: services.report_set_status(actor=users["admin"], report=report, status=Status.READY),
        lambda: services.report_freeze(
            actor=users["admin"], report=report, decided_on=date(2019, 6, 1), case_number="SN-2019/201"
        ),
    ):
        with pytest.raises(ValidationError):
            action()
    CommitteeGoal.objects.filter(committee=report.committee).update(interpretation="Ändrad efteråt")
    report = selectors.report_get(user=users["admin"], pk=report.pk)
    assert doc.to_json(selectors.build_document(report)) == snapshot.document
    assert renderers.render(report, "pdf") == pdf
    assert renderers.render(report, "docx") == docx


def test_progress_and_my_texts(report, users):
    text = report.texts.first()
    services.text_assign(actor=users["admin"], text=text, writer=users["writer"], deadline=date(2019, 4, 1))
    mine = list(selectors.texts_of_writer(user=users["writer"]))
    assert mine == [text]
    progress = selectors.progress(list(report.texts.all()), today=date(2019, 4, 2))
    assert progress.late == [text] and progress.by_status[Status.NOT_STARTED] == progress.total
    with pytest.raises(ValidationError):
        services.text_assign(actor=users["admin"], text=text, writer=users["reader"], deadline=None)
