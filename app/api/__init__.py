"""HTTP routes, one blueprint per resource; each route is thin."""
from flask import Flask
from flask_smorest import Api

from app.api import (admin, attachments, auth, conflicts, desk, devices, disputes, exports, health, papers, reference,
                     review, stats, sync, uploads, visits)


def register_blueprints(app: Flask, api: Api) -> None:
    api.register_blueprint(health.blp)
    api.register_blueprint(auth.blp)
    api.register_blueprint(devices.blp)
    api.register_blueprint(disputes.blp)
    api.register_blueprint(visits.blp)
    api.register_blueprint(papers.blp)
    api.register_blueprint(reference.blp)
    api.register_blueprint(sync.blp)
    api.register_blueprint(uploads.blp)
    api.register_blueprint(attachments.blp)
    api.register_blueprint(conflicts.blp)
    api.register_blueprint(stats.blp)
    api.register_blueprint(exports.blp)
    api.register_blueprint(review.blp)
    api.register_blueprint(desk.blp)
    api.register_blueprint(admin.blp)
