"""Benchmark: the task list and the dashboard with 50,000 tasks, production server.

Builds a throw-away SQLite office in a temp dir (migrate, collectstatic, `fazhi demo`,
then 50,000 bulk-created tasks), starts gunicorn (2 sync workers, production settings),
logs in as the legal officer `fazhi` (sees every department) and drives each page with
N concurrent clients for a fixed time. Prints ONE JSON object on stdout; diagnostics go
to stderr.

Exit status: 0 when the measurement ran (whether or not the targets were met: see
"pass"), non-zero when the harness itself failed (server did not start, login failed, a
page did not show task rows, or any request failed).

Environment knobs: BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_CLIENTS (8),
BENCH_WORKERS (2), BENCH_TASKS (50000), BENCH_ANALYZE=1 (run SQLite ANALYZE after
loading; off by default, like a real deployment), BENCH_KEEP=1 (keep the temp dir).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
if not (BIN / "python").exists():
    BIN = Path(sys.executable).parent
PYTHON = str(BIN / "python")
HOST = "127.0.0.1"
USERNAME, PASSWORD = "fazhi", "Fazhi@2021"
PAGE_SIZE = 50

TARGET_P95_MS = 100.0
TARGET_MIN_RATIO = 0.15


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    return float(value) if value.strip() else default


SECONDS = env_float("BENCH_SECONDS", 10.0)
WARMUP = env_float("BENCH_WARMUP", 2.0)
CLIENTS = env_int("BENCH_CLIENTS", 8)
WORKERS = env_int("BENCH_WORKERS", 2)
TASKS = env_int("BENCH_TASKS", 50_000)


def log(*args) -> None:
    print("[bench_task_list]", *args, file=sys.stderr, flush=True)


class HarnessError(RuntimeError):
    pass


# --- setting up the office ------------------------------------------------------------


def app_env(var_dir: Path) -> dict[str, str]:
    """Production settings on a private SQLite file (no inherited FAZHI_*, DB URL)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FAZHI_")
        and k not in {"DATABASE_URL", "ALLOWED_HOSTS", "SECRET_KEY"}
    }
    env.update(
        FAZHI_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        FAZHI_LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if os.environ.get("BENCH_ANALYZE"):
        env["BENCH_ANALYZE"] = os.environ["BENCH_ANALYZE"]
    return env


def run_step(args: list[str], env: dict[str, str], what: str) -> str:
    started = time.monotonic()
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise HarnessError(f"{what} failed (exit {proc.returncode})")
    log(f"{what}: {time.monotonic() - started:.1f}s")
    return proc.stdout


def build_office(var_dir: Path, env: dict[str, str]) -> dict:
    fazhi = str(BIN / "fazhi")
    run_step([fazhi, "migrate", "--noinput"], env, "migrate")
    run_step(
        [fazhi, "collectstatic", "--noinput", "--verbosity", "0"], env, "collectstatic"
    )
    run_step([fazhi, "demo"], env, "demo")
    out = run_step(
        [PYTHON, str(ROOT / "bench" / "load_tasks.py"), str(TASKS)],
        env,
        f"load {TASKS} tasks",
    )
    info = json.loads(out.strip().splitlines()[-1])
    log("loaded:", json.dumps(info, ensure_ascii=False))
    return info


# --- the server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    logfile = open(log_path, "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "fazhi.wsgi:application",
            "-w",
            str(WORKERS),
            "-b",
            f"{HOST}:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proc._bench_log = logfile  # type: ignore[attr-defined]
    return proc


def wait_ready(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise HarnessError(f"gunicorn exited with {proc.returncode}")
        try:
            status, _, body = fetch(port, "GET", "/healthz", timeout=2)
            if status == 200 and body == b"ok":
                log(f"gunicorn up on port {port} (pid {proc.pid}, {WORKERS} workers)")
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise HarnessError("gunicorn did not answer /healthz within 30 s")


def stop_server(proc: subprocess.Popen | None) -> None:
    if proc is None:
        return
    if proc.poll() is None:
        try:
            os.kill(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    # The workers, should any outlive the master (only our own session's group).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.wait(timeout=5)
    proc._bench_log.close()  # type: ignore[attr-defined]


def worker_pids(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
        return [int(p) for p in text.split()]
    except OSError:
        return []


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


# --- HTTP -----------------------------------------------------------------------------


def fetch(port, method, path, *, headers=None, body=None, timeout=30):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, resp.msg, data
    finally:
        conn.close()


def cookies_from(msg, jar: dict[str, str]) -> None:
    for header in msg.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            jar[name] = morsel.value


def log_in(port: int, username: str = USERNAME) -> str:
    jar: dict[str, str] = {}
    status, msg, _ = fetch(port, "GET", "/login/")
    if status != 200:
        raise HarnessError(f"GET /login/ answered {status}")
    cookies_from(msg, jar)
    if "csrftoken" not in jar:
        raise HarnessError("GET /login/ set no csrftoken cookie")
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": jar["csrftoken"],
            "username": username,
            "password": PASSWORD,
        }
    )
    status, msg, data = fetch(
        port,
        "POST",
        "/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
        },
    )
    cookies_from(msg, jar)
    if status != 302 or "sessionid" not in jar:
        raise HarnessError(f"login failed: {status} {data[:300]!r}")
    log("logged in as", username)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


ROW = re.compile(rb'<tr(?: class="[^"]*")?><td>')
TASK_LINK = re.compile(rb'href="/plans/tasks/\d+/"')


def check_page(
    port: int, path: str, headers: dict, *, kind: str, page: int | None = None
):
    status, _, body = fetch(port, "GET", path, headers=headers)
    if status != 200:
        raise HarnessError(f"{path} answered {status} before timing")
    if kind == "trivial":
        if body != b"ok":
            raise HarnessError(f"{path} answered {body[:100]!r}")
        return 0
    links = len(TASK_LINK.findall(body))
    if kind == "list":
        rows = len(ROW.findall(body))
        if rows != PAGE_SIZE or links != PAGE_SIZE:
            raise HarnessError(
                f"{path}: {rows} task rows / {links} task links, not {PAGE_SIZE}"
            )
        if page and page > 1 and f"page={page - 1}".encode() not in body:
            # Paginator.get_page() clamps an out-of-range page to the last one.
            raise HarnessError(f"{path}: not page {page} (no link to page {page - 1})")
        log(f"check {path}: {rows} task rows, {len(body)} bytes")
        return rows
    if kind == "dashboard":
        if links < 1:
            raise HarnessError(f"{path}: the dashboard lists no tasks")
        log(f"check {path}: {links} task links, {len(body)} bytes")
        return links
    raise ValueError(kind)


# --- load -----------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def run_load(port: int, path: str, headers: dict, server_pid: int) -> dict:
    """CLIENTS threads, each with its own http.client connection (reconnecting when the
    sync worker closes it), requesting `path` back to back for WARMUP + SECONDS."""
    start = time.monotonic() + 0.05
    measure_from = start + WARMUP
    end = measure_from + SECONDS
    results: list[tuple[list[float], int, int, float, list[str]]] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        latencies: list[float] = []
        errors = warm_errors = 0
        last_finish = measure_from
        samples: list[str] = []
        while time.monotonic() < start:
            time.sleep(0.001)
        while True:
            t0 = time.monotonic()
            if t0 >= end:
                break
            status = None
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                status = repr(exc)
            t1 = time.monotonic()
            if t0 >= measure_from:
                latencies.append(t1 - t0)
                last_finish = max(last_finish, t1)
                if status != 200:
                    errors += 1
            elif status != 200:
                warm_errors += 1
            if status != 200 and len(samples) < 3:
                samples.append(str(status))
        conn.close()
        with lock:
            results.append((latencies, errors, warm_errors, last_finish, samples))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    workers = worker_pids(server_pid)
    while time.monotonic() < measure_from:
        time.sleep(0.005)
    cpu0, own0 = cpu_seconds(workers), os.times()
    for t in threads:
        t.join()
    cpu1, own1 = cpu_seconds(workers), os.times()

    latencies = sorted(x for r in results for x in r[0])
    errors = sum(r[1] for r in results)
    warm_errors = sum(r[2] for r in results)
    window = max(r[3] for r in results) - measure_from
    n = len(latencies)
    rps = n / window if window > 0 else 0.0
    ms = [x * 1000 for x in latencies]
    own_cpu = (own1.user + own1.system) - (own0.user + own0.system)
    out = {
        "path": path,
        "requests": n,
        "rps": round(rps, 1),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "mean_ms": round(sum(ms) / n, 1) if n else None,
        "max_ms": round(ms[-1], 1) if n else None,
        "errors": errors + warm_errors,
        # Diagnostics: CPU the gunicorn workers and this client spent per request.
        "server_cpu_ms_per_req": round(1000 * (cpu1 - cpu0) / n, 2) if n else None,
        "client_cpu_ms_per_req": round(1000 * own_cpu / n, 2) if n else None,
    }
    samples = [s for r in results for s in r[4]]
    if samples:
        out["error_samples"] = samples[:5]
    return out


# --- main -----------------------------------------------------------------------------


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    server = None
    report: dict = {
        "benchmark": "task_list",
        "tasks": TASKS,
        "clients": CLIENTS,
        "workers": WORKERS,
        "db": "sqlite",
        "seconds": SECONDS,
        "warmup_seconds": WARMUP,
        # The machine may be shared: the load before and after, to read noise.
        "host": {"cpus": os.cpu_count(), "loadavg_start": round(os.getloadavg()[0], 2)},
    }
    failed = False
    try:
        env = app_env(tmp / "var")
        info = build_office(tmp / "var", env)
        report["tasks_in_db"] = info["tasks"]
        port = free_port()
        server = start_server(env, port, tmp / "gunicorn.log")
        wait_ready(server, port)
        headers = {
            "Cookie": log_in(port),
            "Accept": "text/html,application/xhtml+xml",
            "Accept-Language": "zh-CN,zh;q=0.9",
            "User-Agent": "fazhi-bench",
        }

        in_progress_pages = math.ceil(info["by_status"]["in_progress"] / PAGE_SIZE)
        deep = 500 if in_progress_pages >= 500 else min(100, in_progress_pages)
        total_pages = math.ceil(info["tasks"] / PAGE_SIZE)
        if total_pages < 500:
            raise HarnessError(
                f"only {total_pages} pages of tasks: page 500 does not exist"
            )
        cases = [
            # name, path, kind, page
            ("trivial", "/healthz", "trivial", None),
            ("task_list_p1_filtered", "/plans/tasks/?status=in_progress", "list", 1),
            ("task_list_p500", "/plans/tasks/?page=500", "list", 500),
            (
                f"task_list_p{deep}_filtered",
                f"/plans/tasks/?status=in_progress&page={deep}",
                "list",
                deep,
            ),
            ("dashboard", "/", "dashboard", None),
        ]
        for _, path, kind, page in cases:
            check_page(port, path, headers, kind=kind, page=page)

        results = {}
        for name, path, _, _ in cases:
            log(f"{name}: {CLIENTS} clients, {WARMUP:g}+{SECONDS:g} s on {path}")
            results[name] = run_load(port, path, headers, server.pid)
            r = results[name]
            log(
                f"  {r['rps']} req/s  p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  "
                f"p99 {r['p99_ms']} ms  errors {r['errors']}  "
                f"server CPU {r['server_cpu_ms_per_req']} ms/req"
            )
        report["results"] = results
        trivial = results["trivial"]["rps"]
        report["ratios"] = {
            name: round(r["rps"] / trivial, 3) if trivial else None
            for name, r in results.items()
            if name != "trivial"
        }
        report["targets"] = {"p95_ms": TARGET_P95_MS, "min_ratio": TARGET_MIN_RATIO}
        misses = []
        for name, r in results.items():
            if name == "trivial":
                continue
            if not r["p95_ms"] < TARGET_P95_MS:
                misses.append(f"{name}: p95 {r['p95_ms']} ms >= {TARGET_P95_MS:g}")
            if not (report["ratios"][name] or 0) >= TARGET_MIN_RATIO:
                misses.append(
                    f"{name}: ratio {report['ratios'][name]} < {TARGET_MIN_RATIO}"
                )
        report["pass"] = not misses
        report["misses"] = misses
        total_errors = sum(r["errors"] for r in results.values())
        if total_errors:
            failed = True
            report["error"] = f"{total_errors} requests failed"
    except (
        Exception
    ) as exc:  # the harness failed: say so in the JSON and the exit status
        failed = True
        report["pass"] = False
        report["error"] = f"{type(exc).__name__}: {exc}"
        log("HARNESS FAILURE:", report["error"])
        if not isinstance(exc, HarnessError):
            import traceback

            traceback.print_exc()
        log_path = tmp / "gunicorn.log"
        if log_path.exists():
            sys.stderr.write(log_path.read_text(errors="replace")[-4000:])
    finally:
        report["host"]["loadavg_end"] = round(os.getloadavg()[0], 2)
        stop_server(server)
        if os.environ.get("BENCH_KEEP"):
            log("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
