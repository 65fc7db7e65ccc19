"""E-mail notices (aviseringar): the mechanism every app sends its notices through.

An app declares its kinds of notice in `<app>/notices.py` (`notice_kinds.register(NoticeKind(...))`): a text
assigned, a text sent back, a deadline near or passed. A notice about something that just happened is built by the
app and sent from a background task (`deliver`); reminders that fall due with time are found by the kind's `due`
function, which `digipuff reminders send` (run daily by cron or a timer) asks for every registered kind.

Every notice is sent at most once to a person: `SentNotice` records its key (the event, e.g. "reports.text:12:
deadline-near:2019-04-01") in the same transaction as the sending, so a second run finds it and a failed send is
tried again on the next run. A user turns kinds off on their notice settings page (`core:notices`); everything is
on until they do. Mail goes through Django's mail (EMAIL_BACKEND: the console in the demo, SMTP from the
environment in production), in the installation's language, with a link to the thing it is about.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from digipuff.core.concurrency import lock_or_new, save_new_or_conflict
from digipuff.core.models import NoticeSettings, SentNotice
from digipuff.core.registry import Registry

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One e-mail to one person: what kind, which event (`key`, unique per person), subject, paragraphs, link."""

    user: Any
    kind: str
    key: str
    subject: str
    paragraphs: tuple[str, ...]
    url: str = ""


@dataclass(frozen=True)
class NoticeKind:
    """A kind of notice an app sends: its name (stored in users' settings, so never renamed), the label and
    description on the settings page, and for reminders that fall due with time, `due(today, days_before)` giving
    the notices due on that day (`days_before`: how many days before a deadline it is reminded of)."""

    name: str
    label: str | Promise
    description: str | Promise = ""
    due: Callable[[date, int], Iterable[Notice]] | None = None


notice_kinds: Registry[NoticeKind] = Registry("notices", key=lambda kind: kind.name)


def absolute_url(path: str) -> str:
    """A link for an e-mail: the installation's address (DIGIPUFF_BASE_URL) and the path."""
    return settings.DIGIPUFF_BASE_URL.rstrip("/") + path


def muted_kinds(user: Any) -> list[str]:
    row = NoticeSettings.objects.filter(user=user).values_list("muted", flat=True).first()
    return list(row or [])


def wants(user: Any, kind: str) -> bool:
    return kind not in muted_kinds(user)


@transaction.atomic
def notice_settings_set(*, actor: User, muted: Iterable[str], expected_version: int | None) -> NoticeSettings:
    """Save which kinds of notice the user does not want (their own settings only: `actor` is the user)."""
    keys = {"user": actor}
    record = lock_or_new(NoticeSettings, keys=keys, expected_version=expected_version, actor=actor)
    record.muted = sorted({name for name in muted if name in notice_kinds})
    record.updated_by = actor
    if record.pk is None:
        save_new_or_conflict(record, keys=keys)
    else:
        record.save()
    return record


def render(notice: Notice) -> str:
    """The body of the e-mail: greeting, paragraphs, the link, and where to turn such notices off."""
    user = notice.user
    return render_to_string(
        "core/notice.txt",
        {
            "name": user.get_full_name() or user.get_username(),
            "paragraphs": notice.paragraphs,
            "url": notice.url,
            "settings_url": absolute_url(reverse("core:notices")),
        },
    )


def deliver(notice: Notice) -> bool:
    """Send the notice unless it was sent before, the user turned its kind off, or has no address or account.

    The record and the sending share a transaction: a send that fails leaves no record (tried again next time), and
    of two runs racing for the same notice the unique key lets one send."""
    user = notice.user
    if not user.is_active or not user.email or not wants(user, notice.kind):
        return False
    if SentNotice.objects.filter(user=user, key=notice.key).exists():
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = render(notice)
    try:
        with transaction.atomic():
            SentNotice.objects.create(user=user, kind=notice.kind, key=notice.key[:200], subject=notice.subject[:300])
            send_mail(notice.subject, body, None, [user.email])
    except IntegrityError:  # another run sent it just now
        return False
    return True


def send_due(*, today: date, days_before: int) -> list[Notice]:
    """Send the reminders every kind has due on `today`; returns those sent (what was sent before is not again)."""
    sent: list[Notice] = []
    for kind in notice_kinds:
        if kind.due is None:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            due = list(kind.due(today, days_before))
        for notice in due:
            if deliver(notice):
                sent.append(notice)
    return sent
