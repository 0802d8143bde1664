"""The example project's settings: its Wagtail admin calls no outside host,
and ``WAGTAILADMIN_BASE_URL`` follows the ``DEMO_ADDR`` that ``make demo`` serves on."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

EXAMPLE = Path(__file__).resolve().parents[1] / "example_project"


def example_setting(name: str, **env: str) -> subprocess.CompletedProcess:
    """The example settings imported afresh in a process with ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEMO_ADDR", "WAGTAILADMIN_BASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", f"import example_project.settings as s; print(s.{name})"],
        cwd=EXAMPLE,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_demo_admin_is_told_to_stay_offline():
    assert django_settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert django_settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert django_settings.WAGTAIL_ENABLE_WHATS_NEW_BANNER is False


@pytest.mark.parametrize(
    "addr, url",
    [
        (None, "http://127.0.0.1:8000"),
        ("127.0.0.1:8100", "http://127.0.0.1:8100"),
        ("8200", "http://127.0.0.1:8200"),
        ("0.0.0.0:8300", "http://127.0.0.1:8300"),
        ("shop.example.com:8400", "http://shop.example.com:8400"),
        ("[::1]:8500", "http://[::1]:8500"),
    ],
)
def test_wagtail_base_url_follows_demo_addr(addr, url):
    done = example_setting("WAGTAILADMIN_BASE_URL", **({"DEMO_ADDR": addr} if addr else {}))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == url


def test_an_explicit_wagtail_base_url_wins():
    done = example_setting(
        "WAGTAILADMIN_BASE_URL", DEMO_ADDR="8100", WAGTAILADMIN_BASE_URL="https://cms.example.com"
    )
    assert done.stdout.strip() == "https://cms.example.com", done.stderr


def test_a_wrong_demo_addr_stops_the_project_with_a_clear_error():
    done = example_setting("WAGTAILADMIN_BASE_URL", DEMO_ADDR="not an address")
    assert done.returncode != 0
    assert "DEMO_ADDR must be a port or host:port" in done.stderr


def test_make_demo_passes_demo_addr_to_the_settings():
    makefile = (EXAMPLE.parent / "Makefile").read_text()
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "DEMO_ADDR='$(DEMO_ADDR)' ../$(BIN)/python manage.py runserver $(DEMO_ADDR)" in demo
    assert "DEMO_ADDR='$(DEMO_ADDR)' ../$(BIN)/python manage.py shopkit_demo" in demo


#: Attributes whose address a browser fetches by itself (links are followed
#: only when clicked, so Wagtail's links to its guide are no calls).
FETCHING = re.compile(
    r'\b(?:src|srcset|poster|data-[\w-]*url[\w-]*)\s*=\s*"([^"]*)"'
    r'|<link\b[^>]*\bhref="([^"]*)"',
    re.I,
)
OUTSIDE = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//(?!testserver[:/])", re.I)


@pytest.mark.django_db
def test_the_admin_dashboard_fetches_nothing_from_outside_hosts(client, admin_user):
    """Pictures, scripts, styles, the avatar and the release check's endpoint
    are all on this site."""
    client.force_login(admin_user)
    response = client.get("/cms/")
    assert response.status_code == 200
    html = response.content.decode()
    fetched = [a or b for a, b in FETCHING.findall(html)]
    assert fetched and [url for url in fetched if OUTSIDE.match(url)] == []
    assert "gravatar.com" not in html and "releases.wagtail.io" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_browser_on_the_admin_dashboard_asks_only_this_site(live_server, django_user_model):
    from tests.fixtures.browser import chromium_page, screenshot

    django_user_model.objects.create_superuser("boss", "boss@example.com", "boss-pass-1")
    asked: list[str] = []
    with chromium_page(live_server.url) as page:
        page.on("request", lambda request: asked.append(request.url))
        page.goto("/cms/login/")
        page.fill("input[name=username]", "boss")
        page.fill("input[name=password]", "boss-pass-1")
        page.locator("form button[type=submit]").click()
        page.wait_for_url("**/cms/")
        page.wait_for_load_state("networkidle")
        screenshot(page, "example-admin-dashboard")
    assert any(url.rstrip("/").endswith("/cms") for url in asked)
    assert [url for url in asked if not url.startswith((live_server.url, "data:"))] == []
