"""View helpers of the activities pages: the committee from the URL and a safe `next` (kept under these names
here; they live with the follow-up views, which internal control shares)."""

from __future__ import annotations

from digipuff.followup.views import committee_or_404, safe_next

__all__ = ["committee_or_404", "safe_next"]
