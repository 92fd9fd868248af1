"""Benchmark: the annual report and the leaders' dashboard with the city's data (1,000,000
tickets, 200,000 applications, 50,000 plan tasks, the decisions and study ledgers), on
the database the environment names, loaded beforehand by bench/load_city.py.

Targets (from the issue): the report's draft for one year under 5 s; the dashboard's
p95 under 300 ms. Also measured, without a target: saving a draft version (it keeps the
ids of every figure's records up to 5,000), the report page, the self-assessment page.

1. In a fresh process: `draft.generate(year)` BENCH_DRAFT_RUNS times (5), min, median
   and max, the number of figures; one more run with every query timed (the slowest
   with their plans); then `services.do_save_version(year, actor=fazhi, texts={})`
   once, in a transaction rolled back afterwards (no version piles up).
2. Each page once in-process (django.test.Client, as the leader `zhuren`): its time,
   its queries and the slowest of them with their plans (diagnostics).
3. The production server (gunicorn, BENCH_WORKERS 2) on the same database, logged in
   through the login form as `zhuren`, each page driven by BENCH_CLIENTS (8) clients
   for BENCH_WARMUP + BENCH_SECONDS (2 + 10 s), after /healthz as the baseline:
   `/reports/<year>/`, `/reports/dashboard/?year=<year>`, `/reports/checks/?year=<year>`.

The year is BENCH_YEAR, or the year with the most tickets. With fewer than
BENCH_MIN_TICKETS (100,000) tickets in the database it measures nothing and says so
(`{"skipped": …}`, exit 0): run bench/load_city.py first. The database is migrated
first (the schema may have moved on since the load); static files go to a private temp
dir unless FAZHI_VAR_DIR names the database's own.

    DATABASE_URL=sqlite:////tmp/city.sqlite3 .venv/bin/python bench/load_city.py
    DATABASE_URL=sqlite:////tmp/city.sqlite3 .venv/bin/python bench/bench_reports.py

Prints ONE JSON object (each measurement in `measurements` with its target and whether
it is met); exit status as bench_task_list.py. Knobs: BENCH_YEAR, BENCH_DRAFT_RUNS (5),
BENCH_PAGES (report,dashboard,checks), BENCH_MIN_TICKETS (100000), BENCH_SECONDS,
BENCH_WARMUP, BENCH_CLIENTS, BENCH_WORKERS, BENCH_KEEP=1.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_task_list as harness  # noqa: E402
import pages  # noqa: E402

TARGET_DRAFT_S = 5.0
TARGET_DASHBOARD_P95_MS = 300.0
RUNS = harness.env_int("BENCH_DRAFT_RUNS", 5)
MIN_TICKETS = harness.env_int("BENCH_MIN_TICKETS", 100_000)
PAGES = os.environ.get("BENCH_PAGES", "report,dashboard,checks").split(",")
LEADER, OFFICER = "zhuren", "fazhi"
SLOWEST = 6  # queries shown with their plans


def bench_env(tmp: Path) -> dict[str, str]:
    """Production settings on the database the caller named; private static files."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FAZHI_") or k == "FAZHI_VAR_DIR"
    }
    if "DATABASE_URL" in env or "FAZHI_VAR_DIR" not in env:
        env["FAZHI_VAR_DIR"] = str(tmp / "var")
        # Neither set: the settings' default, the checkout's var/ file, named
        # explicitly now that FAZHI_VAR_DIR points at the temp dir.
        if "DATABASE_URL" not in env:
            env["DATABASE_URL"] = "sqlite:///" + str(harness.ROOT / "var/fazhi.sqlite3")
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        FAZHI_LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def child(env: dict, step: str, *args) -> dict:
    out = harness.run_step(
        [harness.PYTHON, __file__, "--child", step, *map(str, args)], env, step
    )
    return json.loads(out.strip().splitlines()[-1])


# --- the children (each a fresh Django process) --------------------------------------


class QueryTimer:
    """The queries a run sends (connection.execute_wrapper), each then run again alone
    and read to the end: a cursor's execute() returns before SQLite has stepped through
    a streamed result, so timing execute() alone hides most of a grouped query."""

    def __init__(self):
        self.queries: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((sql, params))
        return execute(sql, params, many, context)

    def report(self) -> dict:
        from django.db import connection

        timed: dict[tuple, list] = {}  # (sql, params) → [seconds, times sent]
        for sql, params in self.queries:
            key = (sql, repr(params))
            if key in timed:
                timed[key][1] += 1
                continue
            started = time.perf_counter()
            with connection.cursor() as cur:
                cur.execute(sql, params)
                if cur.description:
                    cur.fetchall()
            timed[key] = [time.perf_counter() - started, 1, params]
        slowest = sorted(timed.items(), key=lambda kv: -kv[1][0])[:SLOWEST]
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        out = []
        for (sql, _p), (seconds, sent, params) in slowest:
            try:
                with connection.cursor() as cur:
                    cur.execute(explain + sql, params)
                    plan = [str(row[-1]) for row in cur.fetchall()]
            except Exception as exc:  # a plan is a diagnostic; never fail the bench
                plan = [f"(no plan: {type(exc).__name__})"]
            out.append(
                {
                    "ms": round(1000 * seconds, 1),
                    "sent": sent,
                    "sql": sql[:600],
                    "plan": plan,
                }
            )
        return {
            "queries": len(self.queries),
            "query_ms": round(1000 * sum(s * n for s, n, _p in timed.values()), 1),
            "slowest": out,
        }


def child_inspect(_args) -> dict:
    """The tickets per year and the rows behind the report (0 when not migrated)."""
    from django.db import DatabaseError, connection
    from django.db.models import Count

    from fazhi.decisions.models import Matter
    from fazhi.disclosure.models import Application
    from fazhi.hotline.models import Ticket
    from fazhi.learning.models import Answer
    from fazhi.legal.models import Review
    from fazhi.plans.models import Task

    db = f"{connection.vendor}:{connection.settings_dict['NAME']}"
    try:
        by_year: dict[int, int] = {}
        months = Ticket.objects.values_list("month").annotate(n=Count("pk")).order_by()
        for month, n in months:
            by_year[month // 100] = by_year.get(month // 100, 0) + n
        counts = {
            "tickets": sum(by_year.values()),
            "applications": Application.objects.count(),
            "tasks": Task.objects.count(),
            "matters": Matter.objects.count(),
            "reviews": Review.objects.count(),
            "answers": Answer.objects.count(),
        }
    except DatabaseError as exc:
        return {"db": db, "tickets": 0, "error": f"{type(exc).__name__}: {exc}"}
    return {
        "db": db,
        **counts,
        "tickets_by_year": {str(y): n for y, n in sorted(by_year.items())},
    }


def child_draft(args) -> dict:
    from django.db import connection, transaction

    from fazhi.core.models import User
    from fazhi.reports import draft, services

    year = int(args[0])
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        d = draft.generate(year)
        times.append(time.perf_counter() - started)
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        draft.generate(year)
        timed = time.perf_counter() - started
    actor = User.objects.get(username=OFFICER)
    with transaction.atomic():
        started = time.perf_counter()
        version = services.do_save_version(year, actor=actor, texts={})
        saved = time.perf_counter() - started
        kept = [f["ids"] for f in version.figures.values() if f["ids"] is not None]
        transaction.set_rollback(True)  # no version piles up run after run
    return {
        "runs_s": [round(t, 3) for t in times],
        "min_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "figures": len(d.figures),
        "blocks": len(d.blocks),
        "tickets_figure": d.figures.get("tickets", {}).get("count"),
        "profiled_run_s": round(timed, 3),
        **timer.report(),
        "save_version": {
            "seconds": round(saved, 3),
            "figures": len(version.figures),
            "figures_with_ids": len(kept),
            "ids_kept": sum(len(ids) for ids in kept),
        },
    }


def child_page(args) -> dict:
    """One page in-process as the leader, twice (the second timed and profiled)."""
    from django.db import connection
    from django.test import Client

    from fazhi.core.models import User

    path = args[0]
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.force_login(User.objects.get(username=LEADER))
    first = time.perf_counter()
    status = client.get(path).status_code
    first = time.perf_counter() - first
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
    return {
        "path": path,
        "status": status,
        "first_ms": round(1000 * first, 1),
        "ms": round(1000 * seconds, 1),
        "bytes": len(response.content),
        **timer.report(),
    }


CHILDREN = {"inspect": child_inspect, "draft": child_draft, "page": child_page}


def child_main(step: str, args: list[str]) -> int:
    import django

    django.setup()
    print(json.dumps(CHILDREN[step](args), ensure_ascii=False, default=str))
    return 0


# --- the parent ----------------------------------------------------------------------


def page_cases(year: int) -> list[tuple[str, str, list[bytes]]]:
    known = {
        "report": (f"/reports/{year}/", [f"{year}年法治政府建设年度报告".encode()]),
        "dashboard": (f"/reports/dashboard/?year={year}", [b'id="actions"']),
        "checks": (f"/reports/checks/?year={year}", [b'id="checks-summary"']),
    }
    return [(name, *known[name]) for name in PAGES if name in known]


def main() -> int:
    report: dict = {"benchmark": "reports"}
    with pages.bench_run("bench_reports", report) as (tmp, log, state):
        env = bench_env(tmp)
        found = child(env, "inspect")
        report["db"] = found["db"]
        if found["tickets"] < MIN_TICKETS:
            report["skipped"] = (
                f"{found['tickets']} tickets in {found['db']}, fewer than "
                f"{MIN_TICKETS}: load the city first (DATABASE_URL=… "
                ".venv/bin/python bench/load_city.py)"
            )
            print(json.dumps(report, ensure_ascii=False))
            return 0
        by_year = found.pop("tickets_by_year")
        if os.environ.get("BENCH_YEAR"):
            year, chosen = int(os.environ["BENCH_YEAR"]), "BENCH_YEAR"
        else:
            year = int(max(by_year, key=lambda y: by_year[y]))
            chosen = "the year with the most tickets"
        report.update(
            year=year,
            year_chosen_by=chosen,
            dataset={**found, "tickets_in_year": by_year.get(str(year), 0)},
            clients=harness.CLIENTS,
            workers=harness.WORKERS,
            seconds=harness.SECONDS,
        )
        log(f"year {year} ({chosen}); dataset {json.dumps(report['dataset'])}")
        fazhi = str(harness.BIN / "fazhi")
        harness.run_step([fazhi, "migrate", "--noinput"], env, "migrate")
        harness.run_step(
            [fazhi, "collectstatic", "--noinput", "--verbosity", "0"],
            env,
            "collectstatic",
        )

        d = child(env, "draft", year)
        save = d.pop("save_version")
        log(f"draft: {d['runs_s']} s, {d['figures']} figures; save {save['seconds']} s")
        measurements = [
            {
                "name": "draft",
                "what": f"draft.generate({year}), {RUNS} runs",
                **d,
                "target": f"max < {TARGET_DRAFT_S:g} s",
                "met": d["max_s"] < TARGET_DRAFT_S,
            },
            {
                "name": "save_version",
                "what": f"services.do_save_version({year}, actor={OFFICER}), "
                "rolled back",
                **save,
                "target": None,
                "met": None,
            },
        ]

        cases = page_cases(year)
        profiles = {name: child(env, "page", path) for name, path, _ in cases}
        for name, prof in profiles.items():
            log(f"{name} in-process: {prof['ms']} ms, {prof['queries']} queries")
        loaded = pages.measure(
            env,
            tmp,
            [("trivial", "/healthz", [b"ok"]), *cases],
            TARGET_DASHBOARD_P95_MS,
            log,
            informational=("report", "checks"),
            username=LEADER,
        )
        for name, path, _ in [("trivial", "/healthz", None), *cases]:
            r = loaded["results"][name]
            keep = ("rps", "p50_ms", "p95_ms", "p99_ms", "mean_ms", "max_ms", "errors")
            entry = {
                "name": f"{name}_page" if name != "trivial" else name,
                "what": f"GET {path} as {LEADER}, {harness.CLIENTS} clients",
                **{k: r[k] for k in keep},
                "server_cpu_ms_per_req": r["server_cpu_ms_per_req"],
                "ratio_to_trivial": loaded["ratios"].get(name),
                "target": None,
                "met": None,
            }
            if r.get("error_samples"):
                entry["error_samples"] = r["error_samples"]
            if name == "dashboard":
                entry["target"] = f"p95 < {TARGET_DASHBOARD_P95_MS:g} ms"
                entry["met"] = r["p95_ms"] < TARGET_DASHBOARD_P95_MS
            if name in profiles:
                entry["in_process"] = profiles[name]
            measurements.append(entry)
        report["measurements"] = measurements
        misses = [
            f"{m['name']}: {m['target']} not met"
            for m in measurements
            if m["met"] is False
        ]
        report["misses"] = misses
        report["pass"] = not misses
        if loaded["errors"]:
            state["failed"] = True
            report["error"] = f"{loaded['errors']} requests failed"
    print(json.dumps(report, ensure_ascii=False))
    return 1 if state["failed"] else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.exit(child_main(sys.argv[2], sys.argv[3:]))
    sys.exit(main())
