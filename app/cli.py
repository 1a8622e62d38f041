"""Flask CLI commands for operators: demo data and user creation."""
from flask import Flask


def init_app(app: Flask) -> None:
    """Register the operator commands."""
