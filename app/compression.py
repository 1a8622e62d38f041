"""gzip for responses (pull pages and the app shell shrink ~8×), with ETags that still answer 304.

Flask-Compress marks the ETag of a compressed body (`"abc:gzip"`); browsers send it back in
If-None-Match, so the suffix is removed before views compare it with the ETag of the data.
"""
from __future__ import annotations

import re

from flask import Flask, request
from flask_compress import Compress

compress = Compress()
ENCODING_SUFFIX = re.compile(r':(gzip|deflate|br|zstd)"')


def _strip_encoding_from_etags() -> None:
    value = request.environ.get("HTTP_IF_NONE_MATCH")
    if value:
        request.environ["HTTP_IF_NONE_MATCH"] = ENCODING_SUFFIX.sub('"', value)


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)
    app.before_request(_strip_encoding_from_etags)
