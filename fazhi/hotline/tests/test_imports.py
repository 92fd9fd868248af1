"""Importing platform exports: CSV (UTF-8, GBK) and .xlsx through the platform's column
mapping, all or nothing, duplicates skipped or refused, the same tickets as a
registration would make, and a file streamed rather than held in memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from openpyxl import Workbook

from fazhi.core.models import AuditEntry
from fazhi.hotline import deadlines, imports, search, services
from fazhi.hotline.models import Category, ImportBatch, RoutingRule, Ticket

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


def row(no, at="2021-03-05 10:20:30", **over):
    cells = {
        "工单编号": no,
        "受理时间": at,
        "诉求标题": f"南站广场夜间施工噪音扰民{no}",
        "诉求内容": f"市民反映天津南站广场夜间施工噪音扰民，工单{no}，请尽快处理。",
        "来电人": "王先生",
        "联系电话": "13800000000",
        "诉求类型": "投诉",
        "诉求分类": "",
        "事发地点": "天津南站广场",
        "紧急程度": "一般",
    }
    cells.update(over)
    return [cells[h] for h in HEADER]


def csv_file(path, rows, header=HEADER, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path, officer, channel="12345", **kwargs):
    return imports.run_import(
        path, channel, actor=officer, file_name=path.name, **kwargs
    )


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted as written in the code (their msgids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def noise(dept_a):
    return Category.objects.create(
        name="噪音污染", code="noise", department=dept_a, reply_days=3
    )


def test_it_imports_a_utf8_csv_with_the_default_mapping(tmp_path, officer):
    path = csv_file(tmp_path / "a.csv", [row("RX1"), row("RX2", at="2021/3/6 9:05")])
    batch = run(path, officer)
    assert batch.state == ImportBatch.State.DONE, batch.errors
    assert (batch.rows_read, batch.created, batch.unchanged) == (2, 2, 0)
    first, second = Ticket.objects.order_by("external_no")
    assert first.channel == "12345" and first.kind == Ticket.Kind.COMPLAINT
    assert first.title == "南站广场夜间施工噪音扰民RX1"
    assert first.citizen_phone == "13800000000" and first.batch == batch
    assert first.created_by == officer and first.month == 202103
    assert timezone.localtime(first.received_at).isoformat() == (
        "2021-03-05T10:20:30+08:00"
    )
    assert timezone.localtime(second.received_at).isoformat() == (
        "2021-03-06T09:05:00+08:00"
    )
    entry = AuditEntry.objects.get(verb="hotline.imported")
    assert entry.target_id == str(batch.pk) and entry.changes["created"] == 2


def test_it_reads_a_gbk_csv(tmp_path, officer):
    path = csv_file(tmp_path / "gbk.csv", [row("RX1"), row("RX2")], encoding="gbk")
    batch = run(path, officer)
    assert batch.state == ImportBatch.State.DONE, batch.errors
    assert Ticket.objects.get(external_no="RX2").citizen_name == "王先生"


def test_it_reads_a_utf8_csv_with_a_bom_and_zmlj_headers(tmp_path, officer):
    header = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "点赞数"]
    rows = [
        ["188006", "A0001", "道路破损", "2019/2/28 11:25:05", "\n\t路面坑洼\n", "7"]
    ]
    path = csv_file(tmp_path / "z.csv", rows, header=header, encoding="utf-8-sig")
    batch = run(path, officer, channel="zmlj")
    assert batch.state == ImportBatch.State.DONE, batch.errors
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.likes, ticket.content) == ("zmlj", 7, "路面坑洼")


def test_it_reads_an_xlsx_with_date_and_number_cells(tmp_path, officer):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(row(20210001, at=dt.datetime(2021, 3, 5, 10, 20, 30), 联系电话=138001))
    ws.append(row("RX2", at=dt.date(2021, 3, 8), 诉求标题=None))
    wb.save(tmp_path / "a.xlsx")
    batch = run(tmp_path / "a.xlsx", officer)
    assert batch.state == ImportBatch.State.DONE, batch.errors
    first = Ticket.objects.get(external_no="20210001")
    assert first.citizen_phone == "138001"
    assert timezone.localtime(first.received_at).hour == 10
    second = Ticket.objects.get(external_no="RX2")
    assert (
        timezone.localtime(second.received_at)
        .isoformat()
        .startswith("2021-03-08T00:00")
    )
    # No title: the first 30 characters of the content.
    assert (
        second.title
        == "市民反映天津南站广场夜间施工噪音扰民，工单RX2，请尽快处理。"[:30]
    )


def test_importing_the_same_file_again_changes_nothing(tmp_path, officer):
    path = csv_file(tmp_path / "a.csv", [row(f"RX{i}") for i in range(5)])
    run(path, officer)
    before = list(Ticket.objects.order_by("pk").values())
    again = run(path, officer)
    assert again.state == ImportBatch.State.DONE
    assert (again.rows_read, again.created, again.unchanged) == (5, 0, 5)
    assert list(Ticket.objects.order_by("pk").values()) == before


def test_a_repeated_number_with_the_same_content_in_the_file_is_skipped(
    tmp_path, officer
):
    path = csv_file(tmp_path / "a.csv", [row("RX1"), row("RX2"), row("RX1")])
    batch = run(path, officer)
    assert (batch.state, batch.created, batch.unchanged) == ("done", 2, 1)


def test_a_broken_row_saves_nothing_and_names_row_and_column(tmp_path, officer):
    rows = [row("RX1"), row("RX2", at="昨天下午"), row("RX3", 诉求内容="")]
    batch = run(csv_file(tmp_path / "a.csv", rows), officer)
    assert batch.state == ImportBatch.State.FAILED
    assert Ticket.objects.count() == 0
    assert batch.errors == [
        {
            "row": 3,
            "field": "受理时间",
            "message": "“昨天下午” is not a time such as 2021-03-05 10:20:30.",
        },
        {"row": 4, "field": "诉求内容", "message": "The value is missing."},
    ]
    batch.refresh_from_db()
    assert batch.state == "failed" and batch.rows_read == 3 and batch.created == 0
    assert not AuditEntry.objects.filter(verb="hotline.imported").exists()


def test_each_kind_of_bad_value_is_named(tmp_path, officer, noise):
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    rows = [
        row("RX1", at=future),
        row("RX2", 诉求类型="表扬"),
        row("RX3", 诉求分类="不存在的分类"),
        row("RX4", 紧急程度="特急"),
        row("RX5", 来电人="名" * 51),
        row("RX6", 诉求分类="噪音污染"),  # by name
        row("RX7", 诉求分类="noise", 诉求类型="complaint", 紧急程度="urgent"),
    ]
    batch = run(csv_file(tmp_path / "a.csv", rows), officer)
    assert batch.state == "failed"
    problems = {(e["row"], e["field"]): e["message"] for e in batch.errors}
    assert problems == {
        (2, "受理时间"): "The time cannot be in the future.",
        (3, "诉求类型"): "“表扬” is not one of: 咨询、求助、投诉、建议、举报.",
        (4, "诉求分类"): "There is no category “不存在的分类”.",
        (5, "紧急程度"): "“特急” is not one of: 紧急、加急、一般、普通.",
        (6, "来电人"): "The text is 51 characters; at most 50 fit.",
    }


def test_likes_must_be_a_whole_number(tmp_path, officer):
    header = ["留言编号", "留言时间", "留言主题", "留言详情", "留言用户", "点赞数"]
    rows = [
        ["1", "2021-03-05 10:00", "t", "c", "u", "3.5"],
        ["2", "2021-03-05 10:00", "t", "c", "u", "-1"],
    ]
    batch = run(csv_file(tmp_path / "z.csv", rows, header=header), officer, "zmlj")
    assert [(e["row"], e["field"]) for e in batch.errors] == [
        (2, "点赞数"),
        (3, "点赞数"),
    ]
    assert batch.errors[0]["message"] == "“3.5” is not a whole number."


def test_the_error_list_is_capped_with_a_count(tmp_path, officer, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ERRORS", 3)
    rows = [row(f"RX{i}", at="bad") for i in range(5)]
    batch = run(csv_file(tmp_path / "a.csv", rows), officer)
    assert batch.error_count == 5 and len(batch.errors) == 4
    assert batch.errors[-1]["message"] == "… and 2 more problems not listed."


def test_a_file_neither_utf8_nor_gbk_is_refused_naming_the_line(tmp_path, officer):
    text = "\r\n".join(",".join(r) for r in [HEADER, row("RX1"), row("RX2")])
    data = text.encode("utf-8").replace(b"RX2", b"RX\x80\xff2")
    (tmp_path / "bad.csv").write_bytes(data)
    batch = run(tmp_path / "bad.csv", officer)
    assert batch.state == "failed" and Ticket.objects.count() == 0
    assert batch.errors == [
        {
            "row": None,
            "field": "",
            "message": "Line 3 of the file cannot be read as UTF-8 text. Save the file "
            "as CSV in UTF-8 or GBK and import it again.",
        }
    ]


def test_bad_bytes_after_the_sniffed_sample_are_refused_too(tmp_path, officer):
    rows = [row(f"RX{i}") for i in range(800)]  # > 64 KB of clean UTF-8 first
    path = csv_file(tmp_path / "a.csv", rows)
    path.write_bytes(path.read_bytes() + b"RX900,2021-03-05 10:00,t," + b"\xff\n")
    batch = run(path, officer)
    assert batch.state == "failed" and Ticket.objects.count() == 0
    assert "Line 802 of the file cannot be read as UTF-8" in batch.errors[0]["message"]


def test_a_utf16_file_is_refused(tmp_path, officer):
    path = csv_file(tmp_path / "u16.csv", [row("RX1")], encoding="utf-16")
    batch = run(path, officer)
    assert batch.state == "failed" and Ticket.objects.count() == 0
    assert batch.errors[0]["message"].startswith("The file is UTF-16 text")


def test_a_missing_mapped_column_is_refused(tmp_path, officer):
    header = [h for h in HEADER if h != "紧急程度"]
    rows = [r[:-1] for r in [row("RX1")]]
    batch = run(csv_file(tmp_path / "a.csv", rows, header=header), officer)
    assert batch.errors == [
        {
            "row": 1,
            "field": "紧急程度",
            "message": "The column “紧急程度” is missing from the header row.",
        }
    ]


def test_a_number_imported_before_with_other_content_is_refused(tmp_path, officer):
    run(csv_file(tmp_path / "a.csv", [row("RX1"), row("RX2")]), officer)
    changed = [row("RX3"), row("RX1", 诉求内容="内容改了")]
    batch = run(csv_file(tmp_path / "b.csv", changed), officer)
    assert batch.state == "failed"
    assert batch.errors == [
        {
            "row": 3,
            "field": "工单编号",
            "message": "Number RX1 was already imported with different content.",
        }
    ]
    assert sorted(Ticket.objects.values_list("external_no", flat=True)) == [
        "RX1",
        "RX2",
    ]


def test_a_number_saved_by_someone_else_meanwhile_rolls_everything_back(
    tmp_path, officer, monkeypatch
):
    """The check pass saw no RX2; the unique constraint stops the save pass."""
    run(csv_file(tmp_path / "a.csv", [row("RX2")]), officer)
    monkeypatch.setattr(imports, "_against_db", lambda *args: None)
    changed = [row("RX1"), row("RX2", 诉求内容="别的内容"), row("RX3")]
    batch = run(csv_file(tmp_path / "b.csv", changed), officer, chunk=1)
    assert batch.state == "failed"
    assert batch.errors[0]["message"].startswith("Some of these numbers were")
    assert list(Ticket.objects.values_list("external_no", flat=True)) == ["RX2"]
    assert AuditEntry.objects.filter(verb="hotline.imported").count() == 1


def test_a_number_repeated_in_the_file_with_other_content_is_refused(tmp_path, officer):
    rows = [row("RX1"), row("RX2"), row("RX1", 诉求标题="另一个标题")]
    batch = run(csv_file(tmp_path / "a.csv", rows), officer)
    assert batch.state == "failed" and Ticket.objects.count() == 0
    assert batch.errors[0]["message"] == (
        "Number RX1 already appears in row 2 with different content."
    )


def test_routing_rules_assign_the_imported_tickets(tmp_path, officer, dept_a, dept_b):
    rule = RoutingRule.objects.create(order=1, place_contains="南站", department=dept_b)
    RoutingRule.objects.create(order=2, department=dept_a)
    rows = [row("RX1"), row("RX2", 事发地点="河西区友谊路", 诉求标题="路灯不亮")]
    run(csv_file(tmp_path / "a.csv", rows), officer)
    one, two = Ticket.objects.order_by("external_no")
    assert (one.department, one.assigned_by_rule, one.status) == (
        dept_b,
        rule,
        Ticket.Status.ASSIGNED,
    )
    assert two.department == dept_a and one.assigned_at is not None


def test_a_saved_mapping_overrides_the_default(tmp_path, officer):
    columns = {"external_no": "编号", "received_at": "时间", "content": "内容"}
    imports.do_save_mapping(officer, "12345", columns)
    assert imports.mapping_for("12345") == columns
    assert AuditEntry.objects.filter(verb="hotline.mapping_saved").exists()
    rows = [["A1", "2021-03-05 10:00", "小区供暖温度不达标，已经持续一周"]]
    path = csv_file(tmp_path / "a.csv", rows, header=["编号", "时间", "内容"])
    batch = run(path, officer)
    assert batch.state == "done", batch.errors
    assert Ticket.objects.get().title == "小区供暖温度不达标，已经持续一周"
    # The default's headers are no longer what the import looks for.
    batch = run(csv_file(tmp_path / "b.csv", [row("RX1")]), officer)
    assert batch.errors[0]["field"] == "编号"


def test_a_mapping_must_map_every_required_field(officer):
    with pytest.raises(ValidationError) as caught:
        imports.do_save_mapping(officer, "12345", {"external_no": "编号", "x": "y"})
    assert set(caught.value.message_dict) == {"received_at", "content", "x"}


@pytest.mark.parametrize(
    ("at", "urgency", "place"),
    [
        ("2021-03-05 10:20:30", "一般", "天津南站广场"),  # a Friday
        ("2021-09-30 18:00", "紧急", "河西区"),  # before the National Day holiday
        ("2021-10-02 09:00", "紧急", "河西区"),  # on a holiday
        ("2021-10-02", "一般", "天津南站"),
    ],
)
def test_an_imported_ticket_is_what_services_prepare_makes(
    tmp_path, officer, dept_b, noise, at, urgency, place
):
    RoutingRule.objects.create(order=1, place_contains="南站", department=dept_b)
    cells = row("RX1", at=at, 紧急程度=urgency, 事发地点=place, 诉求分类="noise")
    run(csv_file(tmp_path / "a.csv", [cells]), officer)
    imported = Ticket.objects.get()
    naive = dt.datetime.fromisoformat(at)
    values = {
        "channel": "12345",
        "external_no": "RX1",
        "received_at": timezone.make_aware(naive),
        "title": cells[2],
        "content": cells[3],
        "citizen_name": "王先生",
        "citizen_phone": "13800000000",
        "citizen_id_number": "",
        "kind": "complaint",
        "category_id": noise.pk,
        "place": place,
        "area": "",
        "urgency": "urgent" if urgency == "紧急" else "normal",
        "likes": 0,
    }
    prepared = services.prepare(
        values,
        router=services.Router(),
        dues=deadlines.DueCache(),
        now=timezone.now(),
        categories={noise.pk: noise},
    )
    skip = {"id", "token", "updated_at", "assigned_at", "batch", "created_by"}
    for field in Ticket._meta.concrete_fields:
        if field.name not in skip:
            mine, theirs = (getattr(t, field.attname) for t in (imported, prepared))
            assert mine == theirs, field.name
    assert (imported.assigned_at is None) == (prepared.assigned_at is None)
    assert len(imported.token) == 16 and imported.updated_at is not None


@pytest.mark.parametrize(
    ("name", "phone", "kind"), [("", "", "consult"), ("王先生", "1", "help")]
)
def test_the_import_hashes_content_as_the_services_do(name, phone, kind):
    values = {
        "received_at": timezone.make_aware(dt.datetime(2021, 3, 5, 10, 20, 30)),
        "title": "标题",
        "content": "内容\n第二行",
        "citizen_name": name,
        "citizen_phone": phone,
        "kind": kind,
    }
    assert imports.content_hash(values) == services.content_hash(values)


def test_search_finds_imported_tickets_by_a_two_character_word(tmp_path, officer):
    rows = [
        row("RX1"),
        row("RX2", 诉求标题="路灯不亮", 诉求内容="友谊路路灯不亮", 事发地点="友谊路"),
    ]
    run(csv_file(tmp_path / "a.csv", rows), officer)
    found = search.filter_text(Ticket.objects.all(), "噪音")
    assert list(found.values_list("external_no", flat=True)) == ["RX1"]
    found = search.filter_text(Ticket.objects.all(), "路灯")
    assert list(found.values_list("external_no", flat=True)) == ["RX2"]


def test_it_reports_progress_and_accepts_an_open_file(tmp_path, officer):
    path = csv_file(tmp_path / "a.csv", [row(f"RX{i}") for i in range(25)])
    seen = []
    with open(path, "rb") as f:
        batch = imports.run_import(
            f,
            "12345",
            actor=officer,
            file_name="a.csv",
            chunk=10,
            progress=lambda n, phase: seen.append((n, phase)),
        )
    assert batch.created == 25
    assert seen[:3] == [(10, "checking"), (20, "checking"), (25, "checking")]
    assert (20, "saving") in seen and seen[-1] == (25, "done")


def test_a_large_file_is_streamed_not_held_in_memory(tmp_path, officer):
    """100,000 rows (about 22 MB of text, several times that as Python objects) are
    imported with a small, bounded peak: only the numbers seen and one chunk are held."""
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        base = dt.datetime(2021, 1, 1)
        for i in range(100_000):
            at = base + dt.timedelta(minutes=5 * i)
            writer.writerow(row(f"RX{i:07d}", at=at.strftime("%Y-%m-%d %H:%M:%S")))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        batch = run(path, officer, chunk=5000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert batch.created == 100_000, batch.errors
    assert size > 20 * 2**20
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.1f} MB"
