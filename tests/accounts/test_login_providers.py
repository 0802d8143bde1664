"""Login providers are a family: a second provider (QQ, the small package in
``tests/accounts/qq``) is switched on by settings or by a plugin alone and logs
in through both faces, with nothing in shopkit naming it."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from shopkit import hookimpl
from shopkit.accounts.login_providers.base import LoginProvider
from shopkit.accounts.login_providers.registry import get_login_providers
from shopkit.accounts.models import OAuthBinding
from shopkit.cart import services as cart
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token, user_for_token
from shopkit.testing.login_providers import LoginProviderContractTests
from tests.accounts.fixtures import PASSWORD
from tests.accounts.qq.provider import QQLoginProvider
from tests.accounts.qq_server import QQ_BACKEND, QQServer
from tests.contrib.weibo_server import approve

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "username": "penguin_01",
    "password": PASSWORD,
    "phone": "13512345678",
    "email": "penguin@example.com",
}


def serve_qq():
    fake = QQServer()
    return fake, fake.serve()


@pytest.fixture(scope="module")
def shared_qq():
    fake, server = serve_qq()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def qq(settings):
    """A local QQ server, switched on as ``SHOPKIT_LOGIN_PROVIDERS["qq"]`` only."""
    fake, server = serve_qq()
    settings.SHOPKIT_LOGIN_PROVIDERS = {"qq": {"BACKEND": QQ_BACKEND, "OPTIONS": fake.options()}}
    yield fake
    server.shutdown()
    server.server_close()


class QQPlugin:
    """What a QQ plugin package would register instead of a settings entry."""

    def __init__(self, fake: QQServer) -> None:
        self.fake = fake

    @hookimpl
    def shopkit_login_providers(self):
        return [QQLoginProvider("qq", **self.fake.options())]


class TestQQContract(LoginProviderContractTests):
    provider_class = QQLoginProvider

    @pytest.fixture(autouse=True)
    def server(self, shared_qq):
        self.fake = shared_qq

    def provider_options(self):
        return self.fake.options()

    def failing_provider_options(self):
        return {**self.provider_options(), "app_key": "stolen?"}

    def approve(self, provider, authorization_url):
        return approve(authorization_url)

    def approved_uid(self):
        return self.fake.openid


# -- the family ----------------------------------------------------------------


def test_the_base_class_names_the_class_and_method_a_subclass_must_provide():
    bare = LoginProvider("bare")
    with pytest.raises(
        NotImplementedError, match=r"^LoginProvider must implement authorization_url"
    ):
        bare.authorization_url("http://shop.test/callback/", "state")
    with pytest.raises(NotImplementedError, match=r"^LoginProvider must implement exchange_code"):
        bare.exchange_code("code", "http://shop.test/callback/")


@pytest.mark.parametrize("name", ["QQ", "two words", "", "q" * 21, "qq/1"])
def test_a_name_that_cannot_be_part_of_a_url_is_refused(name):
    with pytest.raises(ImproperlyConfigured, match="lowercase letters"):
        LoginProvider(name)


def test_no_login_provider_is_active_unless_configured():
    assert get_login_providers() == {}


def test_a_backend_that_is_not_a_login_provider_is_refused(settings):
    settings.SHOPKIT_LOGIN_PROVIDERS = {
        "sms": {"BACKEND": "shopkit.accounts.sms.console.ConsoleSMSProvider"}
    }
    with pytest.raises(ImproperlyConfigured, match="is not a LoginProvider"):
        get_login_providers()


def test_a_plugin_alone_contributes_a_provider(shopkit_plugin, shared_qq):
    shopkit_plugin(QQPlugin(shared_qq))
    assert isinstance(get_login_providers()["qq"], QQLoginProvider)


# -- the API ---------------------------------------------------------------------


def api_callback(client, provider="qq") -> dict[str, str]:
    answer = client.get(f"/v1/users/{provider}/authorization").json()
    assert answer["code"] == 200, answer
    return approve(answer["oauth_url"])


def api_bind(client, ticket, provider="qq", **fields):
    body = json.dumps({"uid": ticket, **NEW_ACCOUNT, **fields})
    return client.post(f"/v1/users/{provider}/users", body, content_type="application/json").json()


def test_api_login_then_bind_a_new_account_then_log_in_again_with_qq(client, qq):
    unbound = client.get("/v1/users/qq/users", api_callback(client)).json()
    assert unbound["code"] == ErrorCode.PROVIDER_ACCOUNT_NOT_BOUND == 201
    assert unbound["uid"] != qq.openid
    bound = api_bind(client, unbound["uid"])
    assert bound["code"] == 200 and bound["username"] == "penguin_01"
    assert user_for_token(bound["token"]).get_username() == "penguin_01"
    binding = OAuthBinding.objects.get()
    assert (binding.provider, binding.uid) == ("qq", qq.openid)
    again = client.get("/v1/users/qq/users", api_callback(client)).json()
    assert again["code"] == 200 and again["username"] == "penguin_01"


def test_the_redirect_uri_is_the_storefront_callback_or_the_front_ends_page(client, qq, settings):
    url = client.get("/v1/users/qq/authorization").json()["oauth_url"]
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Fuser%2Foauth%2Fqq%2Fcallback%2F" in url
    settings.SHOPKIT_FRONTEND_URL = {"qq_callback": "http://front.test/qq.html"}
    url = client.get("/v1/users/qq/authorization").json()["oauth_url"]
    assert "redirect_uri=http%3A%2F%2Ffront.test%2Fqq.html" in url


@pytest.mark.parametrize("provider", ["weibo", "nosuch"])
def test_an_unknown_or_inactive_provider_is_a_users_code(client, qq, provider):
    answers = [
        client.get(f"/v1/users/{provider}/authorization").json(),
        client.get(f"/v1/users/{provider}/users", {"code": "abc"}).json(),
        api_bind(client, "ticket", provider=provider),
    ]
    assert [answer["code"] for answer in answers] == [ErrorCode.USERS_LOGIN_PROVIDER_UNKNOWN] * 3


def test_a_provider_name_no_provider_can_have_is_a_bad_parameter(client, db):
    answer = client.get(f"/v1/users/{'q' * 21}/authorization").json()
    assert answer["code"] == ErrorCode.USERS_BAD_PARAMETER


def test_provider_routes_leave_the_users_own_paths_alone(client, qq, alice):
    token = {"HTTP_AUTHORIZATION": issue_token(alice)}
    addresses = client.get("/v1/users/alice/address", **token).json()
    assert addresses == {"code": 200, "addresslist": []}
    assert client.get("/v1/users/alice/authorization").json()["code"] == (
        ErrorCode.USERS_LOGIN_PROVIDER_UNKNOWN
    )


@pytest.fixture
def two_qq_apps(qq, settings):
    entry = settings.SHOPKIT_LOGIN_PROVIDERS["qq"]
    settings.SHOPKIT_LOGIN_PROVIDERS = {"qq": entry, "qq2": entry}
    return qq


def test_one_providers_ticket_and_state_are_worthless_to_another(client, two_qq_apps):
    ticket = client.get("/v1/users/qq/users", api_callback(client)).json()["uid"]
    assert api_bind(client, ticket, provider="qq2")["code"] == ErrorCode.USERS_BINDING_EXPIRED
    callback = api_callback(client, "qq")
    answer = client.get("/v1/users/qq2/users", callback).json()
    assert answer["code"] == ErrorCode.USERS_LOGIN_PROVIDER_FAILED
    assert not OAuthBinding.objects.exists()


def test_an_account_binds_one_account_per_provider(client, two_qq_apps, alice):
    for provider in ("qq", "qq2"):
        ticket = client.get(f"/v1/users/{provider}/users", api_callback(client, provider))
        answer = api_bind(client, ticket.json()["uid"], provider=provider, username="alice")
        assert answer["code"] == 200 and answer["username"] == "alice"
    assert sorted(OAuthBinding.objects.values_list("provider", flat=True)) == ["qq", "qq2"]
    two_qq_apps.openid = "another-qq-account"
    ticket = client.get("/v1/users/qq/users", api_callback(client)).json()["uid"]
    answer = api_bind(client, ticket, username="alice")
    assert answer["code"] == ErrorCode.USERS_PROVIDER_ALREADY_BOUND


# -- the storefront ------------------------------------------------------------


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
