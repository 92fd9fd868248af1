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
