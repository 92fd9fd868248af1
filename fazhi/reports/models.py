"""The annual rule-of-law report (法治政府建设年度报告, 督察工作规定 art. 24): its drafts as
numbered versions, each keeping the figures it was written with, and the leader's approval,
which freezes one version — its text and its figures — for the file and the portal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # The paragraphs staff write, by slot (see draft.SLOTS); the figures are not here.
    texts = models.JSONField(default=dict, blank=True)
    approved_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("approved version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual rule-of-law report")
        verbose_name_plural = _("annual rule-of-law reports")
        permissions = [
            ("approve_report", _("Approve the annual report")),
            ("publish_report", _("Publish the annual report")),
            ("view_dashboard", _("See the leaders' dashboard")),
        ]

    def __str__(self) -> str:
        return f"{self.year}年法治政府建设年度报告"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.year])


class ReportVersion(models.Model):
    """One saved draft: the staff's paragraphs, the document as generated (blocks of text
    and figure references) and every figure with the records it counted then."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    texts = models.JSONField(default=dict)
    blocks = models.JSONField(default=list)
    figures = models.JSONField(default=dict)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="reports_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
