import pytest

import shopkit.contrib.weibo
from tests.contrib.weibo_server import WeiboServer, weibo_options


@pytest.fixture
def weibo_server(settings, shopkit_plugin):
    """A local Weibo OAuth2 server; ``shopkit.contrib.weibo`` active and
    configured for it as ``SHOPKIT_LOGIN_PROVIDERS["weibo"]``."""
    fake = WeiboServer("2718281828", "weibo-app-secret")
    server, url = fake.serve()
    settings.SHOPKIT_LOGIN_PROVIDERS = {"weibo": {"OPTIONS": weibo_options(fake, url)}}
    shopkit_plugin(shopkit.contrib.weibo, name="shopkit.contrib.weibo")
    yield fake
    server.shutdown()
    server.server_close()
