"""A storefront session's user comes from the versioned per-user cache API
tokens use (``shopkit.accounts.backends``), read with the session from the
cache (``shopkit.accounts.sessions``): no query on a warm request, and a
deactivation or a password change still ends the session on the next one."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures.accounts import PASSWORD


@pytest.fixture(autouse=True)
def cached_sessions(settings):
    settings.SESSION_ENGINE = "shopkit.accounts.sessions"


def logged_in(client):
    return client.get("/user/").status_code == 200


def queries_of(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return [query["sql"] for query in captured.captured_queries]


def test_the_example_project_logs_sessions_in_through_the_cached_backend(settings):
    assert settings.AUTHENTICATION_BACKENDS == ["shopkit.accounts.backends.CachedUserBackend"]


def test_a_warm_form_add_makes_no_query(client, alice, berry):
    client.force_login(alice)

    def add():
        response = client.post("/cart/add", {"sku_id": berry.pk, "count": 1})
        assert response.status_code == 302 and response["Location"] == "/cart/"

    add()  # reads the session, the user and the SKU once
    assert queries_of(add) == []
    assert queries_of(add) == []


def test_login_and_logout_work_through_the_form(client, alice):
    assert not logged_in(client)
    answer = client.post("/user/login/", {"username": "alice", "password": PASSWORD})
    assert answer.status_code == 302 and logged_in(client)
    assert client.session[SESSION_KEY] == str(alice.pk)
    assert client.post("/user/logout/").status_code == 302
    assert not logged_in(client)


def test_a_deactivated_user_is_logged_out_on_the_next_request(client, alice):
    client.force_login(alice)
    assert logged_in(client) and logged_in(client)  # the second read is the cached user
    alice.is_active = False
    alice.save()
    assert not logged_in(client)


def test_a_password_changed_elsewhere_logs_the_other_sessions_out(client, alice):
    client.force_login(alice)
    assert logged_in(client) and logged_in(client)
    alice.set_password("An0ther-passw0rd")
    alice.save()
    assert not logged_in(client)
    again = client.post("/user/login/", {"username": "alice", "password": "An0ther-passw0rd"})
    assert again.status_code == 302 and logged_in(client)


def test_a_deleted_user_is_logged_out_on_the_next_request(client, alice):
    client.force_login(alice)
    assert logged_in(client) and logged_in(client)
    alice.delete()
    assert not logged_in(client)


def test_a_deactivation_refuses_the_token_and_the_session_sharing_the_cached_user(client, alice):
    from shopkit.core.tokens import issue_token

    token = issue_token(alice)
    client.force_login(alice)

    def api_code():
        answer = client.get(f"/v1/carts/{alice.get_username()}", HTTP_AUTHORIZATION=token)
        return answer.json()["code"]

    assert logged_in(client) and api_code() == 200
    assert queries_of(api_code) == []  # the session's read cached the user
    alice.is_active = False
    alice.save()
    assert api_code() == 403 and not logged_in(client)
