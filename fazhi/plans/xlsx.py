"""The plan as an Excel workbook, and tasks imported from one (all or nothing).

Headers are Chinese whatever the interface language: the workbook is the office's own
ledger format (台账), read by inspectors and colleagues who keep it in Excel today.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from fazhi.core import audit
from fazhi.core.calendar import add_working_days
from fazhi.core.models import Department, User
from fazhi.core.spreadsheets import DATE_FORMAT, cell_date, placed, read_sheet
from fazhi.core.spreadsheets import put_row as _put_row
from fazhi.core.spreadsheets import style_header as _style_header

from . import services
from .forms import leader_choices, people_choices
from .models import Category, Plan, ProgressUpdate, Task

MAX_IMPORT_ROWS = 5000

# (header, width) of the task sheet; the import reads the same headers.
TASK_COLUMNS = [
    ("序号", 6),
    ("任务名称", 36),
    ("工作内容", 48),
    ("类别", 16),
    ("牵头科室", 16),
    ("责任人", 10),
    ("分管领导", 10),
    ("开始日期", 12),
    ("完成时限", 12),
    ("起算日期", 12),
    ("工作日数", 9),
    ("状态", 8),
    ("进度(%)", 8),
    ("完成日期", 12),
]
REQUIRED_IMPORT = ("任务名称", "牵头科室")
MAX_WORKING_DAYS = 3650
# The sheet column of each task field, to place the service's own refusals.
FIELD_COLUMNS = {
    "title": "任务名称",
    "content": "工作内容",
    "category": "类别",
    "department": "牵头科室",
    "owner": "责任人",
    "leader": "分管领导",
    "start_date": "开始日期",
    "due_date": "完成时限",
    "due_base_date": "起算日期",
    "due_working_days": "工作日数",
}


def _date_cells(ws, columns: list[int]) -> None:
    for col in columns:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = DATE_FORMAT


def _person(user) -> str:
    return str(user) if user else ""


def export_plan(plan: Plan, tasks) -> bytes:
    """The plan, its tasks and their progress as one workbook."""
    with translation.override("zh-hans"):
        wb = Workbook()
        info = wb.active
        info.title = "计划"
        rows = [
            ("计划名称", plan.title),
            ("年度", plan.year),
            ("部署会日期", plan.meeting_date),
            ("主持人", _person(plan.meeting_chair)),
            ("参会人员", "、".join(str(u) for u in plan.meeting_attendees.all())),
            ("说明", plan.summary),
        ]
        for number, row in enumerate(rows, start=1):
            _put_row(info, number, row)
        info.column_dimensions["A"].width = 14
        info.column_dimensions["B"].width = 60
        for (cell,) in info.iter_rows(min_col=1, max_col=1):
            cell.font = Font(bold=True)
        info["B3"].number_format = DATE_FORMAT

        ws = wb.create_sheet("任务")
        _style_header(ws, TASK_COLUMNS)
        tasks = tasks.select_related("department", "owner", "leader").order_by("number")
        for number, task in enumerate(tasks, start=2):
            _put_row(
                ws,
                number,
                [
                    task.number,
                    task.title,
                    task.content,
                    task.get_category_display(),
                    task.department.name,
                    _person(task.owner),
                    _person(task.leader),
                    task.start_date,
                    task.due_date,
                    task.due_base_date,
                    task.due_working_days,
                    task.get_status_display(),
                    task.progress,
                    task.completed_on,
                ],
            )
        _date_cells(ws, [8, 9, 10, 14])
        for row in ws.iter_rows(min_row=2, min_col=2, max_col=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

        progress = wb.create_sheet("进展")
        columns = [
            ("序号", 6),
            ("任务名称", 36),
            ("日期", 12),
            ("进度(%)", 8),
            ("进展情况", 60),
            ("填报人", 10),
        ]
        _style_header(progress, columns)
        updates = (
            ProgressUpdate.objects.filter(task__in=tasks)
            .select_related("task", "author")
            .order_by("task__number", "date")
        )
        for number, update in enumerate(updates, start=2):
            _put_row(
                progress,
                number,
                [
                    update.task.number,
                    update.task.title,
                    update.date,
                    update.progress,
                    update.note,
                    _person(update.author),
                ],
            )
        _date_cells(progress, [3])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "任务"
    columns = [
        c for c in TASK_COLUMNS if c[0] not in ("序号", "状态", "进度(%)", "完成日期")
    ]
    _style_header(ws, columns)
    _put_row(
        ws,
        2,
        [
            "（示例）开展宪法宣传周活动",
            "12月1日至7日在社区开展宪法宣传",
            "普法宣传",
            "办公室",
            "",
            "",
            dt.date(2026, 12, 1),
            dt.date(2026, 12, 7),
            None,
            None,
        ],
    )
    _date_cells(ws, [6, 7, 8])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class ImportResult:
    created: list[Task] = field(default_factory=list)
    errors: list[tuple[int | None, str, str]] = field(
        default_factory=list
    )  # row, col, msg

    @property
    def ok(self) -> bool:
        return not self.errors


def _lookup_tables():
    with translation.override("zh-hans"):
        categories = {str(label): value for value, label in Category.choices}
    with translation.override("en"):
        categories |= {str(label).lower(): value for value, label in Category.choices}
    categories |= {value: value for value, _label in Category.choices}
    departments: dict[str, Department | None] = {}
    all_departments = list(Department.objects.all())
    for dept in all_departments:
        # A name two departments share is ambiguous (None); the code always decides.
        departments[dept.name] = None if dept.name in departments else dept
    for dept in all_departments:
        departments[dept.code] = dept
    return categories, departments


def _find_person(text: str, cache: dict, field: str) -> tuple[User | None, str]:
    """A person by name or user name, from the choices the task form offers."""
    if (field, text) in cache:
        return cache[field, text]
    choices = leader_choices() if field == "leader" else people_choices()
    matches = list(choices.filter(Q(name=text) | Q(username=text))[:2])
    if not matches:
        if field == "leader":
            message = _("“%(v)s” is not a leader of the office") % {"v": text}
        else:
            message = _("no user named “%(v)s”") % {"v": text}
        result = (None, message)
    elif len(matches) > 1:
        result = (
            None,
            _("“%(v)s” names more than one user; use the user name") % {"v": text},
        )
    else:
        result = (matches[0], "")
    cache[field, text] = result
    return result


def _as_days(value) -> int:
    """A whole number of days: 10, 10.0 and "10" are ten; 10.5 and "十" are refused."""
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


def read_rows(
    upload,
) -> tuple[list[tuple[int, dict]], list[tuple[int | None, str, str]]]:
    """Rows of the task sheet keyed by header, or the reason the file can't be read."""
    rows, problems, names = read_sheet(
        upload,
        sheet="任务",
        required=REQUIRED_IMPORT,
        max_rows=MAX_IMPORT_ROWS,
        no_rows=_("The sheet has no task rows."),
    )
    if problems:
        return [], problems
    if "完成时限" not in names and not {"起算日期", "工作日数"} <= set(names):
        return [], [(1, "完成时限", _("required column missing"))]
    return rows, []


def _parse_row(cells: dict, categories, departments, people) -> tuple[dict, list]:
    errors: list[tuple[str, str]] = []

    def text(col: str) -> str:
        value = cells.get(col)
        return "" if value is None else str(value).strip()

    fields: dict = {"title": text("任务名称"), "content": text("工作内容")}
    if not fields["title"]:
        errors.append(("任务名称", _("required")))
    elif len(fields["title"]) > 200:
        errors.append(("任务名称", _("longer than 200 characters")))
    category = text("类别")
    if category:
        value = categories.get(category) or categories.get(category.lower())
        if value is None:
            errors.append(("类别", _("unknown category “%(v)s”") % {"v": category}))
        fields["category"] = value
    department = text("牵头科室")
    if not department:
        errors.append(("牵头科室", _("required")))
    elif department not in departments:
        errors.append(
            ("牵头科室", _("no department named “%(v)s”") % {"v": department})
        )
    elif departments[department] is None:
        errors.append(
            (
                "牵头科室",
                _("“%(v)s” names more than one department; use its code")
                % {"v": department},
            )
        )
    else:
        fields["department"] = departments[department]
    for col, name in (("责任人", "owner"), ("分管领导", "leader")):
        who = text(col)
        if who:
            person, problem = _find_person(who, people, name)
            if problem:
                errors.append((col, problem))
            fields[name] = person
    for col, name in (
        ("开始日期", "start_date"),
        ("完成时限", "due_date"),
        ("起算日期", "due_base_date"),
    ):
        try:
            fields[name] = cell_date(cells.get(col))
        except ValueError:
            errors.append(
                (
                    col,
                    _("“%(v)s” is not a date (use 2021-12-31)") % {"v": cells.get(col)},
                )
            )
    days = cells.get("工作日数")
    if days not in (None, ""):
        try:
            count = _as_days(days)
        except ValueError:
            errors.append(
                ("工作日数", _("“%(v)s” is not a whole number of days") % {"v": days})
            )
        else:
            if 1 <= count <= MAX_WORKING_DAYS:
                fields["due_working_days"] = count
            else:
                errors.append(
                    (
                        "工作日数",
                        _("the number of working days must be between 1 and %(max)d")
                        % {"max": MAX_WORKING_DAYS},
                    )
                )
    start = fields.get("start_date")
    rule_cells = [col for col in ("起算日期", "工作日数") if text(col)]
    if rule_cells:
        # "N working days after X" replaces any date typed in 完成时限.
        fields.pop("due_date", None)
        base, count = fields.get("due_base_date"), fields.get("due_working_days")
        if len(rule_cells) == 1:
            blank = "工作日数" if rule_cells == ["起算日期"] else "起算日期"
            errors.append((blank, _("give both 起算日期 and 工作日数")))
        elif start is not None and base is not None and count is not None:
            due = add_working_days(base, count)
            if due < start:
                errors.append(
                    (
                        "起算日期",
                        _(
                            "%(days)d working days after %(base)s is %(due)s, "
                            "before the start date"
                        )
                        % {"days": count, "base": base, "due": due.isoformat()},
                    )
                )
    elif fields.get("due_date") is None:
        if not any(c == "完成时限" for c, _m in errors):
            errors.append(("完成时限", _("required")))
    elif start is not None and fields["due_date"] < start:
        errors.append(("完成时限", _("the due date is before the start date")))
    return {k: v for k, v in fields.items() if v is not None}, errors


def do_import_tasks(plan: Plan, upload, *, actor) -> ImportResult:
    """Create every task of the file, or none: any bad row stops the whole import."""
    result = ImportResult()
    rows, problems = read_rows(upload)
    if problems:
        result.errors = problems
        return result
    categories, departments = _lookup_tables()
    people: dict = {}
    parsed = []
    for number, cells in rows:
        fields, errors = _parse_row(cells, categories, departments, people)
        result.errors.extend((number, col, msg) for col, msg in errors)
        parsed.append((number, fields))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, fields in parsed:
                try:
                    result.created.append(
                        services.do_create_task(plan, actor=actor, **fields)
                    )
                except ValidationError as exc:
                    result.errors.extend(
                        (number, col, msg) for col, msg in placed(exc, FIELD_COLUMNS)
                    )
            if result.errors:
                raise _Rollback
            audit.record(
                actor=actor,
                verb="plan.tasks_imported",
                target=plan,
                changes={"tasks": [None, len(result.created)]},
                reason=getattr(upload, "name", ""),
            )
    except _Rollback:
        result.created = []
    return result


class _Rollback(Exception):
    """Raised inside the import transaction to undo every row when one fails."""
