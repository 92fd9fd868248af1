"""Password rule of GB/T 22239 practice: at least three of upper, lower, digit, symbol."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must contain at least %(n)d of: upper-case letters, "
                    "lower-case letters, digits and symbols."
                )
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _(
            "At least %(n)d of: upper-case letters, lower-case letters, digits, symbols."
        ) % {"n": self.min_classes}
