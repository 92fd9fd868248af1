from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.attachments import validate_upload
from fazhi.core.models import Department, Role, User

from .models import Category, DutyLog, Plan, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Evidence files: each checked for size and type before anything is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            validate_upload(upload)
        return cleaned


def people_choices():
    return User.objects.filter(is_active=True).select_related("department")


def leader_choices():
    return User.objects.filter(is_active=True, groups__name=Role.LEADER).distinct()


class PlanForm(forms.ModelForm):
    meeting_attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=people_choices(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Plan
        fields = ["year", "title", "summary", "meeting_date", "meeting_chair"]
        widgets = {
            "meeting_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_chair"].queryset = leader_choices()
        if self.instance.pk:
            self.fields[
                "meeting_attendees"
            ].initial = self.instance.meeting_attendees.all()


class TaskForm(forms.ModelForm):
    """A task; the due date is either a date or "N working days after a date"."""

    DUE_DATE, DUE_WORKING_DAYS = "date", "working_days"
    due_mode = forms.ChoiceField(
        label=_("Due date given as"),
        choices=[
            (DUE_DATE, _("a date")),
            (DUE_WORKING_DAYS, _("working days after a date")),
        ],
        initial=DUE_DATE,
        widget=forms.RadioSelect,
    )
    # The task's updated_at when the form was opened: an edit of a task changed since
    # then is refused instead of silently overwriting the other change.
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    field_order = [
        "title",
        "content",
        "category",
        "department",
        "owner",
        "leader",
        "start_date",
        "due_mode",
        "due_date",
        "due_base_date",
        "due_working_days",
        "status",
        "reason",
    ]
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.TextInput(),
    )

    class Meta:
        model = Task
        fields = [
            "title",
            "content",
            "category",
            "department",
            "owner",
            "leader",
            "start_date",
            "due_date",
            "due_base_date",
            "due_working_days",
            "status",
        ]
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "due_base_date": DateInput(),
            "content": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()
        self.fields["owner"].queryset = people_choices()
        self.fields["leader"].queryset = leader_choices()
        self.fields["due_date"].required = False
        if self.instance.pk and self.instance.due_working_days is not None:
            self.fields["due_mode"].initial = self.DUE_WORKING_DAYS
        if not self.instance.pk:
            del self.fields["status"]
            del self.fields["reason"]
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        data = super().clean()
        if (
            self.instance.pk
            and data.get("version") != self.instance.updated_at.isoformat()
        ):
            raise ValidationError(
                _(
                    "Someone else changed this task while you were editing it. Reload "
                    "the page to see their change, then make yours again."
                )
            )
        if data.get("due_mode") == self.DUE_WORKING_DAYS:
            if (
                data.get("due_base_date") is None
                or data.get("due_working_days") is None
            ):
                raise ValidationError(
                    _("Give the date to count from and the number of working days.")
                )
            data["due_date"] = None
        else:
            if data.get("due_date") is None:
                self.add_error("due_date", _("Give the due date."))
            data["due_base_date"] = data["due_working_days"] = None
        return data

    def service_fields(self) -> dict:
        """What the service should set: everything for a new task; for an edit only the
        fields the user changed, so an edit never writes back stale values."""
        due_keys = ("due_date", "due_base_date", "due_working_days")
        data = self.cleaned_data
        fields = {
            k: v for k, v in data.items() if k not in ("due_mode", "reason", "version")
        }
        if self.instance.pk:
            changed = set(self.changed_data)
            fields = {
                k: v for k, v in fields.items() if k in changed and k not in due_keys
            }
            if changed & {"due_mode", *due_keys}:
                fields |= {k: data[k] for k in due_keys}
        if fields.get("due_date") is None:
            fields.pop("due_date", None)
        return fields


class ProgressForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=DateInput(), initial=timezone.localdate
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(label=_("Evidence files"))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("Progress cannot be recorded for a future date."))
        return date


class DutyLogForm(forms.ModelForm):
    class Meta:
        model = DutyLog
        fields = ["date", "leader", "kind", "matter", "detail", "task"]
        widgets = {"date": DateInput(), "detail": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leader_choices()
        self.fields["task"].queryset = (
            tasks if tasks is not None else Task.objects.none()
        )


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=2000, max_value=2100
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + Task.Status.choices,
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.all(),
        empty_label=_("All"),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All"))] + Category.choices
    )
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("All")), ("overdue", _("Overdue")), ("soon", _("Due soon"))],
    )
    mine = forms.BooleanField(label=_("Mine only"), required=False)


class PlanDocumentsForm(forms.Form):
    files = MultipleFileField(label=_("Documents"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose an .xlsx file saved from Excel or WPS."))
        validate_upload(upload)
        return upload
