"""Authentication: Django's model backend, loading the user's department with the user
(the header shows it on every page)."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class DepartmentModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("department").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
