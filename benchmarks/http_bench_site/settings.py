"""The example project's settings as the benchmark runs them (``DJANGO_DEBUG=0``
and the services come from the environment ``http_bench.py`` sets)."""

from example_project.settings import *  # noqa: F403

ROOT_URLCONF = "http_bench_site.urls"

# Plain HTTP on loopback, no TLS proxy: a redirect to https would answer every
# request, and cookies marked Secure would never come back to log in with.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The add-to-cart targets add the same SKU tens of thousands of times; its line
# must keep accepting units so that every request is a successful add.
SHOPKIT_CART_MAX_COUNT = 10**9
