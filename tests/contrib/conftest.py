import pytest

from tests.accounts.fixtures import alice, bob, clean_caches, sms_outbox  # noqa: F401
from tests.contrib.weibo_server import WEIBO_BACKEND, WeiboServer, weibo_options


@pytest.fixture
def weibo_server(settings):
    """A local Weibo OAuth2 server, configured as ``SHOPKIT_LOGIN_PROVIDERS["weibo"]``."""
    fake = WeiboServer("2718281828", "weibo-app-secret")
    server, url = fake.serve()
    settings.SHOPKIT_LOGIN_PROVIDERS = {
        "weibo": {"BACKEND": WEIBO_BACKEND, "OPTIONS": weibo_options(fake, url)}
    }
    yield fake
    server.shutdown()
    server.server_close()
