"""Logging in with a login provider through ``/v1/users/<provider>/…`` (API.md
§2): authorisation URL, callback, binding a new or an existing account; the
provider is the QQ test package (``tests/accounts/qq``), nothing in shopkit
names it."""

import json

import pytest

from shopkit.accounts.models import OAuthBinding
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token, user_for_token
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.login_providers import approve

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "username": "penguin_01",
    "password": PASSWORD,
    "phone": "13512345678",
    "email": "penguin@example.com",
}


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
