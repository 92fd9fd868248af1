from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Role, User
from fazhi.plans.forms import DateInput

from .models import CatalogueItem, Matter, Meeting, Progress, Stage


class MatterForm(forms.ModelForm):
    technical = forms.BooleanField(
        label=_("Technical matter: expert argument required (713号 art. 19)"),
        required=False,
    )
    stability_risk = forms.BooleanField(
        label=_("May affect social stability: risk assessment required (art. 22)"),
        required=False,
    )
    catalogue_item = forms.ModelChoiceField(
        label=_("Entry in the decision catalogue"),
        queryset=CatalogueItem.objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue_item"].queryset = CatalogueItem.objects.filter(
            matter__isnull=True
        ).select_related("catalogue")

    class Meta:
        model = Matter
        fields = [
            "title",
            "category",
            "major_decision",
            "subject",
            "department",
            "amount",
            "registered_on",
            "market_actors",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "registered_on": DateInput(),
        }


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = [
            "started_on",
            "completed_on",
            "people",
            "outcome",
            "comment_opens",
            "comment_closes",
            "short_period_reason",
            "hearing_on",
            "hearing_materials_sent_on",
        ]
        widgets = {
            name: DateInput()
            for name in (
                "started_on",
                "completed_on",
                "comment_opens",
                "comment_closes",
                "hearing_on",
                "hearing_materials_sent_on",
            )
        } | {
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "short_period_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].required = True
        if self.instance.code != Stage.Code.PUBLIC:
            for name in (
                "comment_opens",
                "comment_closes",
                "short_period_reason",
                "hearing_on",
                "hearing_materials_sent_on",
            ):
                del self.fields[name]


def members():
    return (
        User.objects.filter(is_active=True)
        .exclude(groups__name=Role.COUNSEL)
        .distinct()
        .order_by("department__order", "username")
    )


class MeetingForm(forms.ModelForm):
    members_due = forms.ModelMultipleChoiceField(
        label=_("Members due to attend"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = ["kind", "number", "date", "place", "chair", "members_due"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members_due"].queryset = members()
        self.fields["chair"].queryset = members()


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("Published on"), widget=DateInput())
    on_portal = forms.BooleanField(
        label=_("Publish on this office's portal"), required=False, initial=True
    )
    published_where = forms.CharField(
        label=_("Also published in"),
        max_length=200,
        required=False,
        help_text=_(
            "e.g. the government gazette, a local newspaper; needed when it is not "
            "published on the portal"
        ),
    )
    explanation = forms.CharField(
        label=_("How public and expert opinions were used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *Progress.Kind.choices]
    )
    text = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For an adjustment, a suspension or a stop, its reason (713号 art. 37)."
        ),
    )


class FairCompetitionForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput())
    conclusion = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. 经审查，未发现排除、限制竞争的内容"),
    )
