"""The search: a query read into Swedish stems and synonyms, run over every registered source (`core.search`).

One reading of the query serves both databases (docs/search.md):

- every word is stemmed with the Swedish Snowball stemmer (the algorithm PostgreSQL's `swedish` configuration
  uses), and a definite ending the stemmer keeps ("äldreboendet") is taken off as a second form;
- a word (or run of words) that belongs to a synonym group (`synonyms.toml`) also looks for the group's other
  terms, so "äldreboende" finds "särskilt boende";
- a record matches when it holds every word of the query (in one of its forms); a word's stem also matches inside
  a longer word, so "boende" finds "äldreboende" (Swedish compounds).

PostgreSQL matches with full text (`to_tsvector('swedish', ...) @@ to_tsquery(...)`, prefixes allowed) or, for
compounds, the stem inside a word, ranks by `ts_rank` over weighted fields (the title first) and cuts snippets with
`ts_headline`. SQLite has none of that: it narrows the candidates in SQL (the stem inside the case-folded text, a
function registered on the connection, since SQLite's own LIKE folds only ASCII) and ranks and cuts snippets in
Python with the same stems.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, reduce
from html import unescape
from operator import and_, or_
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
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
_MARK_START, _MARK_STOP = "\ue000", "\ue001"  # private-use characters: PostgreSQL's headline marks, made safe below
_MARKED = re.compile(f"{_MARK_START}(.*?){_MARK_STOP}", re.DOTALL)


class QueryError(ValueError):
    """A query that cannot be searched; the message is for the user."""


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


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
    title: SafeString
    url: str
    context: str
    snippet: SafeString
    score: float


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
    for source in sources(kinds=kinds):
        queryset = _filtered(source, user=user, year=year, committee_path=committee_path)
        if queryset is None:
            continue
        if connection.vendor == "postgresql":
            hits = _search_postgresql(source, queryset, query)
        else:
            hits = _search_fallback(source, queryset, query)
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


def _infix(source: SearchSource, stems: Iterable[str]) -> Q:
    """Every stem inside the folded text of some field (a compound's part)."""
    conditions = []
    for s in stems:
        conditions.append(reduce(or_, (Q(**{f"_fold_{i}__contains": s}) for i in range(len(source.fields)))))
    return reduce(and_, conditions)


def _with_folds(source: SearchSource, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.annotate(**{f"_fold_{i}": Fold(F(name)) for i, name in enumerate(source.fields)})


def _search_postgresql(source: SearchSource, queryset: QuerySet[Any], query: Query) -> list[Hit]:
    title, *rest = source.fields
    vector: Any = SearchVector(title, weight="A", config=CONFIG)
    if rest:
        vector = vector + SearchVector(*rest, weight="B", config=CONFIG)
    term_queries = [_ts_term(term) for term in query.terms]
    condition = Q()
    for term, ts_query in zip(query.terms, term_queries, strict=True):
        matches = Q(_document=ts_query)
        infixes = [alt for alt in term.alternatives if all(len(s) >= MIN_INFIX for s in alt)]
        if infixes:
            matches |= reduce(or_, (_infix(source, alt) for alt in infixes))
        condition &= matches
    anywhere = reduce(or_, term_queries)
    body = _concat(rest) if rest else Value("", output_field=TextField())
    queryset = (
        _with_folds(source, queryset)
        .annotate(_document=vector)
        .filter(condition)
        .annotate(
            _rank=SearchRank(vector, anywhere),
            _headline=SearchHeadline(
                body,
                anywhere,
                config=CONFIG,
                start_sel=_MARK_START,
                stop_sel=_MARK_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-_rank", "pk")[:MAX_HITS_PER_KIND]
    )
    hits = []
    for obj in queryset:
        texts = _texts(source, obj)
        headline = _plain(str(obj._headline or "")) if source.html_fields else str(obj._headline or "")
        snippet = _marked(headline) if _MARK_START in headline else _snippet(texts[1:], query)
        # The title's weight makes a word in the title count most; a compound match (no full-text rank) still counts.
        hits.append(_hit(source, obj, texts[0], snippet, query, score=float(obj._rank or 0.0)))
    return hits


def _ts_term(term: Term) -> SearchQuery:
    """One term as a tsquery: each alternative's stems together, each stem also as a prefix ("boend:*" finds
    "boendeplatser"). The stems are letters and digits only, so nothing of the user's text reaches tsquery syntax."""
    alternatives = [
        SearchQuery(" & ".join(f"{s}:*" for s in alternative), search_type="raw", config=CONFIG)
        for alternative in term.alternatives
    ]
    return reduce(or_, alternatives)


def _concat(names: Sequence[str]) -> Any:
    if len(names) == 1:
        return Concat(F(names[0]), Value(""), output_field=TextField())
    parts: list[Any] = []
    for name in names:
        if parts:
            parts.append(Value(" … "))
        parts.append(F(name))
    return Concat(*parts, output_field=TextField())


def _search_fallback(source: SearchSource, queryset: QuerySet[Any], query: Query) -> list[Hit]:
    condition = Q()
    for term in query.terms:
        condition &= reduce(or_, (_infix(source, alternative) for alternative in term.alternatives))
    hits = []
    for obj in _with_folds(source, queryset).filter(condition).order_by("pk")[: MAX_HITS_PER_KIND * 5]:
        texts = _texts(source, obj)
        score = _score(texts, query)
        if score > 0:
            hits.append(_hit(source, obj, texts[0], _snippet(texts[1:], query), query, score=score))
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


def _hit(source: SearchSource, obj: Any, title: str, snippet: SafeString, query: Query, *, score: float) -> Hit:
    return Hit(
        title=_highlight(source.title(obj), query),
        url=source.url(obj),
        context=source.context(obj) if source.context else "",
        snippet=snippet,
        score=score,
    )


# -- ranking and snippets in Python (the fallback's, and the title's highlight on both) -------------------------


def _token_score(token: str, query: Query) -> int:
    """3 for a word with the query's stem, 2 for a word beginning with it, 1 for a compound holding it."""
    token_stem = stem(token)
    best = 0
    for s in query.stems:
        if token_stem == s:
            return 3
        if token.startswith(s):
            best = max(best, 2)
        elif len(s) >= MIN_INFIX and s in token:
            best = max(best, 1)
    return best


def _score(texts: Sequence[str], query: Query) -> float:
    """Matches weighted by field (the title four times), with a word that matches exactly worth most."""
    total = 0.0
    for i, text in enumerate(texts):
        weight = 4.0 if i == 0 else 1.0
        total += weight * sum(_token_score(word, query) for word in _WORD.findall(text.casefold()))
    return total


def _matches(token: str, query: Query) -> bool:
    return _token_score(token.casefold(), query) > 0


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


def _marked(headline: str) -> SafeString:
    """PostgreSQL's headline escaped, its marks made <mark> (a stray mark character is dropped)."""
    pieces = []
    last = 0
    for match in _MARKED.finditer(headline):
        pieces.append(_clean(headline[last : match.start()]))
        pieces.append(f"<mark>{_clean(match.group(1))}</mark>")
        last = match.end()
    pieces.append(_clean(headline[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped by _clean


def _clean(text: str) -> str:
    return str(escape(text.replace(_MARK_START, "").replace(_MARK_STOP, "")))
