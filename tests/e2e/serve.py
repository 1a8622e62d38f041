"""The app the browser tests run: the factory's app, plus the PWA blueprint if the factory does not register it yet.

`TIAOJIE_PWA_DIST` points it at a copy of the build, so a test can publish a "new version".
"""
import os

from app import create_app, web

app = create_app()
if "web" not in app.blueprints:
    app.register_blueprint(web.bp)
if os.environ.get("TIAOJIE_PWA_DIST"):
    app.config["PWA_DIST"] = os.environ["TIAOJIE_PWA_DIST"]
