"""What every page's shell needs: the app navigation and the office's name."""

from django.conf import settings

from .navigation import APPS


def shell(request):
    return {"nav_apps": APPS, "office_name": settings.FAZHI_OFFICE_NAME}
