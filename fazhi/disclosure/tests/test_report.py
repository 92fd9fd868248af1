"""Section 三 of the annual report computed from the applications: rebuilt from the real
published reports' counts (../shared/data/reports), cell for cell; the 勾稽 checks."""

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from fazhi.disclosure import report
from fazhi.disclosure.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


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


NUMBERS = itertools.count(1)


def _make(n, year, applicant_type, *, received, replied=None, outcome=""):
    return [
        Application(
            number=f"T{year}-{next(NUMBERS):07d}",
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
    assert (
        "Column “自然人”: 一 (2) plus 二 (0) is not 三(七) (1) plus 四 (0)." in problems
    )
    assert any("Last year's 四" in p for p in problems)
    table["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    table["carried_in"] = [1, 0, 0, 0, 0, 0, 1]
    table["new"] = [1, 0, 0, 0, 0, 0, 1]
    assert report.checks(table, last_year={"carried_out": [1, 0, 0, 0, 0, 0, 1]}) == []


def _t4_post(**over):
    data = {}
    for name in ("行政复议", "未经复议直接起诉", "复议后起诉"):
        for i in range(5):
            data[f"t4-{name}-{i}"] = "0"
    for name, n in (
        ("规章", 3),
        ("行政规范性文件", 3),
        ("行政许可", 1),
        ("行政处罚", 1),
        ("行政强制", 1),
    ):
        for i in range(n):
            data[f"t2-{name}-{i}"] = "0"
    data["t2-行政事业性收费"] = "12.5"
    data["overview"] = "（一）主动公开。"
    data.update(over)
    return data


def test_the_report_is_edited_checked_published_frozen_and_exported(client, officer):
    import io

    from django.urls import reverse
    from docx import Document
    from openpyxl import load_workbook

    from fazhi.disclosure.models import AnnualReport

    rows = {
        name: [0] * 7
        for name in [
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "四、结转下年度继续办理",
        ]
    }
    rows["一、本年新收政府信息公开申请数量"] = [3, 1, 0, 0, 0, 0, 4]
    rows["三.(一)予以公开"] = [2, 0, 0, 0, 0, 0, 2]
    rows["三.(四)1.本机关不掌握相关政府信息"] = [0, 1, 0, 0, 0, 0, 1]
    rows["四、结转下年度继续办理"] = [1, 0, 0, 0, 0, 0, 1]
    build_cases(2025, rows)
    client.cookies["django_language"] = "en"
    client.force_login(officer)
    url = reverse("disclosure:report", args=[2025])
    page = client.get(url).content.decode()
    assert "Every row adds up" in page and "三、本年度办理结果" in page
    assert not AnnualReport.objects.exists()  # reading a year creates nothing

    bad = client.post(url, _t4_post(**{"t4-行政复议-0": "-1"}))
    assert bad.status_code == 422 and "none negative" in bad.content.decode()
    mismatch = client.post(
        url,
        _t4_post(**{"t4-行政复议-0": "2", "t4-行政复议-4": "3", "action": "publish"}),
    )
    assert mismatch.status_code == 422
    assert "the total is not the sum of the four results" in mismatch.content.decode()
    rep = AnnualReport.objects.get(year=2025)
    assert (
        rep.published_on is None and rep.table4["行政复议"][4] == 3
    )  # saved, not published

    ok = client.post(
        url,
        _t4_post(**{"t4-行政复议-0": "2", "t4-行政复议-4": "2", "action": "publish"}),
    )
    assert ok.status_code == 302
    rep.refresh_from_db()
    assert rep.published_on and rep.table3["1"] == [2, 0, 0, 0, 0, 0, 2]
    # A later change to the records does not alter the published report.
    Application.objects.filter(outcome="1").update(outcome="2")
    rep.refresh_from_db()
    client.logout()
    public = client.get(reverse("portal:report_detail", args=[2025])).content.decode()
    assert "2025年政府信息公开工作年度报告" in public and "12.5" in public
    assert client.get(reverse("portal:report_detail", args=[2024])).status_code == 404

    doc = Document(
        io.BytesIO(client.get(reverse("portal:report_docx", args=[2025])).content)
    )
    headings = [
        p.text
        for p in doc.paragraphs
        if p.text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")
    ]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    table3 = doc.tables[1]
    assert len(table3.rows) == 28 and len(table3.columns) == 10
    assert [c.text for c in table3.rows[3].cells][-7:] == [
        "3",
        "1",
        "0",
        "0",
        "0",
        "0",
        "4",
    ]
    assert table3.rows[5].cells[4].text == "0" and table3.rows[5].cells[3].text == "2"

    client.force_login(officer)
    book = load_workbook(
        io.BytesIO(
            client.get(reverse("disclosure:report_file", args=[2025, "xlsx"])).content
        )
    )
    ws = book["三、依申请公开"]
    assert ws.cell(row=6, column=10).value == 4  # 一, 总计
    assert any(str(r) == "A3:C5" for r in ws.merged_cells.ranges)
