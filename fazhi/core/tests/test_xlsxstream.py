"""The streaming .xlsx writer: what it writes is what openpyxl (and so Excel) reads."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from fazhi.core.xlsxstream import Book


def _book() -> bytes:
    book = Book()
    notes = book.sheet("说明")
    big = book.sheet("诉求工单")
    big.header(["编号", "时间", "日期", "标题", "是否", "数"], [12, 18, 12, 40, 6, 8])
    for n in range(1, 1201):
        big.append(
            [
                f"E{n:05d}",
                dt.datetime(2021, 3, 4, 10, 30, 15),
                dt.date(2021, 3, 9),
                '=HYPERLINK("http://x")' if n == 2 else "天津南站\x01道路 <&> 规划",
                n % 2 == 0,
                Decimal("1.5") if n == 3 else n,
            ]
        )
    notes.append(["共", 1200])  # written after the big sheet, shown first
    book.sheet("空表").header(["甲", "乙"])
    book.sheet("没有表头")
    return book.save()


def test_openpyxl_reads_back_every_value():
    wb = openpyxl.load_workbook(io.BytesIO(_book()))
    assert wb.sheetnames == ["说明", "诉求工单", "空表", "没有表头"]
    ws = wb["诉求工单"]
    assert ws.max_row == 1201 and ws.max_column == 6
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b and ws.column_dimensions["D"].width == 40
    assert ws["B2"].value == dt.datetime(2021, 3, 4, 10, 30, 15)
    assert ws["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["C2"].value == dt.datetime(2021, 3, 9) and ws["C2"].is_date
    assert ws["D2"].value == "天津南站道路 <&> 规划"  # the control character dropped
    assert ws["D3"].value.startswith("=HYPERLINK") and ws["D3"].data_type == "s"
    assert ws["E3"].value is True and ws["E2"].value is False
    assert ws["F4"].value == 1.5 and ws["F1201"].value == 1200
    assert [c.value for c in wb["说明"][1]] == ["共", 1200]
    assert wb["空表"].max_row == 1 and wb["没有表头"]["A1"].value is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_it(tmp_path):
    src = tmp_path / "book.xlsx"
    src.write_bytes(_book())
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "book.ods").stat().st_size > 1000
