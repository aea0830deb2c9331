"""Real-browser tests: Debian's Chromium, driven by Playwright, against the portal and the local
identity provider running as separate servers.

Each test gets its own Chromium, a screenshot of every step under
``test-output/e2e/<test name>/`` and fails when the browser logged an error or a
Content-Security-Policy violation.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

from portal.conftest import _fresh_oidc_state, local_idp, portal_on_local_idp  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so teardown knows whether the test failed."""
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture
def portal_url(portal_on_local_idp: str) -> str:  # noqa: F811
    return portal_on_local_idp


#: Reports every Content-Security-Policy violation as a console error, whatever the browser
#: logs by itself (added through the DevTools protocol, which the page's CSP does not govern).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def watch_problems(page: Page) -> list[str]:
    """Console errors, CSP violations and uncaught errors of ``page``, as they happen."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        where = message.location.get("url") or page.url
        if message.type == "error" or "Content Security Policy" in text:
            problems.append(f"console {message.type} on {where}: {text}")

    def on_page_error(error: Error) -> None:
        problems.append(f"uncaught error on {page.url}: {error.message}")

    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return problems


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, with Django's ORM allowed while it runs.

    Playwright's sync API keeps an asyncio event loop running in the test's thread, so Django
    takes the test's ORM calls for calls from async code and refuses them; none are, so allow
    them while the browser runs, and only then (`check --deploy` refuses the variable).
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `make browser`.",
            pytrace=False,
        )
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            del os.environ[ASYNC_UNSAFE]
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh Chromium; fails the test when the browser reported problems."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        problems = watch_problems(page)
        try:
            yield page
            call = getattr(request.node, "e2e_report_call", None)
            if call is not None and call.failed and not page.is_closed():
                path = output_dir(request) / "failure.png"
                page.screenshot(path=str(path), full_page=True)
        finally:
            context.close()
    if problems:
        pytest.fail("the browser reported problems:\n" + "\n".join(problems), pytrace=False)


def output_dir(request: pytest.FixtureRequest) -> Path:
    """``test-output/e2e/<test name>/`` (git-ignored)."""
    folder = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(browser_page: Page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """``screenshot("sign-in")`` saves ``NN-sign-in.png`` of the page as it is now."""
    folder = output_dir(request)
    for old in folder.glob("*.png"):
        old.unlink()
    count = 0

    def take(step: str) -> Path:
        nonlocal count
        count += 1
        path = folder / f"{count:02d}-{step}.png"
        browser_page.screenshot(path=str(path), full_page=True)
        return path

    return take
