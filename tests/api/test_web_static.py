"""The built app goes out light: precompressed assets (brotli, then gzip) cached for good, the shell never cached.

A small stand-in build in a temporary folder; the real build's transfer is measured in tests/e2e/test_phone_light.py.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest

ASSET = b"export const greeting = '\xe4\xbd\xa0\xe5\xa5\xbd';\n" * 400


@pytest.fixture
def app_config(tmp_path: Path) -> dict:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "icons").mkdir()
    (dist / "index.html").write_text('<!doctype html><script type="module" src="/assets/index-abc123.js"></script>')
    (dist / "sw.js").write_text("self.addEventListener('install', () => {});\n" * 50)
    (dist / "assets" / "index-abc123.js").write_bytes(ASSET)
    (dist / "assets" / "index-abc123.js.br").write_bytes(brotli.compress(ASSET))
    (dist / "assets" / "index-abc123.js.gz").write_bytes(gzip.compress(ASSET))
    (dist / "icons" / "icon-192.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    return {"PWA_DIST": str(dist)}


def test_a_hashed_asset_is_sent_as_brotli_to_a_browser_that_accepts_it_and_cached_for_good(client):
    response = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == ASSET
    assert int(response.headers["Content-Length"]) < len(ASSET) // 10
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_gzip_only_browsers_get_the_gzip_file_and_others_the_plain_one(client):
    gzipped = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.data) == ASSET
    plain = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.data == ASSET


def test_the_shell_and_service_worker_are_revalidated_on_every_visit_and_icons_kept_a_day(client):
    for path in ("/", "/sw.js", "/disputes/some-case"):
        response = client.get(path, headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200, path
        assert "no-cache" in response.headers["Cache-Control"], path
        assert "Content-Security-Policy" in response.headers, path
    worker = client.get("/sw.js", headers={"Accept-Encoding": "gzip"})
    assert worker.headers["Content-Encoding"] == "gzip"
    etag = worker.headers["ETag"]
    assert client.get("/sw.js", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}).status_code == 304
    icon = client.get("/icons/icon-192.png")
    assert icon.status_code == 200
    assert "max-age=86400" in icon.headers["Cache-Control"]
    assert "immutable" not in icon.headers["Cache-Control"]


def test_an_asset_published_after_start_is_still_served_and_a_missing_one_is_404(client, app_config):
    late = Path(app_config["PWA_DIST"]) / "assets" / "late-def456.js"
    late.write_bytes(ASSET)
    response = client.get("/assets/late-def456.js")
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert client.get("/assets/missing-000000.js").status_code == 404
