from tests.accounts.fixtures import alice, bob, clean_caches, sms_outbox  # noqa: F401
from tests.orders.fixtures import buyer, buyer_address  # noqa: F401
from tests.payments.fixtures import order, paid_events, stranger  # noqa: F401
