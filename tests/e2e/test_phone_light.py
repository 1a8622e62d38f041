"""A first visit on the phone stays within 150 KB on the wire, counted by the browser itself."""
from __future__ import annotations

import pytest

from tests.e2e.pages import first_visit_transfer

pytestmark = pytest.mark.browser
BUDGET = 150 * 1024


def test_a_first_visit_transfers_at_most_150_kb_with_the_assets_sent_as_brotli(live_server, new_context):
    files = first_visit_transfer(new_context(), live_server.url)
    total = sum(size for size, _ in files.values())
    report = "\n".join(f"{path}: {size} B {encoding}" for path, (size, encoding) in sorted(files.items()))
    scripts = {path: encoding for path, (_, encoding) in files.items() if path.split(" ")[0].endswith((".js", ".css"))
               and path.startswith("/assets/")}
    assert scripts, report
    assert set(scripts.values()) == {"br"}, report
    assert total <= BUDGET, f"first visit {total / 1024:.1f} KB > 150 KB:\n{report}"


def test_a_second_visit_fetches_only_the_shell_it_revalidates(live_server, new_context):
    context = new_context()
    first_visit_transfer(context, live_server.url)
    again = first_visit_transfer(context, live_server.url)
    network = {path: size for path, (size, _) in again.items() if size > 0}
    assert sum(network.values()) <= 4 * 1024, network
