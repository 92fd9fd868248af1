"""The shell: login and logout, the dashboard, downloads and honest placeholders."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import audit, security
from .attachments import get_attachment_for_user
from .calendar import month, official_years
from .forms import LoginForm
from .middleware import client_ip
from .navigation import APPS_BY_CODE
from .notifications import do_mark_read


@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        ip = client_ip(request)
        until = security.locked_until(username, ip)
        if until:
            security.do_record_failed_login(username=username, ip=ip, locked=True)
            local = timezone.localtime(until)
            form.add_error(
                None,
                _(
                    "Too many failed logins. This account or address is locked until "
                    "%(time)s; try again then or ask the administrator."
                )
                % {"time": formats.time_format(local, "H:i")},
            )
            status = 429
        else:
            user = authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if user is None:
                security.do_record_failed_login(username=username, ip=ip)
                form.add_error(None, _("Wrong user name or password."))
                status = 401
            else:
                login(request, user)
                request.session["last_seen"] = int(timezone.now().timestamp())
                security.do_record_login(username=username, ip=ip, user=user)
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    elif request.method == "POST":
        status = 400
    if request.GET.get("idle"):
        messages.info(request, _("You were logged out after a period of inactivity."))
    return render(
        request, "core/login.html", {"form": form, "next": next_url}, status=status
    )


def admin_login_redirect(request, extra_context=None):
    """The admin site logs in through the same page, so the same lock-out applies."""
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        # Logged in but not admin staff: the admin site would send them here again.
        return redirect(
            target if request.user.is_staff else settings.LOGIN_REDIRECT_URL
        )
    return redirect(f"{reverse('core:login')}?{urlencode({'next': target})}")


@require_POST
def logout_view(request):
    user = request.user
    if user.is_authenticated:
        security.do_record_logout(user=user, ip=client_ip(request))
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_GET
@login_required
def dashboard(request):
    from fazhi.plans.queries import dashboard_figures
    from fazhi.plans.tables import task_links_html

    today = timezone.localdate()
    figures = dashboard_figures(request.user, today)
    lists = {
        "overdue_html": task_links_html(
            figures["overdue_tasks"], _("No overdue tasks.")
        ),
        "due_soon_html": task_links_html(
            figures["due_soon_tasks"], _("Nothing is due soon.")
        ),
        "mine_html": task_links_html(figures["my_tasks"], _("You have no open tasks.")),
    }
    my_reviews = None
    if request.user.has_perm("legal.give_opinion"):
        from fazhi.legal.access import reviews_visible_to
        from fazhi.legal.models import Review

        my_reviews = list(
            reviews_visible_to(request.user)
            .filter(status=Review.Status.REQUESTED, counsel__user=request.user)
            .order_by("due_date", "pk")[:20]
        )
    return render(
        request,
        "core/dashboard.html",
        {"today": today, "my_reviews": my_reviews, **figures, **lists},
    )


@require_GET
@login_required
def not_yet_available(request, code):
    app = APPS_BY_CODE.get(code)
    if app is None:
        raise Http404
    return render(request, "core/not_yet_available.html", {"app": app}, status=200)


@require_GET
@login_required
def download_attachment(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    audit.record_event(
        actor=request.user,
        verb="attachment.downloaded",
        target=attachment,
        changes={"sha256": [None, attachment.sha256]},
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
    )


@require_GET
@login_required
def calendar_month(request):
    """A month of the working-day calendar, so staff can check what a deadline counts."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month_no = int(request.GET.get("month", today.month))
        first = dt.date(year, month_no, 1)
    except (TypeError, ValueError):
        first = today.replace(day=1)
    if not 1900 <= first.year <= 2100:
        first = today.replace(day=1)
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    days = {info.date: info for info in month(first, last)}
    weeks = [
        [days.get(d) for d in week]
        for week in month_calendar.Calendar().monthdatescalendar(
            first.year, first.month
        )
    ]
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    return render(
        request,
        "core/calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "provisional": first.year not in official_years(),
            "prev_month": prev_month,
            "next_month": next_month,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def notification_list(request):
    if request.method == "POST":
        do_mark_read(request.user)
        return redirect("core:notifications")
    items = request.user.notifications.all()[:100]
    return render(request, "core/notifications.html", {"items": items})


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin site)."""
    return redirect(static("fazhi/favicon.svg"), permanent=True)


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
