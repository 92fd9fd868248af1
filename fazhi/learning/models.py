"""Law study (学法用法): the catalogue of laws, study sessions and who attended them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Law(models.Model):
    """A law, regulation or document the office studies (宪法, 民法典, 天津市行政调解规定 …)."""

    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", _("Constitution")
        LAW = "law", _("Law")
        REGULATION = "regulation", _("Administrative regulation")
        LOCAL = "local", _("Local regulation or rule")
        PARTY = "party", _("Party regulation or document")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("law")
        verbose_name_plural = _("laws")

    def __str__(self) -> str:
        return self.name


class StudySession(models.Model):
    """One occasion of law study: a centre-group study, a lecture, a trial observation …"""

    class Kind(models.TextChoices):
        CENTRE_GROUP = "centre_group", _("Party group centre-group study")
        LECTURE = "lecture", _("Lecture")
        COLLECTIVE = "collective", _("Collective study")
        TRIAL = "trial", _("Court-trial observation")
        SELF = "self", _("Self-study")
        OTHER = "other", _("Other")

    class Speaker(models.TextChoices):
        INTERNAL = "internal", _("Own staff")
        PARTY_SCHOOL = "party_school", _("Party-school teacher")
        LAWYER = "lawyer", _("Lawyer")
        OTHER = "other", _("Other")

    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(Decimal("24")),
        ],
    )
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    speaker_kind = models.CharField(
        _("speaker is"), max_length=20, choices=Speaker.choices, blank=True
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    laws = models.ManyToManyField(Law, verbose_name=_("laws studied"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("learning:session_detail", args=[self.pk])


class Attendance(models.Model):
    """Whether one person attended a session (sign-in list), and why not if absent."""

    session = models.ForeignKey(
        StudySession, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="study_attendance",
    )
    attended = models.BooleanField(_("attended"))
    absence_reason = models.CharField(
        _("reason for absence"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["session", "person"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="attendance_once"
            )
        ]
        indexes = [models.Index(fields=["person", "attended"])]

    def __str__(self) -> str:
        return f"{self.person} {self.session}"


# --- Exams (学法考试) -------------------------------------------------------------------

TRUE_FALSE_OPTIONS = ["正确", "错误"]
LETTERS = "ABCDEFGH"


class Question(models.Model):
    """One question of the bank, with the law and article it tests.

    Options are lettered A, B, C … in the order stored; `answer` holds the letters of
    the correct options ("B", "ACD"). A true-or-false question has the options 正确 and
    错误, so its answer is "A" (true) or "B" (false).
    """

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list, blank=True)
    answer = models.CharField(_("correct answer"), max_length=8)
    law = models.ForeignKey(
        Law, verbose_name=_("law"), on_delete=models.PROTECT, related_name="questions"
    )
    article = models.CharField(_("article"), max_length=100)
    explanation = models.TextField(_("explanation"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["law__order", "kind", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["kind", "law", "active"])]

    def __str__(self) -> str:
        return self.text[:40]

    def get_absolute_url(self) -> str:
        return reverse("learning:question_edit", args=[self.pk])

    def lettered(self) -> list[tuple[str, str]]:
        return list(zip(LETTERS, self.options, strict=False))

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.TRUE_FALSE:
            self.options = list(TRUE_FALSE_OPTIONS)
        options = [str(o).strip() for o in self.options or []]
        self.options = options
        self.answer = "".join(sorted(set((self.answer or "").upper().replace(",", ""))))
        if self.kind != self.Kind.TRUE_FALSE:
            if len(options) < 2 or len(options) > len(LETTERS):
                raise ValidationError({"options": _("Give between 2 and 8 options.")})
            if any(not o for o in options):
                raise ValidationError({"options": _("An option is empty.")})
            if len(set(options)) != len(options):
                raise ValidationError({"options": _("Two options are the same.")})
        valid = LETTERS[: len(options)]
        if not self.answer:
            raise ValidationError(
                {"answer": _("Mark the correct option: a question needs one.")}
            )
        if any(letter not in valid for letter in self.answer):
            raise ValidationError(
                {
                    "answer": _(
                        "The answer names an option that does not exist: %(a)s."
                    )
                    % {"a": self.answer}
                }
            )
        if (
            self.kind in (self.Kind.SINGLE, self.Kind.TRUE_FALSE)
            and len(self.answer) != 1
        ):
            raise ValidationError(
                {
                    "answer": _(
                        "A single-choice question has exactly one correct option."
                    )
                }
            )
        if self.kind == self.Kind.MULTIPLE and len(self.answer) < 2:
            raise ValidationError(
                {
                    "answer": _(
                        "A multiple-choice question has at least two correct options."
                    )
                }
            )


class Exam(models.Model):
    """An online exam: its window, time allowed, and the rule its papers are drawn by.

    `rules` is a list of {"kind", "law" (a law's id or null for any), "count", "points"};
    a paper takes `count` questions of that type (and law) at `points` each. A fixed exam
    draws one paper for everyone when published; a random exam draws each person's
    paper when they start.
    """

    class Mode(models.TextChoices):
        FIXED = "fixed", _("The same paper for everyone")
        RANDOM = "random", _("A paper drawn for each person")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    minutes = models.PositiveSmallIntegerField(
        _("time allowed (minutes)"),
        validators=[MinValueValidator(5), MaxValueValidator(300)],
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    mode = models.CharField(_("paper"), max_length=10, choices=Mode.choices)
    rules = models.JSONField(_("drawing rule"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    candidates = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("candidates"), related_name="exams"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:exam_detail", args=[self.pk])

    @property
    def total_points(self) -> Decimal:
        return sum(
            (Decimal(str(r["points"])) * int(r["count"]) for r in self.rules),
            Decimal(0),
        )

    @property
    def question_count(self) -> int:
        return sum(int(r["count"]) for r in self.rules)


class ExamQuestion(models.Model):
    """The one paper of a fixed exam."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="paper")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    points = models.DecimalField(max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["exam", "order"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "order"], name="paper_order_once")
        ]

    def __str__(self) -> str:
        return f"{self.exam} #{self.order}"


class Attempt(models.Model):
    """One person's sitting of an exam: at most one per person and exam."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="exam_attempts",
    )
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    auto_submitted = models.BooleanField(
        _("submitted when time ran out"), default=False
    )
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    total = models.DecimalField(_("full marks"), max_digits=6, decimal_places=1)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering = ["exam", "person"]
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        constraints = [
            models.UniqueConstraint(fields=["exam", "person"], name="attempt_once")
        ]
        indexes = [models.Index(fields=["person", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.person} {self.exam}"

    def get_absolute_url(self) -> str:
        return reverse("learning:attempt", args=[self.pk])

    @property
    def percent(self) -> int | None:
        if self.score is None or not self.total:
            return None
        return round(100 * self.score / self.total)


class Answer(models.Model):
    """One question of a person's paper, and what they answered."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    points = models.DecimalField(max_digits=4, decimal_places=1)
    response = models.CharField(max_length=8, blank=True)
    correct = models.BooleanField(null=True)

    class Meta:
        ordering = ["attempt", "order"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "order"], name="answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt} #{self.order}"


class ExternalResult(models.Model):
    """A result of an exam held elsewhere (the city's 网上学法用法考试), imported."""

    exam_name = models.CharField(_("exam"), max_length=200)
    taken_on = models.DateField(_("date"), db_index=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="external_exam_results",
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("passed"))
    source = models.CharField(_("imported from"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "person"]
        verbose_name = _("external exam result")
        verbose_name_plural = _("external exam results")
        constraints = [
            models.UniqueConstraint(
                fields=["exam_name", "person"], name="external_result_once"
            )
        ]
        indexes = [models.Index(fields=["person", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.person} {self.exam_name} {self.score}"
