"""Entry point for `gunicorn wsgi:app`."""
from app import create_app, heap, logs

logs.configure()

app = create_app()
heap.settle_after_startup()
