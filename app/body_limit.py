"""Request bodies capped while they stream, chunked ones included.

Flask's `request.max_content_length` (config MAX_CONTENT_LENGTH, or set per request) is the limit.
Werkzeug refuses a Content-Length over it at once, and wraps a body without one (chunked, under a
server that sets `wsgi.input_terminated`, as gunicorn does) in a stream that stops at the limit —
but reading it whole stops there silently, so a longer body is cut short instead of refused. The
stream here asks for one byte more at the limit: any byte means the body is too large (413). The rest
of a refused body is read and dropped (up to `DRAIN_BYTES`) before the answer: a server that closes a
connection with bytes still unread resets it, and the client, still sending, sees the reset instead of
the 413 (tests/deploy/test_limits.py failed so about one run in ten).
"""
from __future__ import annotations

from typing import IO

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream


DRAIN_BYTES = 16 * 1024 * 1024
"""How much of a refused body is read and dropped; past it the connection is simply closed."""


class CappedStream(LimitedStream):
    """A body without Content-Length, read at most to `limit` bytes."""

    def on_exhausted(self) -> None:
        try:
            more = self._stream.read(1)
        except (OSError, ValueError) as error:
            self.on_disconnect(error=error)  # raises ClientDisconnected (400)
            return
        if more:
            self._drain()
            raise RequestEntityTooLarge()

    def _drain(self) -> None:
        left = DRAIN_BYTES
        try:
            while left > 0:
                chunk = self._stream.read(min(64 * 1024, left))
                if not chunk:
                    return
                left -= len(chunk)
        except (OSError, ValueError):
            return

    def readall(self) -> bytes:
        body = super().readall()
        if self.is_exhausted:
            self.on_exhausted()
        return body


class CappedRequest(Request):
    """Flask's request whose body refuses to pass `max_content_length`, with or without a Content-Length."""

    @cached_property
    def stream(self) -> IO[bytes]:
        limit = self.max_content_length
        if (self.shallow or limit is None or self.content_length is not None
                or "wsgi.input_terminated" not in self.environ):
            return super().stream
        return CappedStream(self.environ["wsgi.input"], limit, is_max=True)  # type: ignore[return-value]
