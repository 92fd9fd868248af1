"""Benchmark: law study at city scale — 200 people, ten years of sessions, 500,000 exam
answers — under the production server, and scoring a 100-question paper.

Builds a throw-away SQLite office in a temp dir (migrate, collectstatic, `fazhi demo`,
then bench/load_learning.py), times scoring with bench/score_paper.py, starts gunicorn
(production settings), logs in as the legal officer `fazhi` and drives each page with N
concurrent clients for a fixed time. Prints ONE JSON object on stdout.

Targets (from the issue): the compliance view and a person's record p95 < 100 ms;
scoring a 100-question paper < 50 ms. Exit status as bench_task_list.py: 0 when the
measurement ran, non-zero when the harness failed.

Environment knobs: BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_CLIENTS (8),
BENCH_WORKERS (2), BENCH_PEOPLE (200), BENCH_ANSWERS (500000), BENCH_KEEP=1.
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
TARGET_SCORE_MS = 50.0
PEOPLE = harness.env_int("BENCH_PEOPLE", 200)
ANSWERS = harness.env_int("BENCH_ANSWERS", 500_000)


def log(*args) -> None:
    print("[bench_learning]", *args, file=sys.stderr, flush=True)


def check(port: int, path: str, headers: dict, must: list[bytes]) -> None:
    status, _, body = harness.fetch(port, "GET", path, headers=headers)
    if status != 200:
        raise harness.HarnessError(f"{path} answered {status} before timing")
    for needle in must:
        if needle not in body:
            raise harness.HarnessError(f"{path} does not show {needle!r}")
    log(f"check {path}: {len(body)} bytes")


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-learning-"))
    server = None
    report: dict = {
        "benchmark": "learning",
        "people": PEOPLE,
        "answers_asked": ANSWERS,
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
                str(harness.ROOT / "bench" / "load_learning.py"),
                str(PEOPLE),
                str(ANSWERS),
            ],
            env,
            "load the ledger",
        )
        report["loaded"] = json.loads(out.strip().splitlines()[-1])
        log("loaded:", json.dumps(report["loaded"]))
        out = harness.run_step(
            [harness.PYTHON, str(harness.ROOT / "bench" / "score_paper.py"), "60"],
            env,
            "score 60 papers",
        )
        report["scoring"] = json.loads(out.strip().splitlines()[-1])
        log("scoring:", json.dumps(report["scoring"]))

        port = harness.free_port()
        server = harness.start_server(env, port, tmp / "gunicorn.log")
        harness.wait_ready(server, port)
        headers = {
            "Cookie": harness.log_in(port),
            "Accept": "text/html,application/xhtml+xml",
            "Accept-Language": "zh-CN,zh;q=0.9",
            "User-Agent": "fazhi-bench",
        }
        # A person with ten years of sessions and exams: the first bench person.
        person_id = int(
            harness.run_step(
                [
                    harness.PYTHON,
                    "-c",
                    "import django; django.setup(); "
                    "from fazhi.core.models import User; "
                    "print(User.objects.get(username='bench0000').pk)",
                ],
                env,
                "find a person",
            ).strip()
        )
        year = dt.date.today().year
        cases = [
            ("trivial", "/healthz", [b"ok"]),
            ("compliance_today", "/learning/compliance/", ["测试人员".encode()]),
            (
                "compliance_past_date",
                f"/learning/compliance/?date={year - 4}-09-30",
                ["测试人员".encode()],
            ),
            (
                "person_record",
                f"/learning/people/{person_id}/?year={year - 4}",
                [b"exam-results", f"{year - 4}年度学法考试".encode()],
            ),
            (
                "person_record_this_year",
                f"/learning/people/{person_id}/?year={year}",
                [b"exam-results"],
            ),
            ("exam_list", "/learning/exams/", [b"/ 2"]),
        ]
        # Measured and reported, but the issue sets no target for it.
        informational = {"trivial", "exam_list"}
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
        report["targets"] = {
            "page_p95_ms": TARGET_PAGE_P95_MS,
            "score_ms": TARGET_SCORE_MS,
        }
        misses = [
            f"{name}: p95 {r['p95_ms']} ms >= {TARGET_PAGE_P95_MS:g}"
            for name, r in results.items()
            if name not in informational and not r["p95_ms"] < TARGET_PAGE_P95_MS
        ]
        if not report["scoring"]["score_p95_ms"] < TARGET_SCORE_MS:
            misses.append(f"scoring p95 {report['scoring']['score_p95_ms']} ms")
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
