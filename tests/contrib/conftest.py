import pytest

from tests.accounts.fixtures import alice, bob, clean_caches, sms_outbox  # noqa: F401
from tests.contrib.weibo_server import WeiboServer


@pytest.fixture
def weibo_server(settings):
    """A local Weibo OAuth2 server, configured in ``SHOPKIT_WEIBO``."""
    fake = WeiboServer("2718281828", "weibo-app-secret")
    server, url = fake.serve()
    settings.SHOPKIT_WEIBO = {
        "CLIENT_ID": fake.client_id,
        "CLIENT_SECRET": fake.client_secret,
        "AUTHORIZE_URL": f"{url}/oauth2/authorize",
        "TOKEN_URL": f"{url}/oauth2/access_token",
        "TIMEOUT": 5,
    }
    yield fake
    server.shutdown()
    server.server_close()
