"""A local stand-in for QQ Connect's OAuth2 endpoints (authorisation code flow).

``/oauth2.0/authorize`` approves at once and redirects to ``redirect_uri``
with a one-time ``code`` and the ``state``; ``/oauth2.0/token`` checks the
app id and key, the code and its ``redirect_uri``; ``/oauth2.0/me`` and
``/user/get_user_info`` answer for a token. Errors come back with HTTP 200
and an ``error`` field, as QQ sends them.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

QQ_BACKEND = "tests.accounts.qq.provider.QQLoginProvider"


@dataclass
class QQServer:
    app_id: str = "101010101"
    app_key: str = "qq-app-key"
    #: The QQ account that approves the next authorisation.
    openid: str = "C5A2E1F7B2D64E0D9F3C3B9E8A7D6C5B"
    nickname: str = "小企鹅"
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    url: str = ""

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        if query.get("client_id") != self.app_id or query.get("response_type") != "code":
            return 200, {}, {"error": 100008, "error_description": "client_id is wrong"}
        code = secrets.token_hex(16)
        self.codes[code] = (self.openid, query["redirect_uri"])
        params = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(params)}"}, {}

    def token(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        if (query.get("client_id"), query.get("client_secret")) != (self.app_id, self.app_key):
            return 200, {}, {"error": 100016, "error_description": "access token check failed"}
        issued = self.codes.pop(query.get("code", ""), None)
        if query.get("grant_type") != "authorization_code" or issued is None:
            return 200, {}, {"error": 100019, "error_description": "code to access token error"}
        openid, redirect_uri = issued
        if query.get("redirect_uri") != redirect_uri:
            return 200, {}, {"error": 100010, "error_description": "redirect uri is illegal"}
        token = secrets.token_hex(16)
        self.tokens[token] = openid
        return 200, {}, {"access_token": token, "expires_in": "7776000", "refresh_token": "r"}

    def me(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        openid = self.tokens.get(query.get("access_token", ""))
        if openid is None:
            return 200, {}, {"error": 100016, "error_description": "access token check failed"}
        return 200, {}, {"client_id": self.app_id, "openid": openid}

    def user_info(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        if self.tokens.get(query.get("access_token", "")) != query.get("openid"):
            return 200, {}, {"ret": 100016, "msg": "access token check failed"}
        return 200, {}, {"ret": 0, "msg": "", "nickname": self.nickname}

    def serve(self) -> ThreadingHTTPServer:
        fake = self
        routes = {
            "/oauth2.0/authorize": self.authorize,
            "/oauth2.0/token": self.token,
            "/oauth2.0/me": self.me,
            "/user/get_user_info": self.user_info,
        }

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                route = routes.get(url.path)
                status, headers, body = route(query) if route else (404, {}, {"error": 404})
                payload = json.dumps(body).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        fake.url = f"http://127.0.0.1:{server.server_address[1]}"
        return server

    def options(self) -> dict:
        """``OPTIONS`` of a ``QQLoginProvider`` talking to this server."""
        return {"app_id": self.app_id, "app_key": self.app_key, "base_url": self.url, "timeout": 5}
