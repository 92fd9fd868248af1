"""Exams: the bank, papers drawn by rule, a sitting against the server's clock, scoring,
results, and external results imported — with every refusal saving nothing."""

import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from fazhi.core.models import AuditEntry
from fazhi.learning import exams
from fazhi.learning.models import (
    Answer,
    Attempt,
    Exam,
    ExamQuestion,
    ExternalResult,
    Law,
    Question,
)
from fazhi.learning.queries import exam_figures_for, exam_results, person_exams
from fazhi.learning.xlsx import do_import_questions, do_import_results

pytestmark = pytest.mark.django_db
S, M, T = Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE
NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 9, 0))


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched in English; the pages' own language is tested elsewhere."""
    with translation.override("en"):
        yield


@pytest.fixture
def civil_code(db):
    return Law.objects.get_or_create(
        name="中华人民共和国民法典", defaults={"kind": "law"}
    )[0]


def question(actor, law, kind=S, answer="A", options=("甲", "乙", "丙", "丁"), **kw):
    return exams.do_add_question(
        actor=actor,
        kind=kind,
        text=kw.pop("text", f"题目{random.random()}"),
        options=list(options) if kind != T else [],
        answer=answer,
        law=law,
        article=kw.pop("article", "第十七条"),
        **kw,
    )


@pytest.fixture
def bank(officer, civil_code):
    """Six single-choice (answer A), two multiple-choice (AC), two true/false (B)."""
    return (
        [question(officer, civil_code, S, "A") for _ in range(6)]
        + [question(officer, civil_code, M, "AC") for _ in range(2)]
        + [question(officer, civil_code, T, "B") for _ in range(2)]
    )


def make_exam(officer, candidates, mode="fixed", rules=None, minutes=30, **kw):
    exam = exams.do_create_exam(
        actor=officer,
        candidates=candidates,
        title=kw.pop("title", "民法典测试"),
        opens_at=kw.pop("opens_at", NOW - dt.timedelta(hours=1)),
        closes_at=kw.pop("closes_at", NOW + dt.timedelta(days=7)),
        minutes=minutes,
        pass_percent=kw.pop("pass_percent", 60),
        mode=mode,
        rules=rules
        or [
            {"kind": S, "law": None, "count": 4, "points": 10},
            {"kind": M, "law": None, "count": 2, "points": 20},
            {"kind": T, "law": None, "count": 2, "points": 10},
        ],
    )
    return exam


@pytest.fixture
def exam(officer, clerk_a, clerk_b, bank):
    e = make_exam(officer, [clerk_a, clerk_b])
    return exams.do_publish_exam(e, actor=officer, rng=random.Random(1))


# --- The bank ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "answer", "options", "message"),
    [
        (S, "", ["甲", "乙"], "correct option"),
        (S, "AB", ["甲", "乙"], "exactly one"),
        (M, "A", ["甲", "乙", "丙"], "at least two"),
        (S, "E", ["甲", "乙", "丙"], "does not exist"),
        (S, "A", ["甲"], "between 2 and 8"),
        (S, "A", ["甲", "甲"], "same"),
        (T, "", [], "correct option"),
    ],
)
def test_a_question_without_a_right_answer_is_refused(
    officer, civil_code, kind, answer, options, message
):
    with pytest.raises(ValidationError, match=message):
        exams.do_add_question(
            actor=officer,
            kind=kind,
            text="十八周岁以上的自然人为？",
            options=options,
            answer=answer,
            law=civil_code,
            article="第十七条",
        )
    assert not Question.objects.exists()
    assert not AuditEntry.objects.filter(verb="exam.question_added").exists()


def test_true_false_questions_have_fixed_options(officer, civil_code):
    q = question(officer, civil_code, T, "b")
    assert q.options == ["正确", "错误"] and q.answer == "B"


def test_a_question_on_a_paper_cannot_change_but_can_be_retired(officer, exam, clerk_a):
    on_paper = ExamQuestion.objects.filter(exam=exam).first().question
    with pytest.raises(ValidationError, match="already on an exam paper"):
        exams.do_change_question(on_paper, actor=officer, answer="B")
    on_paper.refresh_from_db()
    assert on_paper.answer in ("A", "AC", "B")
    exams.do_change_question(on_paper, actor=officer, active=False)
    assert not Question.objects.get(pk=on_paper.pk).active


def workbook(rows, title="题库") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(
        "bank.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


QUESTION_HEADER = [
    "题型",
    "题目",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "答案",
    "法律法规",
    "条款",
    "解析",
]


def test_questions_import_from_a_workbook(officer, civil_code):
    upload = workbook(
        [
            QUESTION_HEADER,
            [
                "单选题",
                "十八周岁以上的自然人为",
                "成年人",
                "未成年人",
                None,
                None,
                "A",
                "民法典",
                "第十七条",
                "十八周岁以上的自然人为成年人。",
            ],
            [
                "多选题",
                "民事活动应遵循",
                "平等",
                "自愿",
                "效率",
                None,
                "A,B",
                "《中华人民共和国民法典》",
                "第四条至第七条",
                None,
            ],
            [
                "判断题",
                "民法典自2021年1月1日起施行",
                None,
                None,
                None,
                None,
                "正确",
                "中华人民共和国民法典",
                "第一千二百六十条",
                None,
            ],
        ]
    )
    result = do_import_questions(upload, actor=officer)
    assert result.ok, result.errors
    assert Question.objects.count() == 3
    multiple = Question.objects.get(kind=M)
    assert multiple.answer == "AB" and multiple.options == ["平等", "自愿", "效率"]
    assert Question.objects.get(kind=T).answer == "A"
    assert AuditEntry.objects.filter(verb="exam.questions_imported").count() == 1


def test_a_bad_question_row_stops_the_whole_import(officer, civil_code):
    upload = workbook(
        [
            QUESTION_HEADER,
            ["单选题", "好题目", "甲", "乙", None, None, "A", "民法典", "第一条", None],
            [
                "单选题",
                "没有正确答案",
                "甲",
                "乙",
                None,
                None,
                "",
                "民法典",
                "第二条",
                None,
            ],
            [
                "问答题",
                "题型不对",
                "甲",
                "乙",
                None,
                None,
                "A",
                "民法典",
                "第三条",
                None,
            ],
            [
                "单选题",
                "法律不在目录",
                "甲",
                "乙",
                None,
                None,
                "A",
                "不存在的法",
                "第四条",
                None,
            ],
        ]
    )
    result = do_import_questions(upload, actor=officer)
    assert not result.ok
    rows = {(row, col) for row, col, _msg in result.errors}
    assert {(3, "答案"), (4, "题型"), (5, "法律法规")} <= rows
    assert not Question.objects.exists()


# --- Papers -----------------------------------------------------------------------------


def test_a_fixed_paper_is_drawn_once_by_the_rule(exam):
    paper = list(exam.paper.select_related("question"))
    assert len(paper) == 8 and exam.total_points == 100
    kinds = [p.question.kind for p in paper]
    assert kinds == [S] * 4 + [M] * 2 + [T] * 2
    assert len({p.question_id for p in paper}) == 8


def test_a_rule_the_bank_cannot_fill_is_refused_and_nothing_is_published(
    officer, clerk_a, bank
):
    e = make_exam(
        officer, [clerk_a], rules=[{"kind": M, "law": None, "count": 3, "points": 10}]
    )
    with pytest.raises(ValidationError, match="only 2"):
        exams.do_publish_exam(e, actor=officer)
    e.refresh_from_db()
    assert e.status == Exam.Status.DRAFT and not e.paper.exists()


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [{"kind": "essay", "law": None, "count": 1, "points": 10}],
        [{"kind": S, "law": None, "count": 0, "points": 10}],
        [{"kind": S, "law": None, "count": 1, "points": "0.3"}],
        [{"kind": S, "law": 999999, "count": 1, "points": 10}],
    ],
)
def test_a_bad_drawing_rule_is_refused(officer, clerk_a, rules):
    with pytest.raises(ValidationError):
        exams.do_create_exam(
            actor=officer,
            candidates=[clerk_a],
            title="测试",
            opens_at=NOW,
            closes_at=NOW + dt.timedelta(days=1),
            minutes=30,
            pass_percent=60,
            mode="fixed",
            rules=rules,
        )
    assert not Exam.objects.exists()


def test_random_papers_differ_per_person_and_follow_the_rule(
    officer, clerk_a, clerk_b, bank
):
    e = exams.do_publish_exam(
        make_exam(
            officer,
            [clerk_a, clerk_b],
            mode="random",
            rules=[{"kind": S, "law": None, "count": 3, "points": 10}],
        ),
        actor=officer,
    )
    papers = set()
    for seed, person in enumerate((clerk_a, clerk_b)):
        attempt = exams.do_start_attempt(
            e, person=person, now=NOW, rng=random.Random(seed + 10)
        )
        ids = tuple(attempt.answers.values_list("question_id", flat=True))
        assert len(ids) == 3
        papers.add(ids)
    assert len(papers) == 2


# --- Sitting the exam ---------------------------------------------------------------------


def test_the_deadline_is_fixed_at_the_first_start(exam, clerk_a):
    first = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    again = exams.do_start_attempt(
        exam, person=clerk_a, now=NOW + dt.timedelta(minutes=20)
    )
    assert again.pk == first.pk
    assert again.deadline == NOW + dt.timedelta(minutes=30)
    assert Attempt.objects.count() == 1 and first.answers.count() == 8


def test_the_deadline_is_the_closing_time_when_that_comes_first(officer, clerk_a, bank):
    e = exams.do_publish_exam(
        make_exam(officer, [clerk_a], closes_at=NOW + dt.timedelta(minutes=10)),
        actor=officer,
    )
    attempt = exams.do_start_attempt(e, person=clerk_a, now=NOW)
    assert attempt.deadline == NOW + dt.timedelta(minutes=10)


def test_only_candidates_sit_and_only_while_open(officer, exam, clerk_a, leader):
    with pytest.raises(ValidationError, match="not on the list"):
        exams.do_start_attempt(exam, person=leader, now=NOW)
    with pytest.raises(ValidationError, match="opens at"):
        exams.do_start_attempt(exam, person=clerk_a, now=NOW - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="closed"):
        exams.do_start_attempt(exam, person=clerk_a, now=NOW + dt.timedelta(days=8))
    draft = make_exam(officer, [clerk_a], title="草稿")
    with pytest.raises(ValidationError, match="not published"):
        exams.do_start_attempt(draft, person=clerk_a, now=NOW)
    assert not Attempt.objects.exists()


def answer_key(attempt) -> dict[int, str]:
    return {
        a.order: a.question.answer for a in attempt.answers.select_related("question")
    }


def test_a_right_paper_scores_full_marks_and_passes(exam, clerk_a):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    key = answer_key(attempt)
    done = exams.do_submit_attempt(
        attempt, responses=key, now=NOW + dt.timedelta(minutes=10)
    )
    assert done.score == Decimal(100) and done.passed is True
    assert not done.auto_submitted
    assert AuditEntry.objects.filter(verb="exam.submitted").count() == 1


def test_a_multiple_choice_answer_must_name_every_correct_option(exam, clerk_a):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    key = answer_key(attempt)
    multiple = [order for order, ans in key.items() if ans == "AC"]
    key[multiple[0]] = "A"  # one missing: no points
    key[multiple[1]] = "CA"  # the order chosen does not matter
    done = exams.do_submit_attempt(attempt, responses=key, now=NOW)
    assert done.score == Decimal(80)
    marks = dict(done.answers.values_list("order", "correct"))
    assert marks[multiple[0]] is False and marks[multiple[1]] is True


def test_the_pass_mark_is_a_share_of_full_marks(exam, clerk_a, clerk_b):
    a = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    key = {o: "D" if ans == "A" else ans for o, ans in answer_key(a).items()}
    done = exams.do_submit_attempt(a, responses=key, now=NOW)
    assert done.score == Decimal(60) and done.passed is True  # 60% is the mark
    b = exams.do_start_attempt(exam, person=clerk_b, now=NOW)
    key = {o: "D" if ans == "A" else ans for o, ans in answer_key(b).items()}
    key[max(key)] = "A"  # and one true-or-false wrong
    done = exams.do_submit_attempt(b, responses=key, now=NOW)
    assert done.score == Decimal(50) and done.passed is False


def test_a_second_hand_in_is_refused_and_changes_nothing(exam, clerk_a):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    key = answer_key(attempt)
    exams.do_submit_attempt(attempt, responses=key, now=NOW)
    wrong = {order: "B" if ans != "B" else "A" for order, ans in key.items()}
    with pytest.raises(ValidationError, match="already been handed in"):
        exams.do_submit_attempt(attempt, responses=wrong, now=NOW)
    with pytest.raises(ValidationError, match="already been handed in"):
        exams.do_save_answer(attempt, order=1, response="B", now=NOW)
    attempt.refresh_from_db()
    assert attempt.score == Decimal(100)
    assert AuditEntry.objects.filter(verb="exam.submitted").count() == 1


def test_an_answer_after_the_deadline_is_refused_and_not_saved(exam, clerk_a, settings):
    settings.FAZHI_EXAM_GRACE_SECONDS = 10
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    exams.do_save_answer(attempt, order=1, response="A", now=NOW)
    # Within the grace the browser's own hand-in at 00:00 needs, still accepted …
    exams.do_save_answer(
        attempt, order=2, response="A", now=attempt.deadline + dt.timedelta(seconds=5)
    )
    # … after it, refused.
    with pytest.raises(ValidationError, match="Time is up"):
        exams.do_save_answer(
            attempt,
            order=3,
            response="A",
            now=attempt.deadline + dt.timedelta(seconds=11),
        )
    assert dict(attempt.answers.values_list("order", "response"))[3] == ""


def test_a_late_hand_in_scores_what_was_saved_by_the_deadline(exam, clerk_a):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    key = answer_key(attempt)
    exams.do_save_answer(attempt, order=1, response=key[1], now=NOW)
    late = attempt.deadline + dt.timedelta(minutes=5)
    done = exams.do_submit_attempt(attempt, responses=key, now=late)
    assert done.late_answers_refused and done.auto_submitted
    assert done.submitted_at == attempt.deadline
    assert done.score == Answer.objects.get(attempt=attempt, order=1).points
    responses = dict(done.answers.values_list("order", "response"))
    assert responses[1] == key[1] and all(responses[o] == "" for o in key if o != 1)


def test_a_paper_left_open_is_handed_in_when_results_are_read(exam, clerk_a):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    exams.do_save_answer(attempt, order=1, response="A", now=NOW)
    assert exams.close_overdue(exam, now=NOW + dt.timedelta(minutes=5)) == 0
    assert exams.close_overdue(exam, now=NOW + dt.timedelta(hours=1)) == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline and attempt.auto_submitted
    assert attempt.score is not None


@pytest.mark.parametrize("response", ["E", "AB", "Z", "<script>"])
def test_a_forged_answer_is_refused(exam, clerk_a, response):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    single = next(o for o, a in answer_key(attempt).items() if a == "A")
    with pytest.raises(ValidationError):
        exams.do_save_answer(attempt, order=single, response=response, now=NOW)
    with pytest.raises(ValidationError, match="not on your paper"):
        exams.do_save_answer(attempt, order=99, response="A", now=NOW)
    assert not attempt.answers.exclude(response="").exists()


# --- Results ------------------------------------------------------------------------------


def test_results_per_person_and_department(exam, clerk_a, clerk_b):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    exams.do_submit_attempt(attempt, responses=answer_key(attempt), now=NOW)
    rows, departments = exam_results(exam)
    assert [(r.person, r.attempt is not None) for r in rows] == [
        (clerk_a, True),
        (clerk_b, False),
    ]
    by_name = {d.name: d for d in departments}
    a = by_name[str(clerk_a.department)]
    assert (a.candidates, a.sat, a.passed, a.pass_rate, a.average) == (
        1,
        1,
        1,
        100,
        Decimal(100),
    )
    b = by_name[str(clerk_b.department)]
    assert (b.candidates, b.sat, b.pass_rate) == (1, 0, None)
    figures = exam_figures_for(NOW.year)
    assert (figures.candidates, figures.sat, figures.participation) == (2, 1, 50)
    assert figures.pass_rate == 100
    lines = person_exams(clerk_a, NOW.year)
    assert [(x.name, x.score, x.external) for x in lines] == [
        ("民法典测试", Decimal(100), False)
    ]


RESULT_HEADER = ["姓名", "科室", "考试名称", "考试日期", "成绩", "是否合格"]


def test_external_results_import_and_replace(officer, clerk_a, clerk_b):
    name = "2026年天津市网上学法用法考试"
    upload = workbook(
        [
            RESULT_HEADER,
            [clerk_a.name, "", name, dt.datetime(2026, 11, 10), 92, "合格"],
            [clerk_b.username, "", name, "2026-11-11", 55, None],
        ],
        title="成绩",
    )
    result = do_import_results(upload, actor=officer)
    assert result.ok, result.errors
    got = dict(ExternalResult.objects.values_list("person__username", "passed"))
    assert got == {clerk_a.username: True, clerk_b.username: False}
    again = workbook(
        [RESULT_HEADER, [clerk_b.name, "", name, "2026-11-20", 75, None]], title="成绩"
    )
    assert do_import_results(again, actor=officer).ok
    b = ExternalResult.objects.get(person=clerk_b)
    assert (b.score, b.passed) == (Decimal(75), True)
    assert ExternalResult.objects.count() == 2
    figures = exam_figures_for(2026)
    assert (figures.external_sat, figures.external_passed) == (2, 2)
    assert [x.external for x in person_exams(clerk_a, 2026)] == [True]


def test_a_bad_external_row_stops_the_import(officer, clerk_a):
    name = "2026年网上学法用法考试"
    upload = workbook(
        [
            RESULT_HEADER,
            [clerk_a.name, "", name, "2026-11-10", 92, "合格"],
            ["查无此人", "", name, "2026-11-10", 80, "合格"],
            [clerk_a.name, "", "另一考试", "2026-13-45", 80, None],
            [clerk_a.name, "", "第三个考试", "2026-11-10", "九十", None],
            [clerk_a.name, "", name, "2026-11-10", 70, None],
        ],
        title="成绩",
    )
    result = do_import_results(upload, actor=officer)
    problems = {(row, col) for row, col, _m in result.errors}
    assert {(3, "姓名"), (4, "考试日期"), (5, "成绩"), (6, "姓名")} <= problems
    assert not ExternalResult.objects.exists()


# --- Pages and the API --------------------------------------------------------------------


def test_staff_sit_the_exam_through_the_pages(client, exam, clerk_a, clerk_b):
    Exam.objects.filter(pk=exam.pk).update(
        closes_at=timezone.now() + dt.timedelta(days=1)
    )
    client.force_login(clerk_a)
    assert client.get(reverse("learning:question_list")).status_code == 404
    response = client.post(reverse("learning:exam_start", args=[exam.pk]))
    attempt = Attempt.objects.get(person=clerk_a)
    assert response.url == attempt.get_absolute_url()
    page = client.get(attempt.get_absolute_url())
    assert page.status_code == 200 and b'id="exam-clock"' in page.content
    key = answer_key(attempt)
    saved = client.post(
        reverse("learning:attempt_answer", args=[attempt.pk]),
        {"order": 1, "response": list(key[1])},
    )
    assert saved.json() == {"ok": True}
    forged = client.post(
        reverse("learning:attempt_answer", args=[attempt.pk]),
        {"order": 1, "response": "Q"},
    )
    assert forged.status_code == 409
    posted = {f"q-{order}": list(ans) for order, ans in key.items()}
    done = client.post(reverse("learning:attempt_submit", args=[attempt.pk]), posted)
    assert done.url == reverse("learning:attempt_review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.score == Decimal(100)
    review = client.get(done.url)
    assert review.status_code == 200 and b"100.0" in review.content
    # Someone else's paper is not found.
    client.force_login(clerk_b)
    assert client.get(attempt.get_absolute_url()).status_code == 404
    assert client.get(done.url).status_code == 404
    assert (
        client.post(
            reverse("learning:attempt_answer", args=[attempt.pk]),
            {"order": 1, "response": "A"},
        ).status_code
        == 404
    )


def test_the_correct_answers_show_after_the_exam_closes(client, officer, clerk_a, bank):
    now = timezone.now()
    e = exams.do_publish_exam(
        make_exam(
            officer,
            [clerk_a],
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(hours=1),
            rules=[{"kind": S, "law": None, "count": 2, "points": 50}],
        ),
        actor=officer,
    )
    attempt = exams.do_start_attempt(e, person=clerk_a)
    exams.do_submit_attempt(attempt, responses={1: "B", 2: "B"})
    client.force_login(clerk_a)
    url = reverse("learning:attempt_review", args=[attempt.pk])
    hidden = client.get(url).content.decode()
    assert "第十七条" in hidden and "text-success" not in hidden
    Exam.objects.filter(pk=e.pk).update(closes_at=now - dt.timedelta(minutes=1))
    shown = client.get(url).content.decode()
    assert "text-success" in shown


def test_the_exam_pages_render_for_the_officer(client, officer, exam, clerk_a):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    exams.do_submit_attempt(attempt, responses=answer_key(attempt), now=NOW)
    client.force_login(officer)
    for url in (
        reverse("learning:exam_list"),
        reverse("learning:exam_detail", args=[exam.pk]),
        reverse("learning:exam_create"),
        reverse("learning:exam_edit", args=[exam.pk]),
        reverse("learning:question_list"),
        reverse("learning:question_create"),
        reverse("learning:question_import"),
        reverse("learning:external_list"),
        reverse("learning:external_import"),
        reverse("learning:attempt_review", args=[attempt.pk]),
        reverse("learning:person", args=[clerk_a.pk]) + f"?year={NOW.year}",
        reverse("learning:figures") + f"?year={NOW.year}",
    ):
        assert client.get(url).status_code == 200, url
    export = client.get(reverse("learning:exam_export", args=[exam.pk]))
    wb = load_workbook(io.BytesIO(export.content))
    assert wb["成绩"]["A2"].value == str(clerk_a)
    assert wb["成绩"]["F2"].value == "合格"
    person = client.get(
        reverse("learning:person_export", args=[clerk_a.pk]) + f"?year={NOW.year}"
    )
    sheet = load_workbook(io.BytesIO(person.content))["考试成绩"]
    assert sheet["B2"].value == "民法典测试" and sheet["C2"].value == 100


def test_an_exam_is_built_through_the_form(client, officer, clerk_a, bank, civil_code):
    client.force_login(officer)
    data = {
        "title": "季度测试",
        "opens_at": "2026-12-01T09:00",
        "closes_at": "2026-12-05T17:00",
        "minutes": 45,
        "pass_percent": 60,
        "mode": "random",
        "candidates": [clerk_a.pk],
        "rule-0-kind": S,
        "rule-0-law": civil_code.pk,
        "rule-0-count": 5,
        "rule-0-points": 20,
    }
    response = client.post(reverse("learning:exam_create"), data)
    e = Exam.objects.get(title="季度测试")
    assert response.url == e.get_absolute_url()
    assert e.rules == [{"kind": S, "law": civil_code.pk, "count": 5, "points": "20.0"}]
    assert e.total_points == 100
    bad = client.post(
        reverse("learning:exam_create"), data | {"rule-0-count": 0, "title": "坏"}
    )
    assert bad.status_code == 422 and not Exam.objects.filter(title="坏").exists()
    publish = client.post(reverse("learning:exam_publish", args=[e.pk]))
    assert publish.status_code == 302
    e.refresh_from_db()
    assert e.status == Exam.Status.PUBLISHED
    # Published: the closing time may move, the rule may not.
    later = data | {"closes_at": "2026-12-08T17:00", "rule-0-points": "20.0"}
    moved = client.post(reverse("learning:exam_edit", args=[e.pk]), later)
    assert moved.status_code == 302, moved.context["form"].errors
    e.refresh_from_db()
    assert timezone.localtime(e.closes_at).day == 8
    changed = later | {"rule-0-count": 4}
    refused = client.post(reverse("learning:exam_edit", args=[e.pk]), changed)
    assert refused.status_code == 422
    e.refresh_from_db()
    assert e.rules[0]["count"] == 5


def test_the_api_lists_results_and_records_external_ones(
    client, officer, exam, clerk_a, clerk_b
):
    attempt = exams.do_start_attempt(exam, person=clerk_a, now=NOW)
    exams.do_submit_attempt(attempt, responses=answer_key(attempt), now=NOW)
    client.force_login(officer)
    body = [
        {
            "exam_name": "城市网上考试",
            "person_id": clerk_b.pk,
            "taken_on": "2026-11-02",
            "score": "58",
        }
    ]
    created = client.post(
        "/api/v1/learning/external-results", body, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()[0]["passed"] is False
    listed = client.get(f"/api/v1/learning/exam-results?year={NOW.year}").json()
    assert listed["count"] == 2
    assert {r["source"] for r in listed["items"]} == {"internal", "external"}
    bad = client.post(
        "/api/v1/learning/external-results",
        [{**body[0], "person_id": 999999}],
        content_type="application/json",
    )
    assert bad.status_code in (400, 422)
    assert ExternalResult.objects.count() == 1
    # A member of staff sees only their own results and cannot record any.
    client.force_login(clerk_a)
    own = client.get("/api/v1/learning/exam-results").json()
    assert {r["person_id"] for r in own["items"]} == {clerk_a.pk}
    refused = client.post(
        "/api/v1/learning/external-results", body, content_type="application/json"
    )
    assert refused.status_code == 404


def test_the_demo_has_exams_with_results():
    call_command("demo")
    f = exam_figures_for(2021)
    assert f.exams == 1 and f.sat >= 5 and f.pass_rate is not None
    assert f.external_sat >= 5 and f.external_pass_rate == 100
    this_year = exam_figures_for(timezone.localdate().year)
    assert this_year.exams == 1 and 0 < this_year.sat < this_year.candidates
    assert Question.objects.filter(active=True).count() >= 20


def test_a_question_is_added_and_refused_through_the_form(client, officer, civil_code):
    client.force_login(officer)
    data = {
        "kind": S,
        "text": "十八周岁以上的自然人为",
        "options_text": "成年人\n未成年人",
        "answer": "a",
        "law": civil_code.pk,
        "article": "第十七条",
        "active": "on",
    }
    for bad in ({"answer": ""}, {"options_text": "只有一个"}, {"answer": "C"}):
        response = client.post(reverse("learning:question_create"), data | bad)
        assert response.status_code == 422, bad
    assert not Question.objects.exists()
    response = client.post(reverse("learning:question_create"), data)
    assert response.status_code == 302
    q = Question.objects.get()
    assert (q.options, q.answer) == (["成年人", "未成年人"], "A")
    tf = client.post(
        reverse("learning:question_create"),
        data | {"kind": T, "options_text": "", "answer": "错误", "text": "判断"},
    )
    assert tf.status_code == 302
    assert Question.objects.get(kind=T).answer == "B"


def test_the_history_shows_exam_times_in_beijing_time(officer, clerk_a, bank):
    from fazhi.core.history import history_for

    e = make_exam(officer, [clerk_a], opens_at=NOW)
    lines = history_for(e)
    opened = next(c for line in lines for c in line.changes if c.field == "opens")
    assert opened.new == "2026-11-20 09:00"
