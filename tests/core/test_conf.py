from django.test import override_settings

from shopkit.conf import app_settings


def test_settings_are_kept_and_read_again_when_override_settings_changes_them(settings):
    assert app_settings.JWT_LIFETIME == 86400
    assert "JWT_LIFETIME" in app_settings._kept[1], "kept after the first read"
    settings.SHOPKIT_JWT_LIFETIME = 120
    assert app_settings.JWT_LIFETIME == 120
    del settings.SHOPKIT_JWT_LIFETIME
    assert app_settings.JWT_LIFETIME == 86400
    with override_settings(SHOPKIT_JWT_LIFETIME=60, SHOPKIT_CACHE_ALIASES={"page": "pages"}):
        assert app_settings.JWT_LIFETIME == 60
        assert app_settings.CACHE_ALIASES == {"page": "pages"}
    assert app_settings.JWT_LIFETIME == 86400
    assert app_settings.CACHE_ALIASES == {}


def test_jwt_key_defaults_to_secret_key():
    with override_settings(SECRET_KEY="k" * 50):
        assert app_settings.JWT_SECRET_KEY == "k" * 50
    with override_settings(SHOPKIT_JWT_SECRET_KEY="j" * 50):
        assert app_settings.JWT_SECRET_KEY == "j" * 50
