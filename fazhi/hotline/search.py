"""Full-text search over tickets in Chinese, designed for two-character words.

The common query is a two-character word ("南站", "噪音"). SQLite's trigram tokenizer and
PostgreSQL's pg_trgm only index three characters or more, so neither helps. Instead each
ticket keeps `grams`: the distinct character bigrams of its title and content (letters and
digits only, lower-cased), space-separated — the classic CJK bigram index (Lucene's
CJKAnalyzer). A query is cut the same way; a ticket is a candidate when it has every
bigram of the query, found through an inverted index:

- SQLite: an FTS5 table `hotline_ticket_fts` over `grams` (unicode61 splits on spaces,
  so each bigram is one token); kept in step by `index_tickets`.
- PostgreSQL: a GIN index on string_to_array(grams, ' ') (migrations 0002, 0007),
  queried with `@>`; for an array's `@>` the index's answer is exact, so the text is
  not split again for the candidates it returns.

A page of a common word does not start from the index: it walks the list's own order
(newest first) and tests each ticket's `grams`, stopping after a page; see filter_text.
A search in a scope where a sample shows its word common finds its first 1,001
matches (the list's count stops there) by the same walk; see newest_matches.

A word of two letters or digits is decided by the index alone: it is in a text exactly
when its bigram is. Longer words are then checked with a plain substring test on title and
content, so both databases return exactly the tickets whose title or content contains the
query, and a query whose bigrams all occur but not side by side is not a match. Letters
match without regard to case. A one-character query has no bigram and falls back to the
substring test alone.
"""

from __future__ import annotations

import re
from functools import cached_property

from django.db import OperationalError, connection
from django.db.models import BooleanField, Count, Max, Min, Q
from django.db.models.expressions import RawSQL

_RUN = re.compile(r"[^\W_]+")


def bigrams_of(text: str) -> list[str]:
    """The distinct bigrams of `text`, in order of first appearance."""
    seen: dict[str, None] = {}
    for run in _RUN.findall(text.lower()):
        for i in range(len(run) - 1):
            seen.setdefault(run[i : i + 2], None)
    return list(seen)


def grams(title: str, content: str) -> str:
    return " ".join(bigrams_of(f"{title}\n{content}"))


def is_exact(word: str) -> bool:
    """Whether the bigram index alone decides `word`: a word of two letters or digits is
    in a text exactly when its one bigram is among the text's (each run of letters and
    digits is cut into its bigrams), so such a word — "南站", "噪音", the common query —
    needs no second look at the text."""
    return len(word) == 2 and bool(_RUN.fullmatch(word)) and len(word.lower()) == 2


# From this many index candidates on, a page is better off walking the list's order
# (and SQLite a month's count the month) than starting from the candidates.
MANY = 2000

# A common word is taken as more than n tickets without counting only when PostgreSQL's
# statistics put it in this many times n: the margin covers the sample's error.
SURE_MARGIN = 10


class Query:
    """A search as typed, cut once: its words, their bigrams, and — on PostgreSQL, read
    when first needed and then kept for this query only (a request's life; nothing is
    kept in the process, DESIGN §3.3) — how common each bigram is."""

    def __init__(self, text: str):
        self.words = text.split()
        self.needed = list(
            dict.fromkeys(g for word in self.words for g in bigrams_of(word))
        )

    @cached_property
    def statistics(self) -> tuple[dict[str, float], float]:
        """PostgreSQL: the share of tickets that have each bigram, from the statistics
        ANALYZE keeps of the search index's expression (its most common elements; a
        bigram not among them is rare: 0), and about how many tickets there are.
        One query, ~1.3 ms."""
        with connection.cursor() as cur:
            cur.execute(
                "SELECT g.gram, coalesce(e.f, 0), c.reltuples"
                " FROM pg_class c CROSS JOIN unnest(%s::text[]) g(gram)"
                " LEFT JOIN (SELECT u.g, u.f FROM pg_stats, unnest("
                "most_common_elems::text::text[], most_common_elem_freqs) u(g, f)"
                " WHERE schemaname = current_schema()"
                " AND tablename = 'hotline_ticket_grams') e ON e.g = g.gram"
                " WHERE c.oid = 'hotline_ticket'::regclass",
                [self.needed],
            )
            rows = cur.fetchall()
        return {gram: share for gram, share, _ in rows}, max(
            (total for *_, total in rows), default=0
        )

    def estimate(self) -> float:
        """PostgreSQL: about how many tickets have every bigram — at most as many as
        have the rarest."""
        shares, tickets = self.statistics
        return max(min(shares.values(), default=0) * tickets, 0.0)

    def index_grams(self) -> list[str]:
        """The bigrams PostgreSQL's GIN index is asked for: of each word its two
        rarest (a word the index decides alone has one; a longer word's text is tested
        afterwards anyway). Each bigram asked for costs the index a walk through all
        the tickets that have it: for 天津南站, leaving out 津南 (a district's name,
        in 9 % of the bench's tickets) took its capped count from 10.9 to 7.5 ms, with
        the same candidates."""
        return self._rarest(2)

    def walk_grams(self) -> list[str]:
        """The bigrams PostgreSQL tests on each ticket of a walk: of each word its
        rarest one. Each test is a condition PostgreSQL's planner cannot estimate and
        counts as a third of the tickets: three of them and a LIKE made it expect a
        few dozen matches among a million, give up the walk, and collect a
        department's open tickets to sort instead — 天津南站 with a status and two
        departments took 415 ms instead of 7."""
        return self._rarest(1)

    def _rarest(self, per_word: int) -> list[str]:
        """Of each word its `per_word` rarest bigrams, by the statistics (read only
        when some word has more to choose from)."""
        cut = [bigrams_of(word) for word in self.words]
        if all(len(grams) <= per_word for grams in cut):
            return self.needed
        shares, _ = self.statistics
        return list(
            dict.fromkeys(
                g
                for grams in cut
                for g in sorted(grams, key=lambda g: shares.get(g, 0))[:per_word]
            )
        )


def filter_text(
    qs, query: str | Query, *, count: bool = False, narrowed=None, scoped=False
):
    """`qs` narrowed to tickets whose title or content contains `query` (letters without
    regard to case; several words: every one).

    `count`: the result is counted (up to a cap), not paged; `narrowed`: the range of
    receipt times (start, end) `qs` is already limited to, such as a month's;
    `scoped`: `qs` is limited by a filter an index serves (a department's scope, a
    status, a category, a channel). They choose how the search index is used, by how
    many tickets have the query's bigrams (SQLite counts them in the index up to MANY;
    PostgreSQL reads its statistics):

    - a rare word (fewer than MANY candidates), or a count: start from the index's
      candidates (SQLite's FTS table, PostgreSQL's GIN index) and stop when there are
      enough;
    - a page of a common word: walk the list's order (newest first) and test each
      ticket's own bigrams, stopping after a page (~600 tickets for 噪音);
    - SQLite, a count narrowed by a month: the index's candidates among the month's
      ids (tickets are registered about in order, so a month's ids lie close together),
      or, where they are spread out, the month walked and each ticket's id tested
      against the set of the candidates;
    - SQLite, a scoped count of a common word the index decides (such as 噪音): the
      filter's index walked and each ticket's id tested against the set of the
      candidates, without reading its row. Joining the candidates row by row costs
      ~2 µs a candidate until the cap: 0.4 ms where the scope has the word often,
      180 ms for 噪音 in a department that has none of its 83,000 tickets; the set
      costs 5–35 ms either way.

    A list asks twice (the page and its count): pass the same Query to both, and
    PostgreSQL's statistics are read once."""
    if isinstance(query, str):
        query = Query(query)
    if query.needed:
        qs = _indexed(qs, query, count=count, narrowed=narrowed, scoped=scoped)
    # The second look at the text, for the words the index alone does not decide.
    for word in query.words:
        if not is_exact(word):
            qs = qs.filter(_contains(word))
    return qs


# A search's first matches, newest first, are sought by walking the list (see
# newest_matches) when a sample of its SAMPLE newest tickets in scope says that
# PROBE of them hold the cap's worth MARGIN times over: the word is in at least one
# ticket in six or so there.
SAMPLE = 300
PROBE = 10_000
MARGIN = 1.6
# SQLite bounds each walk by its work instead (thousands of virtual-machine steps):
# a scope of few tickets spread over the whole list would otherwise walk all of it
# (12 or so for 1,000 tickets in scope, 350 for 1,001 matches of 噪音 among a
# department's tickets awaiting sign-for; 4,800 to find a state no ticket is in).
SAMPLE_STEPS = 80
PROBE_STEPS = 800
STEP = 1000  # instructions a step


def newest_matches(qs, query: Query, cap: int) -> list[int] | None:
    """The ids of the first matches of `query` in `qs` (its tickets in scope) newest
    first, up to cap + 1 of them, found by walking the list when that is sure to be
    short; None when it is not, and the caller starts from the search index.

    Counting a common word's matches in a big scope from the index meets the word's
    candidates with the scope's tickets: 噪音 (83,000 tickets of a million) in a
    department's 393,000 took 60 ms on PostgreSQL (the bitmaps of both), 28 ms on
    SQLite with a state filter (each candidate's row read for its state). Where the
    word is common in the scope, walking the scope newest first finds 1,001 of them
    in a few thousand tickets: 6 and 13 ms. Where it is rare there, the walk reads
    the whole scope (a department without noise complaints: 600 ms). So a sample of
    the scope's SAMPLE newest tickets is read first (1–3 ms): only when PROBE of them
    would hold more than the cap at the sample's rate does the walk start, and it
    stops after PROBE tickets in scope (SQLite: PROBE_STEPS of work) whatever it
    found. The words must all be ones the index decides (the walk tests the
    bigrams), common in the whole list (a rare word starts from the index anyway)."""
    if not query.needed or not all(is_exact(word) for word in query.words):
        return None
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        if _candidates(_fts_match(query.needed)) < MANY:
            return None
        needed = query.needed
    else:
        if query.estimate() < MANY:
            return None
        needed = query.walk_grams()
    newest = qs.order_by("-received_at", "-pk")
    test = " AND ".join(
        [f"{'instr' if sqlite else 'strpos'}(s.grams, %s) > 0"] * len(needed)
    )
    sql, params = _compiled(newest.values("grams")[:SAMPLE])
    sample = (
        f"SELECT count(*), coalesce(sum(CASE WHEN {test} THEN 1 ELSE 0 END), 0) "  # noqa: S608 — fixed SQL
        f"FROM ({sql}) s"
    )
    rows = _bounded(sample, [*needed, *params], SAMPLE_STEPS)
    if rows is None:
        return None
    (seen, hits), whole = rows[0], rows[0][0] < SAMPLE
    if not whole and hits * PROBE < MARGIN * (cap + 1) * seen:
        return None
    if sqlite:  # the walk itself, ordered and bounded by its work
        sql, params = _compiled(
            _own_bigrams(newest, needed).values_list("pk")[: cap + 1]
        )
        found = _bounded(sql, params, PROBE_STEPS)
        # Fewer than cap + 1 without running out of steps: the whole scope walked.
        return None if found is None else [pk for (pk,) in found]
    sql, params = _compiled(newest.values("id", "received_at", "grams")[:PROBE])
    found = _bounded(
        f"SELECT s.id FROM ({sql}) s WHERE {test} "  # noqa: S608 — fixed SQL
        "ORDER BY s.received_at DESC, s.id DESC LIMIT %s",
        [*params, *needed, cap + 1],
        PROBE_STEPS,  # SQLite's budget; PostgreSQL's walk is bounded by PROBE
    )
    if len(found) > cap or whole:  # a whole scope holds no more than its sample
        return [pk for (pk,) in found]
    return None


def _compiled(qs) -> tuple[str, tuple]:
    return qs.query.get_compiler(connection=connection).as_sql()


def _bounded(sql: str, params, steps: int) -> list | None:
    """The rows of `sql`; on SQLite, None when it takes more than `steps` steps of
    SQLite's virtual machine (STEP instructions each; it is stopped there)."""
    raw = None
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw, left = connection.connection, [steps]

        def tick() -> int:
            left[0] -= 1
            return left[0] < 0

        raw.set_progress_handler(tick, STEP)
    try:
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    except OperationalError:
        if raw is not None and left[0] < 0:  # stopped: too much work
            return None
        raise
    finally:
        if raw is not None:
            raw.set_progress_handler(None, STEP)


def surely_more_than(query: str | Query, n: int) -> bool:
    """Whether more than `n` of all tickets surely contain `query`, read from
    PostgreSQL's statistics instead of counted: a single two-character word (the common
    query) that the last ANALYZE found in at least SURE_MARGIN × n tickets. Counting it
    builds a bitmap of every match in the GIN index (13–40 ms for 南站 or 噪音 at a
    million tickets), only for the list to say "more than 1,000". A ticket's text never
    changes once registered, so such a figure only grows. For anything else (several
    words, longer words, SQLite, whose capped count costs under a millisecond) this says
    False and the caller counts."""
    if isinstance(query, str):
        query = Query(query)
    words = query.words
    if connection.vendor != "postgresql" or len(words) != 1 or not is_exact(words[0]):
        return False
    return query.estimate() >= SURE_MARGIN * n


def _candidates(match: str, cap: int = MANY) -> int:
    """How many tickets (SQLite) have the bigrams of `match`, counted up to `cap`."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM (SELECT rowid FROM hotline_ticket_fts "
            "WHERE hotline_ticket_fts MATCH %s LIMIT %s)",
            [match, cap],
        )
        return cur.fetchone()[0]


def _fts_match(grams: list[str]) -> str:
    """The FTS5 query for tickets with every one of `grams` (each a quoted token)."""
    return " AND ".join(f'"{g}"' for g in grams)


def _contains(word: str) -> Q:
    """The substring test; without regard to case only where the word has letters with
    a case (PostgreSQL would otherwise upper-case every candidate's text for nothing)."""
    if word.lower() == word.upper():  # Chinese, digits: nothing to fold
        return Q(title__contains=word) | Q(content__contains=word)
    return Q(title__icontains=word) | Q(content__icontains=word)


def _own_bigrams(qs, needed: list[str]):
    """Each walked ticket tested on its own bigrams (`needed`; on PostgreSQL one a
    word, see Query.walk_grams), read with the row the walk reads anyway. Each is two
    characters between spaces, so a bigram found in `grams` is a whole one."""
    test = "instr(hotline_ticket.grams, %s) > 0"
    if connection.vendor == "postgresql":
        test = "strpos(hotline_ticket.grams, %s) > 0"
    return qs.extra(where=[test] * len(needed), params=needed)  # noqa: S610 — fixed SQL


# A month's ids "lie close together" when they span at most this many times their number.
ID_SPAN_TIGHT = 4


def _id_span(model, start, end) -> tuple[int, int] | None:
    """The smallest and largest id of the tickets received in [start, end), if they
    lie close together (see ID_SPAN_TIGHT); read from the receipt-time index alone."""
    span = model.objects.filter(received_at__gte=start, received_at__lt=end).aggregate(
        low=Min("id"), high=Max("id"), n=Count("id")
    )
    if span["n"] and span["high"] - span["low"] < ID_SPAN_TIGHT * span["n"]:
        return span["low"], span["high"]
    return None


def _indexed(qs, query: Query, *, count: bool, narrowed, scoped: bool):
    """`qs` narrowed to the tickets that have every bigram of `query` (on PostgreSQL
    a count or a rare word: the index's bigrams, see Query.index_grams)."""
    needed = query.needed
    if connection.vendor == "postgresql":
        if not count and query.estimate() >= MANY:
            return _own_bigrams(qs, query.walk_grams())
        return qs.filter(
            RawSQL(
                "string_to_array(hotline_ticket.grams, ' ') @> %s::text[]",
                [query.index_grams()],
                output_field=BooleanField(),
            )
        )
    match = _fts_match(needed)
    span = _id_span(qs.model, *narrowed) if count and narrowed else None
    # A scoped count tests ids alone only when the index decides every word; a longer
    # word's text is read anyway, from every ticket in scope instead of every
    # candidate (天津南站 among a department's 41,000 tickets awaiting sign-for: 64 ms,
    # against 14 ms joining its 9,853 candidates).
    scoped = scoped and all(is_exact(word) for word in query.words)
    if not span and (narrowed or scoped or not count) and _candidates(match) >= MANY:
        if not count:
            return _own_bigrams(qs, needed)
        # The month's (the scope's) tickets against the candidates' set: SQLite
        # collects the set once ("+" keeps it from driving the query by id), then
        # each test needs only the ticket's id.
        return qs.filter(
            RawSQL(
                "+hotline_ticket.id IN (SELECT rowid FROM hotline_ticket_fts "
                "WHERE hotline_ticket_fts MATCH %s)",
                [match],
                output_field=BooleanField(),
            )
        )
    # Few, or a count: start from the candidates, joined row by row, so a count that
    # stops at a cap reads only as many as it needs (an IN list would collect them all);
    # a month's count only the candidates among its ids (FTS5 serves a rowid range).
    where = [
        "hotline_ticket_fts.rowid = hotline_ticket.id",
        "hotline_ticket_fts MATCH %s",
    ]
    if span:
        where.append("hotline_ticket_fts.rowid BETWEEN %s AND %s")
    return qs.extra(  # noqa: S610 — fixed SQL; the query and ids are parameters
        tables=["hotline_ticket_fts"], where=where, params=[match, *(span or ())]
    )


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
