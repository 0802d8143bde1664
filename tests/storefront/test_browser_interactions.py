"""The storefront's small scripts in a real Chromium: the home carousel, the
detail page's thumbnails, adding to the cart from a list card, and the
register page's SMS button. Each also works with JavaScript off."""

import pytest

from shopkit.accounts.models import Shopper
from shopkit.content.models import CarouselBanner
from shopkit.goods.models import SKUImage
from tests.fixtures.accounts import PASSWORD, last_sms_code
from tests.fixtures.browser import chromium_page, screenshot
from tests.fixtures.catalogue import png_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CURRENT = "document.querySelector('.carousel-box').dataset.current"
PLAYING = "document.querySelector('.carousel-box').dataset.playing"


@pytest.fixture
def carousel(fruit):
    colours = ["tomato", "gold", "seagreen"]
    skus = [fruit["berries"]["500g"], fruit["berries"]["1kg"], fruit["apples"][0]]
    for sku, colour in zip(skus, colours, strict=True):
        CarouselBanner.objects.create(sku=sku, image=png_upload(f"{colour}.png", colour))
    return skus


def wait_current(page, index: int) -> None:
    page.wait_for_function(f"{CURRENT} === '{index}'")
    page.wait_for_function(  # the row has scrolled to the slide
        "i => { const t = document.querySelector('.carousel');"
        " return Math.abs(t.scrollLeft - i * t.clientWidth) < 2; }",
        arg=index,
    )
    dots = page.locator(".carousel-dot")
    assert dots.nth(index).get_attribute("aria-current") == "true"
    assert page.locator(".carousel-dot[aria-current]").count() == 1


def test_carousel_arrows_dots_keys_and_autoplay(carousel, live_server):
    with chromium_page(live_server.url) as page:
        page.goto("/")
        page.mouse.move(0, 800)  # away from the carousel
        assert page.locator(".carousel-controls").is_visible()
        assert page.locator(".carousel-dot").count() == 3
        wait_current(page, 0)
        assert page.locator(".carousel-prev").get_attribute("aria-label") == "上一张"
        assert page.locator(".carousel-dot").nth(1).get_attribute("aria-label") == "显示第 2 张"
        # Slides out of view are out of the tab order.
        inert = page.evaluate("[...document.querySelectorAll('.carousel li')].map(s => s.inert)")
        assert inert == [False, True, True]
        screenshot(page, "interactions-01-carousel")

        page.locator(".carousel-next").click()
        wait_current(page, 1)
        page.locator(".carousel-dot").nth(2).click()
        wait_current(page, 2)
        page.locator(".carousel-next").click()  # wraps around
        wait_current(page, 0)
        page.locator(".carousel-prev").click()
        wait_current(page, 2)

        # Keyboard: the arrow keys move along and the focus follows the dots.
        page.locator(".carousel-dot").nth(2).focus()
        assert page.evaluate(PLAYING) == "false"  # focus pauses the autoplay
        page.keyboard.press("ArrowRight")
        wait_current(page, 0)
        assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "true"
        page.keyboard.press("ArrowLeft")
        wait_current(page, 2)
        screenshot(page, "interactions-02-carousel-keyboard")

        # Autoplay runs once the focus and the pointer have left …
        page.evaluate("document.activeElement.blur()")
        page.mouse.move(0, 800)
        page.wait_for_function(f"{PLAYING} === 'true'")
        page.wait_for_function(f"{CURRENT} === '0'", timeout=8000)
        # … stops while the pointer is on it …
        page.locator(".carousel").hover()
        page.wait_for_function(f"{PLAYING} === 'false'")
        page.mouse.move(0, 800)
        page.wait_for_function(f"{PLAYING} === 'true'")
        # … and for good with the pause button.
        pause = page.locator(".carousel-pause")
        pause.click()
        page.mouse.move(0, 800)
        assert pause.get_attribute("aria-pressed") == "true"
        assert pause.get_attribute("aria-label") == "播放幻灯片"
        page.wait_for_timeout(300)
        assert page.evaluate(PLAYING) == "false"


def test_carousel_never_plays_for_reduced_motion(carousel, live_server):
    with chromium_page(live_server.url) as page:
        page.emulate_media(reduced_motion="reduce")
        page.goto("/")
        page.mouse.move(0, 800)
        page.wait_for_function(f"{PLAYING} === 'false'")
        assert page.locator(".carousel-pause").get_attribute("aria-pressed") == "true"
        page.wait_for_timeout(5600)  # longer than one autoplay step
        assert page.evaluate(CURRENT) == "0"
        page.locator(".carousel-next").click()  # the arrows still work
        wait_current(page, 1)


def test_without_javascript_the_carousel_is_a_row_of_links(carousel, live_server):
    with chromium_page(live_server.url) as page:
        context = page.context.browser.new_context(
            base_url=live_server.url, java_script_enabled=False, locale="zh-CN"
        )
        plain = context.new_page()
        plain.goto("/")
        assert not plain.locator(".carousel-controls").is_visible()
        links = plain.locator(".carousel li a")
        assert links.count() == 3
        assert links.nth(0).get_attribute("href") == f"/goods/{carousel[0].pk}"


@pytest.fixture
def pictured_berry(fruit):
    berry = fruit["berries"]["500g"]
    for colour in ["navy", "orange"]:
        SKUImage.objects.create(sku=berry, image=png_upload(f"{colour}.png", colour))
    return berry


def test_clicking_a_thumbnail_shows_it_as_the_main_image(pictured_berry, live_server):
    with chromium_page(live_server.url) as page:
        page.goto(f"/goods/{pictured_berry.pk}")
        main = page.locator(".gallery .main-image")
        thumbs = page.locator(".thumbs a.thumb")
        assert thumbs.count() >= 2
        first = main.get_attribute("src")
        second = thumbs.nth(1).get_attribute("href")
        assert second != first
        thumbs.nth(1).click()
        page.wait_for_function(
            "url => document.querySelector('.main-image').src.endsWith(url)", arg=second
        )
        assert page.url.endswith(f"/goods/{pictured_berry.pk}")  # no navigation
        assert thumbs.nth(1).get_attribute("aria-current") == "true"
        assert main.evaluate("img => img.complete && img.naturalWidth") > 0
        screenshot(page, "interactions-03-thumbnail")

        thumbs.nth(0).focus()  # by keyboard too
        page.keyboard.press("Enter")
        target = thumbs.nth(0).get_attribute("href")
        page.wait_for_function(
            "url => document.querySelector('.main-image').src.endsWith(url)", arg=target
        )
        assert page.locator(".thumbs a[aria-current]").count() == 1


def test_adding_from_a_list_card_updates_the_badge_without_a_reload(fruit, live_server):
    apple, berry = fruit["apples"][0], fruit["berries"]["1kg"]
    berry.stock = 0
    berry.save()
    with chromium_page(live_server.url) as page:
        page.goto(f"/list/{fruit['category'].pk}/1")
        page.evaluate("window.notReloaded = true")
        assert page.locator("#cart-count").inner_text() == "0"
        card = page.locator(f".sku-card[data-sku='{apple.pk}']")
        card.locator(".add-button").click()
        page.wait_for_function("document.getElementById('cart-count').innerText === '1'")
        assert card.locator(".cart-message").inner_text() == "已加入购物车。"
        assert page.evaluate("window.notReloaded") is True
        screenshot(page, "interactions-04-added-from-list")

        sold_out = page.locator(f".sku-card[data-sku='{berry.pk}']")  # listed, stock 0
        sold_out.locator(".add-button").click()
        page.wait_for_selector(f".sku-card[data-sku='{berry.pk}'] .cart-message.error")
        assert sold_out.locator(".cart-message").inner_text() == "库存不足"
        assert page.locator("#cart-count").inner_text() == "1"
        screenshot(page, "interactions-05-sold-out-inline")
        page.goto("/cart/")
        assert page.locator(f"tr.cart-line[data-sku='{apple.pk}']").count() == 1


def test_the_sms_button_sends_by_fetch_and_keeps_the_form(db, live_server, sms_outbox):
    phone = "13912345678"
    with chromium_page(live_server.url) as page:
        page.goto("/user/register/")
        page.evaluate("window.notReloaded = true")
        for name, value in [
            ("username", "dora_01"), ("password", PASSWORD), ("password2", PASSWORD),
            ("email", "dora@example.com"), ("phone", "123"),
        ]:  # fmt: skip
            page.fill(f"input[name={name}]", value)
        button = page.locator("button.send-code")
        button.click()  # a wrong number: the error shows inline, the button stays usable
        page.wait_for_selector(".sms-message.error:not([hidden])")
        assert page.locator(".sms-message").inner_text() == "请输入 11 位中国大陆手机号。"
        assert button.is_enabled()

        page.fill("input[name=phone]", phone)
        button.click()
        page.wait_for_selector(".sms-message:not(.error):not([hidden])")
        assert page.locator(".sms-message").inner_text() == "短信验证码已发送到您的手机。"
        assert button.is_disabled() and "秒后重新发送" in button.inner_text()
        assert page.evaluate("window.notReloaded") is True
        assert page.input_value("input[name=password]") == PASSWORD
        assert page.input_value("input[name=password2]") == PASSWORD
        assert page.input_value("input[name=username]") == "dora_01"
        screenshot(page, "interactions-06-sms-sent")

        page.fill("input[name=sms_code]", last_sms_code(sms_outbox, phone))
        page.locator("button[name=register]").click()
        page.wait_for_load_state()
        page.wait_for_selector("text=激活链接已发送到您的邮箱")
    assert Shopper.objects.filter(user__username="dora_01", phone=phone).exists()
