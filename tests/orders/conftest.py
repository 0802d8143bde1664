from tests.accounts.fixtures import alice  # noqa: F401
from tests.orders.fixtures import buyer, buyer_address  # noqa: F401
