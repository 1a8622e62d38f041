"""A slow network between the browser and the server: a TCP proxy with latency and shared bandwidth, whose
line can be changed or cut while it runs. Used by the browser tests and the benchmarks.

Chromium's own network emulation (DevTools `Network.emulateNetworkConditions`) applies to one page, not to
its service worker, so the worker's precache would race the page's sync over a free line. Everything the
browser sends through this proxy shares one line instead: each direction has one bandwidth budget for all
connections, and every chunk is held for half the round trip before it goes on.

    with Throttle(target_port, down_kbit=1600, up_kbit=750, rtt_ms=150) as line:
        ... f"http://127.0.0.1:{line.port}" ...
        line.shape(down_kbit=250, up_kbit=250, rtt_ms=300)   # from now on
        line.cut()                                           # every open connection dropped, both ends
"""
from __future__ import annotations

import asyncio
import threading
import time
from typing import Self

CHUNK = 16 * 1024


class _Line:
    """One direction's bandwidth, shared by every connection: a chunk waits until the line is free
    (no bandwidth given: it never waits)."""

    def __init__(self, kbit: float | None) -> None:
        self.bytes_per_s = kbit * 1000 / 8 if kbit else None
        self.free_at = 0.0
        self.lock = asyncio.Lock()

    async def send(self, size: int) -> None:
        if self.bytes_per_s is None:
            return
        async with self.lock:
            now = time.monotonic()
            self.free_at = max(self.free_at, now) + size / self.bytes_per_s
            wait = self.free_at - now
        await asyncio.sleep(wait)


class Throttle:
    def __init__(self, target_port: int, down_kbit: float | None = None, up_kbit: float | None = None,
                 rtt_ms: float = 0) -> None:
        self.target_port = target_port
        self.settings = (down_kbit, up_kbit, rtt_ms)
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self.cuts = 0
        self._open: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    def shape(self, down_kbit: float | None = None, up_kbit: float | None = None, rtt_ms: float = 0) -> None:
        """Another line from now on (None: that direction unlimited); what is already queued keeps its place."""
        asyncio.run_coroutine_threadsafe(self._shape(down_kbit, up_kbit, rtt_ms), self.loop).result(10)

    def cut(self) -> int:
        """Drop every open connection at once, at both ends, as a lost signal does: what is in flight is lost,
        the server sees its request end early, the browser a network error. New connections go through as before.
        How many were cut."""
        return asyncio.run_coroutine_threadsafe(self._cut(), self.loop).result(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._shape(*self.settings))
        server = self.loop.run_until_complete(asyncio.start_server(self._connection, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()
        server.close()
        self._drop()
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()

    async def _shape(self, down_kbit: float | None, up_kbit: float | None, rtt_ms: float) -> None:
        self.down, self.up = _Line(down_kbit), _Line(up_kbit)
        self.one_way = rtt_ms / 2000

    async def _cut(self) -> int:
        self.cuts += 1
        return self._drop()

    def _drop(self) -> int:
        dropped = len(self._open)
        for ends in list(self._open):
            for writer in ends:
                writer.transport.abort()
        self._open.clear()
        return dropped

    async def _connection(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(self.one_way * 2)  # the TCP handshake costs a round trip
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.transport.abort()
            return
        ends = (client_writer, server_writer)
        self._open.add(ends)
        try:
            await asyncio.gather(self._pipe(client_reader, server_writer, "up"),
                                 self._pipe(server_reader, client_writer, "down"))
        except asyncio.CancelledError:  # the proxy is closing: asyncio's own callback would report it as an error
            pass
        finally:
            self._open.discard(ends)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, direction: str) -> None:
        """Chunks keep their order; each leaves half a round trip after it arrived and once the line carried it."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                arrived, chunk = await queue.get()
                if not chunk or writer.transport.is_closing():
                    break
                await getattr(self, direction).send(len(chunk))
                await asyncio.sleep(max(0.0, arrived + self.one_way - time.monotonic()))
                if writer.transport.is_closing():
                    break
                writer.write(chunk)
                await writer.drain()

        delivering = asyncio.ensure_future(deliver())
        try:
            while chunk := await reader.read(CHUNK):
                queue.put_nowait((time.monotonic(), chunk))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait((time.monotonic(), b""))
        try:
            await delivering
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
