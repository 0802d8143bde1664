from django.test import override_settings

from shopkit.conf import app_settings


def test_settings_are_read_on_access_so_override_settings_works():
    assert app_settings.JWT_LIFETIME == 86400
    with override_settings(SHOPKIT_JWT_LIFETIME=60, SHOPKIT_CACHE_ALIASES={"page": "pages"}):
        assert app_settings.JWT_LIFETIME == 60
        assert app_settings.CACHE_ALIASES == {"page": "pages"}
    assert app_settings.JWT_LIFETIME == 86400


def test_jwt_key_defaults_to_secret_key():
    with override_settings(SECRET_KEY="k" * 50):
        assert app_settings.JWT_SECRET_KEY == "k" * 50
    with override_settings(SHOPKIT_JWT_SECRET_KEY="j" * 50):
        assert app_settings.JWT_SECRET_KEY == "j" * 50
