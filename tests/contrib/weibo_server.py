"""A local stand-in for Weibo's OAuth2 endpoints (authorisation code flow).

``GET /oauth2/authorize`` approves at once, as if the shopper clicked "allow",
and redirects to ``redirect_uri`` with a one-time ``code`` and the ``state``.
``POST /oauth2/access_token`` checks the client credentials, that the code is
fresh and was issued for the same ``redirect_uri``, and answers as Weibo does:
``{"access_token", "remind_in", "expires_in", "uid"}`` or an error object.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

WEIBO_BACKEND = "shopkit.contrib.weibo.provider.WeiboLoginProvider"


@dataclass
class WeiboServer:
    client_id: str
    client_secret: str
    #: The Weibo account that approves the next authorisation.
    uid: str = "1404376560"
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, {"error": "invalid_client", "error_code": 21324}
        code = secrets.token_hex(16)
        self.codes[code] = (self.uid, query["redirect_uri"])
        params = {"code": code, **({"state": query["state"]} if "state" in query else {})}
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(params)}"}, {}

    def access_token(self, form: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        self.token_requests.append(form)
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return 401, {}, {"error": "invalid_client", "error_code": 21324}
        issued = self.codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or issued is None:
            return 400, {}, {"error": "invalid_grant", "error_code": 21325}
        uid, redirect_uri = issued
        if form.get("redirect_uri") != redirect_uri:
            return 400, {}, {"error": "redirect_uri_mismatch", "error_code": 21322}
        token = {"access_token": secrets.token_hex(16), "remind_in": "157679999"}
        return 200, {}, {**token, "expires_in": 157679999, "uid": uid, "isRealName": "true"}

    def serve(self) -> tuple[ThreadingHTTPServer, str]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self, result: tuple[int, dict[str, str], dict]) -> None:
                status, headers, body = result
                payload = json.dumps(body).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                # Weibo labels its JSON as text/plain.
                self.send_header("Content-Type", "text/plain;charset=UTF-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/oauth2/authorize":
                    self.answer(fake.authorize(query))
                else:
                    self.answer((404, {}, {"error": "not found"}))

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                if urlsplit(self.path).path == "/oauth2/access_token":
                    self.answer(fake.access_token(form))
                else:
                    self.answer((404, {}, {"error": "not found"}))

            def log_message(self, *args) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}"


def approve(oauth_url: str) -> dict[str, str]:
    """Open the authorisation URL as the shopper's browser would; the callback query."""
    import http.client

    url = urlsplit(oauth_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    connection.request("GET", f"{url.path}?{url.query}")
    response = connection.getresponse()
    location = response.getheader("Location")
    connection.close()
    assert response.status == 302, response.read()
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def weibo_options(fake: WeiboServer, url: str) -> dict:
    """``OPTIONS`` of a ``WeiboLoginProvider`` talking to ``fake`` served at ``url``."""
    return {
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "authorize_url": f"{url}/oauth2/authorize",
        "token_url": f"{url}/oauth2/access_token",
        "timeout": 5,
    }
