"""JWT callbacks: every token error answers in the API's error shape."""
from flask import Flask, Response

from app.errors import error_response
from app.extensions import jwt


def init_app(app: Flask) -> None:
    """Register the token error answers (jwt is bound in the factory)."""

    @jwt.expired_token_loader
    def _expired(_header: dict, _payload: dict) -> Response:
        return error_response(401, "token_expired", "Your sign-in has expired.")

    @jwt.invalid_token_loader
    def _invalid(_reason: str) -> Response:
        return error_response(401, "invalid_token", "The sign-in token is not valid.")

    @jwt.unauthorized_loader
    def _missing(_reason: str) -> Response:
        return error_response(401, "unauthorized", "Sign-in is required.")

    @jwt.revoked_token_loader
    def _revoked(_header: dict, _payload: dict) -> Response:
        return error_response(401, "token_revoked", "This sign-in was revoked.")

    @jwt.user_lookup_error_loader
    def _no_user(_header: dict, _payload: dict) -> Response:
        return error_response(401, "unauthorized", "This account no longer exists or is disabled.")
