"""A local FastDFS cluster for tests: one tracker, one storage server, one HTTP front end.

It speaks the real binary protocol (tracker commands 101, 102 and 103; storage
commands 11, 12, 14 and 22) on 127.0.0.1, keeps files in memory and serves
them over HTTP as nginx with the FastDFS module would::

    with LocalFastDFS() as cluster:
        storage = FastDFSStorage(trackers=[cluster.tracker_address], base_url=cluster.base_url)

Faults are injected per command: :meth:`LocalFastDFS.fail_next` answers the
next such request with an error status, :meth:`LocalFastDFS.stall_next` never
answers it (so the client times out). Every request received is logged in
:attr:`LocalFastDFS.requests` as ``(command, body)``.
"""

from __future__ import annotations

import base64
import http.server
import itertools
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

# The layouts are spelled out here rather than imported from the client, so
# that a mistake in the client's encoding cannot be mirrored by this server.
HEADER = struct.Struct(">QBB")
RESPONSE = 100
ENOENT, EINVAL = 2, 22
GROUP_SIZE = 16


@dataclass
class StoredFile:
    content: bytes
    created: int
    crc32: int


class Refused(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        # FastDFS connections are persistent: serve requests until the client hangs up.
        while (head := self._receive(HEADER.size)) is not None:
            length, command, _ = HEADER.unpack(head)
            body = self._receive(length)
            if body is None:
                return
            cluster = self.server.cluster
            cluster.requests.append((command, body))
            fault = cluster.take_fault(command)
            if fault == "stall":
                cluster.stopping.wait()
                return
            try:
                if fault is not None:
                    raise Refused(fault)
                answer = self.server.answer(command, body)
            except Refused as refusal:
                self.request.sendall(HEADER.pack(0, RESPONSE, refusal.status))
                continue
            self.request.sendall(HEADER.pack(len(answer), RESPONSE, 0) + answer)

    def _receive(self, size: int) -> bytes | None:
        data = bytearray()
        while len(data) < size:
            chunk = self.request.recv(min(size - len(data), 1 << 16))
            if not chunk:
                return None
            data += chunk
        return bytes(data)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, cluster: LocalFastDFS, role: str) -> None:
        super().__init__((cluster.host, 0), _Handler)
        self.cluster = cluster
        self.role = role

    def answer(self, command: int, body: bytes) -> bytes:
        handler = getattr(self.cluster, f"_{self.role}_{command}", None)
        if handler is None:
            raise Refused(EINVAL)
        return handler(body)


class _HttpHandler(http.server.BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # noqa: N802 (the name http.server dispatches to)
        stored = self.server.cluster.files.get(unquote(urlsplit(self.path).path).lstrip("/"))
        if stored is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(stored.content)))
        self.end_headers()
        self.wfile.write(stored.content)

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet, like the rest of the test run.
        pass


class LocalFastDFS:
    """A tracker, a storage server of group ``group`` and an HTTP front end, in threads."""

    def __init__(self, group: str = "group1", host: str = "127.0.0.1") -> None:
        self.group = group
        self.host = host
        self.files: dict[str, StoredFile] = {}
        self.requests: deque[tuple[int, bytes]] = deque(maxlen=1000)
        self.stopping = threading.Event()
        self._faults: dict[int, list[int | str]] = {}
        self._lock = threading.Lock()
        self._sequence = itertools.count(1)
        self._servers: list[socketserver.BaseServer] = []

    # --- life cycle ----------------------------------------------------------

    def start(self) -> LocalFastDFS:
        self.tracker = _Server(self, "tracker")
        self.storage = _Server(self, "storage")
        self.http = http.server.ThreadingHTTPServer((self.host, 0), _HttpHandler)
        self.http.daemon_threads = True
        self.http.cluster = self  # type: ignore[attr-defined]
        self._servers = [self.tracker, self.storage, self.http]
        for server in self._servers:
            # A short poll keeps stop() quick.
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers = []

    def __enter__(self) -> LocalFastDFS:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def tracker_address(self) -> str:
        return f"{self.host}:{self.tracker.server_address[1]}"

    @property
    def storage_address(self) -> str:
        return f"{self.host}:{self.storage.server_address[1]}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.http.server_address[1]}/"

    # --- fault injection -------------------------------------------------------

    def fail_next(self, command: int, status: int) -> None:
        """Answer the next request carrying ``command`` with error ``status``."""
        with self._lock:
            self._faults.setdefault(command, []).append(status)

    def stall_next(self, command: int) -> None:
        """Never answer the next request carrying ``command``."""
        with self._lock:
            self._faults.setdefault(command, []).append("stall")

    def take_fault(self, command: int) -> int | str | None:
        with self._lock:
            pending = self._faults.get(command)
            return pending.pop(0) if pending else None

    # --- tracker commands --------------------------------------------------------

    def _address_fields(self) -> bytes:
        group = self.group.encode().ljust(GROUP_SIZE, b"\0")
        ip = self.host.encode().ljust(15, b"\0")
        return group + ip + struct.pack(">Q", self.storage.server_address[1])

    def _tracker_101(self, body: bytes) -> bytes:
        # QUERY_STORE_WITHOUT_GROUP_ONE: no body; answer the store target and path index 0.
        if body:
            raise Refused(EINVAL)
        return self._address_fields() + b"\0"

    def _tracker_102(self, body: bytes) -> bytes:
        # QUERY_FETCH_ONE: group (16 bytes) + remote name; answer where to read it.
        self._split_file_id(body)
        return self._address_fields()

    _tracker_103 = _tracker_102  # QUERY_UPDATE: where to delete; one server here.

    # --- storage commands ----------------------------------------------------------

    def _split_file_id(self, body: bytes) -> str:
        if len(body) <= GROUP_SIZE:
            raise Refused(EINVAL)
        group = body[:GROUP_SIZE].rstrip(b"\0").decode("ascii", "replace")
        if group != self.group:
            raise Refused(ENOENT)
        return f"{group}/{body[GROUP_SIZE:].decode('ascii', 'replace')}"

    def _stored(self, body: bytes) -> tuple[str, StoredFile]:
        file_id = self._split_file_id(body)
        stored = self.files.get(file_id)
        if stored is None:
            raise Refused(ENOENT)
        return file_id, stored

    def _storage_11(self, body: bytes) -> bytes:
        # UPLOAD_FILE: path index (1) + size (8) + extension (6) + the bytes.
        if len(body) < 15:
            raise Refused(EINVAL)
        path_index, size = struct.unpack(">BQ", body[:9])
        ext = body[9:15].rstrip(b"\0").decode("ascii", "replace")
        content = body[15:]
        if path_index != 0 or size != len(content) or not (ext.isalnum() or not ext):
            raise Refused(EINVAL)
        created, crc32 = int(time.time()), zlib.crc32(content)
        sequence = next(self._sequence)
        # Like FastDFS: source IP, time, size (random high bits) and CRC32, base64.
        raw = struct.pack(
            ">4sIQI", socket.inet_aton(self.host), created, (sequence << 32) | size, crc32
        )
        name = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        remote = f"M00/{sequence % 256:02X}/{sequence // 256 % 256:02X}/{name}"
        if ext:
            remote += f".{ext}"
        self.files[f"{self.group}/{remote}"] = StoredFile(content, created, crc32)
        return self.group.encode().ljust(GROUP_SIZE, b"\0") + remote.encode()

    def _storage_12(self, body: bytes) -> bytes:
        # DELETE_FILE: group + remote name; empty answer.
        file_id, _ = self._stored(body)
        del self.files[file_id]
        return b""

    def _storage_14(self, body: bytes) -> bytes:
        # DOWNLOAD_FILE: offset (8) + byte count (8, 0 = all) + group + remote name.
        if len(body) < 16:
            raise Refused(EINVAL)
        offset, count = struct.unpack(">QQ", body[:16])
        _, stored = self._stored(body[16:])
        if offset > len(stored.content):
            raise Refused(EINVAL)
        end = len(stored.content) if count == 0 else offset + count
        return stored.content[offset:end]

    def _storage_22(self, body: bytes) -> bytes:
        # QUERY_FILE_INFO: group + remote name; size, created, CRC32 (8 each) + source IP (16).
        _, stored = self._stored(body)
        return struct.pack(
            ">QQQ16s", len(stored.content), stored.created, stored.crc32, self.host.encode()
        )


__all__ = ["LocalFastDFS", "StoredFile"]
