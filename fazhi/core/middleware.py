"""Request-wide concerns: the client address for the audit trail, idle timeout, CSP."""

import ipaddress
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from . import audit, security

# No inline scripts or styles anywhere: every script is a static file of the app.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _address(value: str | None) -> str | None:
    """A valid IP address in its canonical form (the form the database stores, so the
    audit hash is computed on what is kept), or None."""
    try:
        return ipaddress.ip_address((value or "").strip()).compressed
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address; X-Forwarded-For is trusted only behind configured proxies."""
    proxies = settings.FAZHI_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            address = _address(forwarded[-proxies])
            if address:
                return address
    return _address(request.META.get("REMOTE_ADDR"))


class ClientAddressMiddleware:
    """Makes the request's client address known to the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            audit.current_ip.reset(token)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=()")
        return response


class IdleTimeoutMiddleware:
    """Log out a session idle longer than FAZHI_IDLE_TIMEOUT_SECONDS (audited), and send
    the user to the login page, which says why.

    The session's expiry is refreshed at most once a minute, not on every request, so a
    busy page does not write the session table each time.
    """

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.FAZHI_IDLE_TIMEOUT_SECONDS:
                security.do_record_logout(
                    user=request.user, ip=client_ip(request), idle=True
                )
                logout(request)
                query = urlencode({"idle": 1, "next": request.get_full_path()})
                return redirect(f"{reverse('core:login')}?{query}")
            if now - last >= self.REFRESH_SECONDS or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)
