"""Citizen demands (诉求办理): tickets from the 12345 hotline, 政民零距离, the portal, letters,
visits and phone notes; their routing, time limits, replies and callbacks (国办发〔2020〕53号:
受理、派单、办理、回复、回访、评价), and what the Open311 API and the import need."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A node of the office's category tree (the 派单目录); its code is the Open311
    service_code and its department the default responsible body."""

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    # Working days to reply; None: the setting for the ticket's kind.
    reply_days = models.PositiveSmallIntegerField(
        _("reply within (working days)"), null=True, blank=True
    )
    # Open311 attribute definitions (GeoReport v2 service definition), a list of dicts.
    attributes = models.JSONField(_("extra fields"), default=list, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> str:
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))


class Ticket(models.Model):
    class Channel(models.TextChoices):
        HOTLINE = "12345", _("12345 hotline")
        ZMLJ = "zmlj", _("政民零距离")
        PORTAL = "portal", _("Portal message")
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone note")
        OPEN311 = "open311", _("Open311 client")

    class Kind(models.TextChoices):
        CONSULT = "consult", _("Enquiry")
        HELP = "help", _("Request for help")
        COMPLAINT = "complaint", _("Complaint")
        SUGGESTION = "suggestion", _("Suggestion")
        REPORT = "report", _("Report of wrongdoing")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        NEW = "new", _("To assign")
        ASSIGNED = "assigned", _("To sign for")
        HANDLING = "handling", _("Being handled")
        REPLIED = "replied", _("Replied, callback due")
        CLOSED = "closed", _("Closed")
        RETURNED = "returned", _("Returned to the dispatcher")

    OPEN_STATUSES = (Status.NEW, Status.ASSIGNED, Status.HANDLING)

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    class Request(models.TextChoices):
        RETURN = "return", _("Return to the dispatcher")
        EXTEND = "extend", _("Extension")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    external_no = models.CharField(_("number"), max_length=40)
    received_at = models.DateTimeField(_("received"))
    # YYYYMM of received_at (local time), for the KPI page's per-month figures.
    month = models.PositiveIntegerField(_("month"), db_index=True)
    citizen_name = models.CharField(_("citizen"), max_length=50, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=30, blank=True)
    citizen_id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    citizen_email = models.CharField(_("e-mail"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.CONSULT
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    area = models.CharField(_("area"), max_length=100, blank=True)
    lat = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    lng = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    likes = models.PositiveIntegerField(_("likes"), default=0)
    attributes = models.JSONField(_("extra fields"), default=dict, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,  # hotline_dept_month leads with it (migration 0008)
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    assigned_by_rule = models.ForeignKey(
        "RoutingRule",
        verbose_name=_("routing rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sign_due_at = models.DateTimeField(_("sign for by"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed for"), null=True, blank=True)
    signed_in_time = models.BooleanField(_("signed for in time"), null=True)
    reply_due_at = models.DateTimeField(
        _("reply by"), null=True, blank=True, db_index=True
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_in_time = models.BooleanField(_("replied in time"), null=True)
    reply = models.TextField(_("reply"), blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension"), default=0)
    pending = models.CharField(
        _("awaiting approval"), max_length=8, choices=Request.choices, blank=True
    )
    pending_reason = models.TextField(_("reason"), blank=True)
    pending_days = models.PositiveSmallIntegerField(null=True, blank=True)
    pending_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    solved = models.BooleanField(_("solved"), null=True)
    reopened = models.PositiveSmallIntegerField(_("reopened"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    topic = models.ForeignKey(
        "HotTopic",
        verbose_name=_("hot topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    related = models.ManyToManyField(
        "self", blank=True, verbose_name=_("related tickets")
    )
    # Space-separated distinct character bigrams of title and content: the search index
    # (two-character words are the common query; trigram indexes miss them).
    grams = models.TextField(blank=True, editable=False)
    # sha256 of the imported fields: a re-import with the same number but other content
    # is refused, the same content skipped.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    query_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    token = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    on_portal = models.BooleanField(_("published on the portal"), default=False)
    client = models.ForeignKey(
        "ApiClient",
        verbose_name=_("Open311 client"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    batch = models.ForeignKey(
        "ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("approve_request", _("Approve returns and extensions")),
            ("view_personal_data", _("See citizens' personal data")),
            ("import_tickets", _("Import platform exports")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_no"], name="hotline_ticket_number"
            )
        ]
        indexes = [
            models.Index(fields=["status", "reply_due_at"], name="hotline_open_due"),
            # A department's months; also its tickets, in place of the foreign key's
            # own index. PostgreSQL also has hotline_dept_status (department,
            # status), made there only by migration 0008: see its note.
            models.Index(fields=["department", "month"], name="hotline_dept_month"),
            # The list's order, newest first, with the columns its filters and a
            # department's scope test: a walk down it reads a ticket's (wide) row only
            # when the ticket passes them (SQLite defers the row's look-up, PostgreSQL
            # tests them as index conditions).
            models.Index(
                fields=[
                    "received_at",
                    "id",
                    "department",
                    "status",
                    "kind",
                    "channel",
                    "category",
                ],
                name="hotline_received",
            ),
            # The annual report and the dashboard: a year's tickets by channel and
            # by hot topic, read from the index alone.
            models.Index(fields=["channel", "month"], name="hotline_channel_month"),
            models.Index(fields=["topic", "month"], name="hotline_topic_month"),
            # The few tickets whose return or extension awaits a leader, among a
            # city's hundreds of thousands of open ones.
            models.Index(
                fields=["pending"],
                condition=~models.Q(pending=""),
                name="hotline_pending",
            ),
            # Everything the KPI page counts, so a year's figures are read from the
            # index alone, without visiting the (wide) rows.
            models.Index(
                fields=[
                    "month",
                    "department",
                    "category",
                    "status",
                    "signed_in_time",
                    "replied_in_time",
                    "satisfaction",
                    "solved",
                    "reopened",
                    "signed_at",
                    "sign_due_at",
                    "replied_at",
                    "reply_due_at",
                ],
                name="hotline_kpi",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_no} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("hotline:ticket_detail", args=[self.pk])


class Reply(models.Model):
    """Each reply the citizen got; a reopened ticket has more than one."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("reply"))
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_time = models.BooleanField(_("in time"))

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.at:%Y-%m-%d %H:%M}"


class Callback(models.Model):
    """A callback (回访) after a reply: the citizen's satisfaction and whether it was solved."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="callbacks"
    )
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Ticket.Satisfaction.choices
    )
    solved = models.BooleanField(_("solved"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.get_satisfaction_display()}"


class RoutingRule(models.Model):
    """Assign by category and place: the first active rule that matches, in order."""

    order = models.PositiveIntegerField(_("order"), default=0)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category (and its sub-categories)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    place_contains = models.CharField(_("place contains"), max_length=100, blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), on_delete=models.CASCADE
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return (
            f"{self.category or '*'} / {self.place_contains or '*'} → {self.department}"
        )


class ReplyTemplate(models.Model):
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
    )
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["category__order", "pk"]

    def __str__(self) -> str:
        return self.title


class HotTopic(models.Model):
    """A group of tickets about the same place and problem, found by `hot.group`."""

    label = models.CharField(_("topic"), max_length=200)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("tickets"), default=0)
    likes = models.PositiveIntegerField(_("likes"), default=0)
    first_at = models.DateTimeField(_("first"), null=True)
    last_at = models.DateTimeField(_("latest"), null=True)
    score = models.FloatField(_("score"), default=0)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("hot topic")
        verbose_name_plural = _("hot topics")
        ordering = ["-score", "pk"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("hotline:topic_detail", args=[self.pk])


class PlatformMapping(models.Model):
    """Which column of a platform's export holds which field, saved per platform."""

    channel = models.CharField(
        _("platform"), max_length=10, choices=Ticket.Channel.choices, unique=True
    )
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column mapping")

    def __str__(self) -> str:
        return self.get_channel_display()


class ImportBatch(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")

    channel = models.CharField(
        _("platform"), max_length=10, choices=Ticket.Channel.choices
    )
    file_name = models.CharField(_("file"), max_length=255)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.RUNNING
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("new tickets"), default=0)
    unchanged = models.PositiveIntegerField(_("already there"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class ApiClient(models.Model):
    """An Open311 client with its own api_key, issued by an administrator; only the key's
    hash is kept."""

    name = models.CharField(_("client"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(_("key starts"), max_length=8)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self) -> str:
        return self.name
