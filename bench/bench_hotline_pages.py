"""Benchmark: the demand desk's pages with 1,000,000 tickets, under the production server,
on SQLite and (when the server is reachable) PostgreSQL.

Targets (from the issue): the ticket list with filters and full-text search over the
content in Chinese, p95 < 150 ms — two-character words ("南站", "噪音") are the common
query; the KPI page for one year < 500 ms. Also measured: the first page without filters
and the overdue list. Each database gets the same generated export (same seed), so the
search must find the same tickets on both: the first page's numbers are compared.
A department's desk is measured too, logged in as its staff: its searches, the
department's own tickets only.

Prints ONE JSON object; exit status as bench_task_list.py. Knobs: BENCH_SECONDS (10),
BENCH_WARMUP (2), BENCH_CLIENTS (8), BENCH_WORKERS (2), BENCH_TICKETS (1000000),
BENCH_DBS ("sqlite,postgresql"), BENCH_PG_URL, BENCH_KEEP=1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_task_list as harness  # noqa: E402
import pages  # noqa: E402

TARGET_LIST_P95_MS = 150.0
TARGET_KPI_P95_MS = 500.0
TICKETS = harness.env_int("BENCH_TICKETS", 1_000_000)
DBS = os.environ.get("BENCH_DBS", "sqlite,postgresql").split(",")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DESK_USER = "liuyang"  # the demo's staff of 规划建设科
NUMBER = re.compile(rb'<a href="/hotline/\d+/">([A-Z0-9]+)</a>')


def pg_database(name: str, log) -> str | None:
    import psycopg

    try:
        with psycopg.connect(PG_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        log("PostgreSQL unreachable:", exc)
        return None
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


def build(tmp: Path, url: str | None, log) -> tuple[dict, dict]:
    env = harness.app_env(tmp / "var")
    if url:
        env["DATABASE_URL"] = url
    fazhi = str(harness.BIN / "fazhi")
    harness.run_step([fazhi, "migrate", "--noinput"], env, "migrate")
    harness.run_step(
        [fazhi, "collectstatic", "--noinput", "--verbosity", "0"], env, "collectstatic"
    )
    harness.run_step([fazhi, "demo"], env, "demo")
    out = harness.run_step(
        [harness.PYTHON, str(harness.ROOT / "bench" / "load_hotline.py"), str(TICKETS)],
        env,
        "load",
    )
    loaded = json.loads(out.strip().splitlines()[-1])
    log("loaded:", json.dumps(loaded, ensure_ascii=False))
    return env, loaded


def first_pages(env: dict, tmp: Path, paths: dict[str, list[str]]) -> dict:
    """The ticket numbers on each search's first page, for each user (`paths`:
    username → paths), to compare the databases."""
    server = None
    try:
        port = harness.free_port()
        server = harness.start_server(env, port, tmp / "gunicorn.log")
        harness.wait_ready(server, port)
        found = {}
        for username, theirs in paths.items():
            headers = {
                "Cookie": harness.log_in(port, username),
                "Accept-Language": "zh-CN",
            }
            for path in theirs:
                _status, _msg, body = harness.fetch(port, "GET", path, headers=headers)
                # A generated number carries its date, which moves with the clock
                # between the two builds; its sequence part names the export's row.
                found[f"{username} {path}"] = [
                    re.sub(r"^GD\d{8}", "GD", m.decode()) for m in NUMBER.findall(body)
                ]
        return found
    finally:
        harness.stop_server(server)


def one_db(db: str, tmp: Path, log) -> dict:
    url = None
    if db == "postgresql":
        url = pg_database("fazhi_bench_hotline_pages", log)
        if url is None:
            return {"skipped": "PostgreSQL unreachable"}
    env, loaded = build(tmp, url, log)
    year = dt.date.today().year - 1
    month = f"{year}-06"
    lists = [
        ("trivial", "/healthz", [b"ok"]),
        ("search_nanzhan", "/hotline/?q=%E5%8D%97%E7%AB%99", ["南站".encode()]),
        ("search_noise", "/hotline/?q=%E5%99%AA%E9%9F%B3", ["噪音".encode()]),
        (
            "search_nanzhan_filtered",
            f"/hotline/?q=%E5%8D%97%E7%AB%99&status=closed&month={month}",
            ["南站".encode()],
        ),
        (
            "search_tianjin_nanzhan_kind",
            "/hotline/?q=%E5%A4%A9%E6%B4%A5%E5%8D%97%E7%AB%99&kind=complaint",
            ["天津南站".encode()],
        ),
        ("first_page", "/hotline/", ["诉求办理".encode()]),
        ("overdue", "/hotline/?due=overdue", ["诉求办理".encode()]),
    ]
    measured = pages.measure(env, tmp, lists, TARGET_LIST_P95_MS, log)
    kpi = [
        ("trivial", "/healthz", [b"ok"]),
        ("kpi_year", f"/hotline/kpi/?year={year}", ["响应率".encode()]),
    ]
    kpi_measured = pages.measure(env, tmp, kpi, TARGET_KPI_P95_MS, log)
    # A department's desk: 规划建设科 (40 % of the generated tickets) searching its
    # own tickets, awaiting sign-for or all of them.
    desk = [
        ("trivial", "/healthz", [b"ok"]),
        (
            "desk_tianjin_nanzhan_to_sign",
            "/hotline/?q=%E5%A4%A9%E6%B4%A5%E5%8D%97%E7%AB%99&status=assigned",
            ["天津南站".encode()],
        ),
        (
            "desk_noise_to_sign",
            "/hotline/?q=%E5%99%AA%E9%9F%B3&status=assigned",
            ["噪音".encode()],
        ),
        ("desk_noise", "/hotline/?q=%E5%99%AA%E9%9F%B3", ["噪音".encode()]),
    ]
    desk_measured = pages.measure(
        env, tmp, desk, TARGET_LIST_P95_MS, log, username=DESK_USER
    )
    compared = first_pages(
        env,
        tmp,
        {
            harness.USERNAME: [path for name, path, _ in lists[1:5]],
            DESK_USER: [path for name, path, _ in desk[1:]],
        },
    )
    return {
        "loaded": loaded,
        "lists": measured,
        "kpi": kpi_measured,
        "desk": desk_measured,
        "desk_user": DESK_USER,
        "first_pages": compared,
    }


def main() -> int:
    report: dict = {
        "benchmark": "hotline_pages",
        "tickets_asked": TICKETS,
        "clients": harness.CLIENTS,
        "workers": harness.WORKERS,
        "seconds": harness.SECONDS,
        "targets": {"list_p95_ms": TARGET_LIST_P95_MS, "kpi_p95_ms": TARGET_KPI_P95_MS},
    }
    with pages.bench_run("bench_hotline_pages", report) as (tmp, log, state):
        misses, errors = [], 0
        for db in DBS:
            sub = tmp / db
            sub.mkdir()
            result = report[db] = one_db(db, sub, log)
            if "skipped" in result:
                continue
            misses += [f"{db} {m}" for m in result["lists"]["misses"]]
            misses += [f"{db} {m}" for m in result["kpi"]["misses"]]
            misses += [f"{db} desk {m}" for m in result["desk"]["misses"]]
            errors += sum(result[part]["errors"] for part in ("lists", "kpi", "desk"))
        ran = [db for db in DBS if "first_pages" in report.get(db, {})]
        if len(ran) == 2:
            same = report[ran[0]]["first_pages"] == report[ran[1]]["first_pages"]
            report["same_results_on_both"] = same
            if not same:
                misses.append("the databases found different tickets")
        report["misses"] = misses
        report["pass"] = not misses
        if errors:
            state["failed"] = True
            report["error"] = f"{errors} requests failed"
    print(json.dumps(report, ensure_ascii=False))
    return 1 if state["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
