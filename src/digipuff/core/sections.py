"""The contract of report sections: what a section kind is, what it gets, and where the kinds are registered.

A report template is a list of sections, each of a kind ("goals_results", "economy:by_area", "personnel", ...).
The app that owns the data declares its kinds in its own `<app>/sections.py`:

    from digipuff.core.sections import Context, SectionKind, section_kinds

    def build(context: Context, section: Section) -> list[Block]: ...

    section_kinds.register(SectionKind(name="meetings", label=gettext_lazy("Meetings"), build=build))

`section_kinds` imports every app's `sections.py` the first time it is read, so the reports module (which only
reads the registry) needs no change when a module adds a kind, and `core` imports no domain app. A build reads
what it needs (its ORM phase) and returns document-model blocks; nothing after it touches the database. When its
data is missing or empty it raises `MissingData`, and the section shows an "Underlag saknas" notice instead of the
whole report failing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from digipuff.core.document import Block, Paragraph, Run
from digipuff.core.registry import Registry

logger = logging.getLogger(__name__)


class MissingData(Exception):
    """The data a section is built from is not there (module absent, nothing entered yet)."""


class Section(Protocol):
    """A section of a report as builds read it (reports.ReportSection): its kind, title and heading level."""

    @property
    def pk(self) -> Any: ...

    @property
    def kind(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def level(self) -> int: ...


@dataclass
class Context:
    """What every build gets: the report's committee, year, occasion and type, its texts by (section pk, slot key),
    and a cache the builds of one report share (e.g. the golden thread, which goals computes once per report)."""

    committee: Any  # organisation.OrgUnit; typed loosely because core imports no domain app
    year: int
    occasion: Any  # organisation.ReportOccasion
    report_type: str
    texts: dict[tuple[int, str], Any] = field(default_factory=dict)  # values: reports.ReportText
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def month(self) -> int:
        month: int = self.occasion.period_end.month
        return month

    def text(self, section: Section, key: str) -> Any:
        """The text of `section` in the slot `key`, or None."""
        return self.texts.get((section.pk, key))

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()` once per report: builds of several sections share what they read."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


Build = Callable[[Context, Any], list[Block]]  # (context, the report section) -> blocks
Slots = Callable[[Context], list[tuple[str, str]]]  # extra text slots (key, title), e.g. one analysis per goal
# A proposed text for a slot from the data (a draft the writer edits): (context, the report section, the slot's key)
# -> sanitised HTML whose sentences are footnoted to the figures they state; raises MissingData when there is none.
Draft = Callable[[Context, Any, str], str]


@dataclass(frozen=True)
class SectionKind:
    """A kind of section a template may use: its name (stored in templates and reports, so never renamed), the
    label shown when choosing it, the build and, optionally, the extra text slots it offers writers and a draft of
    a slot's text written from the data (rule-based: the same figures always give the same text)."""

    name: str
    label: str | Promise
    build: Build
    slots: Slots | None = None
    draft: Draft | None = None


section_kinds: Registry[SectionKind] = Registry("sections", key=lambda kind: kind.name)


def section_kind(
    name: str, label: str | Promise, *, slots: Slots | None = None, draft: Draft | None = None
) -> Callable[[Build], Build]:
    """Register the decorated build as the section kind `name`."""

    def decorator(build: Build) -> Build:
        section_kinds.register(SectionKind(name=name, label=label, build=build, slots=slots, draft=draft))
        return build

    return decorator


def draft_text(context: Context, section: Section, key: str) -> str:
    """The proposed text of a section's slot from the data; MissingData when its kind proposes none."""
    kind = section_kinds.get(section.kind)
    if kind is None or kind.draft is None:
        raise MissingData(_("no text can be proposed from the data for this section."))
    return kind.draft(context, section, key)


def choices() -> list[tuple[str, str]]:
    """(name, label) of every installed kind, by label: the choices of a template section's kind."""
    return [(kind.name, str(kind.label)) for kind in sorted(section_kinds, key=lambda kind: str(kind.label))]


def missing(reason: str) -> Paragraph:
    """The "Underlag saknas" notice."""
    return Paragraph([Run(_("Underlying data missing: {reason}").format(reason=reason))], style="missing")


def build_section(context: Context, section: Section) -> list[Block]:
    """The generated blocks of a report section; a notice instead when its kind or its data is missing."""
    kind = section_kinds.get(section.kind)
    if kind is None:
        return [missing(_("no content of the kind '{kind}' is installed.").format(kind=section.kind))]
    try:
        return kind.build(context, section)
    except MissingData as exc:
        return [missing(str(exc))]
    except ImportError as exc:  # a module the section needs is not installed
        logger.warning("Report section %s: %s", section.kind, exc)
        return [missing(_("the module that provides it is not installed."))]


def p(text: str, style: str = "") -> Paragraph:
    """A paragraph of plain text."""
    return Paragraph([Run(text)], style)


def labelled(label: str, text: str) -> Paragraph:
    """ "Label: text" with the label in bold."""
    return Paragraph([Run(f"{label}: ", bold=True), Run(text)])
