"""The quickstart, tested as written.

A brand-new ``wagtail start`` project gets the settings and URL lines of
``docs/quickstart.md``, read from the page's own code blocks so page and test
cannot drift, and then sells a SKU to a new shopper in Chromium: home page,
Chinese search, cart, registration, the activation link from the mail the
runserver console prints, login (the anonymous cart merges), an address in the
user centre, settlement, the sandbox payment and the paid order in the list.

The project runs in its own processes on the installed shopkit (the wheel,
under ``tox -e quickstart``); nothing here touches the test database.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import shlex
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from serving import free_port, stop, wait_until_serving

from tests.fixtures.browser import ARTIFACTS, chromium_page, fill_registration, screenshot

pytestmark = pytest.mark.quickstart

REPO = Path(__file__).resolve().parents[2]
#: tox sets this to {toxinidir}/docs/quickstart.md; point it at a draft to try one.
QUICKSTART = Path(os.environ.get("SHOPKIT_QUICKSTART_DOC") or REPO / "docs" / "quickstart.md")
SETTINGS_BLOCK, URLS_BLOCK = "quickstart-settings", "quickstart-urls"
MAX_SETTINGS_LINES, MAX_URL_LINES = 6, 1

# The new project sees only what is installed, none of this run's configuration.
HOST_PREFIXES = ("DJANGO_", "SHOPKIT_", "CELERY_")
HOST_VARIABLES = {"PYTHONPATH", "DATABASE_URL", "REDIS_URL"}

FENCE = re.compile(
    r"^(?P<fence>`{3,})\{code-block\}[ \t]+python[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
CONSOLE_MAIL_END = "-" * 79  # what Django's console email backend prints after each mail
PASSWORD = "fresh-Straw9berry"

SEED = """
from decimal import Decimal
from shopkit.content.models import CategoryBanner
from shopkit.goods.models import SKU, SPU, Category
fruit = Category.objects.create(name="新鲜水果")
spu = SPU.objects.create(name="草莓", category=fruit)
sku = SKU.objects.create(
    spu=spu, category=fruit, name="丹东草莓 500g", caption="丹东九九草莓",
    price=Decimal("29.90"), market_price=Decimal("39.90"), stock=20, is_launched=True,
)
CategoryBanner.objects.create(category=fruit, sku=sku)
print(f"SKU={sku.pk}")
"""


def named_code_blocks(markdown: str) -> dict[str, list[str]]:
    """The MyST ``{code-block} python`` fences that have a ``:name:``, as lines of code.

    Option lines (``:name:``, ``:caption:``) open the body; a blank line ends them.
    """
    blocks = {}
    for fence in FENCE.finditer(markdown):
        lines = fence["body"].splitlines()
        options = {}
        while lines and lines[0].startswith(":"):
            key, _, value = lines.pop(0)[1:].partition(":")
            options[key] = value.strip()
        if lines and not lines[0].strip():
            lines.pop(0)
        if "name" in options:
            blocks[options["name"]] = lines
    return blocks


def quickstart_blocks() -> tuple[list[str], list[str]]:
    blocks = named_code_blocks(QUICKSTART.read_text(encoding="utf-8"))
    missing = [name for name in (SETTINGS_BLOCK, URLS_BLOCK) if name not in blocks]
    if missing:
        pytest.fail(
            f"{QUICKSTART} has no ```{{code-block}} python with :name: {', '.join(missing)}",
            pytrace=False,
        )
    return blocks[SETTINGS_BLOCK], blocks[URLS_BLOCK]


def code_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip()]


def run(command: list[str], **kwargs) -> str:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    output = result.stdout + result.stderr
    if result.returncode:
        pytest.fail(
            f"`{shlex.join(command)}` exited with {result.returncode}:\n{output}", pytrace=False
        )
    return output


class Project:
    """``wagtail start mysite`` in ``folder``, run by this interpreter (shopkit installed)."""

    def __init__(self, folder: Path):
        self.root = folder / "mysite"
        self.env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(HOST_PREFIXES) and name not in HOST_VARIABLES
        }
        self.env["PYTHONUNBUFFERED"] = "1"  # the runserver log shows each mail whole, at once

    def create(self) -> None:
        wagtail = Path(sys.executable).with_name("wagtail")
        run([str(wagtail), "start", self.root.name], cwd=self.root.parent, env=self.env)

    def add_quickstart_lines(self, settings_lines: list[str], url_lines: list[str]) -> None:
        settings = self.root / "mysite" / "settings" / "base.py"
        with settings.open("a", encoding="utf-8") as file:
            file.write("\n\n" + "\n".join(settings_lines).strip("\n") + "\n")

        urls = self.root / "mysite" / "urls.py"
        source = urls.read_text(encoding="utf-8")
        opening = "urlpatterns = [\n"
        assert source.count(opening) == 1, f"no single `{opening.strip()}` in {urls}:\n{source}"
        entry = textwrap.indent(textwrap.dedent("\n".join(url_lines)).strip("\n"), " " * 4)
        urls.write_text(source.replace(opening, f"{opening}{entry}\n"), encoding="utf-8")

    def manage(self, *args: str) -> str:
        return run([sys.executable, "manage.py", *args], cwd=self.root, env=self.env, timeout=600)


class Server:
    """``manage.py runserver`` of a project, its stdout and stderr in ``log``."""

    def __init__(self, process: subprocess.Popen, url: str, log: Path):
        self.process, self.url, self.log = process, url, log

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_until_serving(self) -> None:
        try:
            wait_until_serving(self.url + "/", self.process)
        except RuntimeError as problem:
            pytest.fail(f"{problem}:\n{self.output()}")

    def mailed_link(self, address: str, timeout: float = 15) -> str:
        """The first link of the last mail to ``address`` the console backend printed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(console_mails(self.output())):
                if address in message.get("To", ""):
                    body = message.get_body(("plain",)).get_content()
                    match = re.search(r"https?://\S+", body)
                    assert match, f"no link in the mail to {address}:\n{body}"
                    return match.group(0)
            time.sleep(0.3)
        pytest.fail(f"no mail to {address} in the runserver output:\n{self.output()}")


def console_mails(output: str) -> list[email.message.EmailMessage]:
    mails = []
    for chunk in output.split(CONSOLE_MAIL_END)[:-1]:
        start = re.search(r"^Content-Type: ", chunk, re.MULTILINE)
        if start:
            mails.append(
                email.message_from_string(chunk[start.start() :], policy=email.policy.default)
            )
    return mails


@contextmanager
def runserver(project: Project, log: Path) -> Iterator[Server]:
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=project.root,
            env=project.env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        server.wait_until_serving()
        yield server
    finally:
        stop(process)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "quickstart-runserver.log").write_text(server.output(), encoding="utf-8")


@pytest.fixture(scope="module")
def project() -> Iterator[Project]:
    """A new project with the quickstart's lines, migrated, holding one SKU on sale."""
    settings_lines, url_lines = quickstart_blocks()
    with tempfile.TemporaryDirectory(prefix="shopkit-quickstart-") as folder:
        project = Project(Path(folder))
        project.create()
        project.add_quickstart_lines(settings_lines, url_lines)
        project.manage("migrate", "--noinput")
        yield project


@pytest.fixture(scope="module")
def sku_id(project: Project) -> int:
    output = project.manage("shell", "-c", SEED)
    match = re.search(r"^SKU=(\d+)$", output, re.MULTILINE)
    assert match, output
    return int(match.group(1))


def test_the_quickstart_adds_at_most_six_settings_lines_and_one_url_line():
    settings_lines, url_lines = map(code_lines, quickstart_blocks())
    print(f"quickstart added {len(settings_lines)} settings lines and {len(url_lines)} URL lines")
    assert 0 < len(settings_lines) <= MAX_SETTINGS_LINES, settings_lines
    assert 0 < len(url_lines) <= MAX_URL_LINES, url_lines


def test_the_new_project_passes_the_system_checks_at_warning_level(project):
    output = project.manage("check", "--fail-level", "WARNING")  # fails on a warning
    assert "System check identified" in output, output


@pytest.mark.browser
def test_a_shopper_finds_buys_and_pays_in_the_new_project(project, sku_id):
    with runserver(project, project.root.parent / "runserver.log") as server:
        try:
            buy_and_pay(server, sku_id)
        except BaseException:
            print(f"runserver output:\n{server.output()}")
            raise


def submit(page, button: str) -> None:
    with page.expect_navigation():
        page.locator(button).click()


def buy_and_pay(server: Server, sku_id: int) -> None:
    card = f"li.sku-card[data-sku='{sku_id}']"
    with chromium_page(server.url) as page:
        page.goto("/")
        assert "丹东草莓" in page.locator(card).inner_text()
        screenshot(page, "quickstart-01-home")

        page.fill("form.search-box input[name=q]", "草莓")
        submit(page, "form.search-box button[type=submit]")
        hit = page.locator(f".search-results {card}")
        assert "丹东草莓" in hit.inner_text()
        screenshot(page, "quickstart-02-search")

        with page.expect_navigation():
            hit.locator("a").first.click()
        assert page.url == f"{server.url}/goods/{sku_id}"
        page.locator(".add-to-cart button").click()  # anonymous: a cookie cart
        page.wait_for_function("document.getElementById('cart-count').innerText === '1'")
        screenshot(page, "quickstart-03-detail")

        fill_registration(page, "dora_2026", PASSWORD, "dora@example.com", "13912345670")
        submit(page, "form.account-form button[name=register]")
        screenshot(page, "quickstart-04-registered")
        link = server.mailed_link("dora@example.com")
        assert link.startswith(f"{server.url}/user/activate/"), link
        page.goto(link)
        screenshot(page, "quickstart-05-activated")

        page.goto("/user/login/")
        page.fill("input[name=username]", "dora_2026")
        page.fill("input[name=password]", PASSWORD)
        submit(page, "form.account-form button[type=submit]")
        assert "/user/login/" not in page.url, "the login was refused"
        assert page.locator("#cart-count").inner_text() == "1"  # merged into the account

        page.goto("/user/address/")
        page.fill("input[name=receiver]", "朵拉")
        page.select_option("select[name=province_code]", "210000")  # 辽宁省
        page.select_option("select[name=city_code]", "210600")  # 丹东市, once fetched
        page.select_option("select[name=district_code]", "210603")  # 振兴区
        page.fill("input[name=street]", "1 号")
        page.fill("input[name=receiver_mobile]", "13912345670")
        submit(page, "form.account-form button[type=submit]")
        assert "朵拉" in page.locator("ul.address-list").inner_text()
        screenshot(page, "quickstart-06-address")

        page.goto("/cart/")
        assert page.locator(f"tr.cart-line[data-sku='{sku_id}']").count() == 1
        screenshot(page, "quickstart-07-cart")
        submit(page, "a.checkout")
        assert "/orders/settlement/" in page.url
        assert page.locator("#goods-amount").inner_text() == "29.90"
        screenshot(page, "quickstart-08-settlement")
        submit(page, ".settle-total button[type=submit]")

        assert "/pay/sandbox/" in page.url, page.url
        screenshot(page, "quickstart-09-sandbox")
        submit(page, "button[value=pay]")
        page.wait_for_selector("h1.pay-result.paid")
        order_id = page.locator("dd.order-id").inner_text()
        screenshot(page, "quickstart-10-paid")

        page.goto("/orders/")
        order = page.locator(f"article.order[data-order='{order_id}']")
        assert order.get_attribute("data-status") == "2"  # OrderStatus.PAID
        assert order.locator(".order-status").inner_text() == "已付款，待发货"
        assert page.locator("#cart-count").inner_text() == "0"
        screenshot(page, "quickstart-11-orders")
