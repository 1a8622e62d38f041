"""The PWA's files (pwa/dist, built by `make pwa`): the app shell at `/`, the service worker at
root scope, the manifest, hashed assets cached for good, and index.html for any other app path
so deep links work. `/api/…` and `/healthz` never fall through to the app.

The hashed assets and icons go out through WhiteNoise in front of Flask: it sends the `.br` or `.gz`
file the build wrote beside each asset (vite-plugin-compression2) to a browser that accepts it, with
`immutable` caching for hashed names. index.html, sw.js and the manifest stay Flask views marked
`no-cache` (gzipped by app/compression.py), so a build published in place is seen at once.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, send_from_directory
from werkzeug.datastructures import Headers
from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter
from whitenoise import WhiteNoise

from app.security import SECURITY_HEADERS

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "pwa" / "dist"
YEAR = 365 * 24 * 3600
DAY = 24 * 3600

MISSING_BUILD_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>调解通</title>
<body style="font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em">
<h1>调解通 · Tiaojie</h1>
<p>前端尚未构建。请在项目根目录运行 <code>make pwa</code>，然后刷新本页。</p>
<p>The app has not been built yet: run <code>make pwa</code> in the project folder, then reload.</p>
<p>The API is up: <a href="/healthz">/healthz</a>.</p></body></html>"""

bp = Blueprint("web", __name__)


class AppPathConverter(BaseConverter):
    """A client-side route of the app: no file extension, not under /api, not /healthz."""

    regex = r"(?!api(?:/|$))(?!healthz$)[^.]*"
    part_isolating = False


@bp.record_once
def _register_converter(state) -> None:
    state.app.url_map.converters.setdefault("app_path", AppPathConverter)


def dist_dir() -> Path:
    """Where the build lives; `PWA_DIST` in the config points elsewhere (tests, packaging)."""
    return Path(current_app.config.get("PWA_DIST") or DEFAULT_DIST)


def _send(name: str, *, max_age: int | None, immutable: bool = False, mimetype: str | None = None) -> Response:
    folder = dist_dir()
    if not (folder / name).is_file():
        raise NotFound()
    response = send_from_directory(folder, name, max_age=max_age, mimetype=mimetype)
    if immutable:
        response.cache_control.immutable = True
    if max_age == 0:
        response.cache_control.no_cache = True
        response.direct_passthrough = False  # small and never cached: read whole, so app/compression.py gzips it
        response.set_data(response.get_data())
    return response


def _index() -> Response:
    if not (dist_dir() / "index.html").is_file():
        response = Response(MISSING_BUILD_PAGE, status=200, mimetype="text/html")
        response.cache_control.no_store = True
        return response
    return _send("index.html", max_age=0)


@bp.route("/")
@bp.route("/index.html")
def index() -> Response:
    return _index()


@bp.route("/sw.js")
def service_worker() -> Response:
    """Root scope, never cached by HTTP: the browser must see a new version at once."""
    response = _send("sw.js", max_age=0, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/manifest.webmanifest")
def manifest() -> Response:
    return _send("manifest.webmanifest", max_age=0, mimetype="application/manifest+json")


@bp.route("/assets/<path:name>")
def asset(name: str) -> Response:
    """An asset published after the server started (WhiteNoise lists files at start); hashed names, a year's caching."""
    return _send(f"assets/{name}", max_age=YEAR, immutable=True)


@bp.route("/icons/<path:name>")
def icon(name: str) -> Response:
    return _send(f"icons/{name}", max_age=DAY)


@bp.route("/<app_path:path>")
def app_route(path: str) -> Response:
    """Deep links (`/disputes/…`) load the app, which routes on the device."""
    return _index()


def _is_hashed(path: str, url: str) -> bool:
    return url.startswith("/assets/")


def _add_security_headers(headers: Headers, path: str, url: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)


def init_app(app: Flask) -> None:
    """Register the views, and put WhiteNoise in front for the built assets and icons (listed once, here)."""
    app.register_blueprint(bp)
    dist = Path(app.config.get("PWA_DIST") or DEFAULT_DIST)
    static = WhiteNoise(app.wsgi_app, max_age=DAY, allow_all_origins=False,
                        immutable_file_test=_is_hashed, add_headers_function=_add_security_headers)
    for folder in ("assets", "icons"):
        if (dist / folder).is_dir():
            static.add_files(dist / folder, prefix=f"{folder}/")
    app.wsgi_app = static  # type: ignore[method-assign]
