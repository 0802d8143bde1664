"""Serving the example project from scripts and tests: a free loopback port,
a throwaway PostgreSQL database, a server started, awaited and stopped.

Used by ``smoke.py`` (``make demo`` checked over HTTP), the API fuzz test
(``tests/api/test_fuzz.py``) and the HTTP benchmark (``benchmarks/``).
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_path(url: str, path: str) -> str:
    """``url`` with its path replaced: another database on the same server."""
    return urlsplit(url)._replace(path=path).geturl()


@contextmanager
def throwaway_database(server_url: str, name: str) -> Iterator[str]:
    """A new PostgreSQL database ``name`` on the server of ``server_url``,
    dropped on the way out; yields its URL."""
    import psycopg

    admin_url = with_path(server_url, "/postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_path(server_url, f"/{name}")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_serving(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    """Return once ``url`` answers at all (an error status counts); raise if
    ``server`` exits first or nothing answers within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=10).close()
            return
        except urllib.error.HTTPError:
            return
        # Not listening yet, or too busy starting up to answer in time (a first
        # request on a loaded machine): ask again until the deadline.
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@dataclass(frozen=True)
class Served:
    process: subprocess.Popen
    base_url: str  # http://127.0.0.1:<port>


@contextmanager
def gunicorn(
    python: str,
    *,
    pythonpath: Sequence[Path],
    env: dict[str, str] | None = None,
    workers: int = 2,
    ready_path: str = "/",
) -> Iterator[Served]:
    """The example's WSGI application on gunicorn (sync workers) at a free
    loopback port, once ``ready_path`` answers; stopped on the way out."""
    port = free_port()
    process = subprocess.Popen(
        [python, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--pythonpath", ",".join(map(str, pythonpath)),
         "example_project.wsgi:application"],
        env=env,
    )  # fmt: skip
    served = Served(process, f"http://127.0.0.1:{port}")
    try:
        wait_until_serving(served.base_url + ready_path, process)
        yield served
    finally:
        stop(process)
