"""The storefront's login-provider pages: a button per active provider, logging
in and binding through ``/user/oauth/<provider>/…``, the cookie cart merged;
the provider is the QQ test package (``tests/accounts/qq``)."""

import pytest

from shopkit.accounts.models import OAuthBinding
from shopkit.cart import services as cart
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.login_providers import QQPlugin, approve

pytestmark = pytest.mark.django_db


def test_the_login_page_shows_a_button_per_active_provider(client, qq, settings):
    weibo = {
        "BACKEND": "shopkit.contrib.weibo.provider.WeiboLoginProvider",
        "OPTIONS": {"client_id": "app-key", "client_secret": "app-secret"},
    }
    settings.SHOPKIT_LOGIN_PROVIDERS = {**settings.SHOPKIT_LOGIN_PROVIDERS, "weibo": weibo}
    page = client.get("/user/login/").content.decode()
    assert 'href="/user/oauth/qq/login/"' in page and 'href="/user/oauth/weibo/login/"' in page
    assert "QQ" in page and "微博" in page


def test_the_login_page_shows_no_provider_button_when_none_is_configured(client, db):
    page = client.get("/user/login/").content.decode()
    assert "/user/oauth/" not in page and "login-providers" not in page


def test_storefront_login_and_bind_with_a_plugin_provider_merges_the_cart(
    client, alice, fruit, shopkit_plugin, shared_qq
):
    shopkit_plugin(QQPlugin(shared_qq))
    apple = fruit["apples"][0]
    client.post("/cart/add", {"sku_id": apple.pk, "count": 2}, HTTP_ACCEPT="application/json")
    start = client.get("/user/oauth/qq/login/")
    assert start.status_code == 302 and start["Location"].startswith(shared_qq.url)
    unbound = client.get("/user/oauth/qq/callback/", approve(start["Location"]))
    assert unbound["Location"] == "/user/oauth/qq/bind/"
    page = client.get("/user/oauth/qq/bind/").content.decode()
    assert "QQ" in page and 'action="/user/oauth/qq/bind/"' in page
    bound = client.post("/user/oauth/qq/bind/", {"username": "alice", "password": PASSWORD})
    assert bound["Location"] == "/user/"
    assert OAuthBinding.objects.get(provider="qq").user == alice
    assert client.get("/user/").context["user"] == alice
    assert cart.selected_lines(alice) == [(apple.pk, 2)]
    assert bound.cookies["shopkit_cart"].value == ""


def test_storefront_login_of_a_bound_account_merges_the_cart(client, alice, fruit, qq):
    OAuthBinding.objects.create(provider="qq", uid=qq.openid, user=alice)
    apple = fruit["apples"][1]
    client.post("/cart/add", {"sku_id": apple.pk, "count": 1}, HTTP_ACCEPT="application/json")
    callback = approve(client.get("/user/oauth/qq/login/")["Location"])
    assert client.get("/user/oauth/qq/callback/", callback)["Location"] == "/user/"
    assert cart.selected_lines(alice) == [(apple.pk, 1)]


def test_storefront_start_with_an_inactive_provider_goes_back_to_login(client, db):
    response = client.get("/user/oauth/qq/login/")
    assert response["Location"] == "/user/login/"
