import pytest

from shopkit.testing import registered_plugin
from tests.orders.fixtures import buyer  # noqa: F401
from tests.payments.fixtures import order, paid_events, stranger  # noqa: F401


@pytest.fixture(scope="session")
def alipay_gateway_server():
    from shopkit.testing.alipay_gateway import LocalAlipayGateway

    with LocalAlipayGateway() as gateway:
        yield gateway


@pytest.fixture
def alipay(settings, alipay_gateway_server):
    """The Alipay plugin, active and configured against the local gateway."""
    import shopkit.contrib.alipay

    settings.SHOPKIT_ALIPAY = alipay_gateway_server.settings()
    with registered_plugin(shopkit.contrib.alipay, name="alipay-test"):
        yield alipay_gateway_server
