"""What every page benchmark does (a bench helper): build a throw-away office, start the
production server, log in, check each page shows what it should, drive each with N
concurrent clients, and judge p95 against the target. Used by bench_learning.py,
bench_decisions.py and bench_disclosure.py."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_task_list as harness  # noqa: E402 (the shared server and load harness)


def logger(name: str):
    def log(*args) -> None:
        print(f"[{name}]", *args, file=sys.stderr, flush=True)

    return log


def build_office(tmp: Path, loader: str, args: list[str], log) -> tuple[dict, dict]:
    """migrate, collectstatic, `fazhi demo`, then the loader; its JSON and the env."""
    env = harness.app_env(tmp / "var")
    fazhi = str(harness.BIN / "fazhi")
    harness.run_step([fazhi, "migrate", "--noinput"], env, "migrate")
    harness.run_step(
        [fazhi, "collectstatic", "--noinput", "--verbosity", "0"], env, "collectstatic"
    )
    harness.run_step([fazhi, "demo"], env, "demo")
    out = harness.run_step(
        [harness.PYTHON, str(harness.ROOT / "bench" / loader), *args], env, "load"
    )
    loaded = json.loads(out.strip().splitlines()[-1])
    log("loaded:", json.dumps(loaded, ensure_ascii=False))
    return env, loaded


def python(env: dict, code: str, what: str) -> str:
    return harness.run_step([harness.PYTHON, "-c", code], env, what).strip()


def measure(
    env, tmp: Path, cases, target_ms: float, log, informational=(), username="fazhi"
) -> dict:
    """Serve, log in as `username`, check and load each (name, path, must-show) case.
    Pages named in `informational` are measured and reported but not judged."""
    server = None
    try:
        port = harness.free_port()
        server = harness.start_server(env, port, tmp / "gunicorn.log")
        harness.wait_ready(server, port)
        headers = {
            "Cookie": harness.log_in(port, username),
            "Accept": "text/html,application/xhtml+xml",
            "Accept-Language": "zh-CN,zh;q=0.9",
            "User-Agent": "fazhi-bench",
        }
        for _name, path, must in cases:
            status, _, body = harness.fetch(port, "GET", path, headers=headers)
            if status != 200:
                raise harness.HarnessError(f"{path} answered {status} before timing")
            for needle in must:
                if needle not in body:
                    raise harness.HarnessError(f"{path} does not show {needle!r}")
            log(f"check {path}: {len(body)} bytes")
        results = {}
        for name, path, _ in cases:
            log(f"{name}: {harness.CLIENTS} clients on {path}")
            r = results[name] = harness.run_load(port, path, headers, server.pid)
            log(
                f"  {r['rps']} req/s  p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  "
                f"errors {r['errors']}"
            )
    finally:
        harness.stop_server(server)
    trivial = results["trivial"]["rps"]
    misses = [
        f"{name}: p95 {r['p95_ms']} ms >= {target_ms:g}"
        for name, r in results.items()
        if name != "trivial"
        and name not in informational
        and not r["p95_ms"] < target_ms
    ]
    return {
        "results": results,
        "ratios": {
            name: round(r["rps"] / trivial, 3) if trivial else None
            for name, r in results.items()
            if name != "trivial"
        },
        "misses": misses,
        "errors": sum(r["errors"] for r in results.values()),
    }


@contextmanager
def bench_run(name: str, report: dict):
    """A temporary folder; on a harness failure the JSON says so and the exit is 1."""
    log = logger(name)
    tmp = Path(tempfile.mkdtemp(prefix=f"fazhi-{name}-"))
    report.setdefault("host", {})["cpus"] = os.cpu_count()
    report["host"]["loadavg_start"] = round(os.getloadavg()[0], 2)
    state = {"failed": False}
    try:
        yield tmp, log, state
    except Exception as exc:  # the harness failed: say so in the JSON and exit status
        state["failed"] = True
        report["pass"] = False
        report["error"] = f"{type(exc).__name__}: {exc}"
        log("HARNESS FAILURE:", report["error"])
        log_path = tmp / "gunicorn.log"
        if log_path.exists():
            sys.stderr.write(log_path.read_text(errors="replace")[-4000:])
    finally:
        report["host"]["loadavg_end"] = round(os.getloadavg()[0], 2)
        if os.environ.get("BENCH_KEEP"):
            log("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
