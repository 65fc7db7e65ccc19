"""Writing values, targets, judgements and analyses: the permission matrix, validation, conflicts and audit."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from digipuff.core import audit
from digipuff.core.choices import Role
from digipuff.core.concurrency import ConflictError
from digipuff.indicators import services
from digipuff.indicators.choices import MEN, WOMEN, Breakdown, Judgement, Periodicity, TargetKind
from digipuff.indicators.models import MeasureValue
from digipuff.indicators.selectors import measure_summaries
from digipuff.indicators.services import ValueInput
from digipuff.organisation.models import ReportOccasion
from tests.factories import make_measure

WRITERS = {Role.ADMIN, Role.APPROVER, Role.WRITER}


@pytest.fixture
def sn_measure(org):
    return make_measure(org.sn, name="Nöjdhet", breakdown=Breakdown.GENDER)


@pytest.fixture
def von_measure(org):
    return make_measure(org.von, name="Nöjdhet VON")


WRITES = {
    "values": lambda actor, m: services.measure_values_set(
        actor=actor, measure=m, values=[ValueInput(year=2019, value=D(1))]
    ),
    "target": lambda actor, m: services.target_set(
        actor=actor, measure=m, year=2019, expected_version=None, kind=TargetKind.NUMERIC, comparator="gte", value=D(80)
    ),
    "judgement": lambda actor, m: services.equality_judgement_set(
        actor=actor, measure=m, year=2019, month=0, expected_version=None, judgement=Judgement.JUSTIFIED, text="Skäl"
    ),
    "analysis": lambda actor, m: services.measure_analysis_set(
        actor=actor,
        measure=m,
        occasion=ReportOccasion.objects.filter(year__year=2019).first(),
        expected_version=None,
        text="Text",
    ),
}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("role", Role.values)
def test_permission_matrix_for_every_write(org, users, sn_measure, von_measure, role, write):
    do = WRITES[write]
    if role in WRITERS:
        do(users[role], sn_measure)
    else:
        with pytest.raises(PermissionDenied):
            do(users[role], sn_measure)
    with pytest.raises(PermissionDenied):
        do(users[role], von_measure)  # the sibling committee
    with pytest.raises(PermissionDenied):
        do(users["nobody"], sn_measure)


def test_defining_measures_needs_administration(org, users):
    with pytest.raises(PermissionDenied):
        services.measure_create(
            actor=users[Role.WRITER], committee=org.sn, name="X", direction="higher", periodicity="year"
        )
    measure = services.measure_create(
        actor=users[Role.ADMIN], committee=org.sn, name="X", direction="higher", periodicity="year"
    )
    assert measure.owner == org.sn


def test_ratio_measures_take_numerator_and_denominator_and_compute_the_total(org, users):
    measure = make_measure(org.sn, name="Andel", is_ratio=True, breakdown=Breakdown.GENDER, decimals=1)
    with pytest.raises(ValidationError):
        services.measure_values_set(
            actor=users[Role.WRITER], measure=measure, values=[ValueInput(year=2019, group=WOMEN, value=D(5))]
        )
    with pytest.raises(ValidationError):
        services.measure_values_set(
            actor=users[Role.WRITER],
            measure=measure,
            values=[ValueInput(year=2019, numerator=D(5), denominator=D(100))],
        )
    services.measure_values_set(
        actor=users[Role.WRITER],
        measure=measure,
        values=[
            ValueInput(year=2019, group=WOMEN, numerator=D(30), denominator=D(300)),
            ValueInput(year=2019, group=MEN, numerator=D(1), denominator=D(100)),
        ],
    )
    summary = measure_summaries([measure], year=2019)[0]
    assert summary.value == D("7.75")
    assert summary.value_text == "7,8 %"
    assert [(code, text) for code, _label, _v, text in summary.groups] == [("K", "10,0 %"), ("M", "1,0 %")]
    assert summary.equality_flag is True


def test_a_bad_value_in_a_batch_stores_nothing(org, users, sn_measure):
    with pytest.raises(ValidationError):
        services.measure_values_set(
            actor=users[Role.WRITER],
            measure=sn_measure,
            values=[ValueInput(year=2019, value=D(1)), ValueInput(year=2019, group="X", value=D(2))],
        )
    assert not MeasureValue.objects.exists()


def test_a_stale_value_is_refused(org, users, sn_measure):
    [saved] = services.measure_values_set(
        actor=users[Role.WRITER], measure=sn_measure, values=[ValueInput(year=2019, value=D(1))]
    )
    services.measure_values_set(
        actor=users[Role.APPROVER],
        measure=sn_measure,
        values=[ValueInput(year=2019, value=D(2), expected_version=saved.version)],
    )
    with pytest.raises(ConflictError), transaction.atomic():
        services.measure_values_set(
            actor=users[Role.WRITER],
            measure=sn_measure,
            values=[ValueInput(year=2019, value=D(3), expected_version=saved.version)],
        )
    assert MeasureValue.objects.get().value == D(2)


def test_value_changes_are_audited(org, users, sn_measure):
    [saved] = services.measure_values_set(
        actor=users[Role.WRITER], measure=sn_measure, values=[ValueInput(year=2019, value=D(1))]
    )
    services.measure_values_set(
        actor=users[Role.APPROVER],
        measure=sn_measure,
        values=[ValueInput(year=2019, value=D(2), expected_version=saved.version)],
    )
    entries = list(audit.history(saved))
    assert entries[0].actor == users[Role.APPROVER]
    assert [D(x) for x in entries[0].changes_dict["value"]] == [D(1), D(2)]
    assert entries[1].actor == users[Role.WRITER]


def test_equality_judgement_needs_an_explanation(org, users, sn_measure):
    with pytest.raises(ValidationError):
        services.equality_judgement_set(
            actor=users[Role.WRITER],
            measure=sn_measure,
            year=2019,
            month=0,
            expected_version=None,
            judgement="justified",
            text=" ",
        )


def test_small_counts_are_suppressed_in_summaries(org, users):
    measure = make_measure(
        org.sn, name="Placerade barn", unit="count", is_count=True, breakdown=Breakdown.GENDER, direction="none"
    )
    services.measure_values_set(
        actor=users[Role.WRITER],
        measure=measure,
        values=[
            ValueInput(year=2019, value=D(12)),
            ValueInput(year=2019, group=WOMEN, value=D(9)),
            ValueInput(year=2019, group=MEN, value=D(3)),
        ],
    )
    summary = measure_summaries([measure], year=2019)[0]
    assert summary.value_text == "12"
    # Men (3) are suppressed; women too, or 12 - 9 would tell the men's 3 (secondary suppression).
    assert [text for _c, _l, _v, text in summary.groups] == ["--", "--"]
    assert [value for _c, _l, value, _t in summary.groups] == [None, None]


def test_monthly_tertial_and_yearly_labels(org):
    monthly = make_measure(org.sn, name="M", periodicity=Periodicity.MONTH)
    from digipuff.indicators.selectors import period_label

    assert period_label(monthly, (2019, 2)) == "02-2019"
    tertial = make_measure(org.sn, name="T", periodicity=Periodicity.TERTIAL)
    assert period_label(tertial, (2019, 8)) == "T2 2019"
    assert period_label(make_measure(org.sn, name="Y"), (2019, 0)) == "2019"
