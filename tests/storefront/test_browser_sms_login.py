"""A shopper signs in by SMS in a real Chromium: the login page's link, the
script's "send code" button (by fetch, with its countdown), the code typed in,
a new account opened and announced, then the number re-bound from the
profile; both pages free of serious accessibility findings."""

import pytest

from shopkit.accounts.models import Shopper
from tests.fixtures.accounts import last_sms_code
from tests.fixtures.browser import axe_violations, chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13912345678"


def test_a_new_number_signs_in_by_sms_and_gets_an_account(live_server, sms_outbox, axe, settings):
    settings.SHOPKIT_SMS_CODE_INTERVAL = 0  # a second code to the number, for binding
    with chromium_page(live_server.url) as page:
        page.goto("/user/login/")
        page.locator("a.login-sms").click()
        page.wait_for_url("**/user/login/sms/")
        assert axe_violations(page, axe) == []
        page.fill("input[name=phone]", PHONE)
        page.locator("button.send-code").click()
        message = page.locator(".sms-message")
        message.wait_for(state="visible")
        assert "error" not in (message.get_attribute("class") or "")
        assert page.locator("button.send-code").is_disabled()  # counting down
        screenshot(page, "sms-login-01-code-sent")

        page.fill("input[name=sms_code]", last_sms_code(sms_outbox, PHONE))
        page.locator("button[name=login]").click()
        page.wait_for_url("**/user/")
        shopper = Shopper.objects.select_related("user").get(phone=PHONE)
        body = page.locator("body").inner_text()
        assert shopper.user.get_username() in body and PHONE in body
        screenshot(page, "sms-login-02-account-created")

        page.locator("a.bind-phone").click()
        page.wait_for_url("**/user/phone/")
        assert axe_violations(page, axe) == []
        page.fill("input[name=phone]", PHONE)
        page.locator("button.send-code").click()
        page.locator(".sms-message").wait_for(state="visible")
        page.fill("input[name=sms_code]", last_sms_code(sms_outbox, PHONE))
        page.locator("button[name=bind]").click()
        page.wait_for_url("**/user/")
        assert PHONE in page.locator(".messages, body").first.inner_text()
        screenshot(page, "sms-login-03-number-bound")
