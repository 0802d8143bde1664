"""The parts of the FastDFS tracker/storage wire protocol shopkit speaks.

Every packet starts with a 10-byte header: the body length as an 8-byte
big-endian unsigned integer, a command byte and a status byte (0 = success,
otherwise an ``errno`` value such as 2 for "no such file"). Answers carry
command 100. Fixed-width text fields are NUL-padded ASCII.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

# Tracker commands.
TRACKER_QUERY_STORE_WITHOUT_GROUP_ONE = 101
TRACKER_QUERY_FETCH_ONE = 102
TRACKER_QUERY_UPDATE = 103
# Storage commands.
STORAGE_UPLOAD_FILE = 11
STORAGE_DELETE_FILE = 12
STORAGE_DOWNLOAD_FILE = 14
STORAGE_QUERY_FILE_INFO = 22
# The command byte of every answer.
RESPONSE = 100

HEADER = struct.Struct(">QBB")
GROUP_NAME_SIZE = 16
IP_ADDRESS_SIZE = 15  # an answer's IP field: IPv4 dotted quad, NUL-padded
EXT_NAME_SIZE = 6
# group, IP, port, store path index
STORE_TARGET = struct.Struct(f">{GROUP_NAME_SIZE}s{IP_ADDRESS_SIZE}sQB")
# group, IP, port
FETCH_TARGET = struct.Struct(f">{GROUP_NAME_SIZE}s{IP_ADDRESS_SIZE}sQ")
# store path index, file size, extension; the file's bytes follow
UPLOAD_PREFIX = struct.Struct(f">BQ{EXT_NAME_SIZE}s")
# offset, byte count (0 = to the end); group and remote file name follow
DOWNLOAD_PREFIX = struct.Struct(">QQ")
# size, creation time (Unix seconds), CRC32, source IP (16 bytes on this answer)
FILE_INFO = struct.Struct(">QQQ16s")

ENOENT = 2
EINVAL = 22

_GROUP_RE = re.compile(r"[A-Za-z0-9_]{1,16}")
_REMOTE_RE = re.compile(r"[A-Za-z0-9_\-.]+(/[A-Za-z0-9_\-.]+)*")
_EXT_RE = re.compile(r"[A-Za-z0-9]{1,6}")


class InvalidFileId(ValueError):
    """A name that cannot be a FastDFS file id (``group/M00/00/00/name.ext``)."""


@dataclass(frozen=True)
class FileId:
    group: str
    remote_name: str

    @classmethod
    def parse(cls, file_id: str) -> FileId:
        group, _, remote_name = file_id.partition("/")
        if (
            not _GROUP_RE.fullmatch(group)
            or not _REMOTE_RE.fullmatch(remote_name)
            or ".." in remote_name.split("/")
            or len(remote_name) > 128
        ):
            raise InvalidFileId(
                f"{file_id!r} is not a FastDFS file id like 'group1/M00/00/00/name.jpg'"
            )
        return cls(group, remote_name)

    def __str__(self) -> str:
        return f"{self.group}/{self.remote_name}"

    def encode(self) -> bytes:
        """The group field followed by the remote name, as requests carry them."""
        return pad(self.group, GROUP_NAME_SIZE) + self.remote_name.encode("ascii")


def extension_of(filename: str) -> str:
    """The extension FastDFS can keep for ``filename``: up to 6 ASCII letters or
    digits, else ``""`` (the server would reject anything longer)."""
    _, dot, ext = filename.rpartition(".")
    return ext if dot and _EXT_RE.fullmatch(ext) else ""


def pad(text: str, size: int) -> bytes:
    raw = text.encode("ascii")
    if len(raw) > size:
        raise ValueError(f"{text!r} is longer than the {size}-byte protocol field")
    return raw.ljust(size, b"\x00")


def unpad(raw: bytes) -> str:
    return raw.rstrip(b"\x00").decode("ascii")


def header(body_length: int, command: int, status: int = 0) -> bytes:
    return HEADER.pack(body_length, command, status)
