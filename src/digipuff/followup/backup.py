"""Follow-up's part of a committee-year backup: the statuses the follow-ups use, found again by their code (the
follow-ups themselves are each module's own)."""

from __future__ import annotations

from digipuff.core.backup import BackupPart, backup_parts

backup_parts.register(BackupPart(model="followup.followupstatus", natural_key=("code",)))
