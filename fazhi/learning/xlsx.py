"""A person's study record (学法档案) as an Excel workbook; questions and external exam
results read from one."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from fazhi.core import audit
from fazhi.core.models import User
from fazhi.core.spreadsheets import (
    DATE_FORMAT,
    Problem,
    cell_date,
    placed,
    put_row,
    read_sheet,
    style_header,
)

from .exams import do_record_external_results, pass_mark
from .models import LETTERS, Law, Question

COLUMNS = [
    ("日期", 12),
    ("学法活动", 44),
    ("类型", 20),
    ("学时", 8),
    ("出勤", 8),
    ("缺席原因", 20),
]


def export_person(person, year: int, rows, hours, exams=()) -> bytes:
    with translation.override("zh-hans"):
        wb = Workbook()
        ws = wb.active
        ws.title = "学法档案"
        style_header(ws, COLUMNS)
        for number, a in enumerate(rows, start=2):
            put_row(
                ws,
                number,
                [
                    a.session.date,
                    a.session.title,
                    a.session.get_kind_display(),
                    float(a.session.hours),
                    "出席" if a.attended else "缺席",
                    a.absence_reason,
                ],
            )
        for (cell,) in ws.iter_rows(min_row=2, min_col=1, max_col=1):
            cell.number_format = DATE_FORMAT
        total = ws.max_row + 2
        ws.cell(row=total, column=1, value=f"{year}年合计学时").font = Font(bold=True)
        ws.cell(row=total, column=4, value=float(hours)).font = Font(bold=True)
        results = wb.create_sheet("考试成绩")
        style_header(
            results, [("日期", 12), ("考试", 40), ("得分", 8), ("满分", 8), ("结果", 8)]
        )
        for number, x in enumerate(exams, start=2):
            put_row(
                results,
                number,
                [
                    x.date,
                    x.name + ("（外部考试）" if x.external else ""),
                    float(x.score) if x.score is not None else None,
                    float(x.total) if x.total is not None else None,
                    "合格" if x.passed else "不合格",
                ],
            )
            results.cell(row=number, column=1).number_format = DATE_FORMAT
        info = wb.create_sheet("人员")
        rows_info = (
            ("姓名", str(person)),
            ("科室", str(person.department or "")),
            ("年度", year),
        )
        for number, row in enumerate(rows_info, start=1):
            put_row(info, number, list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Importing questions and external exam results (all or nothing) -----------------

MAX_IMPORT_ROWS = 5000
KIND_WORDS = {
    "单选": Question.Kind.SINGLE,
    "单选题": Question.Kind.SINGLE,
    "单项选择题": Question.Kind.SINGLE,
    "多选": Question.Kind.MULTIPLE,
    "多选题": Question.Kind.MULTIPLE,
    "多项选择题": Question.Kind.MULTIPLE,
    "判断": Question.Kind.TRUE_FALSE,
    "判断题": Question.Kind.TRUE_FALSE,
}
TRUE_WORDS = {"正确", "对", "是", "√", "✓", "T", "TRUE", "A"}
FALSE_WORDS = {"错误", "错", "否", "×", "✗", "F", "FALSE", "B"}
OPTION_COLUMNS = [f"选项{letter}" for letter in LETTERS]
QUESTION_COLUMNS = [
    ("题型", 10),
    ("题目", 50),
    *[(name, 20) for name in OPTION_COLUMNS[:4]],
    ("答案", 8),
    ("法律法规", 28),
    ("条款", 14),
    ("解析", 40),
]
QUESTION_REQUIRED = ("题型", "题目", "答案", "法律法规", "条款")
RESULT_COLUMNS = [
    ("姓名", 12),
    ("科室", 16),
    ("考试名称", 36),
    ("考试日期", 14),
    ("成绩", 8),
    ("是否合格", 10),
]
RESULT_REQUIRED = ("姓名", "考试名称", "考试日期", "成绩")
FIELD_COLUMNS = {
    "kind": "题型",
    "text": "题目",
    "options": "选项A",
    "answer": "答案",
    "law": "法律法规",
    "article": "条款",
    "explanation": "解析",
    "score": "成绩",
    "taken_on": "考试日期",
    "exam_name": "考试名称",
}


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(cells: dict, col: str) -> str:
    value = cells.get(col)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _template(title: str, columns, example) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    style_header(ws, columns)
    put_row(ws, 2, example)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def question_template() -> bytes:
    return _template(
        "题库",
        QUESTION_COLUMNS,
        [
            "单选题",
            "（示例）我国的根本法是：",
            "宪法",
            "民法典",
            "刑法",
            "行政法",
            "A",
            "中华人民共和国宪法",
            "序言",
            "本宪法以法律的形式确认了中国各族人民奋斗的成果，是国家的根本法。",
        ],
    )


def result_template() -> bytes:
    return _template(
        "成绩",
        RESULT_COLUMNS,
        [
            "张三",
            "综合科",
            "（示例）2021年度网上学法用法考试",
            "2021-11-20",
            92,
            "合格",
        ],
    )


def _law_lookup() -> dict:
    laws = {}
    for law in Law.objects.all():
        for key in (law.name, law.name.removeprefix("中华人民共和国")):
            laws[key] = law
    return laws


def _parse_question(cells: dict, laws: dict) -> tuple[dict, list]:
    errors = []
    fields = {
        "text": _text(cells, "题目"),
        "article": _text(cells, "条款"),
        "explanation": _text(cells, "解析"),
    }
    kind = KIND_WORDS.get(_text(cells, "题型"))
    if kind is None:
        errors.append(("题型", _("use 单选题, 多选题 or 判断题")))
    fields["kind"] = kind
    if not fields["text"]:
        errors.append(("题目", _("required")))
    law_name = _text(cells, "法律法规").strip("《》")
    law = laws.get(law_name) or laws.get(law_name.removeprefix("中华人民共和国"))
    if law is None:
        errors.append(
            ("法律法规", _("“%(v)s” is not in the catalogue of laws") % {"v": law_name})
        )
    fields["law"] = law
    if not fields["article"]:
        errors.append(("条款", _("required")))
    answer = _text(cells, "答案").upper().replace(" ", "").replace("，", "")
    if kind == Question.Kind.TRUE_FALSE:
        fields["options"] = []
        if answer in TRUE_WORDS:
            fields["answer"] = "A"
        elif answer in FALSE_WORDS:
            fields["answer"] = "B"
        else:
            errors.append(("答案", _("a true-or-false answer is 正确 or 错误")))
    else:
        options = [_text(cells, col) for col in OPTION_COLUMNS]
        while options and not options[-1]:
            options.pop()
        fields["options"] = options
        fields["answer"] = answer
    return fields, errors


def do_import_questions(upload, *, actor) -> ImportResult:
    """Add every question of the file to the bank, or none."""
    result = ImportResult()
    rows, problems, _names = read_sheet(
        upload,
        sheet="题库",
        required=QUESTION_REQUIRED,
        max_rows=MAX_IMPORT_ROWS,
        no_rows=_("The sheet has no question rows."),
    )
    if problems:
        result.errors = problems
        return result
    laws = _law_lookup()
    parsed = []
    for number, cells in rows:
        fields, errors = _parse_question(cells, laws)
        if not errors:
            try:
                Question(created_by=actor, **fields).full_clean(exclude=["created_by"])
            except ValidationError as exc:
                errors = placed(exc, FIELD_COLUMNS)
        result.errors.extend((number, col, msg) for col, msg in errors)
        parsed.append(fields)
    if result.errors:
        return result
    with transaction.atomic():
        for fields in parsed:
            result.created.append(Question(created_by=actor, **fields))
            result.created[-1].full_clean(exclude=["created_by"])
        Question.objects.bulk_create(result.created)
        audit.record(
            actor=actor,
            verb="exam.questions_imported",
            changes={"questions": [None, len(result.created)]},
            reason=getattr(upload, "name", ""),
        )
    return result


def _people_lookup():
    by_name: dict[str, list] = {}
    for person in User.objects.filter(is_active=True).select_related("department"):
        for key in {person.name, person.username} - {""}:
            by_name.setdefault(key, []).append(person)
    return by_name


def _parse_result(cells: dict, people: dict) -> tuple[dict, list]:
    errors = []
    fields: dict = {"exam_name": _text(cells, "考试名称")}
    if not fields["exam_name"]:
        errors.append(("考试名称", _("required")))
    elif len(fields["exam_name"]) > 200:
        errors.append(("考试名称", _("longer than 200 characters")))
    who, dept = _text(cells, "姓名"), _text(cells, "科室")
    matches = people.get(who, [])
    if dept and len(matches) > 1:
        matches = [p for p in matches if p.department and p.department.name == dept]
    if not who:
        errors.append(("姓名", _("required")))
    elif not matches:
        errors.append(("姓名", _("no member of staff named “%(v)s”") % {"v": who}))
    elif len(matches) > 1:
        errors.append(
            ("姓名", _("“%(v)s” names more than one person; add 科室") % {"v": who})
        )
    else:
        fields["person"] = matches[0]
    try:
        fields["taken_on"] = cell_date(cells.get("考试日期"))
    except ValueError:
        fields["taken_on"] = None
        errors.append(
            (
                "考试日期",
                _("“%(v)s” is not a date (use 2021-12-31)")
                % {"v": cells.get("考试日期")},
            )
        )
    else:
        if fields["taken_on"] is None:
            errors.append(("考试日期", _("required")))
    try:
        fields["score"] = Decimal(_text(cells, "成绩")).quantize(Decimal("0.1"))
        if not fields["score"].is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors.append(
            ("成绩", _("“%(v)s” is not a score") % {"v": _text(cells, "成绩")})
        )
    else:
        passed = _text(cells, "是否合格")
        if passed in ("合格", "是", "通过", "及格"):
            fields["passed"] = True
        elif passed in ("不合格", "否", "未通过", "不及格"):
            fields["passed"] = False
        elif passed:
            errors.append(("是否合格", _("use 合格 or 不合格")))
        else:
            fields["passed"] = fields["score"] >= pass_mark()
    return fields, errors


def do_import_results(upload, *, actor) -> ImportResult:
    """Record every result of the file (the city's export of its online exam), or none."""
    result = ImportResult()
    rows, problems, _names = read_sheet(
        upload,
        sheet="成绩",
        required=RESULT_REQUIRED,
        max_rows=MAX_IMPORT_ROWS,
        no_rows=_("The sheet has no result rows."),
    )
    if problems:
        result.errors = problems
        return result
    people = _people_lookup()
    parsed, seen = [], {}
    for number, cells in rows:
        fields, errors = _parse_result(cells, people)
        key = (fields.get("exam_name"), fields.get("person"))
        if not errors and key in seen:
            errors.append(
                (
                    "姓名",
                    _("the same person is already on row %(n)d") % {"n": seen[key]},
                )
            )
        seen[key] = number
        result.errors.extend((number, col, msg) for col, msg in errors)
        parsed.append((number, fields))
    if result.errors:
        return result
    try:
        result.created = do_record_external_results(
            [fields for _n, fields in parsed],
            actor=actor,
            source=getattr(upload, "name", ""),
        )
    except ValidationError as exc:
        result.errors = [(None, col, msg) for col, msg in placed(exc, FIELD_COLUMNS)]
    return result


def export_results(exam, rows, departments) -> bytes:
    """An exam's results: one row per candidate, then a sheet per department."""
    wb = Workbook()
    ws = wb.active
    ws.title = "成绩"
    style_header(
        ws,
        [
            ("姓名", 12),
            ("科室", 16),
            ("交卷时间", 18),
            ("得分", 8),
            ("满分", 8),
            ("结果", 10),
        ],
    )
    for number, row in enumerate(rows, start=2):
        a = row.attempt
        done = a is not None and a.submitted_at is not None
        put_row(
            ws,
            number,
            [
                str(row.person),
                str(row.person.department or ""),
                timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M")
                if done
                else "",
                float(a.score) if done else None,
                float(a.total) if done else None,
                ("合格" if a.passed else "不合格") if done else "未参考",
            ],
        )
    by_dept = wb.create_sheet("科室汇总")
    style_header(
        by_dept,
        [
            ("科室", 16),
            ("应考", 8),
            ("实考", 8),
            ("合格", 8),
            ("合格率(%)", 10),
            ("平均分", 8),
        ],
    )
    for number, d in enumerate(departments, start=2):
        put_row(
            by_dept,
            number,
            [
                d.name,
                d.candidates,
                d.sat,
                d.passed,
                d.pass_rate,
                float(d.average) if d.average is not None else None,
            ],
        )
    info = wb.create_sheet("考试")
    for number, pair in enumerate(
        (
            ("考试名称", exam.title),
            ("开考", timezone.localtime(exam.opens_at).strftime("%Y-%m-%d %H:%M")),
            ("截止", timezone.localtime(exam.closes_at).strftime("%Y-%m-%d %H:%M")),
            ("满分", float(exam.total_points)),
            ("合格线(%)", exam.pass_percent),
        ),
        start=1,
    ):
        put_row(info, number, list(pair))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
