from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Models that exist only for shopkit's own tests (no migrations: the
    test runner creates their tables)."""

    name = "tests.testapp"
    label = "shopkit_testapp"
    default_auto_field = "django.db.models.BigAutoField"
