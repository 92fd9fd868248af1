from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Department
from fazhi.plans.forms import DateInput

from .models import Application, Consultation, Outcome


class RegisterForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "channel",
            "submitted_on",
            "applicant_type",
            "name",
            "contact_person",
            "id_type",
            "id_number",
            "phone",
            "email",
            "address",
            "description",
            "form",
            "delivery",
            "department",
        ]
        widgets = {
            "submitted_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()
        self.fields["id_type"].initial = "居民身份证"
        # The service checks art. 29 and names the article; the form lets it.
        for name in ("name", "id_type", "id_number", "description"):
            self.fields[name].required = False


class StepForm(forms.Form):
    """A step of a case: it knows the application it is a step of."""

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


def _date(label):
    return forms.DateField(label=label, widget=DateInput())


class ConfirmForm(StepForm):
    confirmed_on = _date(_("Receipt confirmed with the applicant on"))


class CorrectionRequestForm(StepForm):
    requested_on = _date(_("Correction requested on"))
    items = forms.CharField(
        label=_("What to correct, all at once"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    correction_due = forms.DateField(
        label=_("Correct by"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the office's usual period, in working days."),
    )


class CorrectionForm(StepForm):
    corrected_on = _date(_("Corrected application received on"))


class AcceptForm(StepForm):
    pass


class ConsultForm(StepForm):
    kind = forms.ChoiceField(label=_("Consulted"), choices=Consultation.Kind.choices)
    party = forms.CharField(label=_("Party consulted"), max_length=200, required=False)
    sent_on = _date(_("Sent in writing on"))


class AnswerForm(StepForm):
    consultation = forms.ModelChoiceField(
        label=_("Consultation"), queryset=Consultation.objects.none()
    )
    replied_on = _date(_("Answered on"))
    agrees = forms.TypedChoiceField(
        label=_("Agrees to disclosure"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
    )
    opinion = forms.CharField(
        label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = Consultation.objects.filter(
            application=self.application, replied_on__isnull=True
        )


class ExtendForm(StepForm):
    days = forms.IntegerField(label=_("Working days"), min_value=0, max_value=999)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    approved_on = _date(_("Approved on"))
    notice_on = _date(_("Applicant told on"))


class FeeForm(StepForm):
    method = forms.ChoiceField(
        label=_("Charged"), choices=Application.FeeMethod.choices
    )
    units = forms.IntegerField(label=_("Items or pages"), min_value=0, max_value=100000)
    notice_on = _date(_("Fee notice sent on"))
    pay_by = _date(_("To be paid by"))


class PaymentForm(StepForm):
    paid_on = _date(_("Paid on"))


class ReplyForm(StepForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    replied_on = _date(_("Replied on"))
    reason = forms.CharField(
        label=_("Reason given to the applicant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reply_text = forms.CharField(
        label=_("Further text of the reply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("e.g. where and how the information is provided"),
    )


class ArchiveForm(StepForm):
    archived_on = _date(_("Archived on"))
