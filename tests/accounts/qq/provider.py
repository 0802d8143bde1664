"""QQ (腾讯) login over QQ Connect's OAuth2 endpoints, with the standard library.

The code buys an access token (``/oauth2.0/token``), the token the account's
``openid`` (``/oauth2.0/me``), and both the nickname (``/user/get_user_info``).
QQ answers errors with HTTP 200 and an ``error`` (or non-zero ``ret``) field.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured

from shopkit.accounts.login_providers.base import LoginProvider, ProviderAccount
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

logger = logging.getLogger(__name__)


class QQLoginProvider(LoginProvider):
    """Options: ``app_id`` and ``app_key`` of the QQ Connect app (required);
    ``base_url`` (default ``https://graph.qq.com``); ``timeout`` in seconds."""

    title = "QQ"

    def __init__(
        self,
        name: str,
        app_id: str = "",
        app_key: str = "",
        base_url: str = "https://graph.qq.com",
        timeout: float = 10,
        **options: Any,
    ) -> None:
        super().__init__(name, **options)
        if not (app_id and app_key):
            raise ImproperlyConfigured(f"QQ login {name!r} needs the options app_id and app_key.")
        self.app_id, self.app_key = app_id, app_key
        self.base_url, self.timeout = base_url.rstrip("/"), timeout

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        query = {
            "response_type": "code",
            "client_id": self.app_id,
            "redirect_uri": redirect_uri,
            "state": state,
        }
        return f"{self.base_url}/oauth2.0/authorize?{urlencode(query)}"

    def exchange_code(self, code: str, redirect_uri: str) -> ProviderAccount:
        token = self._get(
            "/oauth2.0/token",
            grant_type="authorization_code",
            client_id=self.app_id,
            client_secret=self.app_key,
            code=code,
            redirect_uri=redirect_uri,
            fmt="json",
        )["access_token"]
        openid = str(self._get("/oauth2.0/me", access_token=token, fmt="json").get("openid", ""))
        info = self._get(
            "/user/get_user_info", access_token=token, oauth_consumer_key=self.app_id, openid=openid
        )
        return ProviderAccount(uid=openid, profile={"nickname": info.get("nickname", "")})

    def _get(self, path: str, **params: str) -> dict[str, Any]:
        url = f"{self.base_url}{path}?{urlencode(params)}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                answer = json.load(response)
        except (OSError, ValueError) as exc:
            logger.warning("QQ %s failed: %s", path, exc)
            raise ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_FAILED) from exc
        if not isinstance(answer, dict) or "error" in answer or answer.get("ret", 0) != 0:
            logger.warning("QQ %s refused: %r", path, answer)
            raise ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_FAILED)
        return answer
