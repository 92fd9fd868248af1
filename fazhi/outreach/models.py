"""Public legal education (普法宣传): key dates, the year's campaigns and the activities."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class KeyDate(models.Model):
    """A date that comes back every year (4.15, 12.4, 宪法宣传周 12.1–12.7, 民法典宣传月)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("until month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    end_day = models.PositiveSmallIntegerField(
        _("until day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    remind_days = models.PositiveSmallIntegerField(_("remind days before"), default=7)

    class Meta:
        ordering = ["month", "day"]
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")

    def __str__(self) -> str:
        return self.name

    def occurrence(self, year: int) -> tuple[dt.date, dt.date]:
        """This year's first and last day (a 29 February falls back to the 28th)."""

        def clamp(month: int, day: int) -> dt.date:
            return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))

        start = clamp(self.month, self.day)
        end = (
            clamp(self.end_month, self.end_day)
            if self.end_month and self.end_day
            else start
        )
        return start, max(start, end)


class Campaign(models.Model):
    """One campaign of the year's legal-education plan, often tied to a key date."""

    year = models.PositiveIntegerField(_("year"), db_index=True)
    name = models.CharField(_("campaign"), max_length=200)
    key_date = models.ForeignKey(
        KeyDate,
        verbose_name=_("key date"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["year", "planned_for", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    BOARD = "board", _("Notice board")
    WECHAT = "wechat", _("WeChat")
    WEIBO = "weibo", _("Weibo")
    APP = "app", _("News app")
    ONSITE = "onsite", _("On site")


class Activity(models.Model):
    """A legal-education activity held: where, with whom, for how many, with what."""

    theme = models.CharField(_("theme"), max_length=200)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200)
    partners = models.CharField(_("partner organisations"), max_length=300, blank=True)
    audience = models.PositiveIntegerField(_("people reached"), default=0)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    news_links = models.TextField(_("news links"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("legal-education activity")
        verbose_name_plural = _("legal-education activities")

    def __str__(self) -> str:
        return f"{self.date} {self.theme}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:activity_detail", args=[self.pk])

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]


class Material(models.Model):
    """Material handed out at an activity (民法典图解手册 × 200)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="materials"
    )
    item = models.CharField(_("item"), max_length=100)
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"
