"""A small blocking FastDFS client: ask a tracker, talk to the storage server it names.

Each operation opens its own connections and closes them when done, so a
client object holds no sockets and is safe to share between threads.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

from shopkit.contrib.fastdfs import protocol as proto
from shopkit.contrib.fastdfs.protocol import FileId

CHUNK_SIZE = 64 * 1024
T = TypeVar("T")


class FastDFSError(Exception):
    """Base class of every error talking to a FastDFS cluster."""


class FastDFSConnectionError(FastDFSError):
    """A tracker or storage server could not be reached, or stopped answering."""


class FastDFSProtocolError(FastDFSError):
    """A server answered with something that is not the expected packet."""


class FastDFSStatusError(FastDFSError):
    """A server refused a request; ``status`` is the ``errno`` it answered with."""

    def __init__(self, server: str, command: int, status: int) -> None:
        self.server, self.command, self.status = server, command, status
        super().__init__(f"FastDFS server {server} answered command {command} with status {status}")


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int

    @classmethod
    def parse(cls, address: str) -> ServerAddress:
        host, _, port = str(address).rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"FastDFS server address {address!r} is not 'host:port'")
        return cls(host, int(port))

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class FileInfo:
    size: int
    created: int  # Unix seconds
    crc32: int
    source_ip: str


class Connection:
    """One TCP connection to a tracker or storage server."""

    def __init__(self, address: ServerAddress, connect_timeout: float, network_timeout: float):
        self.address = address
        try:
            self.sock = socket.create_connection((address.host, address.port), connect_timeout)
        except OSError as exc:
            raise FastDFSConnectionError(
                f"cannot connect to FastDFS server {address}: {exc}"
            ) from exc
        self.sock.settimeout(network_timeout)

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.sock.close()

    def send(self, command: int, body_length: int, parts: Iterable[bytes]) -> None:
        sent = 0
        try:
            self.sock.sendall(proto.header(body_length, command))
            for part in parts:
                self.sock.sendall(part)
                sent += len(part)
        except OSError as exc:
            raise FastDFSConnectionError(
                f"sending to FastDFS server {self.address}: {exc}"
            ) from exc
        if sent != body_length:
            raise FastDFSProtocolError(
                f"announced {body_length} bytes to {self.address} but had {sent} to send"
            )

    def receive_header(self, command: int) -> int:
        """Read an answer's header; return its body length or raise its status."""
        length, answer_command, status = proto.HEADER.unpack(self.receive(proto.HEADER.size))
        if answer_command != proto.RESPONSE:
            raise FastDFSProtocolError(
                f"FastDFS server {self.address} answered with command {answer_command}"
            )
        if status:
            self.receive(length)  # an error answer may still carry a body; drain it
            raise FastDFSStatusError(str(self.address), command, status)
        return length

    def receive_body(self, command: int, expected: int | None = None) -> bytes:
        length = self.receive_header(command)
        if expected is not None and length != expected:
            raise FastDFSProtocolError(
                f"FastDFS server {self.address} sent {length} bytes for command {command}, "
                f"expected {expected}"
            )
        return self.receive(length)

    def receive(self, size: int) -> bytes:
        buffer = bytearray()
        self.receive_into(size, buffer.extend)
        return bytes(buffer)

    def receive_into(self, size: int, write: Callable[[bytes], object]) -> None:
        remaining = size
        try:
            while remaining:
                chunk = self.sock.recv(min(remaining, CHUNK_SIZE))
                if not chunk:
                    raise FastDFSProtocolError(
                        f"FastDFS server {self.address} closed the connection "
                        f"{size - remaining} bytes into a {size}-byte read"
                    )
                write(chunk)
                remaining -= len(chunk)
        except OSError as exc:
            raise FastDFSConnectionError(
                f"reading from FastDFS server {self.address}: {exc}"
            ) from exc


class FastDFSClient:
    """Upload, download, delete and inspect files on a FastDFS cluster.

    :param trackers: tracker addresses as ``"host:port"``; each is tried in
        turn until one answers.
    :param connect_timeout: seconds to wait for a TCP connection.
    :param network_timeout: seconds to wait for each send or receive.
    """

    def __init__(
        self, trackers: Sequence[str], connect_timeout: float, network_timeout: float
    ) -> None:
        if isinstance(trackers, str) or not trackers:
            raise ValueError("FastDFS needs a non-empty list of tracker addresses 'host:port'")
        for name, timeout in (("connect", connect_timeout), ("network", network_timeout)):
            if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
                raise ValueError(f"the FastDFS {name} timeout must be a positive number of seconds")
        self.trackers = [ServerAddress.parse(tracker) for tracker in trackers]
        self.connect_timeout = float(connect_timeout)
        self.network_timeout = float(network_timeout)

    def connect(self, address: ServerAddress) -> Connection:
        return Connection(address, self.connect_timeout, self.network_timeout)

    def _ask_tracker(self, ask: Callable[[Connection], T]) -> T:
        failures = []
        for tracker in self.trackers:
            try:
                with self.connect(tracker) as connection:
                    return ask(connection)
            except FastDFSConnectionError as exc:
                failures.append(str(exc))
        raise FastDFSConnectionError("no FastDFS tracker answered: " + "; ".join(failures))

    def _storage_for(self, command: int, file_id: FileId) -> ServerAddress:
        def ask(tracker: Connection) -> ServerAddress:
            request = file_id.encode()
            tracker.send(command, len(request), [request])
            _, ip, port = proto.FETCH_TARGET.unpack(
                tracker.receive_body(command, proto.FETCH_TARGET.size)
            )
            return ServerAddress(proto.unpad(ip), port)

        return self._ask_tracker(ask)

    def upload(self, chunks: Iterable[bytes], size: int, ext: str) -> str:
        """Store ``size`` bytes read from ``chunks``; return the new file id."""
        command = proto.TRACKER_QUERY_STORE_WITHOUT_GROUP_ONE

        def ask(tracker: Connection) -> tuple[ServerAddress, int]:
            tracker.send(command, 0, [])
            _, ip, port, path_index = proto.STORE_TARGET.unpack(
                tracker.receive_body(command, proto.STORE_TARGET.size)
            )
            return ServerAddress(proto.unpad(ip), port), path_index

        storage, path_index = self._ask_tracker(ask)
        prefix = proto.UPLOAD_PREFIX.pack(path_index, size, proto.pad(ext, proto.EXT_NAME_SIZE))
        with self.connect(storage) as connection:
            connection.send(proto.STORAGE_UPLOAD_FILE, len(prefix) + size, [prefix, *chunks])
            body = connection.receive_body(proto.STORAGE_UPLOAD_FILE)
        if len(body) <= proto.GROUP_NAME_SIZE:
            raise FastDFSProtocolError(f"FastDFS server {storage} sent no file name after upload")
        group, remote_name = body[: proto.GROUP_NAME_SIZE], body[proto.GROUP_NAME_SIZE :]
        return str(FileId.parse(f"{proto.unpad(group)}/{remote_name.decode('ascii')}"))

    def download(self, file_id: str, destination: BinaryIO) -> None:
        """Write the whole file ``file_id`` to ``destination``."""
        parsed = FileId.parse(file_id)
        storage = self._storage_for(proto.TRACKER_QUERY_FETCH_ONE, parsed)
        request = proto.DOWNLOAD_PREFIX.pack(0, 0) + parsed.encode()
        with self.connect(storage) as connection:
            connection.send(proto.STORAGE_DOWNLOAD_FILE, len(request), [request])
            length = connection.receive_header(proto.STORAGE_DOWNLOAD_FILE)
            connection.receive_into(length, destination.write)

    def _ask_storage(
        self, tracker_command: int, command: int, file_id: str, expected: int
    ) -> bytes:
        """Send a request whose body is just the file id; return the answer's body."""
        parsed = FileId.parse(file_id)
        storage = self._storage_for(tracker_command, parsed)
        request = parsed.encode()
        with self.connect(storage) as connection:
            connection.send(command, len(request), [request])
            return connection.receive_body(command, expected)

    def delete(self, file_id: str) -> None:
        self._ask_storage(proto.TRACKER_QUERY_UPDATE, proto.STORAGE_DELETE_FILE, file_id, 0)

    def file_info(self, file_id: str) -> FileInfo:
        body = self._ask_storage(
            proto.TRACKER_QUERY_FETCH_ONE,
            proto.STORAGE_QUERY_FILE_INFO,
            file_id,
            proto.FILE_INFO.size,
        )
        size, created, crc32, source_ip = proto.FILE_INFO.unpack(body)
        return FileInfo(size, created, crc32, proto.unpad(source_ip))
