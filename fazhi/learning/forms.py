from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.plans.forms import DateInput, MultipleFileField

from .models import Exam, Law, Question, StudySession
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
    files = MultipleFileField(
        label=_("Materials and photos"),
        help_text=_(
            "Slides, handouts, the sign-in sheet scanned, photos of the session."
        ),
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


# --- Exams ------------------------------------------------------------------------------


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class QuestionForm(forms.ModelForm):
    """A question on screen: one option per line, the answer as letters (A, ACD) or, for
    true-or-false, 正确 / 错误."""

    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One option per line, in order A, B, C …; leave empty for true or false."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text",
            "options_text",
            "answer",
            "law",
            "article",
            "explanation",
            "active",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "answer": _(
                "Letters of the correct options, e.g. B or ACD; 正确 or 错误 for true or false."
            ),
            "article": _("e.g. 第三十三条"),
            "explanation": _(
                "The words of the article, shown when the answer is reviewed."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kind != Question.Kind.TRUE_FALSE:
            self.initial.setdefault("options_text", "\n".join(self.instance.options))
        if self.instance.pk and self.instance.kind == Question.Kind.TRUE_FALSE:
            self.initial["answer"] = "正确" if self.instance.answer == "A" else "错误"

    def clean(self):
        data = super().clean()
        options = [
            line.strip()
            for line in data.get("options_text", "").splitlines()
            if line.strip()
        ]
        data["options"] = options
        # The model checks the options with the rest when the form validates it.
        self.instance.options = options
        answer = (data.get("answer") or "").strip().upper()
        if data.get("kind") == Question.Kind.TRUE_FALSE:
            answer = {"正确": "A", "对": "A", "错误": "B", "错": "B"}.get(
                answer, answer
            )
        data["answer"] = answer
        return data

    def _update_errors(self, errors):
        # A problem with the options belongs to the box they are typed in.
        if hasattr(errors, "error_dict") and "options" in errors.error_dict:
            errors.error_dict["options_text"] = errors.error_dict.pop("options")
        super()._update_errors(errors)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("options_text", None)
        return data


RULE_LINES = 6


class ExamForm(forms.ModelForm):
    """An exam, who sits it, and the drawing rule as up to six lines of (type, law, how
    many, points each)."""

    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates"),
        queryset=staff_for_hours(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Exam
        fields = [
            "title",
            "opens_at",
            "closes_at",
            "minutes",
            "pass_percent",
            "mode",
            "candidates",
        ]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = staff_for_hours().order_by(
            "department__order", "username"
        )
        self.fields["candidates"].label_from_instance = lambda p: (
            f"{p}（{p.department}）" if p.department else str(p)
        )
        self.laws = list(Law.objects.all())
        rules = list(self.instance.rules or []) if self.instance.pk else []
        self.rule_lines = []
        for n in range(RULE_LINES):
            if self.is_bound:
                line = {
                    key: self.data.get(f"rule-{n}-{key}", "")
                    for key in ("kind", "law", "count", "points")
                }
            elif n < len(rules):
                line = {k: "" if v is None else str(v) for k, v in rules[n].items()}
            else:
                line = {"kind": "", "law": "", "count": "", "points": ""}
            self.rule_lines.append({"n": n, **line})

    def clean(self):
        data = super().clean()
        rules = []
        for line in self.rule_lines:
            if not line["kind"] and not line["count"]:
                continue
            rules.append(
                {
                    "kind": line["kind"],
                    "law": line["law"] or None,
                    "count": line["count"],
                    "points": line["points"],
                }
            )
        data["rules"] = rules
        return data

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)
