"""The throttling proxy the browser tests and benchmarks share (tests/throttle.py): bandwidth, shaping, cuts."""
from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Iterator

import pytest

from tests.throttle import Throttle


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(65536):
            self.request.sendall(data)


@pytest.fixture
def echo() -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def round_trip(port: int, size: int) -> float:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        started = time.monotonic()
        conn.sendall(b"x" * size)
        got = 0
        while got < size:
            got += len(conn.recv(65536))
        return time.monotonic() - started


def test_the_line_carries_bytes_at_its_bandwidth_and_can_be_reshaped_while_it_runs(echo):
    with Throttle(echo) as line:
        assert round_trip(line.port, 20_000) < 0.3  # unlimited
        line.shape(down_kbit=800, up_kbit=800, rtt_ms=100)  # 100 kB/s each way: 20 kB up, then down
        assert 0.3 < round_trip(line.port, 20_000) < 1.5


def test_a_cut_drops_every_open_connection_at_both_ends_and_new_ones_go_through(echo):
    with Throttle(echo) as line:
        first = socket.create_connection(("127.0.0.1", line.port), timeout=5)
        first.sendall(b"hello")
        assert first.recv(5) == b"hello"
        assert line.cut() == 1 and line.cuts == 1
        try:
            assert first.recv(5) == b""  # closed
        except ConnectionResetError:
            pass
        first.close()
        assert round_trip(line.port, 1000) < 1
