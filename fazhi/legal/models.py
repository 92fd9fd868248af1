"""Legal counsel (法律顾问) engaged by the office, and the legality reviews (合法性审查)
they give: who asked, what, by when in working days, the opinion and what the
department did with it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Counsel(models.Model):
    """One engagement of an outside lawyer (聘任法律顾问): firm, lawyer, contract period.
    A renewal is a new engagement, so each year's contract stays on record."""

    firm = models.CharField(_("law firm"), max_length=200)
    name = models.CharField(_("lawyer"), max_length=50)
    licence_no = models.CharField(_("licence number"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    scope = models.TextField(_("scope of service"), blank=True)
    contract_start = models.DateField(_("contract from"))
    contract_end = models.DateField(_("contract to"))
    filed_on = models.DateField(_("filed for the record on"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        help_text=_("The account the lawyer signs in with to read and answer reviews."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contract_end", "name"]
        verbose_name = _("counsel engagement")
        verbose_name_plural = _("counsel engagements")

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"

    def get_absolute_url(self) -> str:
        return reverse("legal:counsel_edit", args=[self.pk])

    def in_force(self, day) -> bool:
        return self.contract_start <= day <= self.contract_end


class Review(models.Model):
    """A request for a legality review and its answer."""

    class Kind(models.TextChoices):
        MAJOR_DECISION = "major_decision", _("Draft major administrative decision")
        NORMATIVE = "normative", _("Normative document")
        CONTRACT = "contract", _("Contract")
        BIDDING = "bidding", _("Bidding document")
        INCENTIVE = "incentive", _("Investment incentive agreement")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting opinion")
        OPINION = "opinion", _("Opinion given")
        CLOSED = "closed", _("Response recorded")

    class Outcome(models.TextChoices):
        LAWFUL = "lawful", _("Lawful")
        UNLAWFUL = "unlawful", _("Unlawful")
        AMEND = "amend", _("Should be amended")

    class Response(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what is to be reviewed"), blank=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("submitting department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received on"), db_index=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days for the review"),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    short_reason = models.TextField(_("reason for a shorter review time"), blank=True)
    due_date = models.DateField(_("opinion due"), db_index=True)
    due_provisional = models.BooleanField(default=False)
    counsel = models.ForeignKey(
        Counsel,
        verbose_name=_("counsel"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    matter = models.ForeignKey(
        "decisions.Matter",
        verbose_name=_("matter it gates"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text=_(
            "The 三重一大 matter or major decision this review clears for a meeting."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, blank=True
    )
    opinion = models.TextField(_("opinion"), blank=True)
    opinion_on = models.DateField(_("opinion given on"), null=True, blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    response = models.CharField(
        _("department's response"), max_length=12, choices=Response.choices, blank=True
    )
    response_reason = models.TextField(_("reason"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("legality review")
        verbose_name_plural = _("legality reviews")
        permissions = [("give_opinion", _("Can give the opinion on a review"))]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["counsel", "status"]),
            # The annual report counts the year's opinions by their date.
            models.Index(fields=["opinion_on", "kind"], name="legal_opinion_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("legal:review_detail", args=[self.pk])
