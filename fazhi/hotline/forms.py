from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Department

from .models import Category, ReplyTemplate, Ticket

T = Ticket


class StepForm(forms.Form):
    """A step on one ticket's page: the view hands every step its ticket and user."""

    def __init__(self, *args, ticket=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket, self.user = ticket, user


def _departments():
    return Department.objects.order_by("order", "pk")


class TicketForm(forms.Form):
    """A ticket entered by hand: a phone note, a letter, a visit (or one a platform sent
    without an export)."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in T.Channel.choices if c[0] not in ("portal", "open311")],
    )
    external_no = forms.CharField(
        label=_("Platform number"),
        max_length=40,
        required=False,
        help_text=_("The 12345 or 政民零距离 number; left empty, one is given."),
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    citizen_name = forms.CharField(label=_("Citizen"), max_length=50, required=False)
    citizen_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 5})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=T.Kind.choices)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(active=True),
        required=False,
        help_text=_(
            "Left empty, a category is suggested from the text on the next page."
        ),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=T.Urgency.choices)


class AssignForm(StepForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=_departments())
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)


class SignForm(StepForm):
    """Signing for takes no input: the button is the step."""


class ReplyForm(StepForm):
    template = forms.ModelChoiceField(
        label=_("Start from a template"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
    )
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ticket = self.ticket
        if ticket is not None:
            lineage, node = [], ticket.category
            while node is not None and node.pk not in lineage:
                lineage.append(node.pk)
                node = node.parent
            self.fields["template"].queryset = ReplyTemplate.objects.filter(
                category__in=lineage
            ) | ReplyTemplate.objects.filter(category__isnull=True)
        self.fields["template"].widget.attrs["data-fill"] = "id_text"


class CallbackForm(StepForm):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"),
        choices=T.Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    solved = forms.TypedChoiceField(
        label=_("Solved, in the citizen's words"),
        choices=[("1", _("Solved")), ("0", _("Not solved"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What the citizen said"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReturnForm(StepForm):
    reason = forms.CharField(
        label=_("Why it is not this department's matter"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtendForm(StepForm):
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=1,
        max_value=settings.FAZHI_HOTLINE_MAX_EXTENSION_DAYS,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(StepForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class CategoryForm(StepForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True)
    )


class LinkForm(StepForm):
    number = forms.CharField(label=_("Number of the related ticket"), max_length=40)

    def clean_number(self):
        from .access import tickets_visible_to

        number = self.cleaned_data["number"].strip()
        found = list(tickets_visible_to(self.user).filter(external_no=number)[:2])
        if not found:
            raise forms.ValidationError(_("No ticket you can see has this number."))
        if len(found) > 1:
            raise forms.ValidationError(
                _(
                    "Several channels use this number: link from the other ticket's page."
                )
            )
        return found[0]


class PublishForm(StepForm):
    on = forms.TypedChoiceField(
        label=_("On the portal"),
        choices=[
            ("1", _("Publish (without the citizen's details)")),
            ("0", _("Withdraw")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need the citizen's details"), max_length=300
    )


class TopicReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 8}))


class ImportForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Platform"),
        choices=[
            (T.Channel.HOTLINE, T.Channel.HOTLINE.label),
            (T.Channel.ZMLJ, T.Channel.ZMLJ.label),
        ],
    )
    file = forms.FileField(label=_("Export (.xlsx or .csv, UTF-8 or GBK)"))
