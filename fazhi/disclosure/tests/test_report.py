"""Section 三 of the annual report computed from the applications: rebuilt from the real
published reports' counts (../shared/data/reports), cell for cell; the 勾稽 checks."""

import datetime as dt
import json
from pathlib import Path

import pytest

from fazhi.disclosure import report
from fazhi.disclosure.models import Application

pytestmark = pytest.mark.django_db
REPORTS = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "data"
    / "reports"
    / "pingtan_2023_2025_tables_reconstructed.json"
)
# The JSON's row names → our row keys.
NAMES = {
    "一、本年新收政府信息公开申请数量": "new",
    "二、上年结转政府信息公开申请数量": "carried_in",
    "三.(一)予以公开": "1",
    "三.(二)部分公开": "2",
    "三.(七)总计": "total",
    "四、结转下年度继续办理": "carried_out",
}


def _key(name: str) -> str:
    if name in NAMES:
        return NAMES[name]
    # "三.(三)1.属于国家秘密" → "3.1"
    group = "一二三四五六七".index(name[3]) + 1
    return f"{group}.{name[5]}"


def _make(n, year, applicant_type, *, received, replied=None, outcome=""):
    return [
        Application(
            number=f"{year}-{applicant_type}-{received}-{outcome}-{i}",
            channel="online",
            applicant_type=applicant_type,
            name="申请人",
            id_type="居民身份证",
            id_number="x",
            description="某信息",
            form="electronic",
            delivery="online",
            submitted_on=received,
            received_on=received,
            replied_on=replied,
            outcome=outcome,
            status="replied" if replied else "handling",
        )
        for i in range(n)
    ]


def build_cases(year: int, rows: dict[str, list[int]]) -> None:
    """Applications whose counts are the report's: per column, the carried-in ones are
    answered this year with the first outcomes, the new ones with the rest, and the
    carried-out ones are new and still open at year end."""
    cases = []
    for c, kind in enumerate(report.TYPES):
        outcomes = [
            key
            for name, row in rows.items()
            if (key := _key(name)) in report.OUTCOME_KEYS
            for _n in range(row[c])
        ]
        carried = rows["二、上年结转政府信息公开申请数量"][c]
        for i, outcome in enumerate(outcomes):
            received = dt.date(year - 1, 12, 28) if i < carried else dt.date(year, 3, 2)
            cases += _make(
                1,
                year,
                kind,
                received=received,
                replied=dt.date(year, 6, 1),
                outcome=outcome,
            )
            cases[-1].number += f"-{i}"
        cases += _make(
            rows["四、结转下年度继续办理"][c],
            year,
            kind,
            received=dt.date(year, 12, 30),
        )
    Application.objects.bulk_create(cases)


@pytest.mark.skipif(not REPORTS.exists(), reason="../shared/data/reports is absent")
@pytest.mark.parametrize("year", ["2023", "2024", "2025"])
def test_the_real_reports_tables_are_reproduced_cell_for_cell(year):
    published = json.loads(REPORTS.read_text(encoding="utf-8"))["reports"][year]
    rows = published["table3"]["rows"]
    assert published["table3"]["columns"] == report.COLUMNS
    build_cases(int(year), rows)
    table = report.section3(int(year))
    for name, expected in rows.items():
        assert table[_key(name)] == expected, name
    assert len(rows) == len(report.ROWS) == len(table)
    assert report.checks(table) == []


def test_the_checks_name_what_does_not_add_up():
    table = {key: [0] * 7 for key, _t, _l in report.ROWS}
    table["new"] = [2, 0, 0, 0, 0, 0, 2]
    table["1"] = [1, 0, 0, 0, 0, 0, 1]
    table["total"] = [1, 0, 0, 0, 0, 0, 1]
    problems = report.checks(table, last_year={"carried_out": [1, 0, 0, 0, 0, 0, 1]})
    assert any(
        "“自然人”列：一（2）加二（0）不等于三（七）（1）加四（0）" in p
        for p in problems
    )
    assert any("上年结转" in p for p in problems)
    table["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    table["carried_in"] = [1, 0, 0, 0, 0, 0, 1]
    table["new"] = [1, 0, 0, 0, 0, 0, 1]
    assert report.checks(table, last_year={"carried_out": [1, 0, 0, 0, 0, 0, 1]}) == []
