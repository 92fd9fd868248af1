"""Government information disclosure (政府信息公开条例 2019): applications answered on the
working-day calendar, the proactive catalogue, and the annual report's entered figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """How an application ended: one row each of the annual report's section 三
    (国办公开办函〔2021〕30号), so each case is counted in exactly one row."""

    DISCLOSED = "1", _("Disclosed (art. 36(1)(2))")
    PARTIAL = "2", _("Partly disclosed (art. 37)")
    SECRET = "3.1", _("Withheld: state secret (art. 14)")
    PROHIBITED = "3.2", _("Withheld: prohibited by law (art. 14)")
    SECURITY = "3.3", _("Withheld: endangers security or stability (art. 14)")
    THIRD_PARTY = "3.4", _("Withheld: protects a third party (art. 15)")
    INTERNAL = "3.5", _("Withheld: internal affairs (art. 16 ¶1)")
    PROCESS = "3.6", _("Withheld: process information (art. 16 ¶2)")
    ENFORCEMENT = "3.7", _("Withheld: enforcement case file (art. 16 ¶2)")
    QUERY = "3.8", _("Withheld: an administrative query matter (art. 36(7))")
    NOT_HELD = "4.1", _("Cannot provide: not held by this office (art. 36(4)(5))")
    NEEDS_MAKING = "4.2", _("Cannot provide: would have to be made (art. 38)")
    UNCLEAR = "4.3", _("Cannot provide: still unclear after correction (art. 30)")
    PETITION = "5.1", _("Not handled: a petition or complaint (art. 39)")
    REPEAT = "5.2", _("Not handled: a repeated application (art. 36(6))")
    PUBLICATION = "5.3", _("Not handled: asks for a publication (art. 39)")
    EXCESSIVE = "5.4", _("Not handled: excessive repeated applications (art. 35)")
    CONFIRM = "5.5", _("Not handled: asks to confirm or re-issue information")
    NO_CORRECTION = "6.1", _("Other: not corrected in time (art. 30)")
    UNPAID = "6.2", _("Other: fee not paid in time (国办函〔2020〕109号)")
    OTHER = "6.3", _("Other")


class ApplicantType(models.TextChoices):
    """The seven columns of the annual report's section 三, less the total."""

    PERSON = "person", _("Natural person")
    BUSINESS = "business", _("Business")
    RESEARCH = "research", _("Research institution")
    NONPROFIT = "nonprofit", _("Public-interest organisation")
    LEGAL = "legal", _("Legal services provider")
    OTHER = "other", _("Other organisation")


class Application(models.Model):
    """One application for information, from registration to archive (art. 45)."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        POST_SIGNED = "post_signed", _("Post, signed for")
        LETTER = "letter", _("Ordinary letter")
        ONLINE = "online", _("Online")
        FAX = "fax", _("Fax")

    # Channels whose receipt date is the day both sides confirm it (art. 31).
    CONFIRMED_CHANNELS = (Channel.LETTER, Channel.ONLINE, Channel.FAX)

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        REVIEWING = "reviewing", _("Under review")
        HANDLING = "handling", _("Being handled")
        REPLIED = "replied", _("Replied")
        ARCHIVED = "archived", _("Archived")

    OPEN_STATUSES = (Status.REGISTERED, Status.REVIEWING, Status.HANDLING)

    class Form(models.TextChoices):
        PAPER = "paper", _("On paper")
        ELECTRONIC = "electronic", _("Electronic")
        INSPECT = "inspect", _("Inspect and copy")

    class Delivery(models.TextChoices):
        POST = "post", _("By post")
        EMAIL = "email", _("By e-mail")
        COLLECT = "collect", _("Collect in person")
        ONLINE = "online", _("Online")

    class FeeMethod(models.TextChoices):
        PER_ITEM = "item", _("Per item")
        PER_PAGE = "page", _("Per page")

    number = models.CharField(_("number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    applicant_type = models.CharField(
        _("applicant"), max_length=12, choices=ApplicantType.choices
    )
    name = models.CharField(_("name of the applicant"), max_length=100)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    id_type = models.CharField(_("identity document"), max_length=30)
    id_number = models.CharField(_("identity document number"), max_length=40)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    description = models.TextField(
        _("information requested"),
        help_text=_("The name, document number or a description that identifies it."),
    )
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("handling department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_on = models.DateField(
        _("submitted or arrived on"),
        help_text=_("Handed in, signed for, or arrived (letter, online, fax)."),
    )
    confirmed_on = models.DateField(_("receipt confirmed on"), null=True, blank=True)
    applicant_confirmed_on = models.DateField(
        _("confirmed by the applicant on"), null=True, blank=True
    )
    received_on = models.DateField(
        _("date of receipt"), null=True, blank=True, db_index=True
    )
    query_code_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    # 补正 (art. 30): asked once, within 7 working days of receipt.
    correction_requested_on = models.DateField(
        _("correction requested on"), null=True, blank=True
    )
    correction_items = models.TextField(_("what to correct"), blank=True)
    correction_due = models.DateField(_("correct by"), null=True, blank=True)
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    # Extension (art. 33 ¶2): approved by the head of the disclosure office.
    extension_days = models.PositiveSmallIntegerField(
        _("extension (working days)"), default=0
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extension approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    extension_approved_on = models.DateField(
        _("extension approved on"), null=True, blank=True
    )
    extension_notice_on = models.DateField(
        _("applicant told of the extension on"), null=True, blank=True
    )
    # The running deadline, kept current by the services for the lists.
    due_on = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(default=False)
    # The information-processing fee (国办函〔2020〕109号).
    fee_method = models.CharField(
        _("fee charged"), max_length=6, choices=FeeMethod.choices, blank=True
    )
    fee_units = models.PositiveIntegerField(_("items or pages"), default=0)
    fee_amount = models.DecimalField(
        _("fee (yuan)"), max_digits=10, decimal_places=2, default=0
    )
    fee_notice_on = models.DateField(_("fee notice sent on"), null=True, blank=True)
    fee_due_on = models.DateField(_("fee to be paid by"), null=True, blank=True)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    # The reply (arts. 36–39).
    outcome = models.CharField(
        _("result of the application"),
        max_length=4,
        choices=Outcome.choices,
        blank=True,
        db_index=True,
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    reply_text = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True, db_index=True)
    replied_late = models.BooleanField(default=False)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("application for information")
        verbose_name_plural = _("applications for information")
        permissions = [
            (
                "approve_extension",
                _("Can approve an extension (head of the disclosure office)"),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["replied_on", "outcome", "applicant_type"]),
            # The year's late replies (self-assessment, dashboard), from the index.
            models.Index(fields=["replied_on", "replied_late"], name="disclosure_late"),
            # The list's order, newest first, without sorting the whole table.
            models.Index(fields=["submitted_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:application_detail", args=[self.pk])

    @property
    def awaiting_correction(self) -> bool:
        return bool(self.correction_requested_on) and not self.corrected_on

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Consultation(models.Model):
    """A written consultation of a third party (art. 32) or a co-producer (art. 34); its
    time does not count against the reply deadline (art. 33 ¶3)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("Third party (art. 32)")
        CO_PRODUCER = "co_producer", _("Co-producing agency (art. 34)")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("consulted"), max_length=12, choices=Kind.choices)
    party = models.CharField(_("party consulted"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    replied_on = models.DateField(_("answered on"), null=True, blank=True)
    agrees = models.BooleanField(_("agrees to disclosure"), null=True)
    opinion = models.TextField(_("opinion"), blank=True)

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.party} {self.sent_on}"


def _empty_table2():
    return {
        "规章": [0, 0, 0],
        "行政规范性文件": [0, 0, 0],
        "行政许可": 0,
        "行政处罚": 0,
        "行政强制": 0,
        "行政事业性收费": "0",
    }


def _empty_table4():
    return {"行政复议": [0] * 5, "未经复议直接起诉": [0] * 5, "复议后起诉": [0] * 5}


class AnnualReport(models.Model):
    """The year's report (条例 art. 49–50) in the 2021 format: section 三 computed from the
    applications (frozen when published), sections 二 and 四 entered by staff, sections
    一, 五 and 六 written by staff."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    overview = models.TextField(_("一、overall situation"), blank=True)
    problems = models.TextField(_("五、main problems and improvements"), blank=True)
    other = models.TextField(_("六、other matters"), blank=True)
    table2 = models.JSONField(default=_empty_table2)
    table4 = models.JSONField(default=_empty_table4)
    table3 = models.JSONField(null=True, blank=True)  # frozen at publication
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual disclosure report")
        verbose_name_plural = _("annual disclosure reports")

    def __str__(self) -> str:
        return f"{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:report", args=[self.year])


class Item(models.Model):
    """One entry of the proactive-disclosure catalogue (主动公开目录, art. 12): the four
    statutory fields, its category, the 20-working-day publication deadline (art. 26) and
    the confidentiality review before publication (保密审查, art. 17)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Awaiting the confidentiality review")
        CLEARED = "cleared", _("Cleared for publication")
        HELD = "held", _("Not to be published")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    index_no = models.CharField(_("index number"), max_length=40, unique=True)
    title = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary of contents"))
    formed_on = models.DateField(
        _("formed or changed on"),
        help_text=_("The day the information was made or last changed (art. 26)."),
    )
    category = models.CharField(_("category"), max_length=40)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("text"), blank=True)
    due_on = models.DateField(_("to be published by"), db_index=True)
    due_provisional = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_note = models.TextField(_("review conclusion"), blank=True)
    published_on = models.DateField(
        _("published on"), null=True, blank=True, db_index=True
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-formed_on", "-pk"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.index_no} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:item_detail", args=[self.pk])

    @property
    def late(self) -> bool:
        return bool(self.published_on and self.published_on > self.due_on)
