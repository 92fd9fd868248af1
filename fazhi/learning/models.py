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
