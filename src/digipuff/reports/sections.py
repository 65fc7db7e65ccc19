"""The one section kind the reports module owns: a section of writers' text only. Every other kind is declared by
the module whose data it shows, in that module's `sections.py` (see `core.sections`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from digipuff.core.document import Block
from digipuff.core.sections import Context, Section, section_kind


@section_kind("text", gettext_lazy("Text only"))
def text_only(context: Context, section: Section) -> list[Block]:
    return []
