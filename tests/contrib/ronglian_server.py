"""A local stand-in for Ronglian cloud's REST server, checking requests as the
real one does: the ``sig`` query parameter must be the uppercase MD5 of
account SID + auth token + timestamp, where the timestamp is the one carried
in the ``Authorization`` header (base64 of ``SID:timestamp``) and lies within
five minutes of Beijing time; the body must be JSON naming a known app."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

PATH_RE = re.compile(r"^/2013-12-26/Accounts/(?P<sid>\w+)/SMS/TemplateSMS\?sig=(?P<sig>\w*)$")


@dataclass
class Message:
    phone: str
    template: str
    values: list[str]


@dataclass
class RonglianServer:
    account_sid: str
    auth_token: str
    app_id: str
    messages: list[Message] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def check(self, path: str, headers, body: bytes) -> tuple[str, dict]:
        match = PATH_RE.match(path)
        if not match or match["sid"] != self.account_sid:
            return "111100", {}
        try:
            sid, timestamp = base64.b64decode(headers.get("Authorization", "")).decode().split(":")
        except ValueError:
            return "111101", {}
        stamped = datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(
            tzinfo=ZoneInfo("Asia/Shanghai")
        )
        if sid != self.account_sid or abs(datetime.now(stamped.tzinfo) - stamped) > timedelta(
            minutes=5
        ):
            return "111102", {}
        expected = hashlib.md5(f"{sid}{self.auth_token}{timestamp}".encode()).hexdigest().upper()
        if match["sig"] != expected:
            return "111103", {}
        if headers.get("Accept") != "application/json" or not headers.get(
            "Content-Type", ""
        ).startswith("application/json"):
            return "111104", {}
        data = json.loads(body)
        if data.get("appId") != self.app_id:
            return "111105", {}
        self.messages.append(Message(data["to"], data["templateId"], list(data["datas"])))
        return "000000", {"templateSMS": {"smsMessageSid": f"m{len(self.messages)}"}}

    def serve(self) -> tuple[ThreadingHTTPServer, str]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, extra = fake.check(self.path, self.headers, body)
                if status != "000000":
                    fake.rejected.append(status)
                answer = json.dumps({"statusCode": status, **extra}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}"
