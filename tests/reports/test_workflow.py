"""The report text workflow on the report page: texts marked not applicable (left out and not counted, reversible,
kept as a version), bulk assignment of a writer and deadline (by section, by goal owner; all or nothing against a
stale page; the writer is told), empty texts flagged and refused before review, only the buttons that can succeed,
and messages that name the new status."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from digipuff.core.audit import history
from digipuff.reports import selectors, services
from digipuff.reports.choices import Status
from digipuff.reports.models import ReportText


def _texts(report):
    return list(selectors.texts_of(report))


def _mark(client, text, applicable=False):
    text.refresh_from_db()
    data = {"version": text.version}
    if applicable:
        data["applicable"] = "on"
    return client.post(reverse("reports:text_applicable", kwargs={"pk": text.pk}), data, follow=True)


def _goal_text(report):
    return report.texts.filter(key__startswith="goal:").first()


def _write_and_ready(users, text, body="<p>Skrivet.</p>"):
    text = services.text_save(actor=users["writer"], text=text, body=body, expected_version=text.version)
    return services.text_set_status(actor=users["writer"], text=text, status=Status.READY)


def test_a_text_marked_not_applicable_is_left_out_and_not_counted_until_made_applicable_again(client, report, users):
    goal_text = _goal_text(report)
    services.text_save(actor=users["writer"], text=goal_text, body="<p>Analysen av målet.</p>", expected_version=1)
    total = selectors.progress(_texts(report), today=report.occasion.period_end).total
    assert "Analysen av målet." in client_page(client, users["reader"], report)

    client.force_login(users["writer"])
    assert _mark(client, goal_text).status_code == 403  # writers do not decide what the report contains

    client.force_login(users["admin"])
    page = _mark(client, goal_text).content.decode()
    assert f"{goal_text.title} är inte aktuell: den tas inte med i rapporten." in page
    goal_text.refresh_from_db()
    assert goal_text.not_applicable and goal_text.body == "<p>Analysen av målet.</p>"
    assert goal_text.versions.first().note == "Ej aktuell"
    assert "not_applicable" in history(goal_text).first().changes_dict  # audited
    assert "Analysen av målet." not in client_page(client, users["reader"], report)
    assert selectors.progress(_texts(report), today=report.occasion.period_end).total == total - 1
    listed = selectors.reports_for(user=users["admin"], committee=report.committee, year=2019).get(pk=report.pk)
    assert listed.text_count == total - 1

    client.force_login(users["admin"])
    assert "är aktuell igen" in _mark(client, goal_text, applicable=True).content.decode()
    goal_text.refresh_from_db()
    assert not goal_text.not_applicable
    assert "Analysen av målet." in client_page(client, users["reader"], report)


def client_page(client, user, report):
    client.force_login(user)
    return client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()


def test_a_stale_mark_is_refused(client, report, users):
    text = _goal_text(report)
    client.force_login(users["admin"])
    response = client.post(
        reverse("reports:text_applicable", kwargs={"pk": text.pk}), {"version": text.version + 5}, follow=True
    )
    text.refresh_from_db()
    assert not text.not_applicable
    assert "alert-danger" in response.content.decode() or "ändrat" in response.content.decode()


def test_bulk_assignment_by_section_and_by_goal_owner_tells_the_writer(client, report, users):
    writer = users["writer"]
    writer.email = "skribent@example.se"
    writer.save()
    texts = _texts(report)
    groups = {g.key: g for g in selectors.text_groups(report, texts)}
    owner_groups = [g for g in groups.values() if g.key.startswith("owner:")]
    assert owner_groups and all(t.key.startswith("goal:") for g in owner_groups for t in g.texts)
    section_group = next(g for g in groups.values() if g.label == "Avsnitt: Sammanfattning")

    client.force_login(users["admin"])
    url = reverse("reports:assign", kwargs={"pk": report.pk})
    seen = services.texts_fingerprint(texts)
    for group in (section_group, owner_groups[0]):
        response = client.post(
            url, {"group": group.key, "writer": writer.pk, "deadline": "2019-04-01", "seen": seen}, follow=True
        )
        assert f"{len(group.texts)} texter gavs till" in response.content.decode()
        texts = _texts(report)
        seen = services.texts_fingerprint(texts)
    assigned = ReportText.objects.filter(report=report, writer=writer)
    expected = {t.pk for t in section_group.texts} | {t.pk for t in owner_groups[0].texts}
    assert set(assigned.values_list("pk", flat=True)) == expected
    assert {str(t.deadline) for t in assigned} == {"2019-04-01"}
    assert len(mail.outbox) == len(expected)  # each newly assigned text is a notice, as for one text
    assert "writer" in history(assigned.first()).first().changes_dict


def test_bulk_assignment_from_a_stale_page_assigns_nothing(client, report, users):
    texts = _texts(report)
    seen = services.texts_fingerprint(texts)
    summary = next(t for t in texts if t.title == "Sammanfattning")
    services.text_save(actor=users["writer"], text=summary, body="<p>Nytt</p>", expected_version=summary.version)
    client.force_login(users["admin"])
    response = client.post(
        reverse("reports:assign", kwargs={"pk": report.pk}),
        {"group": "all", "writer": users["writer"].pk, "deadline": "2019-04-01", "seen": seen},
        follow=True,
    )
    assert "texter gavs till" not in response.content.decode()
    assert not ReportText.objects.filter(report=report, writer__isnull=False).exists()
    client.force_login(users["writer"])
    assert (
        client.post(
            reverse("reports:assign", kwargs={"pk": report.pk}),
            {"group": "all", "writer": users["writer"].pk, "seen": services.texts_fingerprint(_texts(report))},
        ).status_code
        == 403
    )


def test_empty_texts_are_flagged_and_keep_the_report_from_review(client, report, users):
    texts = _texts(report)
    summary = next(t for t in texts if t.title == "Sammanfattning")
    _write_and_ready(users, summary)
    page = client_page(client, users["writer"], report)
    assert "måste skrivas eller markeras som ej aktuella före granskning" in page
    assert "Rapporten klar för granskning" not in page  # a button that cannot succeed is not offered
    client.force_login(users["writer"])
    report.refresh_from_db()
    response = client.post(
        reverse("reports:report_status", kwargs={"pk": report.pk}),
        {"status": Status.READY, "version": report.version},
        follow=True,
    )
    content = response.content.decode()
    assert "De här texterna är tomma:" in content
    empty = [t for t in texts if t.pk != summary.pk]
    assert all(t.title in content for t in empty)
    report.refresh_from_db()
    assert report.status != Status.READY

    client.force_login(users["admin"])
    for text in empty:
        _mark(client, text)
    page = client_page(client, users["writer"], report)
    assert "måste skrivas eller markeras" not in page and "Rapporten klar för granskning" in page
    report.refresh_from_db()
    response = client.post(
        reverse("reports:report_status", kwargs={"pk": report.pk}),
        {"status": Status.READY, "version": report.version},
        follow=True,
    )
    assert "Rapporten har nu status: klar för granskning." in response.content.decode()


def test_approving_the_report_approves_its_ready_texts_and_only_possible_buttons_show(client, report, users):
    texts = _texts(report)
    for text in texts:
        _write_and_ready(users, text)
    page = client_page(client, users["approver"], report)
    assert "Godkänn rapporten" in page and "Skicka tillbaka" not in page  # nothing to send back yet
    report.refresh_from_db()
    response = client.post(
        reverse("reports:report_status", kwargs={"pk": report.pk}),
        {"status": Status.APPROVED, "version": report.version},
        follow=True,
    )
    assert "Rapporten har nu status: godkänd." in response.content.decode()
    assert set(report.texts.values_list("status", flat=True)) == {Status.APPROVED}
    page = client_page(client, users["approver"], report)
    assert "Godkänn rapporten" not in page and "Skicka tillbaka" in page


def test_a_decided_report_cannot_be_marked_or_assigned(report, users):
    from datetime import date

    from django.core.exceptions import ValidationError

    services.report_freeze(actor=users["admin"], report=report, decided_on=date(2019, 5, 14), case_number="SN-1")
    text = _goal_text(report)
    with pytest.raises(ValidationError):
        services.text_set_applicable(actor=users["admin"], text=text, applicable=False)
    with pytest.raises(ValidationError):
        services.texts_assign_bulk(
            actor=users["admin"], report=report, texts=[text], writer=users["writer"], deadline=None, seen=None
        )
    text.refresh_from_db()
    assert not text.not_applicable and text.writer is None


def test_template_changes_reach_a_report_not_yet_decided_and_written_texts_stay(client, report, users):
    from digipuff.reports.models import TemplateSection

    template = report.template
    summary = report.texts.get(title="Sammanfattning")
    services.text_save(actor=users["writer"], text=summary, body="<p>Skrivet.</p>", expected_version=1)
    dropped_written = template.sections.get(title="Sammanfattning")
    dropped_empty = template.sections.exclude(pk=dropped_written.pk).filter(has_text=True).last()
    empty_title = dropped_empty.title
    TemplateSection.objects.filter(pk__in=[dropped_written.pk, dropped_empty.pk]).delete()
    TemplateSection.objects.create(template=template, order=999, title="Framtidsbedömning", kind="text")

    client.force_login(users["writer"])
    report.refresh_from_db()
    url = reverse("reports:apply_template", kwargs={"pk": report.pk})
    assert client.post(url, {"version": report.version}).status_code == 403
    client.force_login(users["admin"])
    response = client.post(url, {"version": report.version}, follow=True)
    content = response.content.decode()
    assert "Mallen tillämpades." in content and "Framtidsbedömning" in content
    titles = set(report.sections.values_list("title", flat=True))
    assert "Framtidsbedömning" in titles and empty_title not in titles
    assert "Sammanfattning" in titles  # kept: somebody wrote in it
    summary.refresh_from_db()
    assert summary.body == "<p>Skrivet.</p>"
    assert report.texts.filter(section__title="Framtidsbedömning", key="section").exists()
    # A stale page changes nothing.
    TemplateSection.objects.create(template=template, order=1000, title="Bilagor", kind="text")
    client.post(url, {"version": 1}, follow=True)
    assert not report.sections.filter(title="Bilagor").exists()
