"""The API's blueprint: flask-smorest's, reading JSON bodies through the app's JSON provider.

webargs parses bodies with the standard library directly, where nesting a few thousand levels deep
raises `RecursionError` (a 500); the provider answers that as invalid JSON (400) and parses with orjson.
"""
from __future__ import annotations

import json
from typing import Any

import flask
import flask_smorest
from flask import current_app
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request


class JsonBodyParser(FlaskParser):
    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return core.missing
        body = req.get_data(cache=True)
        if not body:
            raise json.JSONDecodeError("empty body", "", 0)  # webargs reads an empty doc as "no body"
        return current_app.json.loads(body)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonBodyParser()
