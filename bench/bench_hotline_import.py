"""Benchmark: importing a million citizen tickets, and searching them, on SQLite and
PostgreSQL.

For each database (a temp SQLite file; a temp PostgreSQL database, skipped with a note
when the server cannot be reached), migrated and seeded with departments, categories and
routing rules:

(a) the baseline: the final column tuples of the file's rows (made by the import's own
    parser and builder, untimed) inserted into hotline_ticket by a bare `executemany`
    of a prepared INSERT, in one transaction; only the executemany calls and the commit
    are timed. The table is then emptied (and SQLite vacuumed).
(b) `imports.run_import` of the CSV in a fresh child process: rows/s, its ratio to (a)
    (target >= 0.30) and the child's peak RSS (target < 500 MB).
(c) with the tickets loaded: the ticket list's queries as it runs them —
    `search.filter_text`, alone and with a status and department filter, newest first,
    the first page of 50 and the count capped at 1,000 — p95 over BENCH_SEARCH_RUNS
    runs (target < 150 ms) for two-character words, a four-character one and a
    one-character one (informational); then with the count exact (informational). The
    two databases must give the same counts and first pages, and the capped count
    must agree with the exact one.

Prints ONE JSON object on stdout; progress goes to stderr. Exit status 0 when the
measurement ran (see "pass"), 1 when the harness failed.

Environment knobs: BENCH_TICKETS (1000000), BENCH_SEARCH_RUNS (50), BENCH_PG_URL
(postgres://postgres@127.0.0.1:5432/postgres), BENCH_DBS (sqlite,postgresql),
BENCH_KEEP=1.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_task_list as harness  # noqa: E402
import pages  # noqa: E402

TICKETS = harness.env_int("BENCH_TICKETS", 1_000_000)
RUNS = harness.env_int("BENCH_SEARCH_RUNS", 50)
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DBS = os.environ.get("BENCH_DBS", "sqlite,postgresql").split(",")
TARGET_RATIO = 0.30
TARGET_RSS_MB = 500
TARGET_P95_MS = 150.0
QUERIES = ("南站", "噪音", "天津南站", "灯")
JUDGED = ("南站", "噪音", "天津南站")
CHUNK = 10_000
log = pages.logger("bench_hotline_import")

# --- the export -------------------------------------------------------------------

DISTRICTS = (
    "和平区 河西区 南开区 河东区 河北区 红桥区 东丽区 西青区 津南区 北辰区 滨海新区"
)
STREETS = (
    "友谊路 南京路 鞍山西道 卫津路 黑牛城道 六纬路 中山路 芥园道 津塘公路 "
    "解放南路 复康路 红旗路 围堤道 天塔道 水上公园路 咸阳路 简阳路 新开路 "
    "华苑路 宾水西道 大沽南路 光华路 黄河道 东马路 南马路 张家窝镇 杨柳青镇"
)
LANDMARKS = (
    "天津南站 天津西站 天津站 南站广场 南站公交枢纽 西站北广场 文化中心 "
    "水上公园 五大道 古文化街 滨江道 南开大学 天津大学 人民医院 第一中心医院"
)
ESTATES = "阳光小区 金地花园 万科城 华厦里 和平家园 幸福里 滨湖花园 学府公寓 盛世嘉园"
PROBLEMS = [
    ("夜间施工噪音扰民", "环境保护", "投诉"),
    ("广场舞音响噪音过大", "环境保护", "投诉"),
    ("餐饮油烟扰民", "环境保护", "投诉"),
    ("垃圾清运不及时", "市容环卫", "投诉"),
    ("路灯不亮", "市政设施", "求助"),
    ("道路破损坑洼", "市政设施", "投诉"),
    ("下水道堵塞污水外溢", "市政设施", "求助"),
    ("共享单车乱停放", "城市管理", "建议"),
    ("占道经营", "城市管理", "投诉"),
    ("违章停车堵塞通道", "交通管理", "投诉"),
    ("公交车发车间隔过长", "交通运输", "建议"),
    ("出租车拒载绕路", "交通运输", "投诉"),
    ("网约车接驾难", "交通运输", "咨询"),
    ("小区供暖温度不达标", "供热", "投诉"),
    ("物业费收取不合理", "物业管理", "咨询"),
    ("楼道堆放杂物存在消防隐患", "消防安全", "举报"),
    ("自来水水质发黄", "供水", "求助"),
    ("燃气表故障", "燃气", "求助"),
    ("拖欠农民工工资", "劳动保障", "求助"),
    ("房屋漏水无人维修", "物业管理", "求助"),
    ("停车收费不规范", "价格监管", "举报"),
    ("医保报销政策", "医疗保障", "咨询"),
    ("落户办理流程", "公安户政", "咨询"),
    ("学校周边交通拥堵", "交通管理", "建议"),
]
DETAILS = [
    "已经持续一个多月了",
    "每天晚上十点以后仍然不停",
    "多次向社区反映都没有结果",
    "严重影响居民正常休息",
    "老人和孩子出行很不方便",
    "雨天更加严重",
    "周边商户也深受其扰",
    "希望有关部门尽快到现场查看",
    "之前打过电话但一直没有处理",
    "请相关部门给予答复",
    "附近居民意见很大",
    "存在较大的安全隐患",
    "早晚高峰尤其明显",
    "给市民生活带来很大困扰",
    "恳请政府协调解决",
    "具体位置在路口东侧",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
HEADER = [
    "工单编号",
    "受理时间",
    "诉求标题",
    "诉求内容",
    "来电人",
    "联系电话",
    "诉求类型",
    "诉求分类",
    "事发地点",
    "紧急程度",
]


def categories() -> list[str]:
    return sorted({c for _p, c, _k in PROBLEMS})


def write_csv(
    path: Path, n: int, seed: int = 12345, *, year: int | None = None
) -> dict:
    """n realistic 12345 work orders over the last five years, deterministic; with
    `year`, all of them in that calendar year instead (bench/load_city.py)."""
    rng = random.Random(seed)
    districts, streets = DISTRICTS.split(), STREETS.split()
    landmarks, estates = LANDMARKS.split(), ESTATES.split()
    if year is None:
        # Anchored to today's midnight, not to the clock: two builds of the same day
        # (one per database) get the same rows, month boundaries included.
        end = dt.datetime.combine(dt.date.today(), dt.time()) - dt.timedelta(days=1)
        span = int(dt.timedelta(days=5 * 365).total_seconds())
        start = end - dt.timedelta(seconds=span)
    else:
        start = dt.datetime(year, 1, 1)
        # Less the 600 s of jitter added below, so the last rows stay in the year.
        span = int((dt.datetime(year + 1, 1, 1) - start).total_seconds()) - 600
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(n):
            at = start + dt.timedelta(seconds=span * i // n + rng.randrange(600))
            if rng.random() < 0.15:
                place = rng.choice(landmarks)
            else:
                place = (
                    f"{rng.choice(districts)}{rng.choice(streets)}"
                    f"{rng.randrange(1, 300)}号{rng.choice(estates)}"
                )
            problem, category, kind = rng.choice(PROBLEMS)
            details = "，".join(rng.sample(DETAILS, rng.randrange(1, 5)))
            content = (
                f"市民{rng.choice(SURNAMES)}先生来电反映：{place}{problem}，"
                f"{details}。联系电话已登记，希望尽快处理并回复。"
            )
            when = (
                f"{at.year}/{at.month}/{at.day} {at.hour}:{at.minute:02d}:{at.second:02d}"
                if i % 10 == 0
                else at.strftime("%Y-%m-%d %H:%M:%S")
            )
            out.writerow(
                [
                    f"GD{at:%Y%m%d}{i:08d}",
                    when,
                    f"{place}{problem}",
                    content,
                    f"{rng.choice(SURNAMES)}先生",
                    f"13{rng.randrange(10**9):09d}",
                    kind,
                    category,
                    place,
                    "紧急" if rng.random() < 0.02 else "一般",
                ]
            )
    return {"rows": n, "mb": round(path.stat().st_size / 2**20, 1)}


# --- the children (one per step, each a fresh Django process) --------------------------


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()


def child_seed() -> dict:
    from django.db import transaction

    from fazhi.core.models import Department
    from fazhi.hotline.models import Category, RoutingRule

    with transaction.atomic():
        office = Department.objects.create(name="区协同办", code="hx-office")
        depts = {
            name: Department.objects.create(name=name, code=f"hx-{i}", parent=office)
            for i, name in enumerate(
                ["生态环境局", "城市管理委", "交通运输委", "住房建设委", "南站管委会"]
            )
        }
        cats = {
            name: Category.objects.create(name=name, code=f"c{i}", order=i)
            for i, name in enumerate(categories())
        }
        rules = [
            (None, "南站", "南站管委会"),
            ("环境保护", "", "生态环境局"),
            ("市容环卫", "", "城市管理委"),
            ("城市管理", "", "城市管理委"),
            ("交通运输", "", "交通运输委"),
            ("物业管理", "", "住房建设委"),
        ]
        for order, (cat, place, dept) in enumerate(rules):
            RoutingRule.objects.create(
                order=order,
                category=cats.get(cat),
                place_contains=place,
                department=depts[dept],
            )
    return {"departments": len(depts), "categories": len(cats), "rules": len(rules)}


def child_baseline(path: str) -> dict:
    """The same rows' final tuples, inserted by a bare executemany; only that timed."""
    from django.db import connection, transaction
    from django.utils import timezone

    from fazhi.hotline import imports
    from fazhi.hotline.models import ImportBatch, Ticket

    batch = ImportBatch.objects.create(channel="12345", file_name="baseline")
    mapping = imports.mapping_for("12345")
    insert_seconds = rows = 0
    with transaction.atomic():
        today = timezone.localdate()
        days = (today - dt.timedelta(days=6 * 366), today)
        builder = imports._Builder("12345", batch, None, timezone.now(), days)
        names = ", ".join(connection.ops.quote_name(c) for c in builder.columns)
        sqlite = connection.vendor == "sqlite"
        marks = ", ".join("?" if sqlite else "%s" for _c in builder.columns)
        sql = f"INSERT INTO hotline_ticket ({names}) VALUES ({marks})"  # noqa: S608
        connection.ensure_connection()
        raw = connection.connection if sqlite else connection.connection.cursor()
        with open(path, "rb") as f:
            columns, source = imports._rows(f, mapping)
            parser = imports._Parser(columns, mapping)
            block = []
            tokens = imports._tokens(CHUNK)

            def flush():
                nonlocal insert_seconds, rows
                started = time.perf_counter()
                raw.executemany(sql, block)
                insert_seconds += time.perf_counter() - started
                rows += len(block)

            for _row, cells in source:
                block.append(builder.row(parser.parse(cells, []), tokens[len(block)]))
                if len(block) == CHUNK:
                    flush()
                    block = []
                    if rows % 100_000 == 0:
                        log(f"baseline: {rows} rows, {insert_seconds:.1f}s inserting")
            flush()
        started = time.perf_counter()
    insert_seconds += time.perf_counter() - started  # the commit
    assert Ticket.objects.count() == rows
    with connection.cursor() as cur:
        if sqlite:
            cur.execute("DELETE FROM hotline_ticket")
        else:
            cur.execute("TRUNCATE hotline_ticket CASCADE")
    if sqlite:
        with connection.cursor() as cur:
            cur.execute("VACUUM")
    ImportBatch.objects.all().delete()
    return {
        "rows": rows,
        "seconds": round(insert_seconds, 2),
        "rows_per_s": round(rows / insert_seconds),
    }


def child_import(path: str) -> dict:
    import resource

    from fazhi.hotline import imports

    last = [time.monotonic()]
    started = time.perf_counter()
    phases: dict[str, float] = {}  # when each phase ended, in seconds from the start

    def progress(done, phase):
        phases[phase] = round(time.perf_counter() - started, 1)
        if time.monotonic() - last[0] > 10 or phase in ("indexing", "done"):
            last[0] = time.monotonic()
            log(f"import: {phase} {done} rows")

    batch = imports.run_import(
        path, "12345", actor=None, file_name=Path(path).name, progress=progress
    )
    seconds = time.perf_counter() - started
    if batch.state != "done":
        raise RuntimeError(f"import refused: {batch.errors[:5]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": batch.rows_read,
        "created": batch.created,
        "seconds": round(seconds, 2),
        "rows_per_s": round(batch.rows_read / seconds),
        "peak_rss_mb": round(peak, 1),
        "phase_ends_s": phases,
    }


def child_reimport(path: str) -> dict:
    from fazhi.hotline import imports
    from fazhi.hotline.models import Ticket

    before = Ticket.objects.count()
    started = time.perf_counter()
    batch = imports.run_import(path, "12345", actor=None, file_name="again.csv")
    return {
        "state": batch.state,
        "created": batch.created,
        "unchanged": batch.unchanged,
        "tickets_unchanged": Ticket.objects.count() == before,
        "seconds": round(time.perf_counter() - started, 2),
    }


def child_search() -> dict:
    """Each query as the ticket list runs it (newest first, the first page of 50 from
    `search.filter_text`, and the count from `filter_text(count=True)` capped at 1,000
    as CappedPaginator does; `list`), then with the count exact (`exact`,
    informational: what a page that counted everything would cost): p50, p95, the
    count and the first page's numbers."""
    from fazhi.core.models import Department
    from fazhi.hotline import search
    from fazhi.hotline.models import Ticket

    depts = list(Department.objects.filter(name__in=["南站管委会", "生态环境局"]))
    out = {}
    for variant, cap in (("list", 1001), ("exact", None)):
        for query in QUERIES:
            for name in ("text", "text+status+department"):
                base = Ticket.objects.all()
                if name != "text":
                    base = base.filter(status="assigned", department__in=depts)
                timings, page, count = [], [], 0
                for i in range(RUNS + 1):
                    started = time.perf_counter()
                    words = search.Query(query)
                    qs = search.filter_text(base, words).order_by("-received_at", "-pk")
                    page = list(qs.values_list("external_no", flat=True)[:50])
                    counted = search.filter_text(base, words, count=True).order_by()
                    count = counted[:cap].count() if cap else counted.count()
                    if i:  # the first run warms the cache
                        timings.append((time.perf_counter() - started) * 1000)
                timings.sort()
                key = f"{variant} {query} {name}"
                out[key] = {
                    "p50_ms": round(harness.percentile(timings, 0.50), 1),
                    "p95_ms": round(harness.percentile(timings, 0.95), 1),
                    "count": count,
                    "first_page": page,
                }
                log(f"search {key}: p95 {out[key]['p95_ms']} ms, {count} found")
    return out


CHILDREN = {
    "seed": lambda args: child_seed(),
    "baseline": lambda args: child_baseline(args[0]),
    "import": lambda args: child_import(args[0]),
    "reimport": lambda args: child_reimport(args[0]),
    "search": lambda args: child_search(),
}


def child_main(step: str, args: list[str]) -> int:
    _setup()
    print(json.dumps(CHILDREN[step](args), ensure_ascii=False))
    return 0


# --- the parent ------------------------------------------------------------------------


def run_child(env: dict, step: str, *args: str) -> dict:
    started = time.monotonic()
    proc = subprocess.run(
        [harness.PYTHON, __file__, "--child", step, *args],
        cwd=harness.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    if proc.returncode != 0:
        raise harness.HarnessError(f"{step} failed (exit {proc.returncode})")
    log(f"{step}: {time.monotonic() - started:.1f}s")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def pg_database(name: str, drop: bool = False) -> str | None:
    """Create (or drop) a database on the server; its URL, or None if unreachable."""
    import psycopg

    try:
        with psycopg.connect(PG_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            if not drop:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        log("PostgreSQL unreachable:", exc)
        return None
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


def measure(env: dict, csv_path: Path) -> dict:
    fazhi = str(harness.BIN / "fazhi")
    harness.run_step([fazhi, "migrate", "--noinput"], env, "migrate")
    out = {"seed": run_child(env, "seed")}
    out["baseline"] = run_child(env, "baseline", str(csv_path))
    out["import"] = run_child(env, "import", str(csv_path))
    out["ratio"] = round(out["import"]["rows_per_s"] / out["baseline"]["rows_per_s"], 3)
    log(
        f"import {out['import']['rows_per_s']} rows/s, baseline "
        f"{out['baseline']['rows_per_s']} rows/s: ratio {out['ratio']}"
    )
    out["reimport"] = run_child(env, "reimport", str(csv_path))
    out["search"] = run_child(env, "search")
    return out


def judge(report: dict) -> list[str]:
    """The targets missed."""
    misses = []
    measured = {k: v for k, v in report["databases"].items() if "skipped" not in v}
    for db, r in measured.items():
        if r["ratio"] < TARGET_RATIO:
            misses.append(f"{db}: import/executemany {r['ratio']} < {TARGET_RATIO}")
        if r["import"]["peak_rss_mb"] >= TARGET_RSS_MB:
            misses.append(f"{db}: peak RSS {r['import']['peak_rss_mb']} MB")
        if r["reimport"]["created"] or not r["reimport"]["tickets_unchanged"]:
            misses.append(f"{db}: the re-import changed something")
        for name, s in r["search"].items():
            if not name.startswith("list"):
                continue
            if name.split()[1] in JUDGED and s["p95_ms"] >= TARGET_P95_MS:
                misses.append(f"{db}: search {name} p95 {s['p95_ms']} ms")
            exact = r["search"][name.replace("list", "exact", 1)]
            if s["first_page"] != exact["first_page"] or s["count"] != min(
                exact["count"], 1001
            ):
                misses.append(f"{db}: the capped count of {name} disagrees")
    if len(measured) == 2:
        a, b = (measured[k]["search"] for k in measured)
        differ = [
            n
            for n in a
            if (a[n]["count"], a[n]["first_page"])
            != (b[n]["count"], b[n]["first_page"])
        ]
        report["same_results_on_both"] = not differ
        if differ:
            misses.append(f"results differ between the databases: {differ}")
    for r in measured.values():
        for s in r["search"].values():
            s["first_page"] = s["first_page"][:3]
    return misses


def main() -> int:
    report: dict = {
        "benchmark": "hotline_import",
        "tickets": TICKETS,
        "targets": {
            "ratio_to_executemany": TARGET_RATIO,
            "peak_rss_mb": TARGET_RSS_MB,
            "search_p95_ms": TARGET_P95_MS,
        },
        "databases": {},
    }
    pg_name = f"fazhi_bench_hotline_{os.getpid()}"
    pg_made = False
    with pages.bench_run("bench_hotline_import", report) as (tmp, log_, state):
        csv_path = tmp / "export.csv"
        started = time.monotonic()
        report["file"] = write_csv(csv_path, TICKETS)
        log(
            f"wrote {TICKETS} rows ({report['file']['mb']} MB) in "
            f"{time.monotonic() - started:.0f}s"
        )
        for db in DBS:
            if db == "sqlite":
                env = harness.app_env(tmp / "var")
            else:
                url = pg_database(pg_name)
                if url is None:
                    report["databases"][db] = {"skipped": "PostgreSQL unreachable"}
                    continue
                pg_made = True
                env = harness.app_env(tmp / "var-pg")
                env["DATABASE_URL"] = url
            log(f"=== {db} ===")
            report["databases"][db] = measure(env, csv_path)
        report["misses"] = judge(report)
        report["pass"] = not report["misses"]
    if pg_made:
        pg_database(pg_name, drop=True)
    print(json.dumps(report, ensure_ascii=False))
    return 1 if state["failed"] else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.exit(child_main(sys.argv[2], sys.argv[3:]))
    sys.exit(main())
