"""Where the cart middleware sits decides whether carts merge on login: checks fail."""

from django.core.checks import run_checks
from django.test import override_settings


@override_settings(
    MIDDLEWARE=[
        "corsheaders.middleware.CorsMiddleware",
        "django.middleware.common.CommonMiddleware",
        "shopkit.core.middleware.ApiErrorMiddleware",
        "shopkit.cart.middleware.CartMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
)
def test_checks_fail_when_the_cart_middleware_is_misplaced_or_missing(settings):
    assert "shopkit.E005" in {message.id for message in run_checks()}
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "CartMiddleware" not in m]
    assert "shopkit.E004" in {message.id for message in run_checks()}
