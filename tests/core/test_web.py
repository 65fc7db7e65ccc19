"""The shared web layer: units from the URL, safe redirects, and a refused save shown with the user's input kept
(409 for a conflict, 422 for invalid input) on the pages of every module."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from digipuff.activities.models import ActivityFollowUp
from digipuff.core.choices import Role
from digipuff.core.concurrency import ConflictError
from digipuff.core.forms import StyledFormMixin
from digipuff.core.web import committee_or_404, run_service, safe_next, unit_or_404
from digipuff.indicators.models import MeasureValue
from digipuff.reports import services as report_services
from tests.activities.conftest import goals, occasion, plan, status  # noqa: F401
from tests.factories import make_measure
from tests.reports.conftest import report, summary_text  # noqa: F401

pytestmark = pytest.mark.django_db


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


# -- units and redirects --------------------------------------------------------------------------------------------


def test_units_from_the_url(org):
    assert unit_or_404("sn-vb") == org.sn_operation
    assert committee_or_404("SN") == org.sn
    assert committee_or_404("SN-VB", climb=True) == org.sn
    with pytest.raises(Http404):
        committee_or_404("SN-VB")  # a unit below a committee is not one
    with pytest.raises(Http404):
        committee_or_404("KF", climb=True)  # the council is above every committee
    with pytest.raises(Http404):
        unit_or_404("NOPE")


def test_safe_next_stays_on_the_site():
    factory = RequestFactory()
    assert safe_next(factory.get("/", {"next": "/org/"}), "/fallback/") == "/org/"
    assert safe_next(factory.get("/", {"next": "https://evil.example/"}), "/fallback/") == "/fallback/"
    assert safe_next(factory.post("/", {"next": "//evil.example/"}), "/fallback/") == "/fallback/"
    assert safe_next(factory.get("/"), "/fallback/") == "/fallback/"


# -- running a service from a form ------------------------------------------------------------------------------------


class _NoteForm(StyledFormMixin, forms.Form):
    title = forms.CharField(max_length=20)
    amount = forms.IntegerField()


def test_run_service_puts_refusals_on_the_form_and_keeps_the_input():
    def refuse_field(data: dict) -> None:
        raise ValidationError({"amount": "Too much.", "other": "On the form."})

    form = _NoteForm({"title": "Mitt", "amount": "5"})
    outcome = run_service(form, refuse_field)
    assert (outcome.saved, outcome.status) == (False, 422)
    assert form.errors["amount"] == ["Too much."] and form.non_field_errors() == ["On the form."]
    assert 'value="Mitt"' in str(form["title"]) and "is-invalid" in str(form["amount"])

    def conflict(data: dict) -> None:
        raise ConflictError("Someone saved first.", current_version=3)

    form = _NoteForm({"title": "Mitt", "amount": "5"})
    outcome = run_service(form, conflict)
    assert (outcome.saved, outcome.status, outcome.conflict) == (False, 409, "Someone saved first.")
    assert form.non_field_errors() == ["Someone saved first."]

    assert run_service(_NoteForm({"title": "", "amount": "x"}), conflict).status == 422  # never called
    unbound = run_service(_NoteForm(), conflict)
    assert (unbound.saved, unbound.status) == (False, 200)
    done = run_service(_NoteForm({"title": "Mitt", "amount": "5"}), lambda data: data["amount"] * 2)
    assert (done.saved, done.status, done.value()) == (True, 200, 10)


# -- a stale save on each kind of page --------------------------------------------------------------------------------


def test_a_stale_report_text_is_refused_with_409_naming_who_saved(client, users, summary_text):  # noqa: F811
    first, second = users[Role.ADMIN], users[Role.WRITER]
    url = reverse("reports:text", kwargs={"pk": summary_text.pk})
    report_services.text_save(actor=first, text=summary_text, body="<p>Förstas text</p>", expected_version=1)
    client.force_login(second)
    stale = client.post(url, {"body": "<p>Andras text</p>", "version": 1}, HTTP_HX_REQUEST="true")
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Inte sparat." in html and _name(first) in html and "sparade en nyare version" in html
    assert 'id="text-version"' not in html  # the writer's version is not moved past the conflict
    # Without htmx the page answers 409 too, with the writer's own text in the editor.
    page = client.post(url, {"body": "<p>Andras text</p>", "version": 1})
    html = page.content.decode()
    assert page.status_code == 409
    assert "<p>Andras text</p>" in html and _name(first) in html and "Inte sparat." in html
    summary_text.refresh_from_db()
    assert summary_text.body == "<p>Förstas text</p>"


def test_an_invalid_report_text_save_answers_422(client, users, summary_text):  # noqa: F811
    client.force_login(users[Role.WRITER])
    url = reverse("reports:text", kwargs={"pk": summary_text.pk})
    response = client.post(url, {"body": "<p>Text</p>"}, HTTP_HX_REQUEST="true")  # no version
    assert response.status_code == 422 and "Inte sparat." in response.content.decode()


def test_a_stale_measure_value_is_refused_with_409_and_the_input_kept(client, org, users):
    measure = make_measure(org.sn, name="Brukarnöjdhet")
    first, second = users[Role.ADMIN], users[Role.WRITER]
    url = reverse("indicators:values", args=[measure.pk])
    client.force_login(first)
    assert client.post(url, {"year": 2019, "value_T": "70"}).status_code == 302
    opened = MeasureValue.objects.get(measure=measure, year=2019).version
    assert client.post(url, {"year": 2019, "value_T": "71", "version_T": opened}).status_code == 302
    client.force_login(second)
    response = client.post(url, {"year": 2019, "value_T": "99,5", "version_T": opened})
    html = response.content.decode()
    assert response.status_code == 409
    assert _name(first) in html and "sparade en nyare version" in html and 'value="99,5"' in html
    assert MeasureValue.objects.get(measure=measure, year=2019).value == 71


def _stale_follow_up(client, users, plan):  # noqa: F811
    d1 = occasion(2019, "Delår 1")
    url = reverse("followup:edit", args=["activity", plan.activity.pk, d1.pk])
    first, second = users[Role.ADMIN], users[Role.WRITER]
    client.force_login(first)
    assert client.post(url, {"version": 0, "status": status("klart").pk, "comment": "Första"}).status_code == 302
    client.force_login(second)
    response = client.post(url, {"version": 0, "status": "", "comment": "Andras kommentar"})
    return response, first, d1


def test_a_stale_activity_follow_up_is_refused_with_the_message_and_the_input(client, users, plan):  # noqa: F811
    response, first, d1 = _stale_follow_up(client, users, plan)
    html = response.content.decode()
    assert response.status_code == 409
    assert _name(first) in html and "sparade en nyare version" in html and "Andras kommentar" in html
    assert ActivityFollowUp.objects.get(item=plan.activity, occasion=d1).comment == "Första"


def test_a_stale_activity_follow_up_answers_409(client, users, plan):  # noqa: F811
    response, _first, _d1 = _stale_follow_up(client, users, plan)
    assert response.status_code == 409


def test_a_refused_role_is_answered_422_with_the_panel_for_htmx(client, org, users):
    client.force_login(users[Role.ADMIN])
    response = client.post(
        reverse("organisation:role_add", args=["SN"]), {"username": "ingen", "role": "writer"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="roles-panel"' in html and "<html" not in html
    assert "Det finns ingen aktiv användare som heter ingen." in html and 'value="ingen"' in html
