"""The annual rule-of-law plan, its tasks and progress, and the principal leader's duty log."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Department


class Plan(models.Model):
    """The office's annual rule-of-law plan (年度法治政府建设工作计划) and its deployment."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    # The 年初部署会 that deployed the plan.
    meeting_date = models.DateField(_("deployment meeting date"), null=True, blank=True)
    meeting_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("meeting chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])


class Category(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership and organisation")
    ADMINISTRATION = "administration", _("Law-based administration and decisions")
    COUNSEL = "counsel", _("Legal counsel")
    STUDY = "study", _("Law study")
    OUTREACH = "outreach", _("Legal education")
    DISCLOSURE = "disclosure", _("Information disclosure")
    DEMANDS = "demands", _("Citizen demands")
    OTHER = "other", _("Other")


class Task(models.Model):
    """One task of the annual plan, with its lead department, owner and leader in charge."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="tasks"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="plan_tasks",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_tasks",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    # When the due date was given as "N working days after X", both are kept so the date
    # can be recomputed when the official calendar for that year arrives.
    due_base_date = models.DateField(_("counted from"), null=True, blank=True)
    due_working_days = models.PositiveIntegerField(
        _("working days"),
        null=True,
        blank=True,
        # Ten years of working days is more than any plan needs; a larger number is a
        # typing error, and would make the calendar count for seconds.
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        permissions = [("record_progress", _("Can record progress on a task"))]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="task_number_in_plan"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="task_progress_at_most_100"
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status", "due_date"]),
            models.Index(fields=["department", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            # The unfiltered list is ordered by due date.
            models.Index(fields=["due_date"]),
            # A person's open tasks by due date (the dashboard's "mine"), read per status.
            models.Index(fields=["owner", "status", "due_date"]),
            models.Index(fields=["leader", "status", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


def due_is_provisional(
    due_date: dt.date, base_date: dt.date | None, working_days: int | None, years
) -> bool:
    """A due date counted in working days across a year whose official holidays are not
    known yet (`years`: calendar.official_years()). A date typed by hand never is."""
    if working_days is None or base_date is None:
        return False
    first, last = sorted((base_date.year, due_date.year))
    return any(year not in years for year in range(first, last + 1))


class ProgressUpdate(models.Model):
    """A progress report on a task, with its evidence attached."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"))
    note = models.TextField(_("progress"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.task} {self.date} {self.progress}%"


class DutyLog(models.Model):
    """An act of the principal leader as 第一责任人: 亲自部署 / 过问 / 协调 / 督办."""

    class Kind(models.TextChoices):
        DEPLOY = "deploy", _("Deployed in person")
        ASK = "ask", _("Enquired in person")
        COORDINATE = "coordinate", _("Coordinated in person")
        SUPERVISE = "supervise", _("Supervised in person")

    date = models.DateField(_("date"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="duty_logs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    matter = models.CharField(_("matter"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    task = models.ForeignKey(
        Task,
        verbose_name=_("related task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duty_logs",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("leader duty record")
        verbose_name_plural = _("leader duty log")
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.matter}"
