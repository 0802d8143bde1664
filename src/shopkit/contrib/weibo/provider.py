"""Weibo (微博) login: the OAuth2 authorisation code flow, through Authlib.

Weibo answers the token request with ``{"access_token", "expires_in",
"uid"}``; the ``uid`` is the account id shopkit binds to a shopper.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from shopkit.accounts.login_providers.base import LoginProvider, ProviderAccount
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

logger = logging.getLogger(__name__)


class WeiboLoginProvider(LoginProvider):
    """Weibo login, configured in ``SHOPKIT_LOGIN_PROVIDERS["weibo"]["OPTIONS"]``.

    Options:

    - ``client_id`` and ``client_secret`` (required): the App Key and App
      Secret of your Weibo app.
    - ``authorize_url`` and ``token_url``: Weibo's OAuth2 endpoints (default
      production; tests point them at a local server).
    - ``timeout``: seconds to wait for the token answer (default 10).

    A missing option is an ``ImproperlyConfigured`` naming it. Needs the
    ``weibo`` extra (Authlib and requests). The account's ``profile`` is
    empty: shopkit asks Weibo for nothing beyond the ``uid``.
    """

    title = _("Weibo")
    default_authorize_url = "https://api.weibo.com/oauth2/authorize"
    default_token_url = "https://api.weibo.com/oauth2/access_token"

    def __init__(
        self,
        name: str,
        client_id: str = "",
        client_secret: str = "",
        authorize_url: str | None = None,
        token_url: str | None = None,
        timeout: float = 10,
        **options: Any,
    ) -> None:
        super().__init__(name, **options)
        self.require_options(client_id=client_id, client_secret=client_secret)
        timeout = self.seconds_option("timeout", timeout)
        try:
            import authlib  # noqa: F401
            import requests  # noqa: F401
        except ImportError as exc:
            raise ImproperlyConfigured(
                "Weibo login needs Authlib and requests: pip install 'shopkit[weibo]'"
            ) from exc
        self.client_id = client_id
        self.client_secret = client_secret
        self.authorize_url = authorize_url or self.default_authorize_url
        self.token_url = token_url or self.default_token_url
        self.timeout = timeout

    def _session(self, redirect_uri: str) -> Any:
        from authlib.integrations.requests_client import OAuth2Session

        return OAuth2Session(
            self.client_id,
            self.client_secret,
            redirect_uri=redirect_uri,
            token_endpoint_auth_method="client_secret_post",
        )

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        with self._session(redirect_uri) as session:
            url, _state = session.create_authorization_url(self.authorize_url, state=state)
        return url

    def exchange_code(self, code: str, redirect_uri: str) -> ProviderAccount:
        from authlib.common.errors import AuthlibBaseError
        from requests import RequestException

        try:
            with self._session(redirect_uri) as session:
                token = session.fetch_token(
                    self.token_url,
                    code=code,
                    grant_type="authorization_code",
                    timeout=self.timeout,
                )
        except (AuthlibBaseError, RequestException, ValueError) as exc:
            logger.warning("Weibo token exchange failed: %s", exc)
            raise ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_FAILED) from exc
        uid = str(token.get("uid") or "")
        if not uid.isdigit():
            logger.warning("Weibo token answer without a uid: %r", sorted(token))
            raise ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_FAILED)
        return ProviderAccount(uid=uid)
