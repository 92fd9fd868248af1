"""The annual rule-of-law report: the 2021 draft from the demo office read against the
reference summary; every figure traced to its records; versions, approval freezing the
figures, publication; the .docx to GB/T 9704 from an editable template; bad input."""

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from docx import Document

from fazhi.core import doctemplates
from fazhi.core.models import Notification, User
from fazhi.legal.models import Review
from fazhi.reports import documents, draft, reminders, services, sources
from fazhi.reports.models import Report

pytestmark = pytest.mark.django_db
REFERENCE = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "reference"
    / "2021-rule-of-law-work-summary.txt"
)


@pytest.fixture
def demo(settings, tmp_path):
    settings.FAZHI_HOTLINE_MODEL_PATH = tmp_path / "model.joblib"
    call_command("demo", stdout=io.StringIO())


def _text(d: draft.Draft) -> str:
    return "\n".join(documents.text_of(b, d.figures) for b in d.blocks)


def _client(username):
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def test_the_2021_report_states_the_reference_summarys_facts(demo):
    d = draft.generate(2021)
    text = _text(d)
    # 法律顾问 … 进行法律审核共计30余次, by the 新华律师事务所's lawyer, filed for the record.
    m = re.search(r"涉及投资奖励、招投标文件等事项进行法律审核共计(\d+)次", text)
    assert m and 30 < int(m.group(1)) < 40
    assert int(m.group(1)) == Review.objects.filter(opinion_on__year=2021).count()
    assert "新华律师事务所" in text and "备案" in text
    # 每季度开展1次法治学习; 旁听庭审1次; 专题讲座2次 by 党校老师、律师; 法律法规8次.
    assert "每季度开展1次法治学习" in text
    assert "组织网络旁听庭审活动1次" in text
    assert re.search(r"邀请党校老师、律师开展专题讲座2次", text)
    assert re.search(r"《[^》]*民法典》.*等重要法律法规8次", text)
    # The two named campaigns, in the community the summary names.
    assert "“美好生活·民法典相伴”主题法治宣传教育活动" in text
    assert "“红心向党·法润西青”法治文化节活动" in text
    assert "李七庄宏城御溪园社区" in text
    # 12345 and 政民零距离, and the 天津南站 roads the citizens asked about.
    assert "“12345便民热线”" in text and "政民零距离" in text
    assert "天津南站" in text
    # The deployment meeting and the plan; 三重一大 on the agenda.
    assert "2月26日召开法治政府建设部署会" in text
    assert "《区协同办2021年法治政府建设工作计划》" in text
    assert "“三重一大”" in text
    # The statutory sections, in order.
    heads = [documents.text_of(b, d.figures) for b in d.blocks if b["kind"] == "h1"]
    assert heads == [
        "一、主要举措和成效",
        "二、存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2022年主要安排",
        "五、其他需要报告的情况",
    ]
    # 四 lists the 2022 plan's tasks, in order.
    from fazhi.plans.models import Task

    titles = list(
        Task.objects.filter(plan__year=2022)
        .order_by("number")
        .values_list("title", flat=True)
    )
    assert len(titles) == 3
    section = text.split("四、2022年主要安排")[1].split("五、")[0]
    positions = [
        section.index(f"{o}{t}") for o, t in zip(draft.ORDINALS, titles, strict=False)
    ]
    assert positions == sorted(positions)
    if REFERENCE.exists():  # the summary's own 2022 headings are the plan's tasks
        ref = REFERENCE.read_text(encoding="utf-8")
        for title in titles:
            assert title in ref


def test_every_figure_links_to_exactly_the_records_it_counts(demo):
    d = draft.generate(2021)
    assert len(d.figures) > 20
    for key, fig in d.figures.items():
        src = sources.get(fig["source"])
        assert fig["count"] == src.records(2021).count(), key
    c = _client("zhuren")
    page = c.get("/reports/2021/").content.decode()
    links = set(re.findall(r'href="(/reports/2021/figures/[a-z0-9_]+/)"', page))
    assert len(links) >= 15
    for url in links:
        r = c.get(url)
        assert r.status_code == 200, url
    # The reviews' figure lists the 2021 opinions, one row each, with the rule.
    r = c.get("/reports/2021/figures/reviews/")
    html = r.content.decode()
    assert (
        "2021" in html
        and r.context["total"] == Review.objects.filter(opinion_on__year=2021).count()
    )
    assert r.context["rule"].startswith(str(sources.get("reviews").rule)[:4])
    assert c.get("/reports/2021/figures/nonsense/").status_code == 404


def test_versions_approval_freezes_the_figures_and_shows_the_difference(demo):
    clerk = User.objects.get(username="fazhi")
    chief = User.objects.get(username="zhuren")
    staff = User.objects.get(username="sunli")
    with pytest.raises(PermissionDenied):
        services.do_save_version(2021, actor=staff, texts={})
    v1 = services.do_save_version(2021, actor=clerk, texts={"other": "无其他事项。"})
    v2 = services.do_save_version(
        2021,
        actor=clerk,
        texts={"shortcomings": "一是宣传形式还不够丰富。"},
        note="补充不足",
    )
    assert (v1.number, v2.number) == (1, 2)
    report = Report.objects.get(year=2021)
    with pytest.raises(PermissionDenied):
        services.do_approve(report, actor=clerk, number=2)
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="newer version"),
    ):
        services.do_approve(report, actor=chief, number=1)
    services.do_approve(report, actor=chief, number=2)
    with pytest.raises(ValidationError):
        services.do_save_version(2021, actor=clerk, texts={})
    frozen = v2.figures["reviews"]
    assert frozen["ids"] and len(frozen["ids"]) == frozen["count"]
    # A later record change does not alter the approved report …
    Review.objects.filter(pk=frozen["ids"][0]).update(opinion_on=dt.date(2022, 1, 5))
    c = _client("zhuren")
    r = c.get("/reports/2021/")
    page = r.content.decode()
    assert f"共计{frozen['value']}次" in re.sub(r"<[^>]+>", "", page)
    # … and the difference is shown, with the records as counted then.
    changed = {x["key"]: x for x in r.context["changed"]}
    assert changed["reviews"]["frozen"] == frozen["value"]
    assert changed["reviews"]["now"] == str(int(frozen["value"]) - 1)
    r = c.get("/reports/2021/figures/reviews/?version=2&as=frozen")
    assert r.context["total"] == int(frozen["value"]) and r.context["removed"] == 1
    # Withdrawal needs a reason; publication needs the approval and the right role.
    with pytest.raises(ValidationError):
        services.do_withdraw(report, actor=chief, reason=" ")
    with pytest.raises(PermissionDenied):
        services.do_publish(report, actor=chief)
    services.do_publish(report, actor=clerk)
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    with pytest.raises(ValidationError):
        services.do_withdraw(report, actor=chief, reason="改")
    # The portal shows it, with plain numbers and no links to internal records.
    portal = Client()
    r = portal.get("/portal/reports/")
    assert "/portal/law-reports/2021/" in r.content.decode()
    r = portal.get("/portal/law-reports/2021/")
    html = r.content.decode()
    assert r.status_code == 200 and "/reports/2021/figures/" not in html
    assert f"共计{frozen['value']}次" in html
    assert portal.get("/portal/law-reports/2020/").status_code == 404
    r = portal.get("/portal/law-reports/2021/report.docx")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    assert any(f"共计{frozen['value']}次" in p.text for p in doc.paragraphs)


def test_the_pages_and_the_forms(demo):
    c = _client("fazhi")
    assert c.get("/reports/").status_code == 200
    r = c.post(
        "/reports/2021/edit/", {"leadership": "第一段。\n第二段。", "note": "初稿"}
    )
    assert r.status_code == 302
    report = Report.objects.get(year=2021)
    assert report.texts == {"leadership": "第一段。\n第二段。"}
    page = c.get("/reports/2021/").content.decode()
    assert "第一段。" in page and "第二段。" in page
    # A forged slot is ignored; an over-long paragraph refused, nothing saved.
    c.post("/reports/2021/edit/", {"evil": "x", "other": "无。"})
    assert set(Report.objects.get(year=2021).texts) == {"other"}
    c.post("/reports/2021/edit/", {"other": "长" * 20001})
    assert report.versions.count() == 2
    # Staff without the permission see nothing; a leader cannot edit.
    assert _client("sunli").get("/reports/2021/").status_code == 404
    assert (
        _client("zhuren").post("/reports/2021/edit/", {"other": "x"}).status_code == 404
    )
    r = _client("zhuren").post("/reports/2021/approve/", {"version": "2"})
    assert Report.objects.get(year=2021).status == Report.Status.APPROVED
    assert r.status_code == 302
    assert c.get("/reports/2021/versions/1/").status_code == 200
    assert c.get("/reports/2021/versions/9/").status_code == 404
    assert c.get("/reports/1999/").status_code == 404


def test_a_year_with_no_data_gives_an_honest_draft():
    d = draft.generate(2030)
    text = _text(d)
    assert "本年度未在系统中录入法治政府建设工作计划" in text
    assert "本年度系统中未记录学法活动" in text
    assert "2031年法治政府建设工作计划尚未在系统中制定" in text
    assert all(f["count"] == 0 for f in d.figures.values())
    docx = documents.report_docx(documents.context(2030, d.blocks, d.figures, None))
    assert Document(io.BytesIO(docx)).paragraphs


def test_a_big_next_year_plan_is_summed_up_by_area(officer, dept_a):
    from fazhi.plans.services import do_create_plan, do_create_task

    plan = do_create_plan(actor=officer, year=2031, title="2031年法治政府建设工作计划")
    for n in range(14):
        do_create_task(
            plan,
            actor=officer,
            title=f"任务{n}",
            department=dept_a,
            due_date=dt.date(2031, 12, 31),
            category="study" if n < 9 else "outreach",
        )
    text = _text(draft.generate(2030))
    section = text.split("四、2031年主要安排")[1]
    assert (
        "一是学法用法方面，安排任务9项，主要有“任务0”、“任务1”、“任务2”等。" in section
    )
    assert "二是普法宣传方面，安排任务5项" in section
    assert "任务13" not in section


def test_the_docx_is_laid_out_to_gb_t_9704(demo):
    d = draft.generate(2021)
    ctx = documents.context(2021, d.blocks, d.figures, dt.date(2022, 2, 20))
    doc = Document(io.BytesIO(documents.report_docx(ctx)))
    s = doc.sections[0]
    mm = [
        round(x.mm)
        for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin)
        + (s.left_margin, s.right_margin)
    ]
    assert mm == [210, 297, 37, 35, 28, 26]
    paras = [p for p in doc.paragraphs if p.text.strip()]
    fonts = {p.text: p.runs[0].font.name for p in paras if p.runs}
    assert fonts["区域和产业协同办公室2021年法治政府建设年度报告"] == "方正小标宋简体"
    assert fonts["一、主要举措和成效"] == "黑体"
    assert fonts["（一）加强组织领导，履行第一责任人职责"] == "楷体"
    body = next(p for p in paras if p.text.startswith("2021年，区协同办"))
    assert body.runs[0].font.name == "仿宋" and body.runs[0].font.size.pt == 16
    assert paras[-1].text == "2022年2月20日"
    footer = "".join(x.text for x in doc.sections[0].footer.paragraphs)
    assert footer.startswith("— ") and footer.endswith(" —")
    assert "{{" not in "\n".join(p.text for p in doc.paragraphs)


def test_a_template_missing_a_placeholder_is_refused_with_its_name(demo):
    clerk = User.objects.get(username="fazhi")
    source = documents.default_template()
    doc = Document(io.BytesIO(source))
    for p in doc.paragraphs:
        if "正文" in p.text:
            for run in p.runs:
                run.text = run.text.replace("正文", "内容")
    out = io.BytesIO()
    doc.save(out)
    upload = SimpleUploadedFile("report.docx", out.getvalue())
    with pytest.raises(ValidationError) as exc:
        doctemplates.do_upload_template(documents.ANNUAL, upload, actor=clerk)
    assert "{{ 正文 }}" in exc.value.messages[0]
    # An edited template that keeps the fields is taken and used.
    doc = Document(io.BytesIO(source))
    doc.add_paragraph("（本报告由系统根据台账生成）")
    out = io.BytesIO()
    doc.save(out)
    doctemplates.do_upload_template(
        documents.ANNUAL, SimpleUploadedFile("r.docx", out.getvalue()), actor=clerk
    )
    d = draft.generate(2021)
    got = Document(
        io.BytesIO(
            documents.report_docx(documents.context(2021, d.blocks, d.figures, None))
        )
    )
    assert "（本报告由系统根据台账生成）" in [p.text for p in got.paragraphs]


def test_reminders_toward_the_two_deadlines(demo, settings):
    settings.FAZHI_REPORT_REMIND_DAYS = [7]
    # The 2021 report: due 2022-03-01 internally, 2022-04-01 in public.
    assert reminders.deadlines(2021) == (dt.date(2022, 3, 1), dt.date(2022, 4, 1))
    assert reminders.send(dt.date(2022, 2, 22)) > 0
    again = reminders.send(dt.date(2022, 2, 22))
    assert again == 0
    keys = set(Notification.objects.values_list("key", flat=True))
    assert "report:2021:approve:2022-02-22" in keys
    assert reminders.send(dt.date(2022, 2, 23)) == 0  # not a reminder day
    clerk = User.objects.get(username="fazhi")
    services.do_save_version(2021, actor=clerk, texts={})
    services.do_approve(
        Report.objects.get(year=2021),
        actor=User.objects.get(username="zhuren"),
        number=1,
        on=dt.date(2022, 3, 10),
    )
    services.do_publish(
        Report.objects.get(year=2021), actor=clerk, on=dt.date(2022, 3, 20)
    )
    assert reminders.send(dt.date(2022, 3, 25)) == 0  # published: nothing to remind


needs_pdf = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("FAZHI_REQUIRE_PDF"),
    reason="LibreOffice is not installed",
)


@needs_pdf
def test_the_2021_report_renders_to_pdf_pages(demo, tmp_path):
    c = _client("fazhi")
    r = c.get("/reports/2021/report.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(r.content)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        flat = re.sub(r"\s+", "", text)
        assert "法治政府建设年度报告" in flat and "新华律师事务所" in flat
        assert "—1—" in flat  # the page number
        pages = subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= 3
