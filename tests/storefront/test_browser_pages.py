"""Every storefront page in a real Chromium, at a phone's 375 px and a desktop's
1280 px: a full-page screenshot of each in ``test-artifacts/pages/``, no
horizontal scrolling on the phone, and no serious or critical axe-core finding.
Every finding of axe, of any impact, is kept beside the screenshots in
``test-artifacts/pages/axe-<width>.json``: the accessibility results to show.

The shopper reaches each page as they would: signed out for the account forms,
through the mail for activation and password reset, through a (local) QQ
stand-in for binding, through cart and settlement for paying; only the received
order to comment on is taken through shipping by the order services.
"""

import json
import re
from collections import Counter

import pytest
from django.template.loader import render_to_string

from shopkit.accounts.models import Address
from shopkit.goods.models import SKU
from shopkit.orders.lifecycle import confirm_receipt, ship
from shopkit.orders.models import Order
from shopkit.orders.placement import place_order
from tests.fixtures.accounts import PASSWORD, mailed_code, mailed_link
from tests.fixtures.browser import ARTIFACTS, AXE_FAILING_IMPACTS, chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 375, 1280
#: Served in place of a real failure, to see ``500.html`` as Django renders it.
SERVER_ERROR_PATH = "/page-test-server-error/"
#: Every violation axe finds on a page, of any impact: the rule, its impact and
#: help, and the selectors of the offending elements.
AXE_FINDINGS = """axe.run(document, {resultTypes: ['violations']}).then(result => ({
  version: result.testEngine.version,
  violations: result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
  })),
}))"""


class PageCheck:
    """Look at each page the shopper lands on; collect every problem, so one
    failure message lists all pages that need work."""

    def __init__(self, page, width: int, axe_source: str) -> None:
        self.page, self.width, self.axe_source = page, width, axe_source
        self.problems: list[str] = []
        self.seen: list[str] = []
        self.axe_version = ""
        self.findings: dict[str, list[dict]] = {}

    def __call__(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state()
        self.seen.append(name)
        screenshot(page, f"pages/{name}-{self.width}")
        if self.width == PHONE:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > PHONE:
                self.problems.append(f"{name}: {scroll_width} px wide at {PHONE} px")
        # One axe run: its serious and critical violations fail the test (one
        # line each, as axe_violations() writes them), and all go in the report.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=self.axe_source)
        found = page.evaluate(AXE_FINDINGS)
        self.axe_version, self.findings[name] = found["version"], found["violations"]
        for rule in found["violations"]:
            if rule["impact"] in AXE_FAILING_IMPACTS:
                what = f"{rule['id']} ({rule['impact']}: {rule['help']})"
                self.problems.append(f"{name}: {what} at {', '.join(rule['targets'])}")

    def write_axe_report(self) -> dict:
        """``axe-<width>.json``: the pages, each with axe's violations, and the
        count of each impact over all pages (serious and critical fail the test)."""
        impacts = Counter(v["impact"] for found in self.findings.values() for v in found)
        report = {
            "axe": self.axe_version,
            "width": self.width,
            "pages": len(self.findings),
            "violations_by_impact": {
                impact: impacts[impact] for impact in ("critical", "serious", "moderate", "minor")
            },
            "failing_impacts": list(AXE_FAILING_IMPACTS),
            "findings": self.findings,
        }
        path = ARTIFACTS / "pages" / f"axe-{self.width}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        return report


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/user/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/user/")


def log_out(page) -> None:
    page.locator(".user-links form.inline button").click()
    page.wait_for_url(re.compile(r".*/$"))


def visit_signed_out_pages(page, check, width: int) -> None:
    sku = SKU.objects.filter(is_launched=True).order_by("pk").first()
    for name, path in [
        ("home", "/"),
        ("list", f"/list/{sku.category_id}/1"),
        ("detail", f"/goods/{sku.pk}"),
        ("search", "/search/?q=%E8%8D%89%E8%8E%93"),
        ("cart-empty", "/cart/"),
        ("not-found", "/no-such-page/"),
        ("server-error", SERVER_ERROR_PATH),
        ("login", "/user/login/"),
        ("login-sms", "/user/login/sms/"),
        ("resend-activation", "/user/activate/"),
        ("activation-failed", "/user/activate/not-a-code/"),
        ("password-reset", "/user/password/reset/"),
    ]:
        page.goto(path)
        check(name)

    page.goto("/user/register/")
    page.locator("form.account-form button[name=register]").click()
    check("register-errors")
    username = f"page_{width}"
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=email]", f"{username}@example.com")
    page.fill("input[name=phone]", f"1391234{width:04d}")
    check("register")
    page.locator("form.account-form button[name=register]").click()
    page.wait_for_load_state()
    check("registered")
    page.goto(mailed_link())
    check("activated")

    page.goto("/user/password/reset/")
    page.fill("input[name=email]", f"{username}@example.com")
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/reset/verify/")
    check("password-reset-verify")
    page.fill("input[name=code]", mailed_code())
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/reset/new/")
    check("password-reset-new")

    page.goto("/user/oauth/qq/login/")
    page.wait_for_url("**/user/oauth/qq/bind/")
    check("provider-bind")


def visit_signed_in_pages(page, check, shopper) -> None:
    log_in(page, shopper.get_username())
    check("profile")
    page.goto("/orders/")
    check("orders-empty")
    page.goto("/user/address/")
    check("addresses-empty")
    address = Address.objects.create(
        user=shopper,
        receiver="张三",
        address="北京市海淀区中关村 1 号",
        receiver_mobile="13800138000",
        postcode="100080",
        is_default=True,
    )
    page.goto("/user/address/")
    check("addresses")
    page.goto(f"/user/address/{address.pk}/")
    check("address-edit")
    page.goto("/user/password/")
    check("password-change")
    page.goto("/user/phone/")
    check("phone-bind")

    skus = list(SKU.objects.filter(is_launched=True, stock__gte=5).order_by("pk")[:2])
    for sku in skus:
        page.goto(f"/goods/{sku.pk}")
        page.locator(".add-to-cart button[type=submit]").first.click()
        page.wait_for_selector(".add-to-cart .cart-message:not([hidden])")
    page.goto("/cart/")
    check("cart")
    page.locator("a.checkout").click()
    page.wait_for_url("**/orders/settlement/")
    check("settlement")
    page.locator(".settle-total button[type=submit]").click()  # straight to the sandbox
    page.wait_for_url("**/pay/sandbox/**")
    check("sandbox-pay")
    placed = Order.objects.filter(user=shopper).latest("created")
    page.goto(f"/pay/{placed.order_id}/")
    check("pay")
    page.locator(".pay-form button[type=submit]").click()
    page.wait_for_url("**/pay/sandbox/**")
    page.locator("button[value=pay]").click()
    page.wait_for_url("**/pay/result/?**")
    check("pay-result")

    ship(placed.pk)
    confirm_receipt(shopper, placed.pk)
    place_order(shopper, address.pk, [(skus[0].pk, 1)])  # one to pay, one to comment on
    page.goto("/orders/")
    check("orders")
    page.goto(f"/orders/{placed.order_id}/comment/")
    check("comment")
    page.locator(".comment-line textarea").first.fill("很新鲜，很甜。")
    page.locator(".comment-form button[type=submit]").click()
    page.wait_for_selector(".messages")  # "Comment saved.", the other line still to comment
    page.goto(f"/goods/{skus[0].pk}")
    page.wait_for_selector(".comments .comment-time")
    check("detail-commented")
    log_out(page)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_page_fits_the_screen_and_passes_axe(width, demo_store, alice, qq, live_server, axe):
    server_error = render_to_string("500.html")
    with chromium_page(live_server.url) as page:
        page.set_viewport_size({"width": width, "height": 800})
        page.route(
            f"**{SERVER_ERROR_PATH}",
            lambda route: route.fulfill(status=500, content_type="text/html", body=server_error),
        )
        check = PageCheck(page, width, axe)
        visit_signed_out_pages(page, check, width)
        visit_signed_in_pages(page, check, alice)
    report = check.write_axe_report()
    assert len(check.seen) == len(set(check.seen)) == 34, check.seen
    assert sorted(report["findings"]) == sorted(check.seen)
    assert not check.problems, "\n".join(check.problems)
    assert sum(report["violations_by_impact"][impact] for impact in AXE_FAILING_IMPACTS) == 0
