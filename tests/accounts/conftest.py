from tests.accounts.fixtures import alice, bob, clean_caches, sms_outbox  # noqa: F401
