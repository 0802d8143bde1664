"""Weibo login through the API and the storefront, against a local OAuth2 server."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.core.exceptions import ImproperlyConfigured

import shopkit.contrib.weibo
from shopkit.accounts.login_providers.registry import get_login_providers
from shopkit.accounts.models import OAuthBinding
from shopkit.contrib.weibo.provider import WeiboLoginProvider
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import user_for_token
from shopkit.testing.login_providers import LoginProviderContract
from tests.contrib.weibo_server import WEIBO_BACKEND, WeiboServer, approve, weibo_options
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db

FRONT_CALLBACK = "http://front.test/callback.html"


@pytest.fixture(autouse=True)
def front_end(settings):
    settings.SHOPKIT_FRONTEND_URL = {"weibo_callback": FRONT_CALLBACK}


def api_code(client) -> dict[str, str]:
    answer = client.get("/v1/users/weibo/authorization").json()
    assert answer["code"] == 200
    return approve(answer["oauth_url"])


def bind(client, ticket, **fields):
    body = {
        "uid": ticket,
        "username": "weibo_fan",
        "password": PASSWORD,
        "phone": "13512345678",
        "email": "fan@example.com",
        **fields,
    }
    return client.post(
        "/v1/users/weibo/users", json.dumps(body), content_type="application/json"
    ).json()


@pytest.fixture(scope="module")
def contract_weibo():
    fake = WeiboServer("3141592653", "contract-secret")
    server, url = fake.serve()
    yield fake, url
    server.shutdown()
    server.server_close()


class TestWeiboContract(LoginProviderContract):
    provider_class = WeiboLoginProvider
    plugin = "shopkit.contrib.weibo"
    provider_name = "weibo"

    @pytest.fixture(autouse=True)
    def server(self, contract_weibo):
        self.fake, self.url = contract_weibo

    def provider_options(self):
        return weibo_options(self.fake, self.url)

    def failing_provider_options(self):
        return {**self.provider_options(), "client_secret": "stolen?"}

    def approve(self, provider, authorization_url):
        return approve(authorization_url)

    def approved_uid(self):
        return self.fake.uid


def test_not_configured_is_a_users_code(client, db):
    answer = client.get("/v1/users/weibo/authorization").json()
    assert answer["code"] == ErrorCode.USERS_LOGIN_PROVIDER_UNKNOWN


@pytest.mark.parametrize("missing", ["client_id", "client_secret"])
def test_missing_credentials_are_improperly_configured_naming_setting_and_key(
    settings, shopkit_plugin, missing
):
    options = {"client_id": "app-key", "client_secret": "app-secret", missing: ""}
    settings.SHOPKIT_LOGIN_PROVIDERS = {"weibo": {"OPTIONS": options}}
    shopkit_plugin(shopkit.contrib.weibo, name="shopkit.contrib.weibo")
    with pytest.raises(
        ImproperlyConfigured,
        match=rf"needs '{missing}' in SHOPKIT_LOGIN_PROVIDERS\['weibo'\]\['OPTIONS'\]",
    ):
        get_login_providers()


def test_a_non_positive_timeout_names_setting_and_key():
    with pytest.raises(
        ImproperlyConfigured,
        match=r"SHOPKIT_LOGIN_PROVIDERS\['weibo'\]\['OPTIONS'\]\['timeout'\] must be a positive",
    ):
        WeiboLoginProvider("weibo", client_id="k", client_secret="s", timeout=0)


def test_the_entry_without_the_plugin_is_a_check_error_and_no_provider(settings):
    from shopkit.accounts.checks import check_plugin_providers

    settings.SHOPKIT_LOGIN_PROVIDERS = {
        "weibo": {"OPTIONS": {"client_id": "k", "client_secret": "s"}}
    }
    assert get_login_providers() == {}
    [error] = check_plugin_providers()
    assert error.id == "shopkit.E014" and '"shopkit.contrib.weibo"' in error.hint


def test_a_backend_entry_still_builds_it_without_the_plugin(settings):
    options = {"client_id": "k", "client_secret": "s"}
    settings.SHOPKIT_LOGIN_PROVIDERS = {"sina": {"BACKEND": WEIBO_BACKEND, "OPTIONS": options}}
    assert isinstance(get_login_providers()["sina"], WeiboLoginProvider)


def test_authorization_url_names_the_client_callback_and_a_state(client, weibo_server):
    url = client.get("/v1/users/weibo/authorization").json()["oauth_url"]
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("http://127.0.0.1:") and "/oauth2/authorize?" in url
    assert query["client_id"] == ["2718281828"] and query["redirect_uri"] == [FRONT_CALLBACK]
    assert query["response_type"] == ["code"] and query["state"][0]


def test_unbound_then_bound_to_a_new_account_then_logged_in(client, weibo_server):
    callback = api_code(client)
    unbound = client.get("/v1/users/weibo/users", callback).json()
    assert unbound["code"] == 201 and unbound["uid"] != weibo_server.uid
    token_request = weibo_server.token_requests[-1]
    assert token_request["redirect_uri"] == FRONT_CALLBACK
    bound = bind(client, unbound["uid"])
    assert bound["code"] == 200 and bound["username"] == "weibo_fan"
    assert user_for_token(bound["token"]).get_username() == "weibo_fan"
    assert OAuthBinding.objects.get().uid == weibo_server.uid
    again = client.get("/v1/users/weibo/users", api_code(client)).json()
    assert again["code"] == 200 and again["username"] == "weibo_fan"


def test_binding_an_existing_account_needs_its_password(client, weibo_server, alice):
    ticket = client.get("/v1/users/weibo/users", api_code(client)).json()["uid"]
    assert bind(client, ticket, username="ALICE", password="wrong")["code"] == (
        ErrorCode.USERS_LOGIN_FAILED
    )
    assert bind(client, ticket, username="alice")["username"] == "alice"
    assert OAuthBinding.objects.get().user == alice
    weibo_server.uid = "2000000001"
    other = client.get("/v1/users/weibo/users", api_code(client)).json()["uid"]
    assert bind(client, other, username="alice")["code"] == ErrorCode.USERS_PROVIDER_ALREADY_BOUND


@pytest.mark.parametrize(
    "forge",
    [
        lambda uid: uid,
        lambda uid: signing.TimestampSigner(salt="other").sign(uid),
        lambda uid: "garbage",
    ],
)
def test_forged_binding_tickets_bind_nothing(client, weibo_server, forge):
    answer = bind(client, forge(weibo_server.uid))
    assert answer["code"] == ErrorCode.USERS_BINDING_EXPIRED
    assert not OAuthBinding.objects.exists()


def test_used_or_unknown_codes_and_wrong_secrets_fail(client, weibo_server, settings):
    callback = api_code(client)
    assert client.get("/v1/users/weibo/users", callback).json()["code"] == 201
    reused = client.get("/v1/users/weibo/users", callback).json()
    assert reused["code"] == ErrorCode.USERS_LOGIN_PROVIDER_FAILED
    callback = api_code(client)
    weibo = settings.SHOPKIT_LOGIN_PROVIDERS["weibo"]
    stolen = {**weibo, "OPTIONS": {**weibo["OPTIONS"], "client_secret": "stolen?"}}
    settings.SHOPKIT_LOGIN_PROVIDERS = {"weibo": stolen}
    assert client.get("/v1/users/weibo/users", callback).json()["code"] == (
        ErrorCode.USERS_LOGIN_PROVIDER_FAILED
    )


def test_a_forged_state_is_refused(client, weibo_server):
    callback = api_code(client)
    answer = client.get("/v1/users/weibo/users", {**callback, "state": "forged"}).json()
    assert answer["code"] == ErrorCode.USERS_LOGIN_PROVIDER_FAILED


def test_storefront_flow_binds_and_logs_in(client, weibo_server):
    start = client.get("/user/oauth/weibo/login/")
    assert start.status_code == 302
    callback = approve(start["Location"])
    assert callback["state"] == client.session["shopkit_weibo_state"]
    unbound = client.get("/user/oauth/weibo/callback/", callback)
    assert unbound["Location"] == "/user/oauth/weibo/bind/"
    page = client.get("/user/oauth/weibo/bind/")
    assert page.status_code == 200 and 'name="username"' in page.content.decode()
    bound = client.post(
        "/user/oauth/weibo/bind/",
        {
            "username": "weibo_fan",
            "password": PASSWORD,
            "email": "fan@example.com",
            "phone": "13512345678",
        },
    )
    # A new account still waits for activation before a session login.
    assert bound["Location"] == "/user/login/"
    assert OAuthBinding.objects.get().user.get_username() == "weibo_fan"


def test_storefront_login_of_a_bound_activated_account(client, weibo_server, alice):
    OAuthBinding.objects.create(provider="weibo", uid=weibo_server.uid, user=alice)
    callback = approve(client.get("/user/oauth/weibo/login/")["Location"])
    response = client.get("/user/oauth/weibo/callback/", callback)
    assert response["Location"] == "/user/"
    assert client.get("/user/").context["user"] == alice


def test_storefront_callback_needs_the_session_state(client, weibo_server):
    callback = approve(client.get("/user/oauth/weibo/login/")["Location"])
    client.cookies.clear()
    response = client.get("/user/oauth/weibo/callback/", callback)
    assert response["Location"] == "/user/login/"
    assert not weibo_server.token_requests
