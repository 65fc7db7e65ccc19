"""Base models every module builds on."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VersionedModel(models.Model):
    """A record that people edit: it carries a version so that a save based on an old copy is refused.

    The version is bumped by `digipuff.core.concurrency.check_version` inside the service that saves;
    forms carry the version they were rendered with.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class TaskRun(models.Model):
    """One piece of background work a person (or the system) started: a Kolada sync, deciding a report, rendering
    a batch (bakgrundsjobb).

    The task queue (django-tasks) runs the work and keeps its own result row; this record is what the status page
    shows: what it is, who started it, for which unit, how far it has come, and where its result is. It keeps the
    status too, because the immediate backend used in tests cannot be asked for a result afterwards.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Completed")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    result_id = models.CharField(_("task result id"), max_length=64, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=50)
    label = models.CharField(_("what"), max_length=300)
    # What the work is about, e.g. "reports.report:12", so that the same work is not started twice.
    subject = models.CharField(_("subject"), max_length=100, blank=True, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    result_url = models.CharField(_("result"), max_length=300, blank=True)
    files = models.JSONField(_("files"), default=list, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # The worker doing the work touches this while it lives (core.taskruns.running); a running run whose heartbeat
    # has stopped lost its worker and is marked failed by the reaper (core.taskruns.reap_stale).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # Work that may safely be done again (it is one transaction, or it overwrites what it made) is queued again when
    # its worker is lost, up to `max_attempts` starts in all.
    attempts = models.PositiveSmallIntegerField(_("starts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most starts"), default=1)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    policy_unit_field = "unit"

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class NoticeSettings(VersionedModel):
    """A user's choice of e-mail notices (aviseringar): every kind is sent unless the user has turned it off here.
    No record means every kind is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notice_settings"
    )
    # Names of the notice kinds (core.notices.notice_kinds) the user does not want.
    muted = models.JSONField(_("turned off"), default=list, blank=True)

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self) -> str:
        return str(self.user)


class SentNotice(models.Model):
    """An e-mail notice that has been sent (avisering): a text assigned, a deadline near or passed, a text sent
    back. Its key names the event, so the same notice is never sent twice to the same person, however often the
    daily reminders run."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("event"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent notice")
        verbose_name_plural = _("sent notices")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_notice_per_user_and_event")]

    def __str__(self) -> str:
        return self.subject


class ApiToken(models.Model):
    """A personal API token (API-nyckel): a program calls the API as the token's user, within the token's scopes.

    Only a SHA-256 hash of the secret is stored; the secret is shown once, when the token is created
    (`core.tokens.token_create`). `prefix` (the secret's first characters) lets the user recognise a token in the
    list. Scopes restrict what the token may be used for; the user's roles (the policy) still decide what it may
    touch. A token expires (at most a year after it was made) and can be revoked at any time.
    """

    class Scope(models.TextChoices):
        READ = "read", pgettext_lazy("API token scope", "Read")
        WRITE_VALUES = "write_values", _("Write measure values")
        WRITE_STATUSES = "write_statuses", _("Write statuses of activities and actions")
        WRITE_FORECASTS = "write_forecasts", _("Write forecasts")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("beginning"), max_length=16, db_index=True)
    key_hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_labels(self) -> list[str]:
        return [str(label) for value, label in self.Scope.choices if value in self.scopes]


class IdempotencyRecord(models.Model):
    """The answer to a write request sent with an `Idempotency-Key`, kept for a day: the same request sent again
    (a client that lost the answer) gets the same answer and writes nothing a second time
    (`core.api.idempotency`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = models.CharField(max_length=200)
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "endpoint", "key"], name="unique_idempotency_key"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"
