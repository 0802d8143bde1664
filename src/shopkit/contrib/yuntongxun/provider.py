"""Ronglian cloud (容联云通讯) template SMS over its REST API.

One call: ``POST {base_url}/2013-12-26/Accounts/{account_sid}/SMS/TemplateSMS?sig=…``
where ``sig`` is the uppercase MD5 of account SID + auth token + timestamp
(``yyyyMMddHHmmss``, Beijing time) and the ``Authorization`` header is the
base64 of ``account_sid:timestamp``. The JSON body names the app, the
template and its values; ``statusCode`` ``"000000"`` means accepted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from shopkit.accounts.sms.base import SMSProvider
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

logger = logging.getLogger(__name__)

API_VERSION = "2013-12-26"
BEIJING = ZoneInfo("Asia/Shanghai")
ACCEPTED = "000000"


def signature(account_sid: str, auth_token: str, timestamp: str) -> str:
    return hashlib.md5(f"{account_sid}{auth_token}{timestamp}".encode()).hexdigest().upper()


def authorization(account_sid: str, timestamp: str) -> str:
    return base64.b64encode(f"{account_sid}:{timestamp}".encode()).decode()


class YuntongxunSMSProvider(SMSProvider):
    """Ronglian template SMS, configured in ``SHOPKIT_SMS_PROVIDERS["yuntongxun"]["OPTIONS"]``.

    Options:

    - ``account_sid``, ``auth_token`` and ``app_id`` (required): from the
      Ronglian console.
    - ``base_url``: default the production REST server; the sandbox is
      ``https://sandboxapp.cloopen.com:8883``.
    - ``timeout``: seconds to wait for an answer (default 10).

    A missing option is an ``ImproperlyConfigured`` naming it. The
    ``template`` passed to :meth:`send` is the Ronglian template id; the
    values of ``params``, in order, fill its ``{1}``, ``{2}`` … placeholders.
    """

    title = "容联云通讯"
    default_base_url = "https://app.cloopen.com:8883"

    def __init__(
        self,
        name: str,
        account_sid: str = "",
        auth_token: str = "",
        app_id: str = "",
        base_url: str | None = None,
        timeout: float = 10,
        **options: Any,
    ) -> None:
        super().__init__(name, **options)
        self.require_options(account_sid=account_sid, auth_token=auth_token, app_id=app_id)
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.app_id = app_id
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.timeout = self.seconds_option("timeout", timeout)

    def send(self, phone: str, template: str, params: Mapping[str, str]) -> None:
        timestamp = datetime.now(BEIJING).strftime("%Y%m%d%H%M%S")
        sig = signature(self.account_sid, self.auth_token, timestamp)
        url = f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/SMS/TemplateSMS?sig={sig}"
        body = {
            "to": phone,
            "appId": self.app_id,
            "templateId": str(template),
            "datas": [str(value) for value in params.values()],
        }
        request = urllib.request.Request(
            url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={
                "Accept": "application/json",
                "Content-Type": "application/json;charset=utf-8",
                "Authorization": authorization(self.account_sid, timestamp),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("Ronglian SMS to %s failed: %s", phone, exc)
            raise ShopkitError(ErrorCode.USERS_SMS_UNAVAILABLE) from exc
        status = str(answer.get("statusCode", "")) if isinstance(answer, dict) else ""
        if status != ACCEPTED:
            logger.warning("Ronglian refused SMS to %s: %r", phone, answer)
            raise ShopkitError(ErrorCode.USERS_SMS_UNAVAILABLE)
