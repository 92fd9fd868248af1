"""Browser journeys: Debian's Chromium, driven by Playwright, against the live server.

Every journey runs in a fresh browser context that records each request and each
console error; when the journey ends, `Journey.assert_clean` checks that nothing was
fetched from another host and that no page logged an error.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"


def _cannot_run(reason: str):
    """Skip, unless CI demands the journeys (FAZHI_REQUIRE_E2E=1): then fail."""
    if os.environ.get("FAZHI_REQUIRE_E2E") == "1":
        pytest.fail(f"{reason} (FAZHI_REQUIRE_E2E=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    found = shutil.which("chromium")
    if found is None:
        _cannot_run(
            "Chromium not found at /usr/bin/chromium or on PATH: the browser journeys "
            "need Debian's chromium package (apt-get install chromium)"
        )
    return found


@pytest.fixture(scope="session")
def browser(chromium_path):
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=chromium_path, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def static_manifest():
    """`make test` collects static files first; a bare `pytest` run collects them here.

    The pages name hashed files from the manifest, exactly as in production.
    """
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def live_server(static_manifest, request):
    """pytest-django's live server, with static files served by WhiteNoise.

    pytest-django puts Django's StaticFilesHandler in front of the app; it serves
    source files through the finders and answers 404 for the hashed names the manifest
    storage writes into pages. Passing requests straight through lets WhiteNoise serve
    the collected files, as gunicorn does in production.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda app: app
    server.start()
    yield server
    server.stop()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class Journey:
    """One user's browser tab, with what it fetched and what its pages logged."""

    page: object
    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    expected_errors: set[str] = field(default_factory=set)

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def expect_error_page(self, path: str) -> None:
        """Chromium logs "Failed to load resource" for a page that answers 4xx."""
        self.expected_errors.add(self.url(path))

    def foreign_requests(self) -> list[str]:
        own = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requests
            # data: and blob: URLs are built in the page and never leave it.
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).netloc != own
        ]

    def unexpected_console_errors(self) -> list[tuple[str, str]]:
        return [
            (where, text)
            for where, text in self.console_errors
            if where not in self.expected_errors and not where.endswith("/favicon.ico")
        ]

    def assert_clean(self) -> None:
        assert self.requests, "no request was recorded: the recorder is broken"
        assert self.foreign_requests() == []
        assert self.unexpected_console_errors() == []


@pytest.fixture
def journey(browser, live_server):
    """A fresh context (no cookies, Chinese browser) per journey; checked at the end."""
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    trip = Journey(page=page, base_url=live_server.url)
    context.on("request", lambda req: trip.requests.append(req.url))

    def on_console(message):
        if message.type == "error":
            where = message.location.get("url") or message.page.url
            trip.console_errors.append((where, message.text))

    context.on("console", on_console)
    page.on("pageerror", lambda exc: trip.console_errors.append((page.url, str(exc))))
    yield trip
    context.close()
    trip.assert_clean()
