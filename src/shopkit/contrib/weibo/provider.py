"""The Weibo OAuth2 client (authorisation code flow, through Authlib).

Weibo answers the token request with ``{"access_token", "expires_in",
"uid"}``; the ``uid`` is the account id shopkit binds to a shopper.
Endpoints come from ``SHOPKIT_WEIBO`` so tests can run against a local server.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from shopkit.conf import app_settings
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

logger = logging.getLogger(__name__)


class WeiboOAuth2:
    """Options (keys of ``SHOPKIT_WEIBO``): ``CLIENT_ID`` and ``CLIENT_SECRET``
    (the app key and secret), ``AUTHORIZE_URL``, ``TOKEN_URL``, ``TIMEOUT``."""

    name = "weibo"

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.options = options if options is not None else app_settings.WEIBO
        if not (self.options.get("CLIENT_ID") and self.options.get("CLIENT_SECRET")):
            raise ShopkitError(ErrorCode.USERS_WEIBO_UNAVAILABLE, "Weibo login is not configured")

    def _session(self, redirect_uri: str) -> Any:
        try:
            from authlib.integrations.requests_client import OAuth2Session
        except ImportError as exc:
            raise ImproperlyConfigured(
                "Weibo login needs Authlib and requests: pip install 'shopkit[weibo]'"
            ) from exc
        return OAuth2Session(
            self.options["CLIENT_ID"],
            self.options["CLIENT_SECRET"],
            redirect_uri=redirect_uri,
            token_endpoint_auth_method="client_secret_post",
        )

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        """Where to send the shopper to approve the login."""
        with self._session(redirect_uri) as session:
            url, _state = session.create_authorization_url(
                self.options["AUTHORIZE_URL"], state=state
            )
        return url

    def fetch_uid(self, code: str, redirect_uri: str) -> str:
        """Exchange the callback's ``code`` for the Weibo account id."""
        from authlib.common.errors import AuthlibBaseError
        from requests import RequestException

        try:
            with self._session(redirect_uri) as session:
                token = session.fetch_token(
                    self.options["TOKEN_URL"],
                    code=code,
                    grant_type="authorization_code",
                    timeout=self.options["TIMEOUT"],
                )
        except (AuthlibBaseError, RequestException) as exc:
            logger.warning("Weibo token exchange failed: %s", exc)
            raise ShopkitError(ErrorCode.USERS_WEIBO_UNAVAILABLE) from exc
        uid = str(token.get("uid") or "")
        if not uid.isdigit():
            logger.warning("Weibo token answer without a uid: %r", sorted(token))
            raise ShopkitError(ErrorCode.USERS_WEIBO_UNAVAILABLE)
        return uid
