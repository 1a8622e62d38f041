"""HTTP routes, one blueprint per resource; each route is thin."""
from flask import Flask
from flask_smorest import Api

from app.api import health


def register_blueprints(app: Flask, api: Api) -> None:
    api.register_blueprint(health.blp)
