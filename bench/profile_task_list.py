"""Where the time goes in the task list and the dashboard (not run by `make bench`).

Builds the same office as bench_task_list.py (or reuses one: --var-dir DIR, e.g. one
kept with BENCH_KEEP=1), then requests each page in-process with django.test.Client
(full middleware stack, production settings) and reports:
  * wall time per request, each request's SQL with its time, and EXPLAIN QUERY PLAN;
  * the share of time in SQL vs the rest (template rendering, forms, middleware);
  * a pyinstrument profile when pyinstrument is importable (e.g. PYTHONPATH=/tmp/pyi
    after `pip install --target /tmp/pyi pyinstrument`), else cProfile's top functions.

    .venv/bin/python bench/profile_task_list.py [--var-dir DIR] [--requests 20]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_task_list as bench  # noqa: E402

PAGES = [
    "/plans/tasks/?status=in_progress",
    "/plans/tasks/?page=500",
    "/plans/tasks/?status=in_progress&page=100",
    "/",
    "/healthz",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var-dir", help="reuse this FAZHI_VAR_DIR (already loaded)")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--pages", nargs="*", default=PAGES)
    args = parser.parse_args()

    tmp = None
    if args.var_dir:
        var_dir = Path(args.var_dir)
        env = bench.app_env(var_dir)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="fazhi-profile-"))
        var_dir = tmp / "var"
        env = bench.app_env(var_dir)
        bench.build_office(var_dir, env)
    try:
        os.environ.update(env)
        profile(args.pages, args.requests)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def profile(pages: list[str], n: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    assert client.login(username=bench.USERNAME, password=bench.PASSWORD)
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None

    for path in pages:
        print(f"\n{'=' * 100}\n{path}\n{'=' * 100}")
        for _ in range(3):  # warm caches (templates, translations, SQLite page cache)
            assert client.get(path).status_code == 200
        started = time.perf_counter()
        for _ in range(n):
            client.get(path)
        wall = (time.perf_counter() - started) / n * 1000
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            client.get(path)
            one = (time.perf_counter() - t0) * 1000
        sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        print(
            f"wall {wall:.1f} ms/request (mean of {n});  traced request {one:.1f} ms, "
            f"{len(ctx.captured_queries)} queries, {sql_ms:.1f} ms in SQL, "
            f"{one - sql_ms:.1f} ms elsewhere"
        )
        for q in ctx.captured_queries:
            sql = q["sql"]
            more = "…" if len(sql) > 300 else ""
            print(f"  {float(q['time']) * 1000:7.1f} ms  {sql[:300]}{more}")
            if float(q["time"]) * 1000 > 2 and sql.lstrip().upper().startswith(
                "SELECT"
            ):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql.replace("%", "%%"))
                    for row in cursor.fetchall():
                        print(f"             plan: {row[-1]}")
        if Profiler is not None:
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(n):
                client.get(path)
            profiler.stop()
            print(
                profiler.output_text(
                    unicode=True, color=False, show_all=False, timeline=False
                )[:12000]
            )
        else:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(n):
                client.get(path)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(40)
            print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
