"""The search: a query read into Swedish stems and synonyms, run over every registered source (`core.search`).

One reading of the query serves both databases (docs/search.md):

- every word is stemmed with the Swedish Snowball stemmer (the algorithm PostgreSQL's `swedish` configuration
  uses), and a definite ending the stemmer keeps ("äldreboendet") is taken off as a second form;
- a word (or run of words) that belongs to a synonym group (`synonyms.toml`) also looks for the group's other
  terms, so "äldreboende" finds "särskilt boende";
- a record matches when it holds every word of the query (in one of its forms); a word's stem also matches inside
  a longer word, so "boende" finds "äldreboende" (Swedish compounds).

Both databases find the records the same way: every stem inside the case-folded fields (PostgreSQL's lower(),
on SQLite a function registered on the connection, since SQLite's own lower() and LIKE fold only ASCII), which is
what a full-text match needs too (a Swedish Snowball stem is a prefix of its word). PostgreSQL ranks the matches
with full text, `ts_rank` over `to_tsvector('swedish', ...)` with the title weighted first; SQLite ranks them in
Python with the same stems. Snippets and highlights are cut in Python, for the hits shown only.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache, reduce
from html import unescape
from operator import and_, or_
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from digipuff.core.search import SearchSource, search_sources

if TYPE_CHECKING:
    from digipuff.core.policy import AnyUser

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_HITS_PER_KIND = 200  # a kind's hits are counted up to this; beyond it, the user narrows the search
MIN_INFIX = 4  # a stem shorter than this is not looked for inside longer words ("lss" only as a word of its own)
SNIPPET_WORDS = 30
CONFIG = "swedish"

_WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" is a LIKE wildcard and no part of a word
_TOKEN = re.compile(r"([^\W_]+)")
# Endings of the definite form that the Snowball stemmer leaves on ("äldreboendet", "äldreboendena").
_DEFINITE = ("ets", "et", "ens", "en", "na")


class QueryError(ValueError):
    """A query that cannot be searched; the message is for the user."""


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.casefold()))


def forms(word: str) -> tuple[str, ...]:
    """The stems a word is looked for by: its Snowball stem, and without a definite ending the stemmer kept."""
    base = stem(word)
    found = [base]
    for ending in _DEFINITE:
        if base.endswith(ending) and len(base) - len(ending) >= 5:
            found.append(base[: -len(ending)])
            break
    return tuple(found)


@dataclass(frozen=True)
class Vocabulary:
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # each group: its terms, each term the words' stems
    stopwords: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    data = tomllib.loads((Path(__file__).parent / "synonyms.toml").read_text(encoding="utf-8"))
    stopwords = frozenset(word.casefold() for word in data["stopwords"]["words"])
    groups = tuple(
        tuple(
            tuple(stem(word) for word in _WORD.findall(term.casefold()) if word not in stopwords)
            for term in group["terms"]
        )
        for group in data["group"]
    )
    return Vocabulary(groups=groups, stopwords=stopwords)


@dataclass(frozen=True)
class Term:
    """One word of the query (or a run of words that is a synonym term): the alternatives it is found by, each a
    set of stems that must all occur."""

    text: str
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def stems(self) -> set[str]:
        return {s for alternative in self.alternatives for s in alternative}


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    @property
    def stems(self) -> set[str]:
        return {s for term in self.terms for s in term.stems}


def parse(text: str) -> Query:
    """Read the user's query; a QueryError says why it cannot be searched."""
    text = text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(_("The search is too long: at most {n} characters.").format(n=MAX_QUERY_LENGTH))
    vocab = vocabulary()
    # A single letter or digit finds nothing telling; tsquery's and LIKE's syntax is no word.
    words = [word for word in _WORD.findall(text.casefold()) if len(word) > 1 and word not in vocab.stopwords]
    if not words:
        raise QueryError(_("Write one or more words to search for."))
    if len(words) > MAX_WORDS:
        raise QueryError(_("The search has too many words: at most {n}.").format(n=MAX_WORDS))
    stems = [forms(word) for word in words]
    terms: list[Term] = []
    i = 0
    while i < len(words):
        group, length = _synonym_at(stems, i, vocab)
        alternatives: list[tuple[str, ...]] = [(form,) for form in stems[i]] if length <= 1 else []
        if group is not None:
            if length > 1:
                alternatives.append(tuple(s[0] for s in stems[i : i + length]))
            alternatives.extend(term for term in group if term not in alternatives)
        terms.append(Term(text=" ".join(words[i : i + max(length, 1)]), alternatives=tuple(alternatives)))
        i += max(length, 1)
    return Query(text=text, terms=tuple(terms))


def _synonym_at(
    stems: Sequence[tuple[str, ...]], i: int, vocab: Vocabulary
) -> tuple[tuple[tuple[str, ...], ...] | None, int]:
    """The synonym group whose longest term starts at word i, and the number of words it covers."""
    best: tuple[tuple[tuple[str, ...], ...] | None, int] = (None, 0)
    for group in vocab.groups:
        for term in group:
            n = len(term)
            if n <= best[1] or i + n > len(stems):
                continue
            if all(term[k] in stems[i + k] for k in range(n)):
                best = (group, n)
    return best


# -- running it ------------------------------------------------------------------------------------------------


@dataclass
class Hit:
    """A found record; its highlighted title and snippet are made only for the hits shown."""

    source: SearchSource
    obj: Any
    texts: list[str]
    query: Query
    score: float

    @cached_property
    def title(self) -> SafeString:
        return _highlight(self.source.title(self.obj), self.query)

    @cached_property
    def url(self) -> str:
        return self.source.url(self.obj)

    @cached_property
    def context(self) -> str:
        return self.source.context(self.obj) if self.source.context else ""

    @cached_property
    def snippet(self) -> SafeString:
        return _snippet(self.texts[1:], self.query)


@dataclass
class KindResult:
    source: SearchSource
    hits: list[Hit] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return len(self.hits) >= MAX_HITS_PER_KIND


class Fold(Func):
    """Text folded to lower case the same way on both databases: PostgreSQL's lower() (Unicode-aware), and on
    SQLite a function registered on the connection (`apps.SearchConfig`), since SQLite's lower() folds only ASCII."""

    function = "LOWER"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="digipuff_fold", **extra)


def sources(*, kinds: Iterable[str] | None = None) -> list[SearchSource]:
    wanted = set(kinds) if kinds else None
    return [source for source in search_sources if wanted is None or source.name in wanted]


def search(
    *,
    user: AnyUser,
    query: Query,
    kinds: Iterable[str] | None = None,
    year: int | None = None,
    committee_path: str | None = None,
) -> list[KindResult]:
    """Every source's hits for the query, best first, restricted to what the user may view; kinds without hits are
    left out. One query per source."""
    results = []
    scorer = _Scorer(query)
    for source in sources(kinds=kinds):
        queryset = _filtered(source, user=user, year=year, committee_path=committee_path)
        if queryset is None:
            continue
        queryset = _with_folds(source, queryset).filter(_condition(source, query))
        if connection.vendor == "postgresql":
            hits = _ranked_postgresql(source, queryset, query)
        else:
            hits = _ranked_fallback(source, queryset, query, scorer)
        if hits:
            results.append(KindResult(source=source, hits=hits))
    return results


def _filtered(
    source: SearchSource, *, user: AnyUser, year: int | None, committee_path: str | None
) -> QuerySet[Any] | None:
    queryset = source.queryset(user)
    if year is not None:
        if source.year_field is None:
            return None
        queryset = queryset.filter(**{source.year_field: year})
    if committee_path is not None:
        if source.committee_field is None:
            return None
        queryset = queryset.filter(**{f"{source.committee_field}__path__startswith": committee_path})
    return queryset


def _with_folds(source: SearchSource, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.annotate(**{f"_fold_{i}": Fold(F(name)) for i, name in enumerate(source.fields)})


def _condition(source: SearchSource, query: Query) -> Q:
    """Every term found, in one of its alternatives, in the folded fields. A stem of MIN_INFIX letters or more is
    looked for anywhere (inside compounds); a shorter one only at the start of a word ("lss", not "klss").

    This is also what a full-text match needs: a Swedish Snowball stem is a prefix of its word, so a word whose
    stem begins with the query's stem holds it as a substring. Matching on the folded text lets PostgreSQL skip
    building a text vector for every row (it builds them only to rank the matches)."""
    return reduce(
        and_,
        (reduce(or_, (_alternative(source, alternative) for alternative in term.alternatives)) for term in query.terms),
    )


def _alternative(source: SearchSource, stems: tuple[str, ...]) -> Q:
    conditions = []
    for s in stems:
        if len(s) >= MIN_INFIX:
            patterns = [Q(**{f"_fold_{i}__contains": s}) for i in range(len(source.fields))]
        else:
            patterns = [
                Q(**{f"_fold_{i}__startswith": s}) | Q(**{f"_fold_{i}__contains": f"{before}{s}"})
                for i in range(len(source.fields))
                for before in _WORD_STARTS
            ]
        conditions.append(reduce(or_, patterns))
    return reduce(and_, conditions)


_WORD_STARTS = (" ", "(", "-", "/", "\n")


def _ranked_postgresql(source: SearchSource, queryset: QuerySet[Any], query: Query) -> list[Hit]:
    """The matches ranked by ts_rank with the Swedish configuration, a word in the first field (weight A) counting
    most; a match only inside a compound ranks 0, after the others."""
    title, *rest = source.fields
    vector: Any = SearchVector(title, weight="A", config=CONFIG)
    if rest:
        vector = vector + SearchVector(*rest, weight="B", config=CONFIG)
    anywhere = reduce(or_, (_ts_term(term) for term in query.terms))
    ranked = queryset.annotate(_rank=SearchRank(vector, anywhere)).order_by("-_rank", "pk")[:MAX_HITS_PER_KIND]
    return [Hit(source, obj, _texts(source, obj), query, float(obj._rank or 0.0)) for obj in ranked]


def _ts_term(term: Term) -> SearchQuery:
    """One term as a tsquery: each alternative's stems together, each stem also as a prefix ("boend:*" finds
    "boendeplatser"). The stems are letters and digits only, so nothing of the user's text reaches tsquery syntax."""
    alternatives = [
        SearchQuery(" & ".join(f"{s}:*" for s in alternative), search_type="raw", config=CONFIG)
        for alternative in term.alternatives
    ]
    return reduce(or_, alternatives)


def _ranked_fallback(source: SearchSource, queryset: QuerySet[Any], query: Query, scorer: _Scorer) -> list[Hit]:
    hits = []
    for obj in queryset.order_by("pk")[: MAX_HITS_PER_KIND * 5]:
        texts = _texts(source, obj)
        hits.append(Hit(source, obj, texts, query, scorer.score(texts)))
    hits.sort(key=lambda hit: -hit.score)
    return hits[:MAX_HITS_PER_KIND]


def _texts(source: SearchSource, obj: Any) -> list[str]:
    return [_plain(_value(obj, name)) if name in source.html_fields else _value(obj, name) for name in source.fields]


def _plain(html: str) -> str:
    """Rich text as the reader sees it: tags taken out, entities read ("&amp;" is "&")."""
    return unescape(strip_tags(html))


def _value(obj: Any, lookup: str) -> str:
    value: Any = obj
    for part in lookup.split("__"):
        value = getattr(value, part, None) if value is not None else None
    return "" if value is None else str(value)


# -- ranking and snippets in Python (the fallback's ranking; snippets and highlights on both) ---------------------


class _Scorer:
    """Scores words against the query, each distinct word once per search."""

    def __init__(self, query: Query) -> None:
        self.stems = tuple(query.stems)
        self._seen: dict[str, int] = {}

    def word(self, token: str) -> int:
        """3 for a word with the query's stem, 2 for a word beginning with it, 1 for a compound holding it."""
        found = self._seen.get(token)
        if found is None:
            found = _token_score(token, self.stems)
            self._seen[token] = found
        return found

    def score(self, texts: Sequence[str]) -> float:
        """Matches weighted by field (the title four times), a word that matches exactly worth most."""
        total = 0.0
        for i, text in enumerate(texts):
            weight = 4.0 if i == 0 else 1.0
            total += weight * sum(self.word(word) for word in _WORD.findall(text.casefold()))
        return total


def _token_score(token: str, stems: Iterable[str]) -> int:
    token_stem = stem(token)
    best = 0
    for s in stems:
        if token_stem == s:
            return 3
        if token.startswith(s):
            best = max(best, 2)
        elif len(s) >= MIN_INFIX and s in token:
            best = max(best, 1)
    return best


def _matches(token: str, query: Query) -> bool:
    return _token_score(token.casefold(), query.stems) > 0


def _highlight(text: str, query: Query) -> SafeString:
    """The text escaped, with the words the query found in <mark>."""
    parts = []
    for i, piece in enumerate(_TOKEN.split(text)):
        if i % 2 == 1 and _matches(piece, query):
            parts.append(f"<mark>{escape(piece)}</mark>")
        else:
            parts.append(escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def _snippet(texts: Sequence[str], query: Query) -> SafeString:
    """A window of words around the first match in the texts (the first text when nothing matches)."""
    candidates = [text for text in texts if text.strip()]
    if not candidates:
        return mark_safe("")
    for text in candidates:
        words = text.split()
        for position, word in enumerate(words):
            if any(_matches(token, query) for token in _WORD.findall(word)):
                start = max(0, position - SNIPPET_WORDS // 3)
                return _window(words, start, query)
    return _window(candidates[0].split(), 0, query)


def _window(words: list[str], start: int, query: Query) -> SafeString:
    end = start + SNIPPET_WORDS
    shown = _highlight(" ".join(words[start:end]), query)
    before = "… " if start > 0 else ""
    after = " …" if end < len(words) else ""
    return mark_safe(f"{before}{shown}{after}")  # noqa: S308 - `shown` is escaped by _highlight
