"""Cases (ärenden) with a diarienummer series per committee and year, and each case's status history; meetings
(sammanträden) with their ordered agenda."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digipuff.core.models import VersionedModel
from digipuff.meetings.choices import (
    AgendaItemKind,
    AgendaItemStatus,
    CaseStatus,
    DecisionOutcome,
    ProtokollStatus,
    StatementStatus,
)
from digipuff.organisation.models import YEAR_VALIDATORS, OrgUnit
from digipuff.reports.models import Report


class CaseSeries(models.Model):
    """A committee's diarienummer series for one year (diarieserie): the last number given.

    The row is locked (select_for_update) while a number is taken, so two registrations at the same moment never get
    the same number; it only ever grows, so a number is never given again, not even after its case was deleted.
    """

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number series")
        verbose_name_plural = _("case number series")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="unique_case_series")]

    def __str__(self) -> str:
        return f"{self.committee_id}/{self.year}"


class Case(VersionedModel):
    """A committee case (ärende), e.g. SN-2019/149 "Reviderad verksamhetsplan 2019 för socialnämnden": registered
    with a diarienummer, prepared by a handläggare, decided by the committee and the decision notified."""

    policy_unit_field = "committee"

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    number = models.PositiveIntegerField(_("number"))
    # Rendered once, when the number is given: a registry number never changes, even if the pattern does later.
    diarienummer = models.CharField(_("registry number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    officer_name = models.CharField(_("case officer (name)"), max_length=200, blank=True)
    report = models.ForeignKey(
        Report, verbose_name=_("report"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    registered_on = models.DateField(_("registered"))

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["committee__path", "-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "year", "number"], name="unique_case_number")]

    def __str__(self) -> str:
        return f"{self.diarienummer} {self.title}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee

    @property
    def officer_display(self) -> str:
        if self.officer is not None:
            return self.officer.get_full_name() or self.officer.username
        return self.officer_name


class CaseEvent(models.Model):
    """One step in a case's history (ärendets händelser): the status it reached, when, by whom, with a note."""

    policy_unit_field = "case__committee"

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices)
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.case.committee


# -- meetings and their agenda (sammanträden och föredragningslista) -------------------------------------------------


class Meeting(VersionedModel):
    """A meeting of a committee (sammanträde), e.g. Socialnämnden on Tuesday 9 April 2019 at 18:00 in the
    Sessionssalen: its time and place, and who signs the kallelse (ordförande and sekreterare, with the place and
    date of signing). Its agenda is its `items`; the protokoll of the meeting attaches to the items later."""

    policy_unit_field = "committee"

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    # The year of `starts_at` (local time), kept for the committee-year pages and backups.
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=300)
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=200, blank=True)
    signed_place = models.CharField(_("place of signing"), max_length=100, blank=True)
    signed_on = models.DateField(_("date of signing"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["committee__path", "starts_at"]
        indexes = [models.Index(fields=["committee", "year", "starts_at"], name="meeting_committee_year")]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.starts_at:%Y-%m-%d}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee


class AgendaItem(VersionedModel):
    """One item of a meeting's agenda (ärende på föredragningslistan): a standard item (val av justerare,
    godkännande av föredragningslistan), information with its presenter, a case with its diarienummer, övriga
    frågor or bordlagda frågor.

    Items are ordered by `position`; a confidential item (sekretessärende) is shown in the agenda's own part after
    the public items and only to those entitled. An item postponed (bordlagt) to a later meeting stays here with
    `postponed_to` and continues there as a new item whose `postponed_from` is this one; a withdrawn item stays as a
    record but leaves the agenda. The protokoll gives each item dealt with its paragraph (§) number."""

    policy_unit_field = "meeting__committee"

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaItemKind.choices)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    presenter_role = models.CharField(_("presenter's role"), max_length=200, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=AgendaItemStatus.choices, default=AgendaItemStatus.ON_AGENDA
    )
    postponed_to = models.ForeignKey(
        Meeting,
        verbose_name=_("postponed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    postponed_from = models.ForeignKey(
        "self",
        verbose_name=_("postponed from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_as",
    )
    # The paragraph (§) of the meeting's protokoll; empty until the protokoll numbers the items it dealt with.
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "confidential", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="unique_agenda_position"),
            models.UniqueConstraint(
                fields=["meeting", "paragraph"],
                condition=models.Q(paragraph__isnull=False),
                name="unique_agenda_paragraph",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.position} {self.title}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.meeting.committee


class Statement(VersionedModel):
    """The tjänsteutlåtande of a case: the förvaltning's written report to the committee with its förslag till beslut,
    sammanfattning, beskrivning av ärendet and förvaltningens synpunkter (rich text, sanitised as report texts), the
    signatories, the bilagor and whom the decision is sent to (beslutet delges). One per case."""

    policy_unit_field = "case__committee"

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="statement")
    administration = models.CharField(_("administration"), max_length=200)
    dated = models.DateField(_("date"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    officer_name = models.CharField(_("case officer (name)"), max_length=200, blank=True)
    officer_title = models.CharField(_("case officer's title"), max_length=200, blank=True)
    officer_email = models.EmailField(_("case officer's e-mail"), blank=True)
    proposal = models.TextField(_("proposed decision"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description of the case"), blank=True)
    views = models.TextField(_("the administration's views"), blank=True)
    # [{"name": ..., "title": ...}]: the förvaltningschef and whoever else signs, in order.
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    attach_report = models.BooleanField(_("the case's report is an attachment"), default=True)
    recipients = models.JSONField(_("the decision is sent to"), default=list, blank=True)
    source_report = models.ForeignKey(
        Report,
        verbose_name=_("created from report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    return_comment = models.CharField(_("comment from the approver"), max_length=1000, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("officer's report (tjänsteutlåtande)")
        verbose_name_plural = _("officer's reports (tjänsteutlåtanden)")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.case.diarienummer}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.case.committee

    @property
    def officer_display(self) -> str:
        if self.officer is not None:
            return self.officer.get_full_name() or self.officer.username
        return self.officer_name


# -- the protokoll (sammanträdesprotokoll) -----------------------------------------------------------------------------


class Protokoll(VersionedModel):
    """The minutes of a meeting: who attended (ledamöter, tjänstgörande ersättare, ersättare, others present), the
    justerare with the place and date of justering, and the date the anslag (the notice that the protokoll is
    justerat) is posted. The decisions are the items' `ItemDecision`s and the paragraphs (§) their `paragraph`,
    numbered through the committee's year.

    Once justerat the protokoll is frozen: `content` holds its full text as it was justerat and `content_sha256`
    the SHA-256 of that JSON; nothing of it changes afterwards, and the decisions that fastställer a report freeze
    the report with the case's diarienummer and paragraph."""

    policy_unit_field = "meeting__committee"

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="protokoll"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProtokollStatus.choices, default=ProtokollStatus.DRAFT
    )
    members = models.TextField(_("members present (ledamöter)"), blank=True)
    serving_substitutes = models.TextField(_("substitutes serving (tjänstgörande ersättare)"), blank=True)
    substitutes = models.TextField(_("substitutes present (ersättare)"), blank=True)
    others_present = models.TextField(_("others present"), blank=True)
    adjusters = models.CharField(_("adjusters (justerare)"), max_length=300, blank=True)
    adjustment_place = models.CharField(_("place of adjustment"), max_length=200, blank=True)
    adjusted_on = models.DateField(_("date of adjustment"), null=True, blank=True)
    posted_on = models.DateField(_("notice posted on"), null=True, blank=True)
    content = models.JSONField(_("content as adjusted"), null=True, blank=True, editable=False)
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True, editable=False)
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True, editable=False)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adjusted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.meeting}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.meeting.committee

    @property
    def is_adjusted(self) -> bool:
        return self.status == ProtokollStatus.ADJUSTED


class ItemDecision(VersionedModel):
    """The protokoll's paragraph on one agenda item: the proposal (förslag till beslut), the motions (yrkanden), the
    procedure (beslutsgång), the decision (beslut) and its outcome, the reservations and who declared a conflict of
    interest (jäv). An item whose outcome is APPROVED fastställer its case's report when the protokoll is justerat."""

    policy_unit_field = "item__meeting__committee"

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    proposal = models.TextField(_("proposed decision"), blank=True)
    motions = models.TextField(_("motions (yrkanden)"), blank=True)
    procedure = models.TextField(_("procedure (beslutsgång)"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    reservations = models.TextField(_("reservations"), blank=True)
    disqualified = models.TextField(_("conflicts of interest (jäv)"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.item_id}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.item.meeting.committee


# -- delegationsbeslut and decisions not executed --------------------------------------------------------------------


class DelegationDecision(VersionedModel):
    """A decision taken under delegation (delegationsbeslut) and reported (anmält) to the committee at a meeting: when,
    by whom (the delegat), under which point of the delegation order, what it concerns and its reference. A decision
    in an individual's case is confidential: seen only by those entitled (`meeting_selectors.may_see_confidential`)."""

    policy_unit_field = "committee"

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("reported to the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegation_decisions",
    )
    decided_on = models.DateField(_("decision date"))
    delegate = models.CharField(_("decided by (delegate)"), max_length=200)
    delegation_point = models.CharField(_("point of the delegation order"), max_length=50, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)

    class Meta:
        verbose_name = _("delegation decision")
        verbose_name_plural = _("delegation decisions")
        ordering = ["committee__path", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.subject}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee


class NonExecutedCount(VersionedModel):
    """The number of favourable decisions not executed within three months (ej verkställda beslut, reported each
    quarter to IVO and to the committee), for one area of the committee, one quarter, by gender. Published only
    through `core.suppression`: small counts are never shown."""

    policy_unit_field = "committee"

    committee = models.ForeignKey(OrgUnit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, str(q)) for q in range(1, 5)])
    area = models.CharField(_("area"), max_length=200)
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)

    class Meta:
        verbose_name = _("decisions not executed")
        verbose_name_plural = _("decisions not executed")
        ordering = ["committee__path", "year", "quarter", "area"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "quarter", "area"], name="unique_non_executed_count")
        ]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.year} Q{self.quarter} {self.area}"

    @property
    def policy_unit(self) -> OrgUnit:
        return self.committee

    @property
    def total(self) -> int:
        return self.women + self.men
