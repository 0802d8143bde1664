"""Optional integrations (payment, SMS, storage, search, login); each is activated by
naming it in ``SHOPKIT_PLUGINS`` or, for search, in ``HAYSTACK_CONNECTIONS``."""
