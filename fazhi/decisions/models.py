"""Major matters decided collectively (三重一大) and major administrative decisions
(重大行政决策, 国务院令第713号): the register, the statutory procedure as data, and the
meetings that decide them, with quorum and per-item votes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Matter(models.Model):
    class Category(models.TextChoices):
        DECISION = "decision", _("Major decision")
        PERSONNEL = "personnel", _("Appointment or removal of cadres")
        PROJECT = "project", _("Major project")
        FUNDS = "funds", _("Use of a large amount of funds")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ON_AGENDA = "on_agenda", _("On a meeting agenda")
        DECIDED = "decided", _("Decided")
        REJECTED = "rejected", _("Not passed")
        ADJUSTED = "adjusted", _("Adjusted")
        SUSPENDED = "suspended", _("Suspended")
        STOPPED = "stopped", _("Stopped")

    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    major_decision = models.BooleanField(
        _("major administrative decision (713号)"),
        default=False,
        help_text=_("Follows the statutory procedure of 重大行政决策程序暂行条例."),
    )
    subject = models.CharField(
        _("subject"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 招商引资, 财政资金, 工程项目"),
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("sponsoring department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    market_actors = models.BooleanField(
        _("involves market actors' economic activity"),
        default=False,
        help_text=_(
            "Such a draft goes to the meeting with its fair competition review."
        ),
    )
    fair_competition_on = models.DateField(
        _("fair competition review done on"), null=True, blank=True
    )
    fair_competition_conclusion = models.TextField(
        _("fair competition review conclusion"), blank=True
    )
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    decision = models.TextField(_("decision"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_where = models.CharField(_("published in"), max_length=200, blank=True)
    on_portal = models.BooleanField(
        _("published on the portal"),
        default=False,
        help_text=_("Shown to the public on the office's portal."),
    )
    opinions_explanation = models.TextField(
        _("how public and expert opinions were used"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-pk"]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        indexes = [
            models.Index(fields=["registered_on"]),
            models.Index(fields=["category", "registered_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:matter_detail", args=[self.pk])

    @property
    def large_amount(self) -> bool:
        return self.amount is not None and self.amount >= settings.FAZHI_LARGE_AMOUNT


class Stage(models.Model):
    """One stage of a major administrative decision's procedure (713号), in order."""

    class Code(models.TextChoices):
        START = "start", _("Initiation (art. 10–11)")
        DRAFT = "draft", _("Drafting (art. 12–13)")
        PUBLIC = "public", _("Public participation (art. 14–18)")
        EXPERTS = "experts", _("Expert argument (art. 19–21)")
        RISK = "risk", _("Risk assessment (art. 22–24)")
        LEGALITY = "legality", _("Legality review (art. 25–28)")
        COLLECTIVE = "collective", _("Collective discussion and decision (art. 29–30)")
        REPORT = "report", _("Report to the Party committee (art. 31)")
        PUBLISH = "publish", _("Publication (art. 32)")
        ARCHIVE = "archive", _("Archiving (art. 33)")
        EXECUTE = "execute", _("Implementation (art. 34–35)")
        EVALUATE = "evaluate", _("Post-decision evaluation (art. 36)")
        ADJUST = "adjust", _("Adjustment or suspension (art. 37)")

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="stages")
    code = models.CharField(_("stage"), max_length=12, choices=Code.choices)
    order = models.PositiveSmallIntegerField()
    required = models.BooleanField(_("required"), default=True)
    skipped_reason = models.TextField(_("reason it is not needed"), blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    people = models.CharField(_("who"), max_length=200, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # Public participation: the comment period and a hearing.
    comment_opens = models.DateField(_("public comment opens"), null=True, blank=True)
    comment_closes = models.DateField(_("public comment closes"), null=True, blank=True)
    short_period_reason = models.TextField(
        _("reason for a comment period under 30 days"), blank=True
    )
    hearing_on = models.DateField(_("hearing held on"), null=True, blank=True)
    hearing_materials_sent_on = models.DateField(
        _("hearing materials sent on"), null=True, blank=True
    )

    class Meta:
        ordering = ["matter", "order"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["matter", "code"], name="stage_once")
        ]

    def __str__(self) -> str:
        return f"{self.matter} · {self.get_code_display()}"

    @property
    def done(self) -> bool:
        return self.completed_on is not None or not self.required


class Meeting(models.Model):
    """A 党组会 or 主任办公会: who was due, who came, the items fixed in advance."""

    class Kind(models.TextChoices):
        PARTY_GROUP = "party_group", _("Party group meeting")
        OFFICE = "office", _("Director's office meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("session"), max_length=50, blank=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    members_due = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members due to attend"),
        related_name="meetings_due",
    )
    present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members present"),
        related_name="meetings_attended",
        blank=True,
    )
    sitting_in = models.CharField(_("sitting in"), max_length=300, blank=True)
    recorder = models.CharField(_("minutes taken by"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting_detail", args=[self.pk])


class AgendaItem(models.Model):
    class Method(models.TextChoices):
        ORAL = "oral", _("Oral")
        HANDS = "hands", _("Show of hands")
        SECRET = "secret", _("Secret ballot")
        NAMED = "named", _("Named ballot")

    class Result(models.TextChoices):
        PENDING = "", _("Not voted")
        PASSED = "passed", pgettext_lazy("vote", "Passed")
        FAILED = "failed", _("Not passed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField()
    method = models.CharField(
        _("voting method"), max_length=8, choices=Method.choices, blank=True
    )
    recused = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recused"),
        related_name="+",
        blank=True,
    )
    result = models.CharField(
        _("result"), max_length=8, choices=Result.choices, blank=True
    )
    yes = models.PositiveSmallIntegerField(_("for"), default=0)
    no = models.PositiveSmallIntegerField(_("against"), default=0)
    abstain = models.PositiveSmallIntegerField(_("abstaining"), default=0)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "matter"], name="item_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.matter}"


class Opinion(models.Model):
    """One member's stated view on an item, in the order spoken (the chair last)."""

    class Position(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="opinions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decision_opinions",
    )
    position = models.CharField(_("position"), max_length=8, choices=Position.choices)
    remark = models.TextField(_("stated opinion"), blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="opinion_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_position_display()}"


class Progress(models.Model):
    """What the executing department reports after the decision (713号 art. 34–35), and
    any adjustment, suspension or stop with its reason (art. 37)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        MILESTONE = "milestone", _("Milestone reached")
        PROBLEM = "problem", _("Problem")
        EVALUATION = "evaluation", _("Post-decision evaluation")
        ADJUSTED = "adjusted", _("Adjusted")
        SUSPENDED = "suspended", _("Suspended")
        STOPPED = "stopped", _("Stopped")

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="progress"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("what happened"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matter", "date", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.matter} {self.date} {self.get_kind_display()}"


class Catalogue(models.Model):
    """The year's catalogue of major administrative decisions (决策事项目录, 713号 art. 3):
    made by the office, agreed by the Party committee at its level, then published."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    approved_on = models.DateField(
        _("agreed by the Party committee on"), null=True, blank=True
    )
    approval_ref = models.CharField(
        _("reference of the agreement"), max_length=100, blank=True
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_where = models.CharField(_("published in"), max_length=200, blank=True)
    on_portal = models.BooleanField(_("published on the portal"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("decision catalogue")
        verbose_name_plural = _("decision catalogues")

    def __str__(self) -> str:
        return f"{self.year}年重大行政决策事项目录"

    def get_absolute_url(self) -> str:
        return reverse("decisions:catalogue") + f"?year={self.year}"


class CatalogueItem(models.Model):
    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("decision"), max_length=200)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("sponsoring department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    planned_quarter = models.PositiveSmallIntegerField(
        _("planned for quarter"), null=True, blank=True
    )
    added_reason = models.CharField(
        _("reason for adding after publication"), max_length=300, blank=True
    )
    matter = models.OneToOneField(
        Matter,
        verbose_name=_("matter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_item",
    )

    class Meta:
        ordering = ["catalogue", "order"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")

    def __str__(self) -> str:
        return self.title
