"""What a person does with fazhi in a real browser, end to end.

Texts are matched in Chinese (the default) or English: the zh-hans catalog is still
being written, so `either()` accepts the catalog's text or the English msgid.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from conftest import PASSWORD
from fazhi.plans.models import Task
from fazhi.plans.services import do_create_plan, do_create_task, do_record_progress

pytestmark = pytest.mark.e2e

# The smallest file that the upload check accepts as a PDF (it reads the magic bytes).
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def texts(msgid: str, plural: str | None = None, n: int = 1) -> list[str]:
    """The English text and the zh-hans catalog's text (the same while untranslated)."""
    found = []
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            found.append(
                translation.ngettext(msgid, plural, n)
                if plural
                else translation.gettext(msgid)
            )
    return found


def alternatives(candidates: list[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(set(candidates)))


def nav_link(msgid: str) -> re.Pattern:
    """A header link's whole text in either language (labels have the "nav" context)."""
    found = []
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            found.append(translation.pgettext("nav", msgid))
    return re.compile(rf"^\s*(?:{alternatives(found)})\s*$")


def either(msgid: str, *, field_label: bool = False) -> re.Pattern:
    """The whole of a visible text in either language.

    A form field's label is capitalised by Django and may carry its label suffix
    (":" in English, "：" in Chinese).
    """
    candidates = texts(msgid)
    if field_label:
        candidates = [capfirst(t) for t in candidates]
    suffix = r"\s*[:：]?" if field_label else ""
    return re.compile(rf"^\s*(?:{alternatives(candidates)}){suffix}\s*$")


def in_chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def log_in(journey, user) -> None:
    """Through the real login page, as a person does."""
    page = journey.page
    journey.goto("/login/")
    page.get_by_label(either("User name")).fill(user.username)
    page.get_by_label(either("Password")).fill(PASSWORD)
    page.get_by_role("button", name=either("Log in")).click()
    expect(page).to_have_url(journey.url("/"))


def engage_counsel(officer, counsel, today: dt.date) -> None:
    """The Xinhua firm's lawyer, engaged for a year around today, with a login."""
    from fazhi.legal.services import do_engage_counsel

    do_engage_counsel(
        actor=officer,
        firm="新华律师事务所",
        name="周律",
        contract_start=today - dt.timedelta(days=100),
        contract_end=today + dt.timedelta(days=265),
        user=counsel,
    )


def figure_card(page, number: int, label: list[str]):
    """A dashboard figure: a link whose name is the number, then what it counts."""
    name = re.compile(rf"^\s*{number}\s+(?:{alternatives(label)})\s*$")
    return page.get_by_role("link", name=name)


def a_year_of_tasks(*, officer, dept_a, dept_b, clerk_a, today: dt.date) -> dict:
    """This year's plan: four tasks in four states; last year's plan: one done."""
    this_year = do_create_plan(
        actor=officer, year=today.year, title=f"{today.year}年法治政府建设工作计划"
    )
    last_year = do_create_plan(
        actor=officer,
        year=today.year - 1,
        title=f"{today.year - 1}年法治政府建设工作计划",
    )

    def task(plan, title, department, due, **extra):
        return do_create_task(
            plan,
            actor=officer,
            title=title,
            department=department,
            due_date=due,
            **extra,
        )

    finished = today - dt.timedelta(days=300)
    task(
        last_year,
        "上年度述法报告",
        dept_a,
        finished,
        status="done",
        progress=100,
        completed_on=finished,
    )
    tasks = {
        "not_started": task(
            this_year,
            "宪法宣传周活动",
            dept_a,
            today + dt.timedelta(days=20),
            owner=clerk_a,
        ),
        "overdue": task(
            this_year, "行政执法案卷评查", dept_b, today - dt.timedelta(days=3)
        ),
        "due_soon": task(
            this_year, "法律顾问合同续签", dept_a, today + dt.timedelta(days=3)
        ),
        "done": task(
            this_year, "年度法治政府建设报告", dept_a, today + dt.timedelta(days=60)
        ),
    }
    do_record_progress(
        tasks["due_soon"],
        actor=officer,
        date=today,
        note="已与律所商定续签条款",
        progress=50,
    )
    do_record_progress(
        tasks["done"], actor=officer, date=today, note="报告已报送并公开", progress=100
    )
    return {"plan": this_year, **tasks}


# --- 1. The dashboard -----------------------------------------------------------------


def test_it_shows_this_years_real_figures_on_the_dashboard(
    journey, officer, clerk_a, dept_a, dept_b
):
    today = timezone.localdate()
    made = a_year_of_tasks(
        officer=officer, dept_a=dept_a, dept_b=dept_b, clerk_a=clerk_a, today=today
    )
    page = journey.page

    log_in(journey, officer)

    # Four tasks this year (last year's finished one is not counted): one done, one in
    # progress, two not started, one of them overdue, and one due within seven days.
    expect(figure_card(page, 4, texts("Plan tasks this year"))).to_be_visible()
    done_label = [f"{t} (25%)" for t in texts("Done")]
    expect(figure_card(page, 1, done_label)).to_be_visible()
    expect(figure_card(page, 1, texts("In progress"))).to_be_visible()
    expect(figure_card(page, 2, texts("Not started"))).to_be_visible()
    expect(figure_card(page, 1, texts("Overdue"))).to_be_visible()
    due_soon = [
        t.replace("%(days)s", "7")
        for t in texts("Due within %(days)s day", "Due within %(days)s days", 7)
    ]
    expect(figure_card(page, 1, due_soon)).to_be_visible()
    # The cards list the real tasks behind the figures.
    expect(page.get_by_role("link", name=made["overdue"].title)).to_be_visible()
    expect(page.get_by_role("link", name=made["due_soon"].title)).to_be_visible()
    expect(page.get_by_role("link", name="上年度述法报告")).to_have_count(0)

    # The total links to this year's task list, which shows the same four.
    figure_card(page, 4, texts("Plan tasks this year")).click()
    expect(page).to_have_url(re.compile(rf"/plans/tasks/\?year={today.year}$"))
    for key in ("not_started", "overdue", "due_soon", "done"):
        expect(page.get_by_role("link", name=made[key].title)).to_be_visible()


# --- 2. Switching language ------------------------------------------------------------


def test_it_switches_to_english_and_back(journey, officer, clerk_a, dept_a, dept_b):
    a_year_of_tasks(
        officer=officer,
        dept_a=dept_a,
        dept_b=dept_b,
        clerk_a=clerk_a,
        today=timezone.localdate(),
    )
    page = journey.page
    html = page.locator("html")
    log_out_zh = in_chinese("Log out")
    assert log_out_zh != "Log out", "the zh-hans catalog no longer translates Log out"

    log_in(journey, officer)
    expect(html).to_have_attribute("lang", "zh-CN")
    journey.screenshot("dashboard-zh")
    page.get_by_role("button", name=officer.name).click()
    expect(page.get_by_role("button", name=log_out_zh)).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(journey.url("/"))
    page.get_by_role("button", name=officer.name).click()
    expect(page.get_by_role("button", name="Log out", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=log_out_zh)).to_have_count(0)
    expect(page.get_by_role("link", name="Dashboard", exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    journey.screenshot("dashboard-en")

    # The choice sticks across pages.
    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("heading", name="Plan tasks", exact=True)).to_be_visible()
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Filter", exact=True)).to_be_visible()
    journey.screenshot("task-list-en")

    # And back to Chinese on the same page.
    page.get_by_role("button", name="中文").click()
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(page).to_have_url(journey.url("/plans/tasks/"))
    expect(page.get_by_role("button", name=in_chinese("Filter"))).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    journey.screenshot("task-list-zh")


# --- 3. Creating a task ---------------------------------------------------------------


def test_the_officer_creates_a_task_from_the_plan_page(journey, officer, dept_a, plan):
    page = journey.page
    due = timezone.localdate() + dt.timedelta(days=30)
    title = "开展行政执法案卷评查"

    log_in(journey, officer)
    journey.goto("/plans/")
    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", name=plan.title)).to_be_visible()
    page.get_by_role("link", name=either("New task")).click()

    page.get_by_label(either("title", field_label=True)).fill(title)
    page.get_by_label(either("content", field_label=True)).fill(
        "抽查本年度行政处罚案卷"
    )
    page.get_by_label(either("lead department", field_label=True)).select_option(
        label=dept_a.name
    )
    page.get_by_label(either("due date", field_label=True)).fill(due.isoformat())
    page.get_by_role("button", name=either("Save")).click()

    task = Task.objects.get(title=title)
    expect(page).to_have_url(journey.url(task.get_absolute_url()))
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text=either("Task created."))
    ).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(dept_a.name)
    expect(main).to_contain_text(due.isoformat())
    expect(main).to_contain_text("抽查本年度行政处罚案卷")
    assert (task.plan, task.department, task.due_date) == (plan, dept_a, due)

    # The plan page lists it.
    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("link", name=title)).to_be_visible()


# --- 4. Recording progress with evidence ----------------------------------------------


def test_the_clerk_records_progress_with_a_pdf_as_evidence(
    journey, clerk_a, task_a, media_root
):
    page = journey.page
    evidence = "宪法宣传周现场照片.pdf"
    note = "已在三个社区设点宣传，发放资料500份"

    log_in(journey, clerk_a)
    # The clerk is responsible for the task: it is among "My open tasks".
    page.get_by_role("link", name=task_a.title).first.click()
    expect(page.get_by_role("heading", name=task_a.title, level=1)).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")

    page.get_by_label(either("Progress (%)", field_label=True)).fill("40")
    page.get_by_label(either("What was done", field_label=True)).fill(note)
    page.get_by_label(either("Evidence files", field_label=True)).set_input_files(
        {"name": evidence, "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name=either("Save progress")).click()

    expect(page).to_have_url(journey.url(task_a.get_absolute_url()))
    expect(
        page.get_by_role("status").filter(has_text=either("Progress recorded."))
    ).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40")
    expect(
        page.get_by_role("definition").filter(has_text=either("In progress"))
    ).to_be_visible()
    # The update carries its evidence (the History card repeats the note, not the file).
    link = page.get_by_role("link", name=evidence)
    update = page.get_by_role("listitem").filter(has_text=note).filter(has=link)
    expect(update).to_contain_text("40%")
    expect(link).to_be_visible()
    journey.screenshot("task-after-progress")

    # The evidence link gives back the very file uploaded.
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == evidence
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == PDF

    task_a.refresh_from_db()
    assert (task_a.status, task_a.progress) == (Task.Status.IN_PROGRESS, 40)


# --- 5. Exporting the plan ------------------------------------------------------------


def test_the_plan_exports_to_a_workbook_of_the_tasks_the_user_sees(
    journey, clerk_a, plan, task_a, task_b, tmp_path
):
    page = journey.page

    log_in(journey, clerk_a)
    page.get_by_role("link", name=nav_link("Plans")).click()
    page.get_by_role("link", name=either("Annual plans")).click()
    page.get_by_role("link", name=plan.title).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=either("Export to Excel")).click()

    assert download.value.suggested_filename == f"{plan.title}.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    workbook = openpyxl.load_workbook(saved)
    header, *rows = workbook["任务"].iter_rows(values_only=True)
    tasks = [dict(zip(header, row, strict=True)) for row in rows]
    # A clerk of department A exports A's task, not B's.
    assert [t["任务名称"] for t in tasks] == [task_a.title]
    assert tasks[0]["牵头科室"] == task_a.department.name
    assert tasks[0]["完成时限"].date() == task_a.due_date
    assert tasks[0]["责任人"] == clerk_a.name


# --- 6. Another department's task -----------------------------------------------------


def test_a_clerk_of_another_department_gets_not_found(journey, clerk_b, task_a, task_b):
    page = journey.page

    log_in(journey, clerk_b)
    page.get_by_role("link", name=nav_link("Plans")).click()
    expect(page.get_by_role("link", name=task_b.title)).to_be_visible()
    expect(page.get_by_role("link", name=task_a.title)).to_have_count(0)

    journey.expect_error_page(task_a.get_absolute_url())
    response = journey.goto(task_a.get_absolute_url())
    assert response.status == 404
    not_found = re.compile("not found|找不到|未找到|不存在|404", re.IGNORECASE)
    expect(page.get_by_role("heading", name=not_found)).to_be_visible()
    body = page.content()
    assert task_a.title not in body
    assert "Traceback" not in body
    assert "Exception" not in body

    # Their own task opens as usual.
    response = journey.goto(task_b.get_absolute_url())
    assert response.status == 200
    expect(page.get_by_role("heading", name=task_b.title, level=1)).to_be_visible()


# --- 7. Nothing leaves the machine ----------------------------------------------------


def test_no_request_leaves_the_office_server(journey, officer, plan, task_a):
    """The office network may be cut off from the internet: no CDN, no font service."""
    page = journey.page

    log_in(journey, officer)
    page.get_by_role("link", name=nav_link("Plans")).click()
    page.get_by_role("link", name=task_a.title).click()
    page.get_by_role("link", name=plan.title).click()
    page.get_by_role("button", name=officer.name).click()
    page.get_by_role("link", name=either("Working-day calendar")).click()
    expect(page.get_by_role("table")).to_be_visible()
    page.get_by_role("link", name=nav_link("Decisions")).click()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    static = [url for url in journey.requests if "/static/" in url]
    assert any(url.endswith(".css") for url in static)
    assert any(url.endswith(".js") for url in static)
    assert journey.foreign_requests() == []
    assert journey.unexpected_console_errors() == []


# --- 8. Law study: a session with its sign-in list ---------------------------------------


def test_the_officer_records_a_study_session_with_attendance(
    journey, officer, clerk_a, clerk_b
):
    from fazhi.learning.models import Law, StudySession

    # Seeded by a data migration; a browser test's database is flushed between tests.
    Law.objects.get_or_create(name="中华人民共和国行政复议法", defaults={"kind": "law"})
    page = journey.page
    log_in(journey, officer)
    page.get_by_role("link", name=nav_link("Study")).click()
    page.get_by_role("link", name=either("Record a session")).click()

    page.get_by_label(either("date", field_label=True)).fill("2026-11-20")
    page.get_by_label(either("kind", field_label=True)).select_option("collective")
    page.get_by_label(either("title", field_label=True)).fill("集体学习《行政复议法》")
    page.get_by_label(either("hours", field_label=True)).fill("1.5")
    page.get_by_label("中华人民共和国行政复议法").check()
    page.get_by_label(clerk_a.name, exact=True).check()
    page.get_by_role("textbox", name=re.compile(clerk_b.name)).fill("出差")
    page.get_by_role("button", name=either("Save")).click()

    session = StudySession.objects.get(title="集体学习《行政复议法》")
    expect(page).to_have_url(journey.url(session.get_absolute_url()))
    main = page.get_by_role("main")
    expect(main).to_contain_text("出差")
    expect(main).to_contain_text(clerk_a.name)
    assert session.attendance.get(person=clerk_b).absence_reason == "出差"
    journey.screenshot("study-session")


# --- 9. Legal education: an activity with materials and a photo --------------------------


def test_the_officer_records_a_campaign_activity_with_a_photo(
    journey, officer, tmp_path
):
    from fazhi.outreach.models import Activity

    photo = tmp_path / "宪法宣传周现场.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page = journey.page
    log_in(journey, officer)
    page.get_by_role("link", name=nav_link("Outreach")).click()
    page.get_by_role("link", name=either("Record an activity")).click()

    page.get_by_label(either("theme", field_label=True)).fill("宪法宣传周进社区")
    page.get_by_label(either("date", field_label=True)).fill("2026-12-03")
    page.get_by_label(either("place", field_label=True)).fill("李七庄宏城御溪园社区")
    page.get_by_label(either("people reached", field_label=True)).fill("150")
    page.get_by_label(either("On site")).check()
    page.get_by_label(either("Materials handed out", field_label=True)).fill(
        "《宪法》图解手册 × 200"
    )
    page.get_by_label(either("Photos", field_label=True)).set_input_files(str(photo))
    page.get_by_role("button", name=either("Save")).click()

    activity = Activity.objects.get(theme="宪法宣传周进社区")
    expect(page).to_have_url(journey.url(activity.get_absolute_url()))
    main = page.get_by_role("main")
    expect(main).to_contain_text("《宪法》图解手册 × 200")
    expect(page.get_by_role("link", name="宪法宣传周现场.png")).to_be_visible()
    assert activity.audience == 150 and activity.channels == ["onsite"]
    journey.screenshot("outreach-activity")


# --- 10. Exams: build a paper, sit it with a reload in the middle, see the score ---------


def true_false_questions(officer, n: int):
    """`n` true-or-false questions on the 民法典 (answer: 正确), and the law."""
    from fazhi.learning.exams import do_add_question
    from fazhi.learning.models import Law

    law = Law.objects.get_or_create(
        name="中华人民共和国民法典", defaults={"kind": "law"}
    )[0]
    for number in range(n):
        do_add_question(
            actor=officer,
            kind="true_false",
            text=f"判断题{number}",
            answer="A",
            law=law,
            article="第十七条",
        )
    return law


def test_the_officer_builds_a_paper_and_a_clerk_sits_it(journey, officer, clerk_a):
    from fazhi.learning.exams import do_add_question
    from fazhi.learning.models import Attempt, Exam, Question

    law = true_false_questions(officer, 3)
    do_add_question(
        actor=officer,
        kind="single",
        text="八周岁以上的未成年人为",
        options=["完全民事行为能力人", "限制民事行为能力人"],
        answer="B",
        law=law,
        article="第十九条",
    )
    page = journey.page
    log_in(journey, officer)

    # A question added on screen …
    page.get_by_role("link", name=nav_link("Study")).click()
    page.get_by_role("link", name=either("Question bank")).click()
    page.get_by_role("link", name=either("Add a question")).click()
    page.get_by_label(either("type", field_label=True)).select_option("single")
    page.get_by_label(either("question", field_label=True)).fill(
        "十八周岁以上的自然人为"
    )
    page.get_by_label(either("Options", field_label=True)).fill(
        "成年人\n未成年人\n限制民事行为能力人"
    )
    page.get_by_label(either("correct answer", field_label=True)).fill("A")
    page.get_by_label(either("law", field_label=True)).select_option(str(law.pk))
    page.get_by_label(either("article", field_label=True)).fill("第十七条")
    page.get_by_role("button", name=either("Save"), exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("十八周岁以上的自然人为")
    assert Question.objects.filter(kind="single").count() == 2

    # … then a paper of 2 single-choice and 3 true-or-false questions, 20 points each.
    page.get_by_role("link", name=either("Exams")).click()
    page.get_by_role("link", name=either("New exam")).click()
    now = timezone.localtime()
    page.get_by_label(either("title", field_label=True)).fill("民法典知识测试")
    page.get_by_label(either("opens", field_label=True)).fill(
        (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label(either("closes", field_label=True)).fill(
        (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label(either("time allowed (minutes)", field_label=True)).fill("30")
    page.locator("select[name=rule-0-kind]").select_option("single")
    page.locator("input[name=rule-0-count]").fill("2")
    page.locator("input[name=rule-0-points]").fill("20")
    page.locator("select[name=rule-1-kind]").select_option("true_false")
    page.locator("select[name=rule-1-law]").select_option(str(law.pk))
    page.locator("input[name=rule-1-count]").fill("3")
    page.locator("input[name=rule-1-points]").fill("20")
    page.get_by_role("button", name=either("Save")).click()
    exam = Exam.objects.get(title="民法典知识测试")
    expect(page).to_have_url(journey.url(exam.get_absolute_url()))
    page.get_by_role("button", name=either("Publish")).click()
    expect(page.get_by_role("main")).to_contain_text(texts("Published")[1])
    assert exam.paper.count() == 5

    # The clerk sits it.
    page.context.clear_cookies()
    log_in(journey, clerk_a)
    page.get_by_role("link", name=nav_link("Study")).click()
    page.get_by_role("link", name=either("Exams")).click()
    page.get_by_role("link", name=either("Sit the exam")).click()
    page.get_by_role("button", name=either("Start the exam")).click()
    attempt = Attempt.objects.get(exam=exam, person=clerk_a)
    expect(page).to_have_url(journey.url(attempt.get_absolute_url()))
    key = {
        a.order: a.question.answer for a in attempt.answers.select_related("question")
    }
    page.locator(f"#q1{key[1]}").check()
    page.locator(f"#q2{key[2]}").check()
    expect(page.locator("#exam-save-status")).to_have_text(either("All answers saved"))
    expect(page.locator("#exam-answered")).to_have_text("2")

    # A reload in the middle: the answers are still there, and the clock has not reset.
    page.reload()
    expect(page.locator(f"#q1{key[1]}")).to_be_checked()
    expect(page.locator(f"#q2{key[2]}")).to_be_checked()
    minutes, seconds = map(int, page.locator("#exam-clock").inner_text().split(":"))
    assert 0 < minutes * 60 + seconds <= 30 * 60
    deadline = attempt.deadline
    attempt.refresh_from_db()
    assert attempt.deadline == deadline

    for order in (3, 4, 5):
        page.locator(f"#q{order}{key[order]}").check()
    page.get_by_role("button", name=either("Hand in the paper")).click()
    expect(page).to_have_url(journey.url(f"/learning/attempts/{attempt.pk}/review/"))
    expect(page.locator("#exam-score")).to_contain_text("100.0")
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.passed
    journey.screenshot("exam-score")

    # A second hand-in (the back button, a double click) changes nothing.
    page.go_back()
    expect(page).to_have_url(journey.url(f"/learning/attempts/{attempt.pk}/review/"))
    journey.assert_clean()


def test_the_paper_hands_itself_in_when_the_clock_runs_out(journey, officer, clerk_a):
    from fazhi.learning import exams
    from fazhi.learning.models import Attempt

    true_false_questions(officer, 2)
    now = timezone.now()
    exam = exams.do_publish_exam(
        exams.do_create_exam(
            actor=officer,
            candidates=[clerk_a],
            title="限时测试",
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=1),
            minutes=5,
            pass_percent=50,
            mode="fixed",
            rules=[{"kind": "true_false", "law": None, "count": 2, "points": 50}],
        ),
        actor=officer,
    )
    attempt = exams.do_start_attempt(exam, person=clerk_a)
    # The clerk comes back with four seconds left.
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + dt.timedelta(seconds=4)
    )
    page = journey.page
    log_in(journey, clerk_a)
    journey.goto(attempt.get_absolute_url())
    page.locator("#q1A").check()
    expect(page.locator("#exam-save-status")).to_have_text(either("All answers saved"))
    # Nobody presses the button: at 00:00 the page hands the paper in by itself.
    expect(page).to_have_url(
        journey.url(f"/learning/attempts/{attempt.pk}/review/"), timeout=15_000
    )
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 50
    expect(page.locator("#exam-score")).to_contain_text("50.0")
    journey.assert_clean()


# --- 11. Legality review: a department asks, the counsel answers, the department responds --


def test_a_review_goes_from_the_department_to_the_counsel_and_back(
    journey, officer, counsel, clerk_a
):
    from fazhi.legal.models import Review

    today = timezone.localdate()
    engage_counsel(officer, counsel, today)
    page = journey.page
    log_in(journey, clerk_a)
    page.get_by_role("link", name=nav_link("Legal review")).click()
    page.get_by_role("link", name=either("Request a review")).click()
    page.get_by_label(either("title", field_label=True)).fill(
        "招商引资项目投资奖励协议"
    )
    page.get_by_label(either("kind", field_label=True)).select_option("incentive")
    page.get_by_label(either("Documents to review", field_label=True)).set_input_files(
        {"name": "投资奖励协议.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name=either("Send to the counsel")).click()
    review = Review.objects.get(title="招商引资项目投资奖励协议")
    expect(page).to_have_url(journey.url(review.get_absolute_url()))
    expect(page.locator("#review-due")).to_contain_text(review.due_date.isoformat())

    # The counsel signs in, finds it among theirs and answers it.
    page.context.clear_cookies()
    log_in(journey, counsel)
    page.get_by_role("link", name=nav_link("Legal review")).click()
    page.get_by_role("link", name="招商引资项目投资奖励协议").click()
    page.get_by_label(either("Outcome", field_label=True)).select_option("amend")
    page.get_by_label(either("Opinion", field_label=True)).fill(
        "第三条奖励兑现条件应当明确。"
    )
    page.get_by_role("button", name=either("Give the opinion")).click()
    expect(page.get_by_role("main")).to_contain_text("第三条奖励兑现条件应当明确。")
    review.refresh_from_db()
    assert (review.status, review.outcome) == ("opinion", "amend")

    # The department says what it did with it.
    page.context.clear_cookies()
    log_in(journey, clerk_a)
    journey.goto(review.get_absolute_url())
    page.get_by_label(
        either("What the department did", field_label=True)
    ).select_option("partly")
    journey.expect_error_page(f"/legal/reviews/{review.pk}/respond/")  # answers 422
    page.get_by_role("button", name=either("Save")).click()
    expect(page.get_by_role("alert").first).to_be_visible()  # the reason is required
    page.get_by_label(either("Reason (if not fully adopted)", field_label=True)).fill(
        "奖励比例已经会议确定，其余意见已采纳"
    )
    page.get_by_label(
        either("What the department did", field_label=True)
    ).select_option("partly")
    page.get_by_role("button", name=either("Save")).click()
    expect(page).to_have_url(journey.url(review.get_absolute_url()))
    review.refresh_from_db()
    assert (review.status, review.response) == ("closed", "partly")
    journey.screenshot("legal-review")
    journey.assert_clean()


# --- 12. A 三重一大 matter: refused without review, then reviewed, put on the agenda, voted


def test_a_matter_is_reviewed_then_decided_at_a_meeting(
    journey, officer, leader, counsel, clerk_a, dept_a
):
    from fazhi.decisions.models import Matter, Meeting
    from fazhi.legal.models import Review

    today = timezone.localdate()
    engage_counsel(officer, counsel, today)
    page = journey.page
    log_in(journey, officer)

    # The matter is registered …
    page.get_by_role("link", name=nav_link("Decisions")).click()
    page.get_by_role("link", name=either("Register a matter")).click()
    page.get_by_label(either("title", field_label=True)).fill("兑现招商引资投资奖励")
    page.get_by_label(either("category", field_label=True)).select_option("funds")
    page.get_by_label(either("sponsoring department", field_label=True)).select_option(
        str(dept_a.pk)
    )
    page.get_by_label(either("amount (yuan)", field_label=True)).fill("3200000")
    page.get_by_role("button", name=either("Save")).click()
    matter = Matter.objects.get(title="兑现招商引资投资奖励")
    expect(page).to_have_url(journey.url(matter.get_absolute_url()))

    # … a meeting is planned, and the matter refused on its agenda: no review yet.
    page.get_by_role("link", name=nav_link("Decisions")).click()
    page.get_by_role("link", name=either("Meetings")).click()
    page.get_by_role("link", name=either("Plan a meeting")).click()
    page.get_by_label(either("kind", field_label=True)).select_option("party_group")
    page.get_by_label(either("chair", field_label=True)).select_option(str(leader.pk))
    for person in (leader, officer, clerk_a):
        page.get_by_label(person.name, exact=True).check()
    page.get_by_role("button", name=either("Save")).click()
    meeting = Meeting.objects.get()
    expect(page).to_have_url(journey.url(meeting.get_absolute_url()))
    journey.expect_error_page(f"/decisions/meetings/{meeting.pk}/agenda/")
    page.get_by_label(either("Put on the agenda")).select_option(str(matter.pk))
    page.get_by_role("button", name=either("Add")).click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("713号|art. 26"))
    journey.screenshot("agenda-refused")
    assert not meeting.items.exists()

    # The review is requested from the matter's page and answered by the counsel.
    journey.goto(matter.get_absolute_url())
    page.locator("#legality-gate").get_by_role(
        "link", name=either("Request a review")
    ).click()
    page.get_by_label(either("title", field_label=True)).fill("投资奖励协议审查")
    page.get_by_label(either("kind", field_label=True)).select_option("incentive")
    page.get_by_role("button", name=either("Send to the counsel")).click()
    review = Review.objects.get(title="投资奖励协议审查")
    assert review.matter == matter
    page.context.clear_cookies()
    log_in(journey, counsel)
    journey.goto(review.get_absolute_url())
    page.get_by_label(either("Outcome", field_label=True)).select_option("lawful")
    page.get_by_label(either("Opinion", field_label=True)).fill("经审查，合法。")
    page.get_by_role("button", name=either("Give the opinion")).click()
    expect(page.get_by_role("main")).to_contain_text("经审查，合法。")

    # Now it goes on the agenda; the meeting sits, votes, decides.
    page.context.clear_cookies()
    log_in(journey, officer)
    journey.goto(meeting.get_absolute_url())
    page.get_by_label(either("Put on the agenda")).select_option(str(matter.pk))
    page.get_by_role("button", name=either("Add")).click()
    expect(page.locator("#item-1")).to_contain_text("兑现招商引资投资奖励")
    for person in (leader, officer, clerk_a):
        page.locator(f"input[name=present][value='{person.pk}']").check()
    page.get_by_role("button", name=either("The meeting is held")).click()
    item = page.locator("#item-1")
    item.get_by_label(either("Voting method")).select_option("hands")
    for person in (officer, clerk_a, leader):
        item.get_by_label(
            re.compile(rf"{alternatives(texts('Position'))} {person.name}")
        ).select_option("for")
    item.get_by_label(either("Decision")).fill("同意兑现")
    item.get_by_role("button", name=either("Record the vote")).click()
    expect(page.locator("#item-1")).to_contain_text("同意兑现")
    matter.refresh_from_db()
    assert matter.status == Matter.Status.DECIDED and matter.decision == "同意兑现"
    journey.screenshot("meeting-voted")

    # The decision is published …
    journey.goto(matter.get_absolute_url())
    page.get_by_role("link", name=either("Publish the decision")).click()
    expect(
        page.get_by_label(either("Publish on this office's portal", field_label=True))
    ).to_be_checked()
    page.get_by_label(either("Also published in", field_label=True)).fill("区政府公报")
    page.get_by_role("button", name=either("Save")).click()
    expect(page.locator("#after-decision")).to_contain_text("区政府公报")
    matter.refresh_from_db()
    assert matter.published_on == today and matter.on_portal
    # … on the public portal, where anyone reads it without logging in …
    portal = page.locator("#portal-link").get_attribute("href")
    visitor = page.context.browser.new_page()
    visitor.goto(journey.base_url + portal)
    expect(visitor.locator("#decision")).to_contain_text("同意兑现")
    visitor.close()
    journey.goto(matter.get_absolute_url())

    # … and the whole file goes out as one archive that stands on its own.
    with page.expect_download() as download:
        page.get_by_role("link", name=either("Export the archive (.zip)")).click()
    with zipfile.ZipFile(download.value.path()) as zf:
        names = zf.namelist()
        assert "目录.html" in names and "事项记录.json" in names
        assert any(n.endswith(".docx") for n in names)
    journey.assert_clean()


def _logged_in_page(journey, user):
    """Another person's browser (a fresh context), logged in through the login page."""
    context = journey.page.context.browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    if user is not None:
        page.goto(journey.url("/login/"))
        page.get_by_label(either("User name")).fill(user.username)
        page.get_by_label(either("Password")).fill(PASSWORD)
        page.get_by_role("button", name=either("Log in")).click()
        expect(page).to_have_url(journey.url("/"))
    return page


def test_a_citizen_applies_and_the_office_answers_on_the_statutory_clock(
    journey, officer, leader, media_root
):
    from docx import Document

    from fazhi.disclosure.models import Application

    today = timezone.localdate()
    citizen = _logged_in_page(journey, None)

    # The citizen applies on the portal with a copy of their identity document …
    citizen.goto(journey.url("/portal/"))
    citizen.get_by_role("link", name=either("Apply for information")).click()
    label = lambda msgid: citizen.get_by_label(either(msgid, field_label=True))  # noqa: E731
    label("Name (or name of the organisation)").fill("张三")
    label("Identity document number").fill("120101199001011234")
    label("Copy of the identity document").set_input_files(
        files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    label("Phone").fill("13800000000")
    label("Information requested").fill("天津南站周边配套道路工程的立项批复")
    citizen.get_by_role("button", name=either("Submit the application")).click()
    number = citizen.locator("#number").inner_text().strip()
    code = citizen.locator("#code").inner_text().strip()
    app = Application.objects.get(number=number)
    assert app.received_on is None and len(code) == 8

    # … the office confirms receipt, and asks for a correction …
    page = journey.page
    log_in(journey, officer)
    page.get_by_role("link", name=nav_link("Disclosure")).click()
    page.get_by_role("link", name=number).click()
    case_url = page.url

    def step(name, **fields):
        page.goto(case_url)
        page.locator("#actions").get_by_role("link", name=either(name)).click()
        for msgid, value in fields.items():
            field = page.get_by_label(either(msgid, field_label=True))
            if isinstance(value, tuple):
                field.select_option(**dict([value]))
            else:
                field.fill(value)
        page.get_by_role("button", name=either("Save")).click()

    step("Confirm receipt")
    expect(page.locator("#deadline")).to_contain_text(today.isoformat())
    step(
        "Ask for a correction",
        **{"What to correct, all at once": "请写明批复的文号或日期"},
    )
    citizen.goto(journey.url(f"/portal/track/{app.pk}/"))
    expect(citizen.locator("#correction")).to_contain_text("请写明批复的文号或日期")
    step("Record the correction")
    step("Review done: handle it")
    # … consults the third party, which objects …
    step("Consult a third party", **{"Party consulted": "天津某路桥有限公司"})
    step(
        "Record an answer",
        Consultation=("index", 1),
        **{"Agrees to disclosure": ("value", "0"), "Opinion": "涉及商业秘密"},
    )
    expect(page.locator("#consultations")).to_contain_text("涉及商业秘密")
    # … an extension needs the head of the disclosure office: the officer is refused …
    journey.expect_error_page(case_url.removeprefix(journey.base_url) + "extend/")
    step("Extend (head's approval)", **{"Working days": "10", "Reason": "需调取档案"})
    expect(page.get_by_role("alert")).to_contain_text(re.compile("art. 33|第三十三条"))
    app.refresh_from_db()
    assert app.extension_days == 0
    # … the leader approves it …
    head = _logged_in_page(journey, leader)
    head.goto(case_url)
    head.locator("#actions").get_by_role(
        "link", name=either("Extend (head's approval)")
    ).click()
    head.get_by_label(either("Working days", field_label=True)).fill("10")
    head.get_by_label(either("Reason", field_label=True)).fill("需调取档案")
    head.get_by_role("button", name=either("Save")).click()
    expect(head.locator("#deadline")).to_contain_text(re.compile("10"))
    head.context.close()
    app.refresh_from_db()
    assert app.extension_days == 10

    # … and replies, partly disclosing, with the letter.
    step(
        "Reply",
        Outcome=("value", "2"),
        **{"Reason given to the applicant": "涉及第三方商业秘密的部分不予公开。"},
    )
    expect(page.locator("#reply")).to_contain_text("涉及第三方商业秘密")
    with page.expect_download() as download:
        page.get_by_role("link", name=either("Reply letter (.docx)")).click()
    letter = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert "张三：" in letter and "六十日内" in letter and "六个月内" in letter

    # The citizen reads the reply and downloads the letter.
    citizen.goto(journey.url(f"/portal/track/{app.pk}/"))
    expect(citizen.locator("#reply")).to_contain_text("涉及第三方商业秘密")
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name=either("The reply letter (.docx)")).click()
    assert download.value.suggested_filename.endswith(".docx")
    citizen.context.close()

    # The year's report counts the case as 部分公开, a natural person.
    journey.goto(f"/disclosure/report/{today.year}/")
    partial = page.locator("tr", has_text="（二）部分公开").locator("td")
    expect(partial).to_have_text(["1", "0", "0", "0", "0", "0", "1"])
    expect(page.locator("#checks")).not_to_contain_text(re.compile("不等于|is not"))
    journey.assert_clean()


def test_an_imported_ticket_is_routed_handled_reopened_and_the_kpis_move(
    journey, officer, clerk_b, dept_b
):
    import io

    from fazhi.hotline.models import Category, RoutingRule, Ticket

    roads = Category.objects.create(name="道路规划与建设", code="roads")
    RoutingRule.objects.create(category=roads, department=dept_b)
    now = timezone.localtime()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
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
    )
    for n, title in enumerate(
        ["天津南站北侧道路何时开工", "南站周边断头路拥堵"], start=1
    ):
        received = (now - dt.timedelta(hours=n)).strftime("%Y-%m-%d %H:%M:%S")
        sheet.append(
            [
                f"E2E{n:04d}",
                received,
                title,
                f"{title}，请答复。",
                "王建国",
                "13812345678",
                "咨询",
                "道路规划与建设",
                "天津南站区域",
                "一般",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)

    # The dispatcher imports the platform's export; the rule assigns both tickets.
    page = journey.page
    log_in(journey, officer)
    page.get_by_role("link", name=nav_link("Demands")).click()
    page.get_by_role("link", name=either("Import")).click()
    page.get_by_label(either("Platform", field_label=True)).select_option("12345")
    page.get_by_label(
        either("Export (.xlsx or .csv, UTF-8 or GBK)", field_label=True)
    ).set_input_files(
        files=[
            {
                "name": "12345工单.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": buffer.getvalue(),
            }
        ]
    )
    page.get_by_role("button", name=either("Import")).click()
    expect(page.locator("#batches")).to_contain_text("12345工单.xlsx")
    ticket = Ticket.objects.get(external_no="E2E0001")
    assert ticket.department == dept_b and ticket.assigned_by_rule is not None
    journey.goto("/hotline/kpi/")
    expect(page.locator("#total-satisfaction")).to_have_text("—")

    # The department signs for it and replies.
    clerk = _logged_in_page(journey, clerk_b)
    clerk.goto(journey.url(ticket.get_absolute_url()))
    expect(clerk.locator("#citizen")).not_to_contain_text("13812345678")

    def step(who, name, **fields):
        who.goto(journey.url(ticket.get_absolute_url()))
        who.locator("#actions").get_by_role("link", name=either(name)).click()
        for msgid, value in fields.items():
            field = who.get_by_label(either(msgid, field_label=True))
            field.fill(value)
        who.get_by_role("button", name=either("Save")).click()

    step(clerk, "Sign for it")
    step(clerk, "Reply", Reply="南站北侧道路已纳入规划，明年启动。")

    # The callback: not satisfied — the ticket is reopened (重办) …
    def callback(satisfaction, solved):
        page.goto(journey.url(ticket.get_absolute_url()))
        page.locator("#actions").get_by_role(
            "link", name=either("Record the callback")
        ).click()
        page.get_by_label(either(satisfaction)).check()
        page.get_by_label(either(solved)).check()
        page.get_by_role("button", name=either("Save")).click()

    callback("Not satisfied", "Not solved")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.HANDLING and ticket.reopened == 1
    journey.goto("/hotline/kpi/")
    expect(page.locator("#total-satisfaction")).to_have_text("0.0%")
    # … replied again, and this time the citizen is satisfied.
    step(clerk, "Reply", Reply="已明确2027年6月开工，届时公示。")
    page.goto(journey.url(ticket.get_absolute_url()))
    page.locator("#actions").get_by_role(
        "link", name=either("Record the callback")
    ).click()
    page.get_by_label(either("Satisfied")).check()
    page.get_by_label(either("Solved")).check()
    page.get_by_role("button", name=either("Save")).click()
    expect(page.locator("#status")).to_have_text(either("Closed"))
    journey.goto("/hotline/kpi/")
    expect(page.locator("#total-satisfaction")).to_have_text("100.0%")
    expect(page.locator("#kpi-department")).to_contain_text(dept_b.name)
    clerk.context.close()
    journey.assert_clean()


def test_the_2021_report_is_drafted_traced_approved_and_published(
    journey, browser, settings, tmp_path
):
    """The clerk opens the 2021 draft from the demo's ledgers, follows a figure to its
    records, writes a paragraph and saves a version; the leader reads the dashboard and
    approves; the clerk publishes; a citizen reads it on the portal."""
    import io

    from django.core.management import call_command

    from fazhi.legal.models import Review
    from fazhi.reports.models import Report

    settings.FAZHI_HOTLINE_MODEL_PATH = tmp_path / "model.joblib"
    call_command("demo", stdout=io.StringIO())
    from fazhi.core.management.commands.demo import DEMO_PASSWORD

    page = journey.page

    def sign_in(tab, username):
        tab.goto(journey.url("/login/"))
        tab.get_by_label(either("User name")).fill(username)
        tab.get_by_label(either("Password")).fill(DEMO_PASSWORD)
        tab.get_by_role("button", name=either("Log in")).click()
        expect(tab).to_have_url(journey.url("/"))

    sign_in(page, "fazhi")
    journey.goto("/reports/")
    expect(page.locator("#reports")).to_contain_text("2021")
    journey.goto("/reports/2021/")
    reviews = Review.objects.filter(opinion_on__year=2021).count()
    figure = page.locator('a.fz-figure[href="/reports/2021/figures/reviews/"]')
    expect(figure).to_have_text(str(reviews))
    journey.screenshot("report-2021-draft")
    figure.click()
    expect(page.locator("#count-now")).to_have_text(str(reviews))
    expect(page.locator("#records tbody tr")).to_have_count(reviews)
    journey.screenshot("report-2021-figure-reviews")
    journey.goto("/reports/2021/")
    page.locator("#id_shortcomings").fill(
        "主要原因是个别科室对答复时限重视不够，下一步将加强督办。"
    )
    page.locator("#edit button[type=submit]").click()
    expect(page.locator("#versions")).to_contain_text("1")
    expect(page.locator("article.fz-report")).to_contain_text(
        "主要原因是个别科室对答复时限重视不够，下一步将加强督办。"
    )

    leader = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    boss = leader.new_page()
    sign_in(boss, "zhuren")
    boss.goto(journey.url("/reports/2021/"))
    boss.locator("#approve button").click()
    expect(boss.locator("#status")).to_contain_text("李志强")
    leader.close()
    assert Report.objects.get(year=2021).status == Report.Status.APPROVED

    journey.goto("/reports/2021/")
    page.locator("#publish button").click()
    expect(page.locator("#status")).to_contain_text(timezone.localdate().isoformat())
    journey.goto("/portal/reports/")
    page.locator('#law-reports a[href="/portal/law-reports/2021/"]').click()
    expect(page.locator("article.fz-report")).to_contain_text(f"共计{reviews}次")
    expect(page.locator("article.fz-report a")).to_have_count(0)
    journey.screenshot("portal-report-2021")
