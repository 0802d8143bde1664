"""The example's production settings as ``make stack`` runs them on this machine.

Production settings (``DJANGO_DEBUG=0``, the services from the environment),
except what a local run over plain HTTP needs: no redirect to https, cookies
that come back over http, and the sandbox payment provider (production's
Alipay needs keys; the sandbox lets anyone pay, so never put this stack on a
public address).
"""

from example_project.settings import *  # noqa: F403
from shopkit.conf import SANDBOX_PROVIDER

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

SHOPKIT_PLUGINS = []
SHOPKIT_PAYMENT_PROVIDERS = SANDBOX_PROVIDER
SHOPKIT_DEFAULT_PAYMENT_PROVIDER = "sandbox"
