from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Department, Role, User
from fazhi.plans.forms import DateInput, MultipleFileField

from .models import Counsel, Review


class CounselForm(forms.ModelForm):
    class Meta:
        model = Counsel
        fields = [
            "firm",
            "name",
            "licence_no",
            "phone",
            "scope",
            "contract_start",
            "contract_end",
            "filed_on",
            "user",
        ]
        widgets = {
            "contract_start": DateInput(),
            "contract_end": DateInput(),
            "filed_on": DateInput(),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            is_active=True, groups__name=Role.COUNSEL
        ).distinct()


class ReviewRequestForm(forms.ModelForm):
    files = MultipleFileField(
        label=_("Documents to review"),
        help_text=_("The draft, the contract or the bidding document, and its basis."),
    )

    class Meta:
        model = Review
        fields = [
            "title",
            "kind",
            "description",
            "department",
            "received_on",
            "working_days",
            "short_reason",
            "counsel",
            "matter",
        ]
        widgets = {
            "received_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "short_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "working_days": _(
                "Leave empty for the usual time for the kind. A draft major decision "
                "gets at least 7 working days unless you give the reason."
            ),
        }

    def __init__(self, *args, user=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_days"].required = False
        self.fields["department"].queryset = Department.objects.all()
        if (
            user is not None
            and user.department_id
            and not user.has_perm("legal.change_review")
        ):
            # A department asks for its own reviews.
            self.fields["department"].queryset = Department.objects.filter(
                pk=user.department_id
            )
        counsel = Counsel.objects.all()
        if today is not None:
            # Current engagements, and last year's for a request received then.
            counsel = counsel.filter(contract_end__gte=today - dt.timedelta(days=366))
        self.fields["counsel"].queryset = counsel
        from fazhi.decisions.models import Matter

        self.fields["matter"].queryset = Matter.objects.filter(
            status__in=[Matter.Status.REGISTERED, Matter.Status.ON_AGENDA]
        )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("working_days") is None:
            data.pop("working_days", None)
        return data


class OpinionForm(forms.Form):
    # No outcome is chosen for the counsel: an opinion is never "lawful" by default.
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Review.Outcome.choices]
    )
    opinion = forms.CharField(
        label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 6})
    )
    opinion_on = forms.DateField(label=_("Date of the opinion"), widget=DateInput())
    files = MultipleFileField(label=_("Signed opinion (scan)"))


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("What the department did"),
        choices=[("", "—"), *Review.Response.choices],
    )
    reason = forms.CharField(
        label=_("Reason (if not fully adopted)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
