"""Time the annual disclosure report for one year (a bench helper): section 三 from the
records, then the whole .docx and .xlsx, each run REPEAT times. Prints one JSON object."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()

    from fazhi.disclosure import annual, report
    from fazhi.disclosure.models import AnnualReport

    year = int(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rep, _ = AnnualReport.objects.get_or_create(year=year)
    timings: dict[str, list[float]] = {
        "section3": [],
        "docx": [],
        "xlsx": [],
        "checks": [],
    }
    for _n in range(repeat):
        for name, call in (
            ("section3", lambda: report.section3(year)),
            ("checks", lambda: annual.problems(rep)),
            ("docx", lambda: annual.report_docx(rep)),
            ("xlsx", lambda: annual.report_xlsx(rep)),
        ):
            t = time.perf_counter()
            call()
            timings[name].append((time.perf_counter() - t) * 1000)
    table = report.section3(year)
    print(
        json.dumps(
            {
                name: {
                    "median_ms": round(statistics.median(v), 1),
                    "max_ms": round(max(v), 1),
                }
                for name, v in timings.items()
            }
            | {"year": year, "new": table["new"][6], "answered": table["total"][6]}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
