from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.disclosure.models import ApplicantType, Application


class ApplyForm(forms.Form):
    """An application for information (政府信息公开条例 art. 29): who, what, in which form."""

    applicant_type = forms.ChoiceField(
        label=_("Applicant"), choices=ApplicantType.choices
    )
    name = forms.CharField(
        label=_("Name (or name of the organisation)"), max_length=100, required=False
    )
    contact_person = forms.CharField(
        label=_("Contact person (organisations)"), max_length=50, required=False
    )
    id_type = forms.CharField(
        label=_("Identity document"),
        max_length=30,
        initial="居民身份证",
        required=False,
        help_text=_("e.g. 居民身份证; for an organisation 统一社会信用代码"),
    )
    id_number = forms.CharField(
        label=_("Identity document number"), max_length=40, required=False
    )
    identity_file = forms.FileField(
        label=_("Copy of the identity document"),
        required=False,
        help_text=_("PDF or image"),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Information requested"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Its name, document number, or a description that identifies it."),
    )
    form = forms.ChoiceField(label=_("Form"), choices=Application.Form.choices)
    delivery = forms.ChoiceField(
        label=_("How to receive it"), choices=Application.Delivery.choices
    )


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Application number"), max_length=20)
    code = forms.CharField(label=_("Query code"), max_length=20)
