"""E-mail notices of the reports module: a text assigned, a text sent back (background tasks, run at once in the
tests), the daily reminders of deadlines (`digipuff reminders send`, each sent once) and the user's settings page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from digipuff.reports import services
from digipuff.reports.choices import Status


@pytest.fixture
def writer(users):
    user = users["writer"]
    user.email = "skribent@example.se"
    user.save()
    return user


def _assign(client, text, user, deadline=""):
    text.refresh_from_db()
    return client.post(
        reverse("reports:text_assign", kwargs={"pk": text.pk}),
        {"version": text.version, "writer": user.pk, "deadline": deadline},
    )


def test_a_writer_is_told_once_when_given_a_text(client, users, writer, summary_text):
    client.force_login(users["admin"])
    _assign(client, summary_text, writer, "2019-04-01")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["skribent@example.se"]
    assert message.subject == "En text att skriva: Sammanfattning"
    assert "Delårsrapport 1 2019" in message.body and "1 april 2019" in message.body
    assert f"/reports/text/{summary_text.pk}/" in message.body
    # A new deadline for the same writer is not a new assignment.
    _assign(client, summary_text, writer, "2019-04-05")
    assert len(mail.outbox) == 1


def test_nobody_is_told_about_what_they_did_themselves_or_without_an_address(users, writer, summary_text):
    admin = users["admin"]
    admin.email = "admin@example.se"
    admin.save()
    text = services.text_assign(actor=admin, text=summary_text, writer=admin, deadline=None, expected_version=1)
    assert mail.outbox == []
    writer.email = ""
    writer.save()
    services.text_assign(actor=admin, text=text, writer=writer, deadline=None, expected_version=text.version)
    assert mail.outbox == []


def test_a_text_sent_back_is_told_to_its_writer_with_the_comment(client, users, writer, summary_text):
    text = services.text_assign(actor=None, text=summary_text, writer=writer, deadline=None)
    text = services.text_save(actor=writer, text=text, body="<p>Utkast</p>", expected_version=text.version)
    text = services.text_set_status(actor=writer, text=text, status=Status.READY, expected_version=text.version)
    assert mail.outbox == []  # the system's assignment and the writer's own steps tell nobody
    client.force_login(users["approver"])
    client.post(
        reverse("reports:text_status", kwargs={"pk": text.pk}),
        {"status": Status.IN_PROGRESS, "comment": "Lägg till siffrorna för mars.", "version": text.version},
    )
    assert [m.subject for m in mail.outbox] == ["Din text har skickats tillbaka: Sammanfattning"]
    assert "Lägg till siffrorna för mars." in mail.outbox[0].body


def test_reminders_are_sent_once_per_deadline(users, writer, summary_text, report):
    services.text_assign(actor=None, text=summary_text, writer=writer, deadline=date(2019, 4, 1))
    call_command("reminders", "send", date="2019-03-20", stdout=_Out())  # 12 days before: nothing yet
    assert mail.outbox == []
    out = _Out()
    call_command("reminders", "send", date="2019-03-27", stdout=out)
    assert [m.subject for m in mail.outbox] == ["Tidsfristen närmar sig: Sammanfattning"]
    assert "om 5 dagar (1 april 2019)" in mail.outbox[0].body
    assert "1 påminnelse(r) skickades." in out.text
    call_command("reminders", "send", date="2019-03-28", stdout=_Out())  # the same deadline: not again
    assert len(mail.outbox) == 1
    call_command("reminders", "send", date="2019-04-02", stdout=_Out())
    assert mail.outbox[-1].subject == "Tidsfristen har passerat: Sammanfattning"
    call_command("reminders", "send", date="2019-04-03", stdout=_Out())
    assert len(mail.outbox) == 2


def test_a_long_passed_deadline_is_not_reminded_of(users, writer, summary_text):
    services.text_assign(actor=None, text=summary_text, writer=writer, deadline=date(2019, 4, 1))
    call_command("reminders", "send", date="2019-06-01", stdout=_Out())  # two months late: the first run since
    assert mail.outbox == []


def test_reminders_skip_finished_texts_and_use_the_occasions_deadline(users, writer, summary_text, report):
    report.occasion.deadline = date(2019, 4, 10)
    report.occasion.save()
    text = services.text_assign(actor=None, text=summary_text, writer=writer, deadline=None)
    call_command("reminders", "send", date="2019-04-05", days=7, stdout=_Out())
    assert len(mail.outbox) == 1 and "10 april 2019" in mail.outbox[0].body
    text = services.text_save(actor=writer, text=text, body="<p>Klar</p>", expected_version=text.version)
    services.text_set_status(actor=writer, text=text, status=Status.READY, expected_version=text.version)
    call_command("reminders", "send", date="2019-04-11", stdout=_Out())
    assert len(mail.outbox) == 1  # ready for review: no reminder that the deadline passed


def test_a_writer_who_lost_the_role_gets_no_reminder(users, writer, summary_text):
    services.text_assign(actor=None, text=summary_text, writer=writer, deadline=date(2019, 4, 1))
    writer.role_assignments.all().delete()
    call_command("reminders", "send", date="2019-04-01", stdout=_Out())
    assert mail.outbox == []


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="--date"):
        call_command("reminders", "send", date="1 april", stdout=_Out())


def test_a_user_turns_notices_off_and_on(client, users, writer, summary_text, django_assert_max_num_queries):
    client.force_login(writer)
    url = reverse("core:notices")
    with django_assert_max_num_queries(16):
        page = client.get(url)
    assert page.status_code == 200 and "skribent@example.se" in page.content.decode()
    assert page.content.decode().count("checked") == 4  # every kind is on until turned off
    wanted = ["reports.text_returned", "reports.deadline_near", "reports.deadline_passed"]
    assert client.post(url, {"version": 0, "wanted": wanted}).status_code == 302
    stale = client.post(url, {"version": 0, "wanted": []})  # opened before the first save: refused
    assert stale.status_code == 409
    client.force_login(users["admin"])
    _assign(client, summary_text, writer)
    assert mail.outbox == []
    client.force_login(writer)
    client.post(url, {"version": 1, "wanted": [*wanted, "reports.text_assigned"]})
    client.force_login(users["admin"])
    _assign(client, summary_text, users["approver"])
    _assign(client, summary_text, writer)
    assert [m.to for m in mail.outbox] == [["skribent@example.se"]]


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, value: str) -> None:
        self.text += value

    def flush(self) -> None:
        pass
