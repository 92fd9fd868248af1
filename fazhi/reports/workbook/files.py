"""Big years: the workbook made ahead of time (`fazhi reports workbook YEAR`) and the
view that hands out either it or a workbook made on the spot."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from fazhi.core import audit
from fazhi.core.downloads import download
from fazhi.hotline.access import sees_personal_data
from fazhi.hotline.models import Ticket

from .book import ledgers_workbook


def prepared_path(year: int) -> Path:
    """Where `fazhi reports workbook YEAR` leaves a big year's workbook."""
    return Path(settings.MEDIA_ROOT) / "reports" / f"ledgers-{year}.xlsx"


def write_prepared(year: int) -> Path:
    """Write the year's workbook (citizens masked: it is for whoever may download it)
    to its prepared place, replacing the old one only once the new one is complete."""
    path = prepared_path(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(ledgers_workbook(year, None))
    os.replace(partial, path)
    return path


def too_big(year: int) -> int:
    """The year's tickets when there are more than a web request should stream (the
    biggest sheet; a city's year takes a minute or more), else 0."""
    n = Ticket.objects.filter(received_at__year=year).count()
    return n if n > settings.FAZHI_WORKBOOK_WEB_MAX_ROWS else 0


@require_GET
@login_required
def workbook_xlsx(request, year):
    if not request.user.has_perm("reports.view_report") or not 2000 <= year <= 2100:
        raise Http404
    name = f"{settings.FAZHI_OFFICE_NAME}{year}年法治工作台账.xlsx"
    big = too_big(year)
    if big:
        path = prepared_path(year)
        if not path.exists():
            messages.error(
                request,
                _(
                    "%(year)d has %(n)d tickets: its workbook takes too long to make "
                    "while you wait. The administrator makes it with “fazhi reports "
                    "workbook %(year)d” (nightly, by cron); it can then be downloaded "
                    "here."
                )
                % {"year": year, "n": big},
            )
            return redirect("reports:index")
        audit.record_event(
            actor=request.user,
            verb="reports.workbook_exported",
            reason=str(year),
            changes={"personal_data": [None, False], "prepared": [None, True]},
        )
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M")
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=name.replace(".xlsx", f"（{stamp}生成）.xlsx"),
        )
    content = ledgers_workbook(year, request.user)
    audit.record_event(
        actor=request.user,
        verb="reports.workbook_exported",
        reason=str(year),
        changes={"personal_data": [None, sees_personal_data(request.user)]},
    )
    return download(content, f"ledgers-{year}.xlsx", name)
