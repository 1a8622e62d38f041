"""The one error shape of the API: {"error": {"code", "message", "details"}}."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from app.extensions import db

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
}

MESSAGES = {
    400: "The request could not be understood.",
    401: "Sign-in is required.",
    403: "You may not do this.",
    404: "没有这项资源。 / No such resource.",
    405: "This method is not allowed here.",
    413: "The request is too large.",
    415: "Send JSON with Content-Type: application/json.",
    422: "有些字段无效。 / Some fields are not valid.",
    429: "尝试次数过多，请稍后再试。 / Too many attempts; wait a moment and try again.",
    500: "Something went wrong on the server; nothing was changed.",
}


class ApiError(Exception):
    """An error a service raises to answer the request with the error shape."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    response.status_code = status
    return response


def _from_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    code = HTTP_CODES.get(status, "http_error")
    message = MESSAGES.get(status, exc.description or "Error.")
    details: dict[str, Any] = {}
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if messages:
        details = {"fields": _flatten_locations(messages)}
        if status == 400 and "Invalid JSON body." in str(messages):
            code, message = "malformed_json", "请求正文不是有效的 JSON。 / The request body is not valid JSON."
    if status == 429:
        details = {"limit": str(exc.description)}
    response = error_response(status, code, message, details)
    if status == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _flatten_locations(messages: dict[str, Any]) -> dict[str, Any]:
    """webargs nests errors by location ({"json": {...}}); the API reports fields only."""
    flat: dict[str, Any] = {}
    for location_errors in messages.values():
        if isinstance(location_errors, dict):
            flat.update(location_errors)
        else:
            flat["_schema"] = location_errors
    return flat


def register_error_handlers(app: Flask) -> None:
    """Every error, HTTP or not, answers in the one shape; 500s roll back and hide the trace."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        return _from_http_exception(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        db.session.rollback()
        log.error("unhandled error on %s %s: %s", request.method, request.path, type(exc).__name__,
                  exc_info=exc)
        return error_response(500, "internal_error", MESSAGES[500])
