from tests.accounts.fixtures import alice, bob, clean_caches  # noqa: F401
