"""Real browser tests: Debian's Chromium driven by Playwright, axe-core on every page.

Every document a test loads is checked with axe-core for WCAG 2.2 A and AA violations,
and any Content-Security-Policy violation is recorded; the test fails at teardown if
either was seen. Tests need not remember to call a checker.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Runs in every document after axe-core itself: when the page has loaded, audit it and
# hand the result to the test process through an exposed binding.
AXE_RUNNER = f"""
window.addEventListener('load', () => {{
  axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(AXE_TAGS)}}}, resultTypes: ['violations']}})
    .then(r => window.__reportAxe(location.href, JSON.stringify(r.violations)))
    .catch(e => window.__reportAxe(location.href, JSON.stringify([{{id: 'axe-error', help: String(e), nodes: []}}])));
}});
"""


@dataclass
class PageAudit:
    """What the browser reported while a test ran."""

    checked: list[str] = field(default_factory=list)
    violations: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    csp_errors: list[str] = field(default_factory=list)

    def report(self, source: Any, url: str, violations_json: str) -> None:
        self.checked.append(urldefrag(url).url)
        for violation in json.loads(violations_json):
            self.violations.append((url, violation))

    def failures(self) -> list[str]:
        lines = [
            f"{url}: {v['id']} ({v.get('impact')}): {v['help']} at "
            + ", ".join(str(node.get("target")) for node in v.get("nodes", [])[:5])
            for url, v in self.violations
        ]
        lines += [f"CSP: {message}" for message in self.csp_errors]
        return lines


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test` as root, or `apt-get install chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_audit() -> PageAudit:
    return PageAudit()


@pytest.fixture
def context(browser: Browser, live_server: Any, page_audit: PageAudit) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.expose_binding("__reportAxe", page_audit.report)
    context.add_init_script(path=str(AXE_SCRIPT))
    context.add_init_script(script=AXE_RUNNER)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, page_audit: PageAudit) -> Iterator[Page]:
    page = context.new_page()
    page.set_default_timeout(10_000)

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            page_audit.csp_errors.append(message.text)

    page.on("console", on_console)
    yield page
    # Give the last document's audit time to arrive before judging.
    last_document = urldefrag(page.url).url
    if last_document.startswith("http"):
        page.wait_for_load_state("load")
        for _ in range(50):
            if last_document in page_audit.checked:
                break
            page.wait_for_timeout(100)
    failures = page_audit.failures()
    if failures:
        pytest.fail("Accessibility or CSP problems:\n" + "\n".join(failures))
    if last_document.startswith("http") and last_document not in page_audit.checked:
        pytest.fail(f"axe-core never reported on {last_document}")
