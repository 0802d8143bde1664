"""Driving Debian's Chromium with Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(
    os.environ.get(
        "SHOPKIT_TEST_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts"
    )
)
# Without these, Chromium tries to reach Google services this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def missing_browser() -> str | None:
    if not shutil.which(CHROMIUM):
        return f"needs Debian's chromium at {CHROMIUM} (make test installs it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "needs the playwright package (pip install -e .[test])"
    return None


@contextmanager
def chromium_page(base_url: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                base_url=base_url, locale="zh-CN", viewport={"width": 1280, "height": 900}
            )
            yield context.new_page()
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fill_registration(page, username: str, password: str, email: str, phone: str) -> None:
    """Open the storefront's register page and fill every field."""
    page.goto("/user/register/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.fill("input[name=password2]", password)
    page.fill("input[name=email]", email)
    page.fill("input[name=phone]", phone)
