"""Entry point for `gunicorn wsgi:app`."""
import gc

from app import create_app, logs

logs.configure()

app = create_app()
# The app's own objects (modules, mappers, schemas) never die: moved out of the cyclic collector's
# reach, so the collections a request's garbage triggers no longer rescan them.
gc.collect()
gc.freeze()
