from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput
    )


def add_service_errors(form, exc) -> None:
    """Show a service's refusal (a ValidationError) at the top of the form it came from."""
    for message in exc.messages:
        form.add_error(None, message)


def form_step(request, form, do, *, done, then, template: str, context: dict):
    """One step of a record's procedure on its own page: on a valid POST call `do`
    (a service), and on success say `done` and go to `then` (or to `then(result)`, for a
    record the step creates); a refusal shows on the form
    with status 422 and nothing saved (the service's transaction)."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect, render

    if request.method == "POST" and form.is_valid():
        try:
            result = do(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(then(result) if callable(then) else then)
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


def dated_initial(form_class) -> dict:
    """Today in each of the form's required date fields."""
    from django.utils import timezone

    return {
        name: timezone.localdate()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField) and field.required
    }
