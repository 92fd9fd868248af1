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
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_task_list as harness  # noqa: E402 (the shared server and load harness)

TARGET_PAGE_P95_MS = 100.0
MATTERS = harness.env_int("BENCH_MATTERS", 20_000)
REVIEWS = harness.env_int("BENCH_REVIEWS", 60_000)


def log(*args) -> None:
    print("[bench_decisions]", *args, file=sys.stderr, flush=True)


def check(port: int, path: str, headers: dict, must: list[bytes]) -> None:
    status, _, body = harness.fetch(port, "GET", path, headers=headers)
    if status != 200:
        raise harness.HarnessError(f"{path} answered {status} before timing")
    for needle in must:
        if needle not in body:
            raise harness.HarnessError(f"{path} does not show {needle!r}")
    log(f"check {path}: {len(body)} bytes")


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-decisions-"))
    server = None
    report: dict = {
        "benchmark": "decisions",
        "matters_asked": MATTERS,
        "reviews_asked": REVIEWS,
        "clients": harness.CLIENTS,
        "workers": harness.WORKERS,
        "db": "sqlite",
        "seconds": harness.SECONDS,
        "host": {"cpus": os.cpu_count(), "loadavg_start": round(os.getloadavg()[0], 2)},
    }
    failed = False
    try:
        env = harness.app_env(tmp / "var")
        fazhi = str(harness.BIN / "fazhi")
        harness.run_step([fazhi, "migrate", "--noinput"], env, "migrate")
        harness.run_step(
            [fazhi, "collectstatic", "--noinput", "--verbosity", "0"],
            env,
            "collectstatic",
        )
        harness.run_step([fazhi, "demo"], env, "demo")
        out = harness.run_step(
            [
                harness.PYTHON,
                str(harness.ROOT / "bench" / "load_decisions.py"),
                str(MATTERS),
                str(REVIEWS),
            ],
            env,
            "load the ledger",
        )
        report["loaded"] = json.loads(out.strip().splitlines()[-1])
        log("loaded:", json.dumps(report["loaded"]))
        # A major decision with its 13 stages, three reviews, a vote and audit entries.
        matter_id = int(
            harness.run_step(
                [
                    harness.PYTHON,
                    "-c",
                    "import django; django.setup(); "
                    "from fazhi.decisions.models import Matter; "
                    "print(Matter.objects.filter(major_decision=True, title__startswith="
                    "'测试事项', items__isnull=False).order_by('pk')[20].pk)",
                ],
                env,
                "find a matter",
            ).strip()
        )
        port = harness.free_port()
        server = harness.start_server(env, port, tmp / "gunicorn.log")
        harness.wait_ready(server, port)
        headers = {
            "Cookie": harness.log_in(port),
            "Accept": "text/html,application/xhtml+xml",
            "Accept-Language": "zh-CN,zh;q=0.9",
            "User-Agent": "fazhi-bench",
        }
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
        for _name, path, must in cases:
            check(port, path, headers, must)
        results = {}
        for name, path, _ in cases:
            log(f"{name}: {harness.CLIENTS} clients on {path}")
            results[name] = harness.run_load(port, path, headers, server.pid)
            r = results[name]
            log(
                f"  {r['rps']} req/s  p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  "
                f"errors {r['errors']}"
            )
        report["results"] = results
        trivial = results["trivial"]["rps"]
        report["ratios"] = {
            name: round(r["rps"] / trivial, 3) if trivial else None
            for name, r in results.items()
            if name != "trivial"
        }
        report["targets"] = {"page_p95_ms": TARGET_PAGE_P95_MS}
        misses = [
            f"{name}: p95 {r['p95_ms']} ms >= {TARGET_PAGE_P95_MS:g}"
            for name, r in results.items()
            if name != "trivial" and not r["p95_ms"] < TARGET_PAGE_P95_MS
        ]
        report["pass"] = not misses
        report["misses"] = misses
        errors = sum(r["errors"] for r in results.values())
        if errors:
            failed = True
            report["error"] = f"{errors} requests failed"
    except Exception as exc:  # the harness failed: say so in the JSON and exit status
        failed = True
        report["pass"] = False
        report["error"] = f"{type(exc).__name__}: {exc}"
        log("HARNESS FAILURE:", report["error"])
        log_path = tmp / "gunicorn.log"
        if log_path.exists():
            sys.stderr.write(log_path.read_text(errors="replace")[-4000:])
    finally:
        report["host"]["loadavg_end"] = round(os.getloadavg()[0], 2)
        harness.stop_server(server)
        if os.environ.get("BENCH_KEEP"):
            log("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
