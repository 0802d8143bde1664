"""``include("shopkit.urls")`` is all a host needs; the domain apps serve nothing."""

import importlib.util

import pytest
from django.test import override_settings
from django.urls import reverse

import shopkit
from shopkit.core.codes import ErrorCode
from shopkit.core.surface import RebuiltInclude

DOMAIN_APPS = ["goods", "content", "cart", "orders", "payments", "accounts", "search"]

one_include = override_settings(ROOT_URLCONF="tests.urls_one_include")


@pytest.mark.parametrize("module", ["views", "urls"])
@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_apps_have_no_views_or_urls(app, module):
    assert f"shopkit.{app}" in shopkit.APPS
    assert importlib.util.find_spec(f"shopkit.{app}.{module}") is None


@one_include
@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("shopkit_storefront:index", [], "/"),
        ("shopkit_storefront:static_index", [], "/index.html"),
        ("shopkit_storefront:list", [1, "2"], "/list/1/2"),
        ("shopkit_storefront:detail", [7], "/goods/7"),
        ("shopkit_storefront:search", [], "/search/"),
        ("shopkit_storefront:cart", [], "/cart/"),
        ("shopkit_storefront:cart_action", ["add"], "/cart/add"),
        ("shopkit_accounts:login", [], "/user/login/"),
        ("shopkit_accounts:register", [], "/user/register/"),
        ("shopkit_accounts:profile", [], "/user/"),
        ("shopkit_accounts:addresses", [], "/user/address/"),
        ("shopkit_accounts:password_reset", [], "/user/password/reset/"),
        ("shopkit_accounts:oauth_callback", ["weibo"], "/user/oauth/weibo/callback/"),
        ("shopkit_orders:list", [], "/orders/"),
        ("shopkit_orders:settlement", [], "/orders/settlement/"),
        ("shopkit_orders:comment", ["1234"], "/orders/1234/comment/"),
        ("shopkit_payments:pay", ["1234"], "/pay/1234/"),
        ("shopkit_payments:result", [], "/pay/result/"),
        ("shopkit_payments:sandbox", ["token"], "/pay/sandbox/token"),
        ("shopkit_pays_notify", ["sandbox"], "/v1/pays/sandbox/notify"),
        ("shopkit_pays_return", ["sandbox"], "/v1/pays/sandbox/return"),
        ("shopkit_api:openapi-json", [], "/v1/openapi.json"),
    ],
)
def test_one_include_reverses_every_shopkit_namespace(name, args, expected):
    assert reverse(name, args=args) == expected


@one_include
@pytest.mark.parametrize("path", ["/", "/user/login/", "/cart/", "/v1/goods/index"])
def test_one_include_serves_pages_and_api(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    if path.startswith("/v1/"):  # API errors are HTTP 200 too: the envelope tells
        assert response.json()["code"] == 200


@pytest.mark.parametrize("urlconf", ["tests.urls", "tests.urls_one_include"])
def test_unknown_paths_are_404s_with_debug_on(client, db, settings, urlconf):
    # Django's debug 404 page lists the URL patterns tried, plugin includes among them.
    settings.DEBUG = True
    settings.ROOT_URLCONF = urlconf
    response = client.get("/v1/nosuch")
    assert response.status_code == 200  # API errors are HTTP 200: the envelope tells
    assert response.json()["code"] == ErrorCode.NOT_FOUND
    assert client.get("/no-such-page/").status_code == 404


def test_rebuilt_include_repr_names_route_and_namespace_without_recursing():
    include = RebuiltInclude("v1/", list, app_name="ninja", namespace="shopkit_api")
    assert repr(include) == "<RebuiltInclude 'v1/' (app_name=ninja, namespace=shopkit_api)>"
