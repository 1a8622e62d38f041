"""The app the browser tests run: the factory's app, plus the PWA blueprint if the factory does not register it yet.

`TIAOJIE_PWA_DIST` points it at a copy of the build, so a test can publish a "new version".
"""
import os

from app import create_app, logs, web

logs.configure()

dist = os.environ.get("TIAOJIE_PWA_DIST")
app = create_app({"PWA_DIST": dist} if dist else None)
if "web" not in app.blueprints:
    web.init_app(app)
