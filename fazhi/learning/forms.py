from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.plans.forms import DateInput

from .models import Law, StudySession
from .queries import staff_for_hours


class SessionForm(forms.ModelForm):
    """A study session and its sign-in list.

    The sign-in list is a table of the office's staff: a tick for each person present, a
    reason for each person expected but absent; people with neither were not expected.
    """

    laws = forms.ModelMultipleChoiceField(
        label=_("Laws studied"),
        queryset=Law.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = StudySession
        fields = [
            "date",
            "kind",
            "title",
            "hours",
            "speaker",
            "speaker_kind",
            "place",
            "online",
            "laws",
            "summary",
        ]
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(staff_for_hours().order_by("department__order", "username"))
        marks = {}
        if self.instance.pk:
            marks = {a.person_id: a for a in self.instance.attendance.all()}
        self.sign_in = []
        present = self.data.getlist("attended") if self.is_bound else None
        for person in self.people:
            mark = marks.get(person.pk)
            self.sign_in.append(
                {
                    "person": person,
                    "attended": str(person.pk) in present
                    if present is not None
                    else bool(mark and mark.attended),
                    "reason": self.data.get(f"reason_{person.pk}", "")
                    if self.is_bound
                    else (mark.absence_reason if mark and not mark.attended else ""),
                }
            )

    def clean(self):
        data = super().clean()
        by_pk = {str(p.pk): p for p in self.people}
        chosen = self.data.getlist("attended")
        unknown = [pk for pk in chosen if pk not in by_pk]
        if unknown:
            raise ValidationError(
                _("The sign-in list names someone who is not on the staff.")
            )
        attended = [by_pk[pk] for pk in chosen]
        absent = {}
        for pk, person in by_pk.items():
            reason = self.data.get(f"reason_{pk}", "").strip()
            if reason and pk not in chosen:
                absent[person] = reason[:200]
        if not attended and data.get("kind") != StudySession.Kind.SELF:
            raise ValidationError(_("Tick at least one person who attended."))
        data["attended"], data["absent"] = attended, absent
        return data

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)
