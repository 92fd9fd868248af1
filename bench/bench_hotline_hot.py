"""Benchmark: grouping 12345 tickets into hot topics (`fazhi.hotline.hot.group`).

Reads the Teddy Cup 2020 (problem C) export ../shared/data/messages/hot-messages.csv,
4,326 messages, and times `group()` on it and on the same messages replicated ×25
(about 108,000 tickets, ids made unique; each copy keeps its writer, so a copy adds
tickets but no citizen). No database. Prints ONE JSON object on stdout: for each run
the number of tickets, of groups, the seconds taken and the ten hottest groups; or
{"skipped": reason} when the file is not there.

Environment knobs: BENCH_COPIES (25).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fazhi.hotline import hot  # noqa: E402 (after the path)

DATA = ROOT.parent / "shared/data/messages/hot-messages.csv"
COPIES = int(os.environ.get("BENCH_COPIES", "25"))


def read(path: Path) -> list[SimpleNamespace]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            SimpleNamespace(
                id=int(row["留言编号"]),
                citizen=row["留言用户"].strip(),
                title=row["留言主题"].strip(),
                content=row["留言详情"].strip(),
                received_at=dt.datetime.strptime(
                    row["留言时间"].strip(), "%Y/%m/%d %H:%M:%S"
                ),
                likes=int(row["点赞数"] or 0),
            )
            for row in csv.DictReader(f)
        ]


def run(name: str, items: list) -> dict:
    started = time.perf_counter()
    groups = hot.group(items)
    seconds = time.perf_counter() - started
    return {
        "run": name,
        "items": len(items),
        "groups": len(groups),
        "seconds": round(seconds, 2),
        "top": [
            {
                "label": g.label,
                "count": g.count,
                "citizens": g.citizens,
                "likes": g.likes,
                "score": g.score,
                "first": g.first_at.date().isoformat(),
                "last": g.last_at.date().isoformat(),
            }
            for g in groups[:10]
        ],
    }


def main() -> int:
    if not DATA.exists():
        print(json.dumps({"benchmark": "hotline_hot", "skipped": f"{DATA} not found"}))
        return 0
    messages = read(DATA)
    copies = [
        SimpleNamespace(**{**vars(m), "id": k * 10_000_000 + m.id})
        for k in range(COPIES)
        for m in messages
    ]
    report = {
        "benchmark": "hotline_hot",
        "runs": [run("hot-messages.csv", messages), run(f"×{COPIES}", copies)],
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
