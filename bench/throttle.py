"""A slow network between the browser and the server: a TCP proxy with latency and shared bandwidth.

Chromium's own network emulation (DevTools `Network.emulateNetworkConditions`) applies to one page, not to
its service worker, so the worker's precache would race the page's sync over a free line. Everything the
browser sends through this proxy shares one line instead: each direction has one bandwidth budget for all
connections, and every chunk is held for half the round trip before it goes on.

    with Throttle(target_port, down_kbit=1600, up_kbit=750, rtt_ms=150) as port: ...
"""
from __future__ import annotations

import asyncio
import threading
import time
from typing import Self

CHUNK = 16 * 1024


class _Line:
    """One direction's bandwidth, shared by every connection: a chunk waits until the line is free."""

    def __init__(self, kbit: float) -> None:
        self.bytes_per_s = kbit * 1000 / 8
        self.free_at = 0.0
        self.lock = asyncio.Lock()

    async def send(self, size: int) -> None:
        async with self.lock:
            now = time.monotonic()
            self.free_at = max(self.free_at, now) + size / self.bytes_per_s
            wait = self.free_at - now
        await asyncio.sleep(wait)


class Throttle:
    def __init__(self, target_port: int, down_kbit: float, up_kbit: float, rtt_ms: float) -> None:
        self.target_port = target_port
        self.settings = (down_kbit, up_kbit, rtt_ms / 2000)
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        down_kbit, up_kbit, self.one_way = self.settings
        self.down, self.up = _Line(down_kbit), _Line(up_kbit)
        server = self.loop.run_until_complete(asyncio.start_server(self._connection, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    async def _connection(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(self.one_way * 2)  # the TCP handshake costs a round trip
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(self._pipe(client_reader, server_writer, self.up),
                             self._pipe(server_reader, client_writer, self.down))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, line: _Line) -> None:
        """Chunks keep their order; each leaves half a round trip after it arrived and once the line carried it."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                arrived, chunk = await queue.get()
                if not chunk:
                    break
                await line.send(len(chunk))
                await asyncio.sleep(max(0.0, arrived + self.one_way - time.monotonic()))
                writer.write(chunk)
                await writer.drain()

        delivering = asyncio.ensure_future(deliver())
        try:
            while chunk := await reader.read(CHUNK):
                queue.put_nowait((time.monotonic(), chunk))
        except ConnectionError:
            pass
        queue.put_nowait((time.monotonic(), b""))
        try:
            await delivering
        except ConnectionError:
            pass
        finally:
            writer.close()
