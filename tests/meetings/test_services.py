"""The diarienummer series (sequential, per committee and year, never reused), the pattern and the status history,
through the services."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError

from digipuff.core.choices import Role
from digipuff.core.concurrency import ConflictError
from digipuff.meetings import services
from digipuff.meetings.choices import CaseStatus
from digipuff.meetings.models import Case


def _register(committee, year=2019, title="Ärende", **kwargs):
    return services.case_register(actor=None, committee=committee, year=year, title=title, **kwargs)


def test_numbers_run_in_sequence_per_committee_and_year(org):
    first, second = _register(org.sn), _register(org.sn)
    other_year = _register(org.sn, year=2020)
    other_committee = _register(org.von)
    assert (first.number, second.number) == (1, 2)
    assert [first.diarienummer, second.diarienummer] == ["SN-2019/1", "SN-2019/2"]
    assert other_year.diarienummer == "SN-2020/1"
    assert other_committee.diarienummer == "VON-2019/1"


def test_a_deleted_case_number_is_never_given_again(org, users):
    _register(org.sn)
    last = _register(org.sn)
    services.case_delete(actor=users[Role.ADMIN], case=last)
    assert _register(org.sn).number == 3
    assert not Case.objects.filter(number=2).exists()


def test_an_existing_number_from_the_diarium_must_lie_above_the_series(org):
    assert _register(org.sn, number=149).diarienummer == "SN-2019/149"
    assert _register(org.sn).number == 150
    with pytest.raises(ValidationError) as refused:
        _register(org.sn, number=121)
    assert "121" in refused.value.message_dict["number"][0]
    assert Case.objects.count() == 2


def test_the_pattern_is_configurable_and_a_given_number_keeps_its_form(org, settings):
    settings.DIGIPUFF_CASE_NUMBER_PATTERN = "{committee} {year}.{number:04d}"
    case = _register(org.sn)
    assert case.diarienummer == "SN 2019.0001"
    settings.DIGIPUFF_CASE_NUMBER_PATTERN = "{committee}-{year}/{number}"
    case.refresh_from_db()
    assert case.diarienummer == "SN 2019.0001"
    assert _register(org.sn).diarienummer == "SN-2019/2"


def test_a_bad_pattern_is_named(org, settings):
    settings.DIGIPUFF_CASE_NUMBER_PATTERN = "{unit}-{number}"
    with pytest.raises(ImproperlyConfigured, match="DIGIPUFF_CASE_NUMBER_PATTERN"):
        _register(org.sn)
    assert not Case.objects.exists()


def test_status_moves_forward_one_step_at_a_time_with_its_history(org, users):
    writer = users[Role.WRITER]
    case = services.case_register(actor=writer, committee=org.sn, year=2019, title="Verksamhetsplan")
    for status in (CaseStatus.PREPARING, CaseStatus.DECIDED, CaseStatus.NOTIFIED):
        case = services.case_status_change(
            actor=writer, case=case, status=status, expected_version=case.version, note=f"till {status}"
        )
    assert [e.status for e in case.events.all()] == list(CaseStatus.values)
    assert all(e.by == writer for e in case.events.all())
    with pytest.raises(ValidationError) as refused:
        services.case_status_change(actor=writer, case=case, status=CaseStatus.REGISTERED, expected_version=None)
    assert refused.value.message_dict["status"] == ["Ärendet är klart (Delgivet); dess status kan inte ändras mer."]
    entries = LogEntry.objects.filter(object_repr__contains="SN-2019/1")
    assert entries.filter(actor=writer).exists()


def test_skipping_a_status_is_refused(org):
    case = _register(org.sn)
    with pytest.raises(ValidationError) as refused:
        services.case_status_change(actor=None, case=case, status=CaseStatus.DECIDED, expected_version=None)
    assert refused.value.message_dict["status"] == [
        "Ett ärende med status Registrerat kan bara gå vidare till Under beredning."
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and case.events.count() == 1


def test_an_edit_from_an_old_copy_is_refused(org):
    case = _register(org.sn)
    services.case_update(
        actor=None, case=case, expected_version=1, title="Ny titel", officer=None, officer_name="A", report=None
    )
    with pytest.raises(ConflictError):
        services.case_update(
            actor=None,
            case=Case.objects.get(pk=case.pk),
            expected_version=1,
            title="Annan titel",
            officer=None,
            officer_name="",
            report=None,
        )
    assert Case.objects.get(pk=case.pk).title == "Ny titel"


def test_registering_needs_edit_on_the_committee(org, users):
    with pytest.raises(PermissionDenied):
        services.case_register(actor=users[Role.READER], committee=org.sn, year=2019, title="X")
    with pytest.raises(PermissionDenied):
        services.case_register(actor=users[Role.WRITER], committee=org.von, year=2019, title="X")
    with pytest.raises(ValidationError):
        services.case_register(actor=None, committee=org.sof, year=2019, title="X")
    assert not Case.objects.exists()
