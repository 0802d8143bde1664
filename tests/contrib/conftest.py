import pytest

import shopkit.contrib.weibo
from shopkit.testing import registered_plugin
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


@pytest.fixture(scope="session")
def wechatpay_server():
    """A local WeChat Pay API v3 server with its own platform and merchant keys."""
    from tests.contrib.wechatpay_server import LocalWechatPay

    with LocalWechatPay() as gateway:
        yield gateway


@pytest.fixture
def wechatpay(settings, wechatpay_server):
    """``shopkit.contrib.wechatpay`` active and configured for the local server
    as ``SHOPKIT_PAYMENT_PROVIDERS["wechatpay"]``, beside the sandbox."""
    import shopkit.contrib.wechatpay

    settings.SHOPKIT_PAYMENT_PROVIDERS = {
        **settings.SHOPKIT_PAYMENT_PROVIDERS,
        "wechatpay": {"OPTIONS": wechatpay_server.options()},
    }
    with registered_plugin(shopkit.contrib.wechatpay, name="wechatpay-test"):
        yield wechatpay_server
