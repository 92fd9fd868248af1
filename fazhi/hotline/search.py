"""Full-text search over tickets in Chinese, designed for two-character words.

The common query is a two-character word ("南站", "噪音"). SQLite's trigram tokenizer and
PostgreSQL's pg_trgm only index three characters or more, so neither helps. Instead each
ticket keeps `grams`: the distinct character bigrams of its title and content (letters and
digits only, lower-cased), space-separated — the classic CJK bigram index (Lucene's
CJKAnalyzer). A query is cut the same way; a ticket is a candidate when it has every
bigram of the query, found through an inverted index:

- SQLite: an FTS5 table `hotline_ticket_fts` over `grams` (unicode61 splits on spaces,
  so each bigram is one token); kept in step by `index_tickets`.
- PostgreSQL: a GIN index on `string_to_array(grams, ' ')`, queried with `@>`.

Candidates are then checked with a plain substring test on title and content, so both
databases return exactly the tickets whose title or content contains the query, and a
query whose bigrams all occur but not side by side is not a match. A one-character query
has no bigram and falls back to the substring test alone.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

_RUN = re.compile(r"[^\W_]+")


def bigrams_of(text: str) -> list[str]:
    """The distinct bigrams of `text`, in order of first appearance."""
    seen: dict[str, None] = {}
    for run in _RUN.findall(text.lower()):
        for i in range(len(run) - 1):
            seen.setdefault(run[i : i + 2], None)
    return list(seen)


# From this many index candidates on, SQLite is better off walking the list's order.
MANY = 2000


def _candidates(match: str) -> int:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM hotline_ticket_fts WHERE hotline_ticket_fts MATCH %s",
            [match],
        )
        return cur.fetchone()[0]


def grams(title: str, content: str) -> str:
    return " ".join(bigrams_of(f"{title}\n{content}"))


def filter_text(qs, query: str, *, walk: bool | None = None):
    """`qs` narrowed to tickets whose title or content contains `query`.

    `walk` (SQLite): True tests each ticket of the list's order against the index (a
    page of a common word), False starts from the index's candidates (a count, or a
    rare word); None decides by the number of candidates."""
    query = query.strip()
    if not query:
        return qs
    exact = Q(title__contains=query) | Q(content__contains=query)
    words = [w for w in query.split() if w]
    if len(words) > 1:  # several words: every one must occur
        for word in words:
            qs = filter_text(qs, word, walk=walk)
        return qs
    needed = bigrams_of(query)
    if not needed:
        return qs.filter(exact)
    if connection.vendor == "postgresql":
        return qs.filter(
            RawSQL(
                "string_to_array(hotline_ticket.grams, ' ') @> %s::text[]",
                [needed],
                output_field=BooleanField(),
            ),
            exact,
        )
    match = " AND ".join(f'"{g}"' for g in needed)
    # Many candidates (a common word): let SQLite walk the list's own order (newest
    # first, or the filter's index) and stop after a page, testing each ticket against
    # the index ("+" keeps it from driving the query by id). Few: start from them.
    many = _candidates(match) >= MANY if walk is None else walk
    sql = (
        "+hotline_ticket.id IN (SELECT rowid FROM hotline_ticket_fts "
        "WHERE hotline_ticket_fts MATCH %s)"
        if many
        else "hotline_ticket.id IN (SELECT rowid FROM hotline_ticket_fts "
        "WHERE hotline_ticket_fts MATCH %s)"
    )
    # Two fixed statements; the query itself is a parameter.
    return qs.filter(RawSQL(sql, [match], output_field=BooleanField()), exact)  # noqa: S611


def index_tickets(ids=None, *, after_id: int | None = None) -> None:
    """Add new tickets to the SQLite FTS table: the given ids, or all with id > after_id.
    (A ticket's title and content never change once registered, so there is nothing to
    update.) PostgreSQL's GIN index follows the column by itself."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cur:
        if ids is not None:
            ids = list(ids)
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("%s" for _ in chunk)
                sql = f"INSERT INTO hotline_ticket_fts(rowid, grams) SELECT id, grams FROM hotline_ticket WHERE id IN ({marks})"  # noqa: S608, E501 — placeholders only
                cur.execute(sql, chunk)
        else:
            cur.execute(
                "INSERT INTO hotline_ticket_fts(rowid, grams) SELECT id, grams "
                "FROM hotline_ticket WHERE id > %s ORDER BY id",
                [after_id or 0],
            )
