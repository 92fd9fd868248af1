"""Benchmark: the decisions ledger at city scale — 20,000 matters, 60,000 legality
reviews, 4,000 meetings with per-member views — under the production server.

Builds a throw-away SQLite office (migrate, collectstatic, `fazhi demo`, then
bench/load_decisions.py), starts gunicorn (production settings), logs in as the legal
officer `fazhi` and drives each page with N concurrent clients for a fixed time. Prints
ONE JSON object on stdout.

Targets (from the issue): the matter list with filters and a matter's detail page (all
stages, votes, audit trail) p95 < 100 ms. Exit status as bench_task_list.py.

Environment knobs: BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_CLIENTS (8),
BENCH_WORKERS (2), BENCH_MATTERS (20000), BENCH_REVIEWS (60000), BENCH_KEEP=1.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_task_list as harness  # noqa: E402 (the shared server and load harness)
import pages  # noqa: E402 (build, serve, check, load, judge)

TARGET_PAGE_P95_MS = 100.0
MATTERS = harness.env_int("BENCH_MATTERS", 20_000)
REVIEWS = harness.env_int("BENCH_REVIEWS", 60_000)


def main() -> int:
    report: dict = {
        "benchmark": "decisions",
        "matters_asked": MATTERS,
        "reviews_asked": REVIEWS,
        "clients": harness.CLIENTS,
        "workers": harness.WORKERS,
        "db": "sqlite",
        "seconds": harness.SECONDS,
    }
    with pages.bench_run("bench_decisions", report) as (tmp, log, state):
        env, report["loaded"] = pages.build_office(
            tmp, "load_decisions.py", [str(MATTERS), str(REVIEWS)], log
        )
        # A major decision with its 13 stages, three reviews, a vote and audit entries.
        matter_id = pages.python(
            env,
            "import django; django.setup(); "
            "from fazhi.decisions.models import Matter; "
            "print(Matter.objects.filter(major_decision=True, title__startswith="
            "'测试事项', items__isnull=False).order_by('pk')[20].pk)",
            "find a matter",
        )
        year = dt.date.today().year
        cases = [
            ("trivial", "/healthz", [b"ok"]),
            ("matter_list", f"/decisions/?year={year - 2}", ["测试事项".encode()]),
            (
                "matter_list_filtered_p20",
                f"/decisions/?year={year - 2}&category=funds&page=20",
                ["测试事项".encode(), b"page=19"],
            ),
            (
                "matter_detail",
                f"/decisions/matters/{matter_id}/",
                ["决策后评估".encode(), "表决".encode(), b"history"],
            ),
        ]
        measured = pages.measure(env, tmp, cases, TARGET_PAGE_P95_MS, log)
        report.update(measured)
        report["targets"] = {"page_p95_ms": TARGET_PAGE_P95_MS}
        report["pass"] = not measured["misses"]
        if measured["errors"]:
            state["failed"] = True
            report["error"] = f"{measured['errors']} requests failed"
    print(json.dumps(report, ensure_ascii=False))
    return 1 if state["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
