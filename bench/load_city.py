"""Load one database with the city-scale data of every ledger (a bench helper, for
bench_reports.py): `fazhi migrate`, `fazhi demo`, then the other benchmarks' loaders
against the same database, each in its own process, at their city scale:

    load_tasks.py 50000              50,000 plan tasks, one plan a year for five years
    load_disclosure.py 200000        200,000 applications for information, five years
    load_decisions.py                20,000 matters, 60,000 legality reviews, 4,000
                                     meetings (five years)
    load_learning.py                 200 people, ten years of study sessions, 500,000
                                     exam answers
    load_hotline.py 1000000 YEAR     1,000,000 tickets through the real import, all
                                     received in YEAR (the report's busy year)

    python bench/load_city.py [--year YEAR] [--spread-tickets] [--tickets N]
        [--applications N] [--tasks N] [--matters N] [--reviews N] [--people N]
        [--answers N]                       # the defaults are the sizes above

The database is whatever the environment names (DATABASE_URL, or FAZHI_VAR_DIR for the
production SQLite file); it must be empty or hold nothing but the schema. YEAR defaults
to last year: the annual report is written for a finished year, and every other loader
has a full year of records there. --spread-tickets keeps the hotline loader's own layout
instead (the last five years, about 200,000 tickets a year). The hotline loader runs
last: on SQLite it ends with ANALYZE of the whole database; on PostgreSQL this script
ends with VACUUM (ANALYZE) of the whole database, as autovacuum would do after such a
load (it is off on this machine's server).

Prints one JSON line: the year, each loader's own JSON and seconds, the rows of every
non-empty table, the tickets per year and the total load time. Takes 6-10 minutes on
SQLite (most of it the million tickets).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
if not (BIN / "python").exists():
    BIN = Path(sys.executable).parent


def log(*args) -> None:
    print("[load_city]", *args, file=sys.stderr, flush=True)


def run(args: list[str], what: str) -> tuple[str, float]:
    """One step in a fresh process with this environment; its stdout and seconds."""
    started = time.monotonic()
    log(f"{what} …")
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"[load_city] {what} failed (exit {proc.returncode})")
    log(f"{what}: {seconds:.1f}s")
    return proc.stdout, seconds


def loader(script: str, *args: object) -> dict:
    out, seconds = run(
        [str(BIN / "python"), str(ROOT / "bench" / script), *map(str, args)], script
    )
    result = json.loads(out.strip().splitlines()[-1])
    log(" ", json.dumps(result, ensure_ascii=False))
    return {**result, "wall_s": round(seconds, 1)}


def analyze() -> str:
    """What autovacuum does in production after a big load (this machine's PostgreSQL
    runs with autovacuum off): statistics and the visibility map for every table.
    SQLite was analysed whole by the hotline loader."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return "ANALYZE by load_hotline.py"
    started = time.monotonic()
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")
    log(f"VACUUM (ANALYZE): {time.monotonic() - started:.1f}s")
    return "VACUUM (ANALYZE)"


def table_counts() -> dict:
    """Rows of every non-empty table, and the tickets by year received."""
    from django.apps import apps
    from django.db.models import Count

    from fazhi.hotline.models import Ticket

    counts = {}
    for model in apps.get_models(include_auto_created=True):
        n = model._base_manager.count()
        if n:
            counts[model._meta.db_table] = n
    tickets_by_year: dict[str, int] = {}
    months = Ticket.objects.values_list("month").annotate(n=Count("pk")).order_by()
    for month, n in sorted(months):
        year = str(month // 100)
        tickets_by_year[year] = tickets_by_year.get(year, 0) + n
    return {"tables": dict(sorted(counts.items())), "tickets_by_year": tickets_by_year}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--matters", type=int, default=20_000)
    parser.add_argument("--reviews", type=int, default=60_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--answers", type=int, default=500_000)
    parser.add_argument(
        "--spread-tickets",
        action="store_true",
        help="the hotline loader's own five-year layout, not all in --year",
    )
    opts = parser.parse_args()
    started = time.monotonic()
    fazhi = str(BIN / "fazhi")

    run([fazhi, "migrate", "--noinput", "--verbosity", "0"], "migrate")
    check = (
        "import django; django.setup(); "
        "from fazhi.core.models import User; print(User.objects.count())"
    )
    out, _ = run([str(BIN / "python"), "-c", check], "check the database is empty")
    if int(out.strip().splitlines()[-1]):
        raise SystemExit(
            "[load_city] the database already holds users: load the city into an "
            "empty one (drop it, or point DATABASE_URL / FAZHI_VAR_DIR elsewhere)"
        )
    run([fazhi, "demo"], "demo")

    loaded = {
        "tasks": loader("load_tasks.py", opts.tasks),
        "disclosure": loader("load_disclosure.py", opts.applications),
        "decisions": loader("load_decisions.py", opts.matters, opts.reviews),
        "learning": loader("load_learning.py", opts.people, opts.answers),
        "hotline": loader(
            "load_hotline.py",
            opts.tickets,
            *([] if opts.spread_tickets else [opts.year]),
        ),
    }
    import django

    django.setup()
    statistics = analyze()
    load_s = time.monotonic() - started
    counts = table_counts()
    print(
        json.dumps(
            {
                "year": opts.year,
                "tickets_in_year": counts["tickets_by_year"].get(str(opts.year), 0),
                "tickets_layout": "five years" if opts.spread_tickets else "one year",
                "database": _database(),
                "loaders": loaded,
                "statistics": statistics,
                **counts,
                "load_s": round(load_s, 1),
            },
            ensure_ascii=False,
        )
    )
    return 0


def _database() -> str:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    return f"{connection.vendor}:{name}"


if __name__ == "__main__":
    sys.exit(main())
