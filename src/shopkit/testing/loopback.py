"""A local stand-in's HTTP server: 127.0.0.1, a free port, a daemon thread.

The gateways of the testing kit (and a plugin's own) subclass it, write
:meth:`handler_class`, and get ``start``/``stop``, use as a context manager
and their ``origin``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LoopbackServer:
    """An HTTP server on 127.0.0.1, answering in a thread of its own."""

    def __init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        """The request handler; it reaches this object through a closure."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement handler_class() from LoopbackServer"
        )

    def start(self) -> Self:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``."""
        assert self._server is not None, f"start() the {type(self).__name__} first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"
