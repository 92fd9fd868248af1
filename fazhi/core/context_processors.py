"""What every page's shell needs: the app navigation and the office's name."""

from django.conf import settings

from .navigation import nav_links_for
from .notifications import unread_count


def shell(request):
    user = getattr(request, "user", None)
    return {
        "nav_links": (lambda: nav_links_for(user))
        if user is not None and user.is_authenticated
        else [],
        "office_name": settings.FAZHI_OFFICE_NAME,
        # Lazy: counted only when a page's header renders it.
        "unread_notifications": (lambda: unread_count(user))
        if user is not None and user.is_authenticated
        else 0,
    }
