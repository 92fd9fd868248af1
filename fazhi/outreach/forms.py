from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.plans.forms import DateInput, MultipleFileField

from .models import Activity, Campaign, Channel, KeyDate

_MATERIAL_LINE = re.compile(
    r"^(?P<item>.+?)\s*[×xX*＊ ]\s*(?P<qty>\d+)\s*(?:份|本|册|张|个)?$"
)


class ActivityForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    materials = forms.CharField(
        label=_("Materials handed out"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "民法典图解手册 × 200"}),
        help_text=_("One item a line: the item, then × and the quantity."),
    )
    photos = MultipleFileField(label=_("Photos"))

    class Meta:
        model = Activity
        fields = [
            "theme",
            "campaign",
            "date",
            "place",
            "partners",
            "audience",
            "channels",
            "news_links",
            "summary",
        ]
        widgets = {
            "date": DateInput(),
            "news_links": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"news_links": _("One web address a line.")}

    def clean_materials(self):
        out = []
        for number, line in enumerate(
            self.cleaned_data["materials"].splitlines(), start=1
        ):
            if not line.strip():
                continue
            match = _MATERIAL_LINE.match(line.strip())
            if not match or int(match["qty"]) < 1:
                raise ValidationError(
                    _("Line %(n)d, “%(line)s”: write the item, then × and a quantity.")
                    % {"n": number, "line": line.strip()}
                )
            out.append((match["item"].strip(), int(match["qty"])))
        return out

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        for photo in photos:
            if photo.name.rsplit(".", 1)[-1].lower() not in {"jpg", "jpeg", "png"}:
                raise ValidationError(_("Photos must be .jpg or .png files."))
        return photos


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "name", "key_date", "planned_for", "description"]
        widgets = {
            "planned_for": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_date"].queryset = KeyDate.objects.all()
