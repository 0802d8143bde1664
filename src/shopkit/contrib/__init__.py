"""Optional plugins and backends; each is activated by naming it in ``SHOPKIT_PLUGINS``."""
