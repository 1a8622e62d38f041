"""The app the browser tests run: the factory's app, plus the PWA blueprint if the factory does not register it yet."""
from app import create_app, web

app = create_app()
if "web" not in app.blueprints:
    app.register_blueprint(web.bp)
