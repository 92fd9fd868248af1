"""Core records: people, departments, the audit trail, the calendar and attachments."""

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The five roles of DESIGN §1; each is a Django group of this (Chinese) name."""

    ADMIN = "系统管理员", _("System administrator")
    LEGAL_OFFICER = "法治工作负责人", _("Legal-affairs officer")
    LEADER = "单位领导", _("Leader")
    COUNSEL = "法律顾问", _("Legal counsel")
    STAFF = "科室人员", _("Department staff")


class Department(models.Model):
    """A unit of the office (科室); departments form a tree under the office itself."""

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of the office's staff (or its outside legal counsel) who logs in."""

    name = models.CharField(_("full name"), max_length=50, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    title = models.CharField(_("post"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["department__order", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def has_role(self, *roles: str) -> bool:
        names = getattr(self, "_role_names", None)
        if names is None:
            names = set(self.groups.values_list("name", flat=True))
            self._role_names = names
        return bool(names.intersection(roles))


class AuditEntry(models.Model):
    """One state change or security event, in an append-only, hash-chained log."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # Never touched when a user goes: an UPDATE would break the append-only table
        # (and the hash chain). Users are deactivated, not deleted.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    # Kept as text too: the entry must still say who acted after a user is deleted.
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_repr}"


class HolidayNotice(models.Model):
    """The State Council's notice of next year's holidays, entered before the package has it."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    title = models.CharField(_("notice"), max_length=200)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday notice")
        verbose_name_plural = _("holiday notices")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class CalendarOverride(models.Model):
    """A day whose working status an administrator sets by hand (holiday or 调休 workday)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    notice = models.ForeignKey(
        HolidayNotice,
        verbose_name=_("holiday notice"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="days",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Attachment(models.Model):
    """A file attached to any record, kept with its SHA-256 so it can be proved unchanged."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(_("type"), max_length=10)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name


class LoginAttempt(models.Model):
    """One login attempt, kept to lock out guessing (per account and per IP)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, db_index=True)
    succeeded = models.BooleanField()
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A message to one member of staff: a deadline reminder, a request to act."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Identifies what the message is about, so a scheduled run never sends it twice.
    key = models.CharField(max_length=200)
    text = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="notification_once_per_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class DocumentTemplate(models.Model):
    """One version of an editable Word template (DESIGN §3.6): the office downloads the
    template, edits it in Word, and uploads it back. The newest row for a code is in use;
    a row without content means "back to the built-in template"."""

    code = models.CharField(_("template"), max_length=50, db_index=True)
    content = models.BinaryField(_("file"), null=True, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-pk"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return f"{self.code} {self.uploaded_at:%Y-%m-%d %H:%M}"


class Throttle(models.Model):
    """One use of a rate-limited public action (applying, tracking) from one address;
    kept in the database so every worker counts the same uses."""

    scope = models.CharField(max_length=30)
    ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "ip", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.ip} {self.at:%Y-%m-%d %H:%M}"


class Snapshot(models.Model):
    """Figures computed for a page and kept for a few minutes (the dashboard at a
    city's scale counts millions of rows): in the database, so every worker and every
    app server shares them (DESIGN §3.3: no in-process caches)."""

    key = models.CharField(max_length=200, unique=True)
    data = models.BinaryField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key
